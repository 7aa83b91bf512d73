import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Vaša potrditvena koda za {app}: {code}',
  emailIntro: 'S to kodo se prijavite v {app}:',
  emailCodeLine: {
    one: 'Koda poteče čez {minutes} minuto.',
    two: 'Koda poteče čez {minutes} minuti.',
    few: 'Koda poteče čez {minutes} minute.',
    other: 'Koda poteče čez {minutes} minut.',
  },
  emailLinkIntro: 'Ali pa se prijavite z enim klikom:',
  emailLinkButton: 'Prijava v {app}',
  emailLinkExpiry: {
    one: 'Povezava velja {link_minutes} minuto, enkrat, v brskalniku, v katerem ste jo zahtevali.',
    two: 'Povezava velja {link_minutes} minuti, enkrat, v brskalniku, v katerem ste jo zahtevali.',
    few: 'Povezava velja {link_minutes} minute, enkrat, v brskalniku, v katerem ste jo zahtevali.',
    other: 'Povezava velja {link_minutes} minut, enkrat, v brskalniku, v katerem ste jo zahtevali.',
  },
  emailIgnore: 'Če niste zahtevali prijave, lahko to sporočilo prezrete.',
  emailWhy: 'To e-poštno sporočilo ste prejeli, ker je nekdo vnesel ta naslov za prijavo v {app}.',
  emailLinkFallback: 'Če gumb ne deluje, kopirajte ta naslov v brskalnik:',
  sms: {
    one: '{code} je vaša potrditvena koda za {app}. Poteče čez {minutes} minuto.',
    two: '{code} je vaša potrditvena koda za {app}. Poteče čez {minutes} minuti.',
    few: '{code} je vaša potrditvena koda za {app}. Poteče čez {minutes} minute.',
    other: '{code} je vaša potrditvena koda za {app}. Poteče čez {minutes} minut.',
  },
  smsShort: 'Koda za {app}: {code}',
  noAccountSubject: 'Poskus prijave v {app}',
  noAccountBody:
    'Nekdo je zahteval prijavo v {app} s tem naslovom, vendar zanj tam ni računa. Če to niste bili vi, lahko to sporočilo prezrete.',
  pageInvalidLinkTitle: 'Neveljavna povezava za prijavo',
  pageInvalidLinkMessage:
    'Ta povezava za prijavo ni veljavna za to aplikacijo. Zahtevajte novo tam, kjer ste začeli prijavo.',
  pageLinkExpiredTitle: 'Povezava za prijavo je potekla',
  pageLinkExpiredMessage:
    'Ta povezava za prijavo je potekla ali pa je bila prijava že zaključena. Vrnite se v aplikacijo in se znova prijavite.',
  pageSignOutTitle: 'Se želite odjaviti?',
  pageSignOutByApp:
    'Aplikacija {client} vas želi odjaviti s spletnega mesta {site}. Naslednjič se boste morali znova prijaviti.',
  pageSignOutByPage:
    'Neka stran vas želi odjaviti s spletnega mesta {site}. Če se niste nameravali odjaviti, zaprite to stran.',
  pageSignOutButton: 'Odjava',
  pageSupportLink: 'Pomoč',
  pagePrivacyLink: 'Zasebnost',
  pageTermsLink: 'Pogoji',
  pageSignedOutTitle: 'Odjava končana',
  pageSignedOutHeading: 'Odjavljeni ste',
  pageSignedOutMessage: 'To stran lahko zaprete.',
  pageSignOutRefusedTitle: 'Zahteva za odjavo zavrnjena',
  pageSignOutExpired: 'Ta stran za odjavo je potekla ali pa ni bila odprta v tem brskalniku. Nič ni bilo spremenjeno.',
} satisfies MessageTexts;
