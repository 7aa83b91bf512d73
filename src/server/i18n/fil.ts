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
  sms: {
    one: '{code} ang iyong {app} verification code. Mag-e-expire ito sa loob ng {minutes} minuto.',
    other: '{code} ang iyong {app} verification code. Mag-e-expire ito sa loob ng {minutes} minuto.',
  },
  noAccountSubject: 'Pagtatangkang mag-sign in sa {app}',
  noAccountBody:
    'May humiling na mag-sign in sa {app} gamit ang address na ito, pero wala itong account doon. Kung hindi ikaw iyon, puwede mong balewalain ang mensaheng ito.',
} satisfies MessageTexts;
