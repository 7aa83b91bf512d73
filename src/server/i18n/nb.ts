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
  emailWhy: 'Du får denne e-posten fordi noen skrev inn denne adressen for å logge inn på {app}.',
  emailLinkFallback: 'Hvis knappen ikke virker, kan du kopiere denne adressen inn i nettleseren:',
  sms: {
    one: '{code} er bekreftelseskoden din for {app}. Den utløper om {minutes} minutt.',
    other: '{code} er bekreftelseskoden din for {app}. Den utløper om {minutes} minutter.',
  },
  smsShort: '{app}-kode: {code}',
  noAccountSubject: 'Innloggingsforsøk på {app}',
  noAccountBody:
    'Noen ba om å logge inn på {app} med denne adressen, men det finnes ingen konto for den der. Hvis det ikke var deg, kan du se bort fra denne meldingen.',
  pageInvalidLinkTitle: 'Ugyldig innloggingslenke',
  pageInvalidLinkMessage:
    'Denne innloggingslenken er ikke gyldig for denne appen. Be om en ny der du begynte å logge inn.',
  pageLinkExpiredTitle: 'Innloggingslenken har utløpt',
  pageLinkExpiredMessage:
    'Denne innloggingslenken har utløpt, eller innloggingen er allerede fullført. Gå tilbake til appen og logg inn igjen.',
  pageSignOutTitle: 'Logge ut?',
  pageSignOutByApp: '{client} ber om å logge deg ut av {site}. Du må logge inn igjen neste gang.',
  pageSignOutByPage: 'En side ber om å logge deg ut av {site}. Hvis du ikke ville logge ut, lukk denne siden.',
  pageSignOutButton: 'Logg ut',
  pageSupportLink: 'Hjelp',
  pagePrivacyLink: 'Personvern',
  pageTermsLink: 'Vilkår',
  pageSignedOutTitle: 'Logget ut',
  pageSignedOutHeading: 'Du er logget ut',
  pageSignedOutMessage: 'Du kan lukke denne siden.',
  pageSignOutRefusedTitle: 'Forespørselen om utlogging ble avvist',
  pageSignOutExpired:
    'Denne utloggingssiden har utløpt eller ble ikke åpnet i denne nettleseren. Ingenting ble endret.',
} satisfies MessageTexts;
