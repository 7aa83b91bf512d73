import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ваш код за потврду за {app}: {code}',
  emailIntro: 'Користите овај код да бисте се пријавили на {app}:',
  emailCodeLine: {
    one: 'Код истиче за {minutes} минут.',
    few: 'Код истиче за {minutes} минута.',
    other: 'Код истиче за {minutes} минута.',
  },
  emailLinkIntro: 'Или се пријавите једним кликом:',
  emailLinkButton: 'Пријави се на {app}',
  emailLinkExpiry: {
    one: 'Линк важи {link_minutes} минут, једном, у прегледачу у ком сте га затражили.',
    few: 'Линк важи {link_minutes} минута, једном, у прегледачу у ком сте га затражили.',
    other: 'Линк важи {link_minutes} минута, једном, у прегледачу у ком сте га затражили.',
  },
  emailIgnore: 'Ако нисте тражили пријаву, можете да занемарите ову поруку.',
  sms: {
    one: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минут.',
    few: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минута.',
    other: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минута.',
  },
  noAccountSubject: 'Покушај пријаве на {app}',
  noAccountBody:
    'Неко је затражио пријаву на {app} са овом адресом, али тамо не постоји налог за њу. Ако то нисте били ви, можете да занемарите ову поруку.',
} satisfies MessageTexts;
