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
  sms: {
    one: '{code} on {app}-vahvistuskoodisi. Se vanhenee {minutes} minuutin kuluttua.',
    other: '{code} on {app}-vahvistuskoodisi. Se vanhenee {minutes} minuutin kuluttua.',
  },
  noAccountSubject: 'Kirjautumisyritys palveluun {app}',
  noAccountBody:
    'Joku yritti kirjautua palveluun {app} tällä osoitteella, mutta sillä ei ole siellä tiliä. Jos se et ollut sinä, voit jättää tämän viestin huomiotta.',
} satisfies MessageTexts;
