import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Kode verifikasi {app} Anda: {code}',
  emailIntro: 'Gunakan kode ini untuk masuk ke {app}:',
  emailCodeLine: 'Kode ini kedaluwarsa dalam {minutes} menit.',
  emailLinkIntro: 'Atau masuk dengan sekali klik:',
  emailLinkButton: 'Masuk ke {app}',
  emailLinkExpiry: 'Tautan ini berlaku selama {link_minutes} menit, sekali saja, di browser tempat Anda memintanya.',
  emailIgnore: 'Jika Anda tidak meminta untuk masuk, abaikan pesan ini.',
  emailWhy: 'Anda menerima email ini karena seseorang memasukkan alamat ini untuk masuk ke {app}.',
  emailLinkFallback: 'Jika tombol tidak berfungsi, salin alamat ini ke browser Anda:',
  sms: '{code} adalah kode verifikasi {app} Anda. Kode ini kedaluwarsa dalam {minutes} menit.',
  smsShort: 'Kode {app}: {code}',
  noAccountSubject: 'Percobaan masuk ke {app}',
  noAccountBody:
    'Seseorang meminta untuk masuk ke {app} dengan alamat ini, tetapi alamat ini tidak punya akun di sana. Jika itu bukan Anda, abaikan pesan ini.',
  pageInvalidLinkTitle: 'Tautan masuk tidak valid',
  pageInvalidLinkMessage:
    'Tautan masuk ini tidak valid untuk aplikasi ini. Mintalah tautan baru di tempat Anda mulai masuk.',
  pageLinkExpiredTitle: 'Tautan masuk kedaluwarsa',
  pageLinkExpiredMessage:
    'Tautan masuk ini sudah kedaluwarsa atau proses masuknya sudah selesai. Kembalilah ke aplikasi dan masuk lagi.',
  pageSignOutTitle: 'Keluar?',
  pageSignOutByApp: '{client} meminta agar Anda dikeluarkan dari {site}. Lain kali Anda harus masuk lagi.',
  pageSignOutByPage:
    'Sebuah halaman meminta agar Anda dikeluarkan dari {site}. Jika Anda tidak bermaksud keluar, tutup halaman ini.',
  pageSignOutButton: 'Keluar',
  pageSupportLink: 'Bantuan',
  pagePrivacyLink: 'Privasi',
  pageTermsLink: 'Ketentuan',
  pageSignedOutTitle: 'Berhasil keluar',
  pageSignedOutHeading: 'Anda sudah keluar',
  pageSignedOutMessage: 'Anda dapat menutup halaman ini.',
  pageSignOutRefusedTitle: 'Permintaan keluar ditolak',
  pageSignOutExpired: 'Halaman keluar ini sudah kedaluwarsa atau tidak dibuka di browser ini. Tidak ada yang diubah.',
} satisfies MessageTexts;
