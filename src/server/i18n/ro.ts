import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Codul tău de verificare {app}: {code}',
  emailIntro: 'Folosește acest cod ca să te conectezi la {app}:',
  emailCodeLine: {
    one: 'Codul expiră în {minutes} minut.',
    few: 'Codul expiră în {minutes} minute.',
    other: 'Codul expiră în {minutes} de minute.',
  },
  emailLinkIntro: 'Sau conectează-te cu un singur clic:',
  emailLinkButton: 'Conectează-te la {app}',
  emailLinkExpiry: {
    one: 'Linkul funcționează {link_minutes} minut, o singură dată, în browserul din care l-ai cerut.',
    few: 'Linkul funcționează {link_minutes} minute, o singură dată, în browserul din care l-ai cerut.',
    other: 'Linkul funcționează {link_minutes} de minute, o singură dată, în browserul din care l-ai cerut.',
  },
  emailIgnore: 'Dacă nu ai cerut să te conectezi, poți ignora acest mesaj.',
  emailWhy: 'Ai primit acest e-mail pentru că cineva a introdus această adresă ca să se conecteze la {app}.',
  emailLinkFallback: 'Dacă butonul nu funcționează, copiază această adresă în browser:',
  sms: {
    one: '{code} este codul tău de verificare {app}. Expiră în {minutes} minut.',
    few: '{code} este codul tău de verificare {app}. Expiră în {minutes} minute.',
    other: '{code} este codul tău de verificare {app}. Expiră în {minutes} de minute.',
  },
  smsShort: 'Cod {app}: {code}',
  noAccountSubject: 'Încercare de conectare la {app}',
  noAccountBody:
    'Cineva a cerut să se conecteze la {app} cu această adresă, dar acolo nu există niciun cont pentru ea. Dacă nu ai fost tu, poți ignora acest mesaj.',
  pageInvalidLinkTitle: 'Link de conectare nevalid',
  pageInvalidLinkMessage:
    'Acest link de conectare nu este valid pentru această aplicație. Cere unul nou acolo unde ai început conectarea.',
  pageLinkExpiredTitle: 'Link de conectare expirat',
  pageLinkExpiredMessage:
    'Acest link de conectare a expirat sau conectarea a fost deja finalizată. Revino în aplicație și conectează-te din nou.',
  pageSignOutTitle: 'Te deconectezi?',
  pageSignOutByApp: '{client} cere deconectarea ta de la {site}. Data viitoare va trebui să te conectezi din nou.',
  pageSignOutByPage:
    'O pagină cere deconectarea ta de la {site}. Dacă nu voiai să te deconectezi, închide această pagină.',
  pageSignOutButton: 'Deconectează-te',
  pageSupportLink: 'Ajutor',
  pagePrivacyLink: 'Confidențialitate',
  pageTermsLink: 'Termeni',
  pageSignedOutTitle: 'Deconectare reușită',
  pageSignedOutHeading: 'Te-ai deconectat',
  pageSignedOutMessage: 'Poți închide această pagină.',
  pageSignOutRefusedTitle: 'Cerere de deconectare refuzată',
  pageSignOutExpired:
    'Această pagină de deconectare a expirat sau nu a fost deschisă în acest browser. Nu s-a schimbat nimic.',
} satisfies MessageTexts;
