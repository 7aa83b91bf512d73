import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Kod pengesahan {app} anda: {code}',
  emailIntro: 'Gunakan kod ini untuk log masuk ke {app}:',
  emailCodeLine: 'Kod ini tamat tempoh dalam {minutes} minit.',
  emailLinkIntro: 'Atau log masuk dengan satu klik:',
  emailLinkButton: 'Log masuk ke {app}',
  emailLinkExpiry:
    'Pautan ini berfungsi selama {link_minutes} minit, sekali sahaja, dalam pelayar tempat anda memintanya.',
  emailIgnore: 'Jika anda tidak meminta untuk log masuk, abaikan mesej ini.',
  sms: '{code} ialah kod pengesahan {app} anda. Kod ini tamat tempoh dalam {minutes} minit.',
  noAccountSubject: 'Cubaan log masuk ke {app}',
  noAccountBody:
    'Seseorang meminta untuk log masuk ke {app} dengan alamat ini, tetapi alamat ini tiada akaun di sana. Jika itu bukan anda, abaikan mesej ini.',
} satisfies MessageTexts;
