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
  emailWhy: 'Добили сте ову поруку јер је неко унео ову адресу да би се пријавио у {app}.',
  emailLinkFallback: 'Ако дугме не ради, копирајте ову адресу у прегледач:',
  sms: {
    one: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минут.',
    few: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минута.',
    other: '{code} је ваш код за потврду за {app}. Истиче за {minutes} минута.',
  },
  smsShort: 'Код за {app}: {code}',
  noAccountSubject: 'Покушај пријаве на {app}',
  noAccountBody:
    'Неко је затражио пријаву на {app} са овом адресом, али тамо не постоји налог за њу. Ако то нисте били ви, можете да занемарите ову поруку.',
  pageInvalidLinkTitle: 'Неважећи линк за пријаву',
  pageInvalidLinkMessage:
    'Овај линк за пријаву не важи за ову апликацију. Затражите нови тамо где сте започели пријаву.',
  pageLinkExpiredTitle: 'Линк за пријаву је истекао',
  pageLinkExpiredMessage:
    'Овај линк за пријаву је истекао или је пријава већ завршена. Вратите се у апликацију и поново се пријавите.',
  pageSignOutTitle: 'Желите ли да се одјавите?',
  pageSignOutByApp: '{client} тражи да вас одјави са сајта {site}. Следећи пут ћете морати поново да се пријавите.',
  pageSignOutByPage:
    'Једна страница тражи да вас одјави са сајта {site}. Ако нисте намеравали да се одјавите, затворите ову страницу.',
  pageSignOutButton: 'Одјави се',
  pageSupportLink: 'Помоћ',
  pagePrivacyLink: 'Приватност',
  pageTermsLink: 'Услови',
  pageSignedOutTitle: 'Одјава је успела',
  pageSignedOutHeading: 'Одјављени сте',
  pageSignedOutMessage: 'Можете да затворите ову страницу.',
  pageSignOutRefusedTitle: 'Захтев за одјаву је одбијен',
  pageSignOutExpired: 'Ова страница за одјаву је истекла или није отворена у овом прегледачу. Ништа није промењено.',
} satisfies MessageTexts;
