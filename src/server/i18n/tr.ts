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
  emailWhy: 'Bu e-postayı, birisi {app} uygulamasında oturum açmak için bu adresi girdiği için aldınız.',
  emailLinkFallback: 'Düğme çalışmazsa bu adresi kopyalayıp tarayıcınıza yapıştırın:',
  sms: {
    one: '{code}, {app} doğrulama kodunuzdur. Süresi {minutes} dakika içinde dolacak.',
    other: '{code}, {app} doğrulama kodunuzdur. Süresi {minutes} dakika içinde dolacak.',
  },
  smsShort: '{app} kodu: {code}',
  noAccountSubject: '{app} oturum açma denemesi',
  noAccountBody:
    'Birisi bu adresle {app} uygulamasında oturum açmak istedi, ancak orada bu adrese ait bir hesap yok. Siz değilseniz bu mesajı yok sayabilirsiniz.',
  pageInvalidLinkTitle: 'Geçersiz oturum açma bağlantısı',
  pageInvalidLinkMessage:
    'Bu oturum açma bağlantısı bu uygulama için geçerli değil. Oturum açmaya başladığınız yerden yeni bir bağlantı isteyin.',
  pageLinkExpiredTitle: 'Oturum açma bağlantısının süresi doldu',
  pageLinkExpiredMessage:
    'Bu oturum açma bağlantısının süresi doldu ya da oturum açma işlemi zaten tamamlandı. Uygulamaya dönüp yeniden oturum açın.',
  pageSignOutTitle: 'Oturum kapatılsın mı?',
  pageSignOutByApp:
    '{client}, {site} üzerindeki oturumunuzu kapatmak istiyor. Bir dahaki sefere yeniden oturum açmanız gerekecek.',
  pageSignOutByPage:
    'Bir sayfa, {site} üzerindeki oturumunuzu kapatmak istiyor. Oturumu kapatmak istemediyseniz bu sayfayı kapatın.',
  pageSignOutButton: 'Oturumu kapat',
  pageSupportLink: 'Yardım',
  pagePrivacyLink: 'Gizlilik',
  pageTermsLink: 'Koşullar',
  pageSignedOutTitle: 'Oturum kapatıldı',
  pageSignedOutHeading: 'Oturumunuz kapatıldı',
  pageSignedOutMessage: 'Bu sayfayı kapatabilirsiniz.',
  pageSignOutRefusedTitle: 'Oturum kapatma isteği reddedildi',
  pageSignOutExpired:
    'Bu oturum kapatma sayfasının süresi doldu ya da sayfa bu tarayıcıda açılmadı. Hiçbir şey değiştirilmedi.',
} satisfies MessageTexts;
