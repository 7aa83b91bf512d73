import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app}-vahvistuskoodisi: {code}',
  emailIntro: 'Kirjaudu palveluun {app} tällä koodilla:',
  emailCodeLine: {
    one: 'Koodi vanhenee {minutes} minuutin kuluttua.',
    other: 'Koodi vanhenee {minutes} minuutin kuluttua.',
  },
  emailLinkIntro: 'Tai kirjaudu yhdellä napsautuksella:',
  emailLinkButton: 'Kirjaudu palveluun {app}',
  emailLinkExpiry: {
    one: 'Linkki toimii {link_minutes} minuutin ajan, kerran, selaimella, jolla pyysit sitä.',
    other: 'Linkki toimii {link_minutes} minuutin ajan, kerran, selaimella, jolla pyysit sitä.',
  },
  emailIgnore: 'Jos et pyytänyt kirjautumista, voit jättää tämän viestin huomiotta.',
  emailWhy: 'Sait tämän viestin, koska joku syötti tämän osoitteen kirjautuakseen palveluun {app}.',
  emailLinkFallback: 'Jos painike ei toimi, kopioi tämä osoite selaimeesi:',
  sms: {
    one: '{code} on {app}-vahvistuskoodisi. Se vanhenee {minutes} minuutin kuluttua.',
    other: '{code} on {app}-vahvistuskoodisi. Se vanhenee {minutes} minuutin kuluttua.',
  },
  smsShort: '{app}-koodi: {code}',
  noAccountSubject: 'Kirjautumisyritys palveluun {app}',
  noAccountBody:
    'Joku yritti kirjautua palveluun {app} tällä osoitteella, mutta sillä ei ole siellä tiliä. Jos se et ollut sinä, voit jättää tämän viestin huomiotta.',
  pageInvalidLinkTitle: 'Virheellinen kirjautumislinkki',
  pageInvalidLinkMessage:
    'Tämä kirjautumislinkki ei kelpaa tähän sovellukseen. Pyydä uusi linkki siellä, missä aloitit kirjautumisen.',
  pageLinkExpiredTitle: 'Kirjautumislinkki on vanhentunut',
  pageLinkExpiredMessage:
    'Tämä kirjautumislinkki on vanhentunut, tai kirjautuminen on jo tehty loppuun. Palaa sovellukseen ja kirjaudu uudelleen.',
  pageSignOutTitle: 'Kirjaudutaanko ulos?',
  pageSignOutByApp:
    '{client} pyytää kirjaamaan sinut ulos palvelusta {site}. Seuraavalla kerralla sinun täytyy kirjautua uudelleen.',
  pageSignOutByPage:
    'Jokin sivu pyytää kirjaamaan sinut ulos palvelusta {site}. Jos et aikonut kirjautua ulos, sulje tämä sivu.',
  pageSignOutButton: 'Kirjaudu ulos',
  pageSupportLink: 'Ohje',
  pagePrivacyLink: 'Tietosuoja',
  pageTermsLink: 'Käyttöehdot',
  pageSignedOutTitle: 'Kirjauduttu ulos',
  pageSignedOutHeading: 'Olet kirjautunut ulos',
  pageSignedOutMessage: 'Voit sulkea tämän sivun.',
  pageSignOutRefusedTitle: 'Uloskirjautumispyyntö hylättiin',
  pageSignOutExpired:
    'Tämä uloskirjautumissivu on vanhentunut, tai sitä ei avattu tällä selaimella. Mitään ei muutettu.',
} satisfies MessageTexts;
