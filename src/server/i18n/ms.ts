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
  emailWhy: 'Anda menerima e-mel ini kerana seseorang memasukkan alamat ini untuk log masuk ke {app}.',
  emailLinkFallback: 'Jika butang tidak berfungsi, salin alamat ini ke dalam pelayar anda:',
  sms: '{code} ialah kod pengesahan {app} anda. Kod ini tamat tempoh dalam {minutes} minit.',
  smsShort: 'Kod {app}: {code}',
  noAccountSubject: 'Cubaan log masuk ke {app}',
  noAccountBody:
    'Seseorang meminta untuk log masuk ke {app} dengan alamat ini, tetapi alamat ini tiada akaun di sana. Jika itu bukan anda, abaikan mesej ini.',
  pageInvalidLinkTitle: 'Pautan log masuk tidak sah',
  pageInvalidLinkMessage:
    'Pautan log masuk ini tidak sah untuk aplikasi ini. Minta pautan baharu di tempat anda mula log masuk.',
  pageLinkExpiredTitle: 'Pautan log masuk telah tamat tempoh',
  pageLinkExpiredMessage:
    'Pautan log masuk ini telah tamat tempoh atau log masuknya sudah selesai. Kembali ke aplikasi dan log masuk semula.',
  pageSignOutTitle: 'Log keluar?',
  pageSignOutByApp:
    '{client} meminta supaya anda dilog keluar daripada {site}. Anda perlu log masuk semula pada kali seterusnya.',
  pageSignOutByPage:
    'Satu halaman meminta supaya anda dilog keluar daripada {site}. Jika anda tidak berniat untuk log keluar, tutup halaman ini.',
  pageSignOutButton: 'Log keluar',
  pageSupportLink: 'Bantuan',
  pagePrivacyLink: 'Privasi',
  pageTermsLink: 'Terma',
  pageSignedOutTitle: 'Telah log keluar',
  pageSignedOutHeading: 'Anda telah log keluar',
  pageSignedOutMessage: 'Anda boleh menutup halaman ini.',
  pageSignOutRefusedTitle: 'Permintaan log keluar ditolak',
  pageSignOutExpired:
    'Halaman log keluar ini telah tamat tempoh atau tidak dibuka dalam pelayar ini. Tiada apa-apa yang diubah.',
} satisfies MessageTexts;
