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
  sms: {
    one: '{code} е вашият код за потвърждение за {app}. Изтича след {minutes} минута.',
    other: '{code} е вашият код за потвърждение за {app}. Изтича след {minutes} минути.',
  },
  noAccountSubject: 'Опит за вход в {app}',
  noAccountBody:
    'Някой е поискал да влезе в {app} с този адрес, но там няма профил с него. Ако не сте били вие, можете да пренебрегнете това съобщение.',
} satisfies MessageTexts;
