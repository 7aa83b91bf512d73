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
  sms: {
    one: '{code} este codul tău de verificare {app}. Expiră în {minutes} minut.',
    few: '{code} este codul tău de verificare {app}. Expiră în {minutes} minute.',
    other: '{code} este codul tău de verificare {app}. Expiră în {minutes} de minute.',
  },
  noAccountSubject: 'Încercare de conectare la {app}',
  noAccountBody:
    'Cineva a cerut să se conecteze la {app} cu această adresă, dar acolo nu există niciun cont pentru ea. Dacă nu ai fost tu, poți ignora acest mesaj.',
} satisfies MessageTexts;
