import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Din verifieringskod för {app}: {code}',
  emailIntro: 'Använd den här koden för att logga in på {app}:',
  emailCodeLine: { one: 'Koden går ut om {minutes} minut.', other: 'Koden går ut om {minutes} minuter.' },
  emailLinkIntro: 'Eller logga in med ett klick:',
  emailLinkButton: 'Logga in på {app}',
  emailLinkExpiry: {
    one: 'Länken fungerar i {link_minutes} minut, en gång, i webbläsaren där du bad om den.',
    other: 'Länken fungerar i {link_minutes} minuter, en gång, i webbläsaren där du bad om den.',
  },
  emailIgnore: 'Om du inte bad om att logga in kan du bortse från det här meddelandet.',
  emailWhy: 'Du får det här mejlet eftersom någon angav den här adressen för att logga in på {app}.',
  emailLinkFallback: 'Om knappen inte fungerar kan du kopiera den här adressen till webbläsaren:',
  sms: {
    one: '{code} är din verifieringskod för {app}. Den går ut om {minutes} minut.',
    other: '{code} är din verifieringskod för {app}. Den går ut om {minutes} minuter.',
  },
  smsShort: 'Din {app}-kod: {code}',
  noAccountSubject: 'Inloggningsförsök på {app}',
  noAccountBody:
    'Någon bad om att logga in på {app} med den här adressen, men det finns inget konto för den där. Om det inte var du kan du bortse från det här meddelandet.',
  pageInvalidLinkTitle: 'Ogiltig inloggningslänk',
  pageInvalidLinkMessage:
    'Den här inloggningslänken är inte giltig för den här appen. Be om en ny där du började logga in.',
  pageLinkExpiredTitle: 'Inloggningslänken har gått ut',
  pageLinkExpiredMessage:
    'Den här inloggningslänken har gått ut eller så är inloggningen redan slutförd. Gå tillbaka till appen och logga in igen.',
  pageSignOutTitle: 'Logga ut?',
  pageSignOutByApp: '{client} vill logga ut dig från {site}. Du behöver logga in igen nästa gång.',
  pageSignOutByPage: 'En sida vill logga ut dig från {site}. Stäng den här sidan om du inte tänkte logga ut.',
  pageSignOutButton: 'Logga ut',
  pageSupportLink: 'Hjälp',
  pagePrivacyLink: 'Integritet',
  pageTermsLink: 'Villkor',
  pageSignedOutTitle: 'Utloggad',
  pageSignedOutHeading: 'Du är utloggad',
  pageSignedOutMessage: 'Du kan stänga den här sidan.',
  pageSignOutRefusedTitle: 'Begäran om utloggning avvisades',
  pageSignOutExpired:
    'Den här utloggningssidan har gått ut eller öppnades inte i den här webbläsaren. Ingenting har ändrats.',
} satisfies MessageTexts;
