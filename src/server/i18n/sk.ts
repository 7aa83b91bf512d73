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
  sms: {
    one: '{code} je váš overovací kód pre {app}. Platí {minutes} minútu.',
    few: '{code} je váš overovací kód pre {app}. Platí {minutes} minúty.',
    many: '{code} je váš overovací kód pre {app}. Platí {minutes} minúty.',
    other: '{code} je váš overovací kód pre {app}. Platí {minutes} minút.',
  },
  noAccountSubject: 'Pokus o prihlásenie do {app}',
  noAccountBody:
    'Niekto sa chcel s touto adresou prihlásiť do {app}, ale nie je tam k nej žiadny účet. Ak ste to neboli vy, túto správu môžete ignorovať.',
} satisfies MessageTexts;
