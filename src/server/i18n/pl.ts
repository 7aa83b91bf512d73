import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Twój kod weryfikacyjny {app}: {code}',
  emailIntro: 'Użyj tego kodu, aby zalogować się do {app}:',
  emailCodeLine: {
    one: 'Kod wygaśnie za {minutes} minutę.',
    few: 'Kod wygaśnie za {minutes} minuty.',
    many: 'Kod wygaśnie za {minutes} minut.',
    other: 'Kod wygaśnie za {minutes} minuty.',
  },
  emailLinkIntro: 'Możesz też zalogować się jednym kliknięciem:',
  emailLinkButton: 'Zaloguj się do {app}',
  emailLinkExpiry: {
    one: 'Link działa przez {link_minutes} minutę, jeden raz, w przeglądarce, w której o niego poproszono.',
    few: 'Link działa przez {link_minutes} minuty, jeden raz, w przeglądarce, w której o niego poproszono.',
    many: 'Link działa przez {link_minutes} minut, jeden raz, w przeglądarce, w której o niego poproszono.',
    other: 'Link działa przez {link_minutes} minuty, jeden raz, w przeglądarce, w której o niego poproszono.',
  },
  emailIgnore: 'Jeśli to nie Ty chcesz się zalogować, zignoruj tę wiadomość.',
  emailWhy: 'Otrzymujesz tę wiadomość, ponieważ ktoś podał ten adres, aby zalogować się do {app}.',
  emailLinkFallback: 'Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:',
  sms: {
    one: '{code} to Twój kod weryfikacyjny {app}. Wygaśnie za {minutes} minutę.',
    few: '{code} to Twój kod weryfikacyjny {app}. Wygaśnie za {minutes} minuty.',
    many: '{code} to Twój kod weryfikacyjny {app}. Wygaśnie za {minutes} minut.',
    other: '{code} to Twój kod weryfikacyjny {app}. Wygaśnie za {minutes} minuty.',
  },
  smsShort: 'Kod {app}: {code}',
  noAccountSubject: 'Próba logowania do {app}',
  noAccountBody:
    'Ktoś poprosił o zalogowanie się do {app} tym adresem, ale nie ma tam dla niego konta. Jeśli to nie Ty, zignoruj tę wiadomość.',
  pageInvalidLinkTitle: 'Nieprawidłowy link logowania',
  pageInvalidLinkMessage:
    'Ten link logowania nie jest ważny dla tej aplikacji. Poproś o nowy tam, gdzie rozpoczęto logowanie.',
  pageLinkExpiredTitle: 'Link logowania wygasł',
  pageLinkExpiredMessage:
    'Ten link logowania wygasł lub logowanie zostało już zakończone. Wróć do aplikacji i zaloguj się ponownie.',
  pageSignOutTitle: 'Wylogować się?',
  pageSignOutByApp: '{client} prosi o wylogowanie Cię z {site}. Następnym razem trzeba będzie zalogować się ponownie.',
  pageSignOutByPage:
    'Jakaś strona prosi o wylogowanie Cię z {site}. Jeśli nie zamierzasz się wylogować, zamknij tę stronę.',
  pageSignOutButton: 'Wyloguj się',
  pageSupportLink: 'Pomoc',
  pagePrivacyLink: 'Prywatność',
  pageTermsLink: 'Warunki',
  pageSignedOutTitle: 'Wylogowano',
  pageSignedOutHeading: 'Wylogowano Cię',
  pageSignedOutMessage: 'Możesz zamknąć tę stronę.',
  pageSignOutRefusedTitle: 'Odrzucono żądanie wylogowania',
  pageSignOutExpired:
    'Ta strona wylogowania wygasła lub nie została otwarta w tej przeglądarce. Niczego nie zmieniono.',
} satisfies MessageTexts;
