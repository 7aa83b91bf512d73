import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Jūsu {app} verifikācijas kods: {code}',
  emailIntro: 'Izmantojiet šo kodu, lai pieteiktos {app}:',
  emailCodeLine: {
    zero: 'Kods būs derīgs {minutes} minūtes.',
    one: 'Kods būs derīgs {minutes} minūti.',
    other: 'Kods būs derīgs {minutes} minūtes.',
  },
  emailLinkIntro: 'Vai piesakieties ar vienu klikšķi:',
  emailLinkButton: 'Pieteikties {app}',
  emailLinkExpiry: {
    zero: 'Saite darbojas {link_minutes} minūtes, vienu reizi, pārlūkā, kurā to pieprasījāt.',
    one: 'Saite darbojas {link_minutes} minūti, vienu reizi, pārlūkā, kurā to pieprasījāt.',
    other: 'Saite darbojas {link_minutes} minūtes, vienu reizi, pārlūkā, kurā to pieprasījāt.',
  },
  emailIgnore: 'Ja nepieprasījāt pieteikšanos, varat šo ziņu ignorēt.',
  emailWhy: 'Jūs saņēmāt šo e-pastu, jo kāds ievadīja šo adresi, lai pieteiktos {app}.',
  emailLinkFallback: 'Ja poga nedarbojas, iekopējiet šo adresi pārlūkprogrammā:',
  sms: {
    zero: '{code} ir jūsu {app} verifikācijas kods. Tas būs derīgs {minutes} minūtes.',
    one: '{code} ir jūsu {app} verifikācijas kods. Tas būs derīgs {minutes} minūti.',
    other: '{code} ir jūsu {app} verifikācijas kods. Tas būs derīgs {minutes} minūtes.',
  },
  smsShort: '{app} kods: {code}',
  noAccountSubject: 'Pieteikšanās mēģinājums {app}',
  noAccountBody:
    'Kāds pieprasīja pieteikties {app} ar šo adresi, taču tur tai nav konta. Ja tas nebijāt jūs, varat šo ziņu ignorēt.',
  pageInvalidLinkTitle: 'Nederīga pieteikšanās saite',
  pageInvalidLinkMessage:
    'Šī pieteikšanās saite nav derīga šai lietotnei. Pieprasiet jaunu tur, kur sākāt pieteikties.',
  pageLinkExpiredTitle: 'Pieteikšanās saite vairs nav derīga',
  pageLinkExpiredMessage:
    'Šī pieteikšanās saite vairs nav derīga, vai arī pieteikšanās jau ir pabeigta. Atgriezieties lietotnē un piesakieties vēlreiz.',
  pageSignOutTitle: 'Izrakstīties?',
  pageSignOutByApp: '{client} lūdz izrakstīt jūs no {site}. Nākamreiz jums būs atkal jāpiesakās.',
  pageSignOutByPage: 'Kāda lapa lūdz izrakstīt jūs no {site}. Ja nevēlējāties izrakstīties, aizveriet šo lapu.',
  pageSignOutButton: 'Izrakstīties',
  pageSupportLink: 'Palīdzība',
  pagePrivacyLink: 'Privātums',
  pageTermsLink: 'Noteikumi',
  pageSignedOutTitle: 'Izrakstīšanās pabeigta',
  pageSignedOutHeading: 'Jūs veiksmīgi izrakstījāties',
  pageSignedOutMessage: 'Varat aizvērt šo lapu.',
  pageSignOutRefusedTitle: 'Izrakstīšanās pieprasījums noraidīts',
  pageSignOutExpired: 'Šī izrakstīšanās lapa vairs nav derīga vai netika atvērta šajā pārlūkā. Nekas netika mainīts.',
} satisfies MessageTexts;
