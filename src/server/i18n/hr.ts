import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Vaš kôd za potvrdu za {app}: {code}',
  emailIntro: 'Upotrijebite ovaj kôd za prijavu u {app}:',
  emailCodeLine: {
    one: 'Kôd istječe za {minutes} minutu.',
    few: 'Kôd istječe za {minutes} minute.',
    other: 'Kôd istječe za {minutes} minuta.',
  },
  emailLinkIntro: 'Ili se prijavite jednim klikom:',
  emailLinkButton: 'Prijava u {app}',
  emailLinkExpiry: {
    one: 'Poveznica vrijedi {link_minutes} minutu, jednom, u pregledniku u kojem ste je zatražili.',
    few: 'Poveznica vrijedi {link_minutes} minute, jednom, u pregledniku u kojem ste je zatražili.',
    other: 'Poveznica vrijedi {link_minutes} minuta, jednom, u pregledniku u kojem ste je zatražili.',
  },
  emailIgnore: 'Ako niste zatražili prijavu, možete zanemariti ovu poruku.',
  emailWhy: 'Ovu e-poruku primili ste jer je netko upisao ovu adresu za prijavu u {app}.',
  emailLinkFallback: 'Ako gumb ne radi, kopirajte ovu adresu u svoj preglednik:',
  sms: {
    one: '{code} je vaš kôd za potvrdu za {app}. Istječe za {minutes} minutu.',
    few: '{code} je vaš kôd za potvrdu za {app}. Istječe za {minutes} minute.',
    other: '{code} je vaš kôd za potvrdu za {app}. Istječe za {minutes} minuta.',
  },
  smsShort: 'Kôd za {app}: {code}',
  noAccountSubject: 'Pokušaj prijave u {app}',
  noAccountBody:
    'Netko je zatražio prijavu u {app} s ovom adresom, ali ondje za nju ne postoji račun. Ako to niste bili vi, možete zanemariti ovu poruku.',
  pageInvalidLinkTitle: 'Nevaljana poveznica za prijavu',
  pageInvalidLinkMessage:
    'Ova poveznica za prijavu ne vrijedi za ovu aplikaciju. Zatražite novu ondje gdje ste započeli prijavu.',
  pageLinkExpiredTitle: 'Poveznica za prijavu istekla',
  pageLinkExpiredMessage:
    'Ova je poveznica za prijavu istekla ili je prijava već dovršena. Vratite se u aplikaciju i ponovno se prijavite.',
  pageSignOutTitle: 'Želite li se odjaviti?',
  pageSignOutByApp: '{client} traži da vas odjavi s {site}. Sljedeći put morat ćete se ponovno prijaviti.',
  pageSignOutByPage:
    'Neka stranica traži da vas odjavi s {site}. Ako se niste namjeravali odjaviti, zatvorite ovu stranicu.',
  pageSignOutButton: 'Odjava',
  pageSupportLink: 'Pomoć',
  pagePrivacyLink: 'Privatnost',
  pageTermsLink: 'Uvjeti',
  pageSignedOutTitle: 'Odjava dovršena',
  pageSignedOutHeading: 'Odjavljeni ste',
  pageSignedOutMessage: 'Možete zatvoriti ovu stranicu.',
  pageSignOutRefusedTitle: 'Zahtjev za odjavu odbijen',
  pageSignOutExpired:
    'Ova je stranica za odjavu istekla ili nije otvorena u ovom pregledniku. Ništa nije promijenjeno.',
} satisfies MessageTexts;
