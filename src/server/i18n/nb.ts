import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Bekreftelseskoden din for {app}: {code}',
  emailIntro: 'Bruk denne koden for å logge inn på {app}:',
  emailCodeLine: { one: 'Koden utløper om {minutes} minutt.', other: 'Koden utløper om {minutes} minutter.' },
  emailLinkIntro: 'Eller logg inn med ett klikk:',
  emailLinkButton: 'Logg inn på {app}',
  emailLinkExpiry: {
    one: 'Lenken virker i {link_minutes} minutt, én gang, i nettleseren der du ba om den.',
    other: 'Lenken virker i {link_minutes} minutter, én gang, i nettleseren der du ba om den.',
  },
  emailIgnore: 'Hvis du ikke har bedt om å logge inn, kan du se bort fra denne meldingen.',
  sms: {
    one: '{code} er bekreftelseskoden din for {app}. Den utløper om {minutes} minutt.',
    other: '{code} er bekreftelseskoden din for {app}. Den utløper om {minutes} minutter.',
  },
  noAccountSubject: 'Innloggingsforsøk på {app}',
  noAccountBody:
    'Noen ba om å logge inn på {app} med denne adressen, men det finnes ingen konto for den der. Hvis det ikke var deg, kan du se bort fra denne meldingen.',
} satisfies MessageTexts;
