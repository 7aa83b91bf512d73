import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Din bekræftelseskode til {app}: {code}',
  emailIntro: 'Brug denne kode til at logge ind på {app}:',
  emailCodeLine: { one: 'Koden udløber om {minutes} minut.', other: 'Koden udløber om {minutes} minutter.' },
  emailLinkIntro: 'Eller log ind med ét klik:',
  emailLinkButton: 'Log ind på {app}',
  emailLinkExpiry: {
    one: 'Linket virker i {link_minutes} minut, én gang, i den browser, hvor du bad om det.',
    other: 'Linket virker i {link_minutes} minutter, én gang, i den browser, hvor du bad om det.',
  },
  emailIgnore: 'Hvis du ikke har bedt om at logge ind, kan du se bort fra denne besked.',
  sms: {
    one: '{code} er din bekræftelseskode til {app}. Den udløber om {minutes} minut.',
    other: '{code} er din bekræftelseskode til {app}. Den udløber om {minutes} minutter.',
  },
  noAccountSubject: 'Loginforsøg på {app}',
  noAccountBody:
    'Nogen har bedt om at logge ind på {app} med denne adresse, men der er ingen konto til den. Hvis det ikke var dig, kan du se bort fra denne besked.',
} satisfies MessageTexts;
