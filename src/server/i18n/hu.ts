import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app}-ellenőrző kódja: {code}',
  emailIntro: 'Ezzel a kóddal jelentkezhet be ide: {app}',
  emailCodeLine: { one: 'A kód {minutes} perc múlva lejár.', other: 'A kód {minutes} perc múlva lejár.' },
  emailLinkIntro: 'Vagy jelentkezzen be egyetlen kattintással:',
  emailLinkButton: 'Bejelentkezés ide: {app}',
  emailLinkExpiry: {
    one: 'A link {link_minutes} percig, egyszer használható abban a böngészőben, amelyben kérte.',
    other: 'A link {link_minutes} percig, egyszer használható abban a böngészőben, amelyben kérte.',
  },
  emailIgnore: 'Ha nem Ön kért bejelentkezést, nyugodtan hagyja figyelmen kívül ezt az üzenetet.',
  emailWhy:
    'Azért kapta ezt az e-mailt, mert valaki ezt a címet adta meg a(z) {app} alkalmazásba való bejelentkezéshez.',
  emailLinkFallback: 'Ha a gomb nem működik, másolja ezt a címet a böngészőjébe:',
  sms: {
    one: '{code} az Ön {app}-ellenőrző kódja. {minutes} perc múlva lejár.',
    other: '{code} az Ön {app}-ellenőrző kódja. {minutes} perc múlva lejár.',
  },
  smsShort: '{app} kód: {code}',
  noAccountSubject: 'Bejelentkezési kísérlet: {app}',
  noAccountBody:
    'Valaki ezzel a címmel próbált bejelentkezni ide: {app}, de ott nincs hozzá fiók. Ha nem Ön volt, nyugodtan hagyja figyelmen kívül ezt az üzenetet.',
  pageInvalidLinkTitle: 'Érvénytelen bejelentkezési link',
  pageInvalidLinkMessage:
    'Ez a bejelentkezési link nem érvényes ehhez az alkalmazáshoz. Kérjen újat ott, ahol a bejelentkezést elkezdte.',
  pageLinkExpiredTitle: 'Lejárt bejelentkezési link',
  pageLinkExpiredMessage:
    'Ez a bejelentkezési link lejárt, vagy a hozzá tartozó bejelentkezés már befejeződött. Térjen vissza az alkalmazáshoz, és jelentkezzen be újra.',
  pageSignOutTitle: 'Kijelentkezik?',
  pageSignOutByApp: '{client} kéri az Ön kijelentkeztetését innen: {site}. Legközelebb újra be kell jelentkeznie.',
  pageSignOutByPage:
    'Egy oldal kéri az Ön kijelentkeztetését innen: {site}. Ha nem akart kijelentkezni, zárja be ezt az oldalt.',
  pageSignOutButton: 'Kijelentkezés',
  pageSupportLink: 'Súgó',
  pagePrivacyLink: 'Adatvédelem',
  pageTermsLink: 'Feltételek',
  pageSignedOutTitle: 'Kijelentkezve',
  pageSignedOutHeading: 'Ön kijelentkezett',
  pageSignedOutMessage: 'Bezárhatja ezt az oldalt.',
  pageSignOutRefusedTitle: 'Kijelentkezési kérés elutasítva',
  pageSignOutExpired:
    'Ez a kijelentkezési oldal lejárt, vagy nem ebben a böngészőben nyitották meg. Semmi sem változott.',
} satisfies MessageTexts;
