import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ang iyong {app} verification code: {code}',
  emailIntro: 'Gamitin ang code na ito para mag-sign in sa {app}:',
  emailCodeLine: {
    one: 'Mag-e-expire ang code sa loob ng {minutes} minuto.',
    other: 'Mag-e-expire ang code sa loob ng {minutes} minuto.',
  },
  emailLinkIntro: 'O mag-sign in sa isang click:',
  emailLinkButton: 'Mag-sign in sa {app}',
  emailLinkExpiry: {
    one: 'Gumagana ang link nang {link_minutes} minuto, isang beses lang, sa browser kung saan mo ito hiningi.',
    other: 'Gumagana ang link nang {link_minutes} minuto, isang beses lang, sa browser kung saan mo ito hiningi.',
  },
  emailIgnore: 'Kung hindi ikaw ang humiling na mag-sign in, puwede mong balewalain ang mensaheng ito.',
  emailWhy: 'Natanggap mo ang email na ito dahil may naglagay ng address na ito para mag-sign in sa {app}.',
  emailLinkFallback: 'Kung hindi gumagana ang button, kopyahin ang address na ito sa iyong browser:',
  sms: {
    one: '{code} ang iyong {app} verification code. Mag-e-expire ito sa loob ng {minutes} minuto.',
    other: '{code} ang iyong {app} verification code. Mag-e-expire ito sa loob ng {minutes} minuto.',
  },
  smsShort: 'Code sa {app}: {code}',
  noAccountSubject: 'Pagtatangkang mag-sign in sa {app}',
  noAccountBody:
    'May humiling na mag-sign in sa {app} gamit ang address na ito, pero wala itong account doon. Kung hindi ikaw iyon, puwede mong balewalain ang mensaheng ito.',
  pageInvalidLinkTitle: 'Hindi wastong link sa pag-sign in',
  pageInvalidLinkMessage:
    'Hindi puwedeng gamitin ang link na ito sa pag-sign in sa application na ito. Humingi ng bago kung saan ka nagsimulang mag-sign in.',
  pageLinkExpiredTitle: 'Nag-expire na ang link sa pag-sign in',
  pageLinkExpiredMessage:
    'Nag-expire na ang link na ito sa pag-sign in, o tapos na ang pag-sign in nito. Bumalik sa application at mag-sign in ulit.',
  pageSignOutTitle: 'Mag-sign out?',
  pageSignOutByApp: 'Hinihiling ng {client} na i-sign out ka sa {site}. Kailangan mong mag-sign in ulit sa susunod.',
  pageSignOutByPage:
    'May page na humihiling na i-sign out ka sa {site}. Kung hindi mo sinadyang mag-sign out, isara ang page na ito.',
  pageSignOutButton: 'Mag-sign out',
  pageSupportLink: 'Tulong',
  pagePrivacyLink: 'Pagkapribado',
  pageTermsLink: 'Mga Tuntunin',
  pageSignedOutTitle: 'Naka-sign out na',
  pageSignedOutHeading: 'Naka-sign out ka na',
  pageSignedOutMessage: 'Puwede mo nang isara ang page na ito.',
  pageSignOutRefusedTitle: 'Tinanggihan ang kahilingang mag-sign out',
  pageSignOutExpired:
    'Nag-expire na ang page na ito para sa pag-sign out, o hindi ito binuksan sa browser na ito. Walang binago.',
} satisfies MessageTexts;
