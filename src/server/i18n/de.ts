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
  emailWhy: 'Sie erhalten diese E-Mail, weil jemand diese Adresse eingegeben hat, um sich bei {app} anzumelden.',
  emailLinkFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
  sms: {
    one: '{code} ist Ihr {app}-Bestätigungscode. Er läuft in {minutes} Minute ab.',
    other: '{code} ist Ihr {app}-Bestätigungscode. Er läuft in {minutes} Minuten ab.',
  },
  smsShort: '{app}-Code: {code}',
  noAccountSubject: 'Anmeldeversuch bei {app}',
  noAccountBody:
    'Jemand wollte sich mit dieser Adresse bei {app} anmelden, aber dort gibt es kein Konto dafür. Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.',
  pageInvalidLinkTitle: 'Ungültiger Anmeldelink',
  pageInvalidLinkMessage:
    'Dieser Anmeldelink ist für diese Anwendung nicht gültig. Fordern Sie dort einen neuen an, wo Sie die Anmeldung begonnen haben.',
  pageLinkExpiredTitle: 'Anmeldelink abgelaufen',
  pageLinkExpiredMessage:
    'Dieser Anmeldelink ist abgelaufen oder die zugehörige Anmeldung ist bereits abgeschlossen. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.',
  pageSignOutTitle: 'Abmelden?',
  pageSignOutByApp: '{client} möchte Sie von {site} abmelden. Beim nächsten Mal müssen Sie sich erneut anmelden.',
  pageSignOutByPage:
    'Eine Seite möchte Sie von {site} abmelden. Wenn Sie sich nicht abmelden wollten, schließen Sie diese Seite.',
  pageSignOutButton: 'Abmelden',
  pageSupportLink: 'Hilfe',
  pagePrivacyLink: 'Datenschutz',
  pageTermsLink: 'Nutzungsbedingungen',
  pageSignedOutTitle: 'Abgemeldet',
  pageSignedOutHeading: 'Sie sind abgemeldet',
  pageSignedOutMessage: 'Sie können diese Seite schließen.',
  pageSignOutRefusedTitle: 'Abmeldeanfrage abgelehnt',
  pageSignOutExpired:
    'Diese Abmeldeseite ist abgelaufen oder wurde nicht in diesem Browser geöffnet. Es wurde nichts geändert.',
} satisfies MessageTexts;
