import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Váš ověřovací kód pro {app}: {code}',
  emailIntro: 'Tímto kódem se přihlásíte do {app}:',
  emailCodeLine: {
    one: 'Platnost kódu vyprší za {minutes} minutu.',
    few: 'Platnost kódu vyprší za {minutes} minuty.',
    many: 'Platnost kódu vyprší za {minutes} minuty.',
    other: 'Platnost kódu vyprší za {minutes} minut.',
  },
  emailLinkIntro: 'Nebo se přihlaste jedním kliknutím:',
  emailLinkButton: 'Přihlásit se do {app}',
  emailLinkExpiry: {
    one: 'Odkaz platí {link_minutes} minutu, jednou, v prohlížeči, ve kterém jste o něj požádali.',
    few: 'Odkaz platí {link_minutes} minuty, jednou, v prohlížeči, ve kterém jste o něj požádali.',
    many: 'Odkaz platí {link_minutes} minuty, jednou, v prohlížeči, ve kterém jste o něj požádali.',
    other: 'Odkaz platí {link_minutes} minut, jednou, v prohlížeči, ve kterém jste o něj požádali.',
  },
  emailIgnore: 'Pokud jste o přihlášení nežádali, můžete tuto zprávu ignorovat.',
  emailWhy: 'Tento e-mail vám přišel, protože někdo zadal tuto adresu k přihlášení do {app}.',
  emailLinkFallback: 'Pokud tlačítko nefunguje, zkopírujte tuto adresu do prohlížeče:',
  sms: {
    one: '{code} je váš ověřovací kód pro {app}. Platí {minutes} minutu.',
    few: '{code} je váš ověřovací kód pro {app}. Platí {minutes} minuty.',
    many: '{code} je váš ověřovací kód pro {app}. Platí {minutes} minuty.',
    other: '{code} je váš ověřovací kód pro {app}. Platí {minutes} minut.',
  },
  smsShort: 'Kód pro {app}: {code}',
  noAccountSubject: 'Pokus o přihlášení do {app}',
  noAccountBody:
    'Někdo chtěl s touto adresou přihlásit do {app}, ale žádný účet k ní tam není. Pokud jste to nebyli vy, můžete tuto zprávu ignorovat.',
  pageInvalidLinkTitle: 'Neplatný přihlašovací odkaz',
  pageInvalidLinkMessage:
    'Tento přihlašovací odkaz není pro tuto aplikaci platný. Požádejte o nový tam, kde jste se začali přihlašovat.',
  pageLinkExpiredTitle: 'Platnost přihlašovacího odkazu vypršela',
  pageLinkExpiredMessage:
    'Platnost tohoto přihlašovacího odkazu vypršela, nebo už bylo přihlášení dokončeno. Vraťte se do aplikace a přihlaste se znovu.',
  pageSignOutTitle: 'Odhlásit se?',
  pageSignOutByApp: '{client} žádá o vaše odhlášení ze služby {site}. Příště se budete muset znovu přihlásit.',
  pageSignOutByPage:
    'Stránka žádá o vaše odhlášení ze služby {site}. Pokud jste se odhlásit nechtěli, zavřete tuto stránku.',
  pageSignOutButton: 'Odhlásit se',
  pageSupportLink: 'Nápověda',
  pagePrivacyLink: 'Ochrana soukromí',
  pageTermsLink: 'Podmínky',
  pageSignedOutTitle: 'Odhlášeno',
  pageSignedOutHeading: 'Jste odhlášeni',
  pageSignedOutMessage: 'Tuto stránku můžete zavřít.',
  pageSignOutRefusedTitle: 'Žádost o odhlášení byla zamítnuta',
  pageSignOutExpired:
    'Platnost této odhlašovací stránky vypršela, nebo byla stránka otevřena v jiném prohlížeči. Nic se nezměnilo.',
} satisfies MessageTexts;
