import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Jūsų {app} patvirtinimo kodas: {code}',
  emailIntro: 'Naudokite šį kodą, kad prisijungtumėte prie {app}:',
  emailCodeLine: {
    one: 'Kodas nustos galioti po {minutes} minutės.',
    few: 'Kodas nustos galioti po {minutes} minučių.',
    many: 'Kodas nustos galioti po {minutes} minutės.',
    other: 'Kodas nustos galioti po {minutes} minučių.',
  },
  emailLinkIntro: 'Arba prisijunkite vienu paspaudimu:',
  emailLinkButton: 'Prisijungti prie {app}',
  emailLinkExpiry: {
    one: 'Nuoroda galioja {link_minutes} minutę, vieną kartą, naršyklėje, kurioje jos prašėte.',
    few: 'Nuoroda galioja {link_minutes} minutes, vieną kartą, naršyklėje, kurioje jos prašėte.',
    many: 'Nuoroda galioja {link_minutes} minutės, vieną kartą, naršyklėje, kurioje jos prašėte.',
    other: 'Nuoroda galioja {link_minutes} minučių, vieną kartą, naršyklėje, kurioje jos prašėte.',
  },
  emailIgnore: 'Jei neprašėte prisijungti, šį laišką galite ignoruoti.',
  emailWhy: 'Gavote šį laišką, nes kažkas įvedė šį adresą norėdamas prisijungti prie {app}.',
  emailLinkFallback: 'Jei mygtukas neveikia, nukopijuokite šį adresą į naršyklę:',
  sms: {
    one: '{code} yra jūsų {app} patvirtinimo kodas. Jis nustos galioti po {minutes} minutės.',
    few: '{code} yra jūsų {app} patvirtinimo kodas. Jis nustos galioti po {minutes} minučių.',
    many: '{code} yra jūsų {app} patvirtinimo kodas. Jis nustos galioti po {minutes} minutės.',
    other: '{code} yra jūsų {app} patvirtinimo kodas. Jis nustos galioti po {minutes} minučių.',
  },
  smsShort: '{app} kodas: {code}',
  noAccountSubject: 'Bandymas prisijungti prie {app}',
  noAccountBody:
    'Kažkas bandė prisijungti prie {app} šiuo adresu, bet ten jam nėra paskyros. Jei tai buvote ne jūs, šį laišką galite ignoruoti.',
  pageInvalidLinkTitle: 'Netinkama prisijungimo nuoroda',
  pageInvalidLinkMessage:
    'Ši prisijungimo nuoroda netinka šiai programai. Paprašykite naujos ten, kur pradėjote prisijungti.',
  pageLinkExpiredTitle: 'Prisijungimo nuoroda nebegalioja',
  pageLinkExpiredMessage:
    'Ši prisijungimo nuoroda nebegalioja arba prisijungimas jau užbaigtas. Grįžkite į programą ir prisijunkite iš naujo.',
  pageSignOutTitle: 'Atsijungti?',
  pageSignOutByApp: '{client} prašo atjungti jus nuo {site}. Kitą kartą turėsite prisijungti iš naujo.',
  pageSignOutByPage: 'Puslapis prašo atjungti jus nuo {site}. Jei neketinote atsijungti, uždarykite šį puslapį.',
  pageSignOutButton: 'Atsijungti',
  pageSupportLink: 'Pagalba',
  pagePrivacyLink: 'Privatumas',
  pageTermsLink: 'Sąlygos',
  pageSignedOutTitle: 'Atsijungta',
  pageSignedOutHeading: 'Jūs atsijungėte',
  pageSignedOutMessage: 'Šį puslapį galite uždaryti.',
  pageSignOutRefusedTitle: 'Atsijungimo užklausa atmesta',
  pageSignOutExpired:
    'Šis atsijungimo puslapis nebegalioja arba buvo atidarytas ne šioje naršyklėje. Nieko nebuvo pakeista.',
} satisfies MessageTexts;
