import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ваш код підтвердження {app}: {code}',
  emailIntro: 'Введіть цей код, щоб увійти в {app}:',
  emailCodeLine: {
    one: 'Код дійсний {minutes} хвилину.',
    few: 'Код дійсний {minutes} хвилини.',
    many: 'Код дійсний {minutes} хвилин.',
    other: 'Код дійсний {minutes} хвилини.',
  },
  emailLinkIntro: 'Або увійдіть одним кліком:',
  emailLinkButton: 'Увійти в {app}',
  emailLinkExpiry: {
    one: 'Посилання діє {link_minutes} хвилину, один раз і лише в тому браузері, де ви його запитали.',
    few: 'Посилання діє {link_minutes} хвилини, один раз і лише в тому браузері, де ви його запитали.',
    many: 'Посилання діє {link_minutes} хвилин, один раз і лише в тому браузері, де ви його запитали.',
    other: 'Посилання діє {link_minutes} хвилини, один раз і лише в тому браузері, де ви його запитали.',
  },
  emailIgnore: 'Якщо ви не намагалися увійти, просто проігноруйте цей лист.',
  emailWhy: 'Ви отримали цей лист, бо хтось ввів цю адресу, щоб увійти в {app}.',
  emailLinkFallback: 'Якщо кнопка не працює, скопіюйте цю адресу в браузер:',
  sms: {
    one: '{code} — ваш код підтвердження {app}. Дійсний {minutes} хвилину.',
    few: '{code} — ваш код підтвердження {app}. Дійсний {minutes} хвилини.',
    many: '{code} — ваш код підтвердження {app}. Дійсний {minutes} хвилин.',
    other: '{code} — ваш код підтвердження {app}. Дійсний {minutes} хвилини.',
  },
  smsShort: 'Код для {app}: {code}',
  noAccountSubject: 'Спроба входу в {app}',
  noAccountBody:
    'Хтось намагався увійти в {app} з цією адресою, але облікового запису з нею там немає. Якщо це були не ви, просто проігноруйте цей лист.',
  pageInvalidLinkTitle: 'Недійсне посилання для входу',
  pageInvalidLinkMessage:
    'Це посилання для входу недійсне для цього застосунку. Запитайте нове там, де ви почали вхід.',
  pageLinkExpiredTitle: 'Термін дії посилання для входу минув',
  pageLinkExpiredMessage:
    'Термін дії цього посилання для входу минув, або вхід уже завершено. Поверніться до застосунку й увійдіть знову.',
  pageSignOutTitle: 'Вийти?',
  pageSignOutByApp: '{client} просить виконати вихід із {site}. Наступного разу вам доведеться увійти знову.',
  pageSignOutByPage:
    'Якась сторінка просить виконати вихід із {site}. Якщо ви не збиралися виходити, закрийте цю сторінку.',
  pageSignOutButton: 'Вийти',
  pageSupportLink: 'Довідка',
  pagePrivacyLink: 'Конфіденційність',
  pageTermsLink: 'Умови',
  pageSignedOutTitle: 'Вихід виконано',
  pageSignedOutHeading: 'Ви вийшли',
  pageSignedOutMessage: 'Цю сторінку можна закрити.',
  pageSignOutRefusedTitle: 'Запит на вихід відхилено',
  pageSignOutExpired: 'Термін дії цієї сторінки виходу минув, або її відкрито не в цьому браузері. Нічого не змінено.',
} satisfies MessageTexts;
