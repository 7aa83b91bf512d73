import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Kode verifikasi {app} Anda: {code}',
  emailIntro: 'Gunakan kode ini untuk masuk ke {app}:',
  emailCodeLine: 'Kode ini kedaluwarsa dalam {minutes} menit.',
  emailLinkIntro: 'Atau masuk dengan sekali klik:',
  emailLinkButton: 'Masuk ke {app}',
  emailLinkExpiry: 'Tautan ini berlaku selama {link_minutes} menit, sekali saja, di browser tempat Anda memintanya.',
  emailIgnore: 'Jika Anda tidak meminta untuk masuk, abaikan pesan ini.',
  sms: '{code} adalah kode verifikasi {app} Anda. Kode ini kedaluwarsa dalam {minutes} menit.',
  noAccountSubject: 'Percobaan masuk ke {app}',
  noAccountBody:
    'Seseorang meminta untuk masuk ke {app} dengan alamat ini, tetapi alamat ini tidak punya akun di sana. Jika itu bukan Anda, abaikan pesan ini.',
} satisfies MessageTexts;
