import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app} doğrulama kodunuz: {code}',
  emailIntro: '{app} uygulamasında oturum açmak için bu kodu kullanın:',
  emailCodeLine: {
    one: 'Kodun süresi {minutes} dakika içinde dolacak.',
    other: 'Kodun süresi {minutes} dakika içinde dolacak.',
  },
  emailLinkIntro: 'Ya da tek tıkla oturum açın:',
  emailLinkButton: '{app} uygulamasında oturum aç',
  emailLinkExpiry: {
    one: 'Bağlantı {link_minutes} dakika boyunca, yalnızca bir kez ve istediğiniz tarayıcıda çalışır.',
    other: 'Bağlantı {link_minutes} dakika boyunca, yalnızca bir kez ve istediğiniz tarayıcıda çalışır.',
  },
  emailIgnore: 'Oturum açmak istemediyseniz bu mesajı yok sayabilirsiniz.',
  sms: {
    one: '{code}, {app} doğrulama kodunuzdur. Süresi {minutes} dakika içinde dolacak.',
    other: '{code}, {app} doğrulama kodunuzdur. Süresi {minutes} dakika içinde dolacak.',
  },
  noAccountSubject: '{app} oturum açma denemesi',
  noAccountBody:
    'Birisi bu adresle {app} uygulamasında oturum açmak istedi, ancak orada bu adrese ait bir hesap yok. Siz değilseniz bu mesajı yok sayabilirsiniz.',
} satisfies MessageTexts;
