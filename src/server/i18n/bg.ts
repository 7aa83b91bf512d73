import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Вашият код за потвърждение за {app}: {code}',
  emailIntro: 'Използвайте този код, за да влезете в {app}:',
  emailCodeLine: { one: 'Кодът изтича след {minutes} минута.', other: 'Кодът изтича след {minutes} минути.' },
  emailLinkIntro: 'Или влезте с едно кликване:',
  emailLinkButton: 'Вход в {app}',
  emailLinkExpiry: {
    one: 'Връзката е валидна {link_minutes} минута, еднократно, в браузъра, от който сте я поискали.',
    other: 'Връзката е валидна {link_minutes} минути, еднократно, в браузъра, от който сте я поискали.',
  },
  emailIgnore: 'Ако не сте искали да влезете, можете да пренебрегнете това съобщение.',
  emailWhy: 'Получавате този имейл, защото някой е въвел този адрес, за да влезе в {app}.',
  emailLinkFallback: 'Ако бутонът не работи, копирайте този адрес в браузъра си:',
  sms: {
    one: '{code} е вашият код за потвърждение за {app}. Изтича след {minutes} минута.',
    other: '{code} е вашият код за потвърждение за {app}. Изтича след {minutes} минути.',
  },
  smsShort: 'Код за {app}: {code}',
  noAccountSubject: 'Опит за вход в {app}',
  noAccountBody:
    'Някой е поискал да влезе в {app} с този адрес, но там няма профил с него. Ако не сте били вие, можете да пренебрегнете това съобщение.',
  pageInvalidLinkTitle: 'Невалидна връзка за вход',
  pageInvalidLinkMessage:
    'Тази връзка за вход не е валидна за това приложение. Поискайте нова там, откъдето започнахте да влизате.',
  pageLinkExpiredTitle: 'Връзката за вход е изтекла',
  pageLinkExpiredMessage:
    'Валидността на тази връзка за вход е изтекла или входът с нея вече е завършен. Върнете се в приложението и влезте отново.',
  pageSignOutTitle: 'Искате ли да излезете?',
  pageSignOutByApp: '{client} иска да излезете от {site}. Следващия път ще трябва да влезете отново.',
  pageSignOutByPage:
    'Една страница иска да излезете от {site}. Ако не сте искали да излизате, затворете тази страница.',
  pageSignOutButton: 'Изход',
  pageSupportLink: 'Помощ',
  pagePrivacyLink: 'Поверителност',
  pageTermsLink: 'Условия',
  pageSignedOutTitle: 'Успешен изход',
  pageSignedOutHeading: 'Излязохте от профила си',
  pageSignedOutMessage: 'Можете да затворите тази страница.',
  pageSignOutRefusedTitle: 'Заявката за изход е отказана',
  pageSignOutExpired:
    'Валидността на тази страница за изход е изтекла или тя не е отворена в този браузър. Нищо не е променено.',
} satisfies MessageTexts;
