import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Msimbo wako wa uthibitishaji wa {app}: {code}',
  emailIntro: 'Tumia msimbo huu kuingia kwenye {app}:',
  emailCodeLine: {
    one: 'Msimbo utaisha muda baada ya dakika {minutes}.',
    other: 'Msimbo utaisha muda baada ya dakika {minutes}.',
  },
  emailLinkIntro: 'Au ingia kwa mbofyo mmoja:',
  emailLinkButton: 'Ingia kwenye {app}',
  emailLinkExpiry: {
    one: 'Kiungo kitafanya kazi kwa dakika {link_minutes}, mara moja tu, katika kivinjari ulichokiombea.',
    other: 'Kiungo kitafanya kazi kwa dakika {link_minutes}, mara moja tu, katika kivinjari ulichokiombea.',
  },
  emailIgnore: 'Ikiwa hukuomba kuingia, unaweza kupuuza ujumbe huu.',
  emailWhy: 'Umepokea barua pepe hii kwa sababu mtu aliweka anwani hii ili kuingia kwenye {app}.',
  emailLinkFallback: 'Ikiwa kitufe hakifanyi kazi, nakili anwani hii kwenye kivinjari chako:',
  sms: {
    one: '{code} ni msimbo wako wa uthibitishaji wa {app}. Utaisha muda baada ya dakika {minutes}.',
    other: '{code} ni msimbo wako wa uthibitishaji wa {app}. Utaisha muda baada ya dakika {minutes}.',
  },
  smsShort: 'Msimbo wa {app}: {code}',
  noAccountSubject: 'Jaribio la kuingia kwenye {app}',
  noAccountBody:
    'Mtu aliomba kuingia kwenye {app} kwa anwani hii, lakini haina akaunti huko. Ikiwa si wewe, unaweza kupuuza ujumbe huu.',
  pageInvalidLinkTitle: 'Kiungo batili cha kuingia',
  pageInvalidLinkMessage: 'Kiungo hiki cha kuingia si halali kwa programu hii. Omba kingine pale ulipoanza kuingia.',
  pageLinkExpiredTitle: 'Muda wa kiungo cha kuingia umeisha',
  pageLinkExpiredMessage:
    'Muda wa kiungo hiki cha kuingia umeisha, au kuingia kwake tayari kumekamilika. Rudi kwenye programu kisha uingie tena.',
  pageSignOutTitle: 'Ungependa kuondoka?',
  pageSignOutByApp: '{client} inaomba uondoke kwenye {site}. Utahitaji kuingia tena wakati ujao.',
  pageSignOutByPage: 'Ukurasa fulani unaomba uondoke kwenye {site}. Ikiwa hukukusudia kuondoka, funga ukurasa huu.',
  pageSignOutButton: 'Ondoka',
  pageSupportLink: 'Msaada',
  pagePrivacyLink: 'Faragha',
  pageTermsLink: 'Masharti',
  pageSignedOutTitle: 'Umeondoka',
  pageSignedOutHeading: 'Sasa umeondoka',
  pageSignedOutMessage: 'Unaweza kufunga ukurasa huu.',
  pageSignOutRefusedTitle: 'Ombi la kuondoka limekataliwa',
  pageSignOutExpired:
    'Muda wa ukurasa huu wa kuondoka umeisha au haukufunguliwa katika kivinjari hiki. Hakuna kilichobadilishwa.',
} satisfies MessageTexts;
