import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ihr {app}-Bestätigungscode: {code}',
  emailIntro: 'Mit diesem Code melden Sie sich bei {app} an:',
  emailCodeLine: { one: 'Der Code läuft in {minutes} Minute ab.', other: 'Der Code läuft in {minutes} Minuten ab.' },
  emailLinkIntro: 'Oder melden Sie sich mit einem Klick an:',
  emailLinkButton: 'Bei {app} anmelden',
  emailLinkExpiry: {
    one: 'Der Link gilt {link_minutes} Minute, einmal, in dem Browser, in dem Sie ihn angefordert haben.',
    other: 'Der Link gilt {link_minutes} Minuten, einmal, in dem Browser, in dem Sie ihn angefordert haben.',
  },
  emailIgnore: 'Wenn Sie keine Anmeldung angefordert haben, ignorieren Sie diese Nachricht.',
  sms: {
    one: '{code} ist Ihr {app}-Bestätigungscode. Er läuft in {minutes} Minute ab.',
    other: '{code} ist Ihr {app}-Bestätigungscode. Er läuft in {minutes} Minuten ab.',
  },
  noAccountSubject: 'Anmeldeversuch bei {app}',
  noAccountBody:
    'Jemand wollte sich mit dieser Adresse bei {app} anmelden, aber dort gibt es kein Konto dafür. Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.',
} satisfies MessageTexts;
