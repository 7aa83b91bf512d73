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
  emailWhy: 'Du får denne e-mail, fordi nogen har skrevet denne adresse for at logge ind på {app}.',
  emailLinkFallback: 'Hvis knappen ikke virker, så kopiér denne adresse ind i din browser:',
  sms: {
    one: '{code} er din bekræftelseskode til {app}. Den udløber om {minutes} minut.',
    other: '{code} er din bekræftelseskode til {app}. Den udløber om {minutes} minutter.',
  },
  smsShort: '{app}-kode: {code}',
  noAccountSubject: 'Loginforsøg på {app}',
  noAccountBody:
    'Nogen har bedt om at logge ind på {app} med denne adresse, men der er ingen konto til den. Hvis det ikke var dig, kan du se bort fra denne besked.',
  pageInvalidLinkTitle: 'Ugyldigt loginlink',
  pageInvalidLinkMessage:
    'Dette loginlink er ikke gyldigt for denne app. Bed om et nyt der, hvor du startede med at logge ind.',
  pageLinkExpiredTitle: 'Loginlinket er udløbet',
  pageLinkExpiredMessage:
    'Dette loginlink er udløbet, eller det tilhørende login er allerede gennemført. Gå tilbage til appen, og log ind igen.',
  pageSignOutTitle: 'Log ud?',
  pageSignOutByApp: '{client} beder om at logge dig ud af {site}. Næste gang skal du logge ind igen.',
  pageSignOutByPage:
    'En side beder om at logge dig ud af {site}. Hvis det ikke var meningen, at du ville logge ud, så luk denne side.',
  pageSignOutButton: 'Log ud',
  pageSupportLink: 'Hjælp',
  pagePrivacyLink: 'Privatliv',
  pageTermsLink: 'Vilkår',
  pageSignedOutTitle: 'Logget ud',
  pageSignedOutHeading: 'Du er logget ud',
  pageSignedOutMessage: 'Du kan lukke denne side.',
  pageSignOutRefusedTitle: 'Anmodning om at logge ud blev afvist',
  pageSignOutExpired:
    'Denne side til at logge ud er udløbet eller blev ikke åbnet i denne browser. Intet er blevet ændret.',
} satisfies MessageTexts;
