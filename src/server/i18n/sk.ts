import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Váš overovací kód pre {app}: {code}',
  emailIntro: 'Týmto kódom sa prihlásite do {app}:',
  emailCodeLine: {
    one: 'Platnosť kódu vyprší o {minutes} minútu.',
    few: 'Platnosť kódu vyprší o {minutes} minúty.',
    many: 'Platnosť kódu vyprší o {minutes} minúty.',
    other: 'Platnosť kódu vyprší o {minutes} minút.',
  },
  emailLinkIntro: 'Alebo sa prihláste jedným kliknutím:',
  emailLinkButton: 'Prihlásiť sa do {app}',
  emailLinkExpiry: {
    one: 'Odkaz platí {link_minutes} minútu, raz, v prehliadači, v ktorom ste oň požiadali.',
    few: 'Odkaz platí {link_minutes} minúty, raz, v prehliadači, v ktorom ste oň požiadali.',
    many: 'Odkaz platí {link_minutes} minúty, raz, v prehliadači, v ktorom ste oň požiadali.',
    other: 'Odkaz platí {link_minutes} minút, raz, v prehliadači, v ktorom ste oň požiadali.',
  },
  emailIgnore: 'Ak ste o prihlásenie nežiadali, túto správu môžete ignorovať.',
  emailWhy: 'Tento e-mail ste dostali, pretože niekto zadal túto adresu na prihlásenie do {app}.',
  emailLinkFallback: 'Ak tlačidlo nefunguje, skopírujte túto adresu do prehliadača:',
  sms: {
    one: '{code} je váš overovací kód pre {app}. Platí {minutes} minútu.',
    few: '{code} je váš overovací kód pre {app}. Platí {minutes} minúty.',
    many: '{code} je váš overovací kód pre {app}. Platí {minutes} minúty.',
    other: '{code} je váš overovací kód pre {app}. Platí {minutes} minút.',
  },
  smsShort: 'Kód pre {app}: {code}',
  noAccountSubject: 'Pokus o prihlásenie do {app}',
  noAccountBody:
    'Niekto sa chcel s touto adresou prihlásiť do {app}, ale nie je tam k nej žiadny účet. Ak ste to neboli vy, túto správu môžete ignorovať.',
  pageInvalidLinkTitle: 'Neplatný prihlasovací odkaz',
  pageInvalidLinkMessage:
    'Tento prihlasovací odkaz nie je platný pre túto aplikáciu. Požiadajte o nový tam, kde ste začali s prihlasovaním.',
  pageLinkExpiredTitle: 'Platnosť prihlasovacieho odkazu vypršala',
  pageLinkExpiredMessage:
    'Platnosť tohto prihlasovacieho odkazu vypršala alebo prihlásenie už bolo dokončené. Vráťte sa do aplikácie a prihláste sa znova.',
  pageSignOutTitle: 'Odhlásiť sa?',
  pageSignOutByApp: '{client} žiada o vaše odhlásenie zo služby {site}. Nabudúce sa budete musieť znova prihlásiť.',
  pageSignOutByPage:
    'Stránka žiada o vaše odhlásenie zo služby {site}. Ak ste sa nechceli odhlásiť, zatvorte túto stránku.',
  pageSignOutButton: 'Odhlásiť sa',
  pageSupportLink: 'Pomoc',
  pagePrivacyLink: 'Ochrana súkromia',
  pageTermsLink: 'Podmienky',
  pageSignedOutTitle: 'Odhlásenie dokončené',
  pageSignedOutHeading: 'Ste odhlásení',
  pageSignedOutMessage: 'Túto stránku môžete zavrieť.',
  pageSignOutRefusedTitle: 'Žiadosť o odhlásenie zamietnutá',
  pageSignOutExpired:
    'Táto odhlasovacia stránka už nie je platná alebo nebola otvorená v tomto prehliadači. Nič sa nezmenilo.',
} satisfies MessageTexts;
