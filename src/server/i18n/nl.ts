import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Je verificatiecode voor {app}: {code}',
  emailIntro: 'Gebruik deze code om in te loggen bij {app}:',
  emailCodeLine: { one: 'De code verloopt over {minutes} minuut.', other: 'De code verloopt over {minutes} minuten.' },
  emailLinkIntro: 'Of log in met één klik:',
  emailLinkButton: 'Inloggen bij {app}',
  emailLinkExpiry: {
    one: 'De link werkt {link_minutes} minuut, één keer, in de browser waarin je hem hebt aangevraagd.',
    other: 'De link werkt {link_minutes} minuten, één keer, in de browser waarin je hem hebt aangevraagd.',
  },
  emailIgnore: 'Heb je niet gevraagd om in te loggen? Dan kun je dit bericht negeren.',
  emailWhy: 'Je krijgt deze e-mail omdat iemand dit adres heeft ingevuld om in te loggen bij {app}.',
  emailLinkFallback: 'Werkt de knop niet? Kopieer dan dit adres naar je browser:',
  sms: {
    one: '{code} is je verificatiecode voor {app}. Hij verloopt over {minutes} minuut.',
    other: '{code} is je verificatiecode voor {app}. Hij verloopt over {minutes} minuten.',
  },
  smsShort: 'Je {app}-code: {code}',
  noAccountSubject: 'Inlogpoging bij {app}',
  noAccountBody:
    'Iemand wilde met dit adres inloggen bij {app}, maar daar hoort geen account bij. Was jij dit niet? Dan kun je dit bericht negeren.',
  pageInvalidLinkTitle: 'Ongeldige inloglink',
  pageInvalidLinkMessage:
    'Deze inloglink is niet geldig voor deze applicatie. Vraag een nieuwe aan waar je begon met inloggen.',
  pageLinkExpiredTitle: 'Inloglink verlopen',
  pageLinkExpiredMessage:
    'Deze inloglink is verlopen of het inloggen is al afgerond. Ga terug naar de applicatie en log opnieuw in.',
  pageSignOutTitle: 'Uitloggen?',
  pageSignOutByApp: '{client} vraagt om je uit te loggen bij {site}. De volgende keer moet je opnieuw inloggen.',
  pageSignOutByPage:
    'Een pagina vraagt om je uit te loggen bij {site}. Wilde je niet uitloggen? Sluit dan deze pagina.',
  pageSignOutButton: 'Uitloggen',
  pageSupportLink: 'Hulp',
  pagePrivacyLink: 'Privacybeleid',
  pageTermsLink: 'Voorwaarden',
  pageSignedOutTitle: 'Uitgelogd',
  pageSignedOutHeading: 'Je bent uitgelogd',
  pageSignedOutMessage: 'Je kunt deze pagina sluiten.',
  pageSignOutRefusedTitle: 'Uitlogverzoek geweigerd',
  pageSignOutExpired: 'Deze uitlogpagina is verlopen of is niet in deze browser geopend. Er is niets gewijzigd.',
} satisfies MessageTexts;
