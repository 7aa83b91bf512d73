import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ваш код подтверждения {app}: {code}',
  emailIntro: 'Введите этот код, чтобы войти в {app}:',
  emailCodeLine: {
    one: 'Код действует {minutes} минуту.',
    few: 'Код действует {minutes} минуты.',
    many: 'Код действует {minutes} минут.',
    other: 'Код действует {minutes} минуты.',
  },
  emailLinkIntro: 'Или войдите в один клик:',
  emailLinkButton: 'Войти в {app}',
  emailLinkExpiry: {
    one: 'Ссылка действует {link_minutes} минуту, один раз и только в том браузере, где вы её запросили.',
    few: 'Ссылка действует {link_minutes} минуты, один раз и только в том браузере, где вы её запросили.',
    many: 'Ссылка действует {link_minutes} минут, один раз и только в том браузере, где вы её запросили.',
    other: 'Ссылка действует {link_minutes} минуты, один раз и только в том браузере, где вы её запросили.',
  },
  emailIgnore: 'Если вы не пытались войти, просто проигнорируйте это письмо.',
  emailWhy: 'Вы получили это письмо, потому что кто-то ввёл этот адрес, чтобы войти в {app}.',
  emailLinkFallback: 'Если кнопка не работает, скопируйте этот адрес в браузер:',
  sms: {
    one: '{code} — ваш код подтверждения {app}. Действует {minutes} минуту.',
    few: '{code} — ваш код подтверждения {app}. Действует {minutes} минуты.',
    many: '{code} — ваш код подтверждения {app}. Действует {minutes} минут.',
    other: '{code} — ваш код подтверждения {app}. Действует {minutes} минуты.',
  },
  smsShort: 'Код для {app}: {code}',
  noAccountSubject: 'Попытка входа в {app}',
  noAccountBody:
    'Кто-то пытался войти в {app} с этим адресом, но учётной записи с ним там нет. Если это были не вы, просто проигнорируйте это письмо.',
  pageInvalidLinkTitle: 'Недействительная ссылка для входа',
  pageInvalidLinkMessage:
    'Эта ссылка для входа не подходит для этого приложения. Запросите новую там, где вы начали вход.',
  pageLinkExpiredTitle: 'Срок действия ссылки для входа истёк',
  pageLinkExpiredMessage:
    'Срок действия этой ссылки для входа истёк, или вход уже выполнен. Вернитесь в приложение и войдите снова.',
  pageSignOutTitle: 'Выйти?',
  pageSignOutByApp: '{client} просит вас выйти из {site}. В следующий раз вам придётся войти снова.',
  pageSignOutByPage: 'Страница просит вас выйти из {site}. Если вы не собирались выходить, закройте эту страницу.',
  pageSignOutButton: 'Выйти',
  pageSupportLink: 'Помощь',
  pagePrivacyLink: 'Конфиденциальность',
  pageTermsLink: 'Условия',
  pageSignedOutTitle: 'Выход выполнен',
  pageSignedOutHeading: 'Вы вышли из системы',
  pageSignedOutMessage: 'Эту страницу можно закрыть.',
  pageSignOutRefusedTitle: 'Запрос на выход отклонён',
  pageSignOutExpired:
    'Срок действия этой страницы выхода истёк, или она была открыта не в этом браузере. Ничего не изменилось.',
} satisfies MessageTexts;
