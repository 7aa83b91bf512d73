import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Staðfestingarkóðinn þinn fyrir {app}: {code}',
  emailIntro: 'Notaðu þennan kóða til að skrá þig inn í {app}:',
  emailCodeLine: {
    one: 'Kóðinn rennur út eftir {minutes} mínútu.',
    other: 'Kóðinn rennur út eftir {minutes} mínútur.',
  },
  emailLinkIntro: 'Eða skráðu þig inn með einum smelli:',
  emailLinkButton: 'Skrá inn í {app}',
  emailLinkExpiry: {
    one: 'Tengillinn virkar í {link_minutes} mínútu, einu sinni, í vafranum þar sem þú baðst um hann.',
    other: 'Tengillinn virkar í {link_minutes} mínútur, einu sinni, í vafranum þar sem þú baðst um hann.',
  },
  emailIgnore: 'Ef þú baðst ekki um innskráningu geturðu hunsað þessi skilaboð.',
  sms: {
    one: '{code} er staðfestingarkóðinn þinn fyrir {app}. Hann rennur út eftir {minutes} mínútu.',
    other: '{code} er staðfestingarkóðinn þinn fyrir {app}. Hann rennur út eftir {minutes} mínútur.',
  },
  noAccountSubject: 'Innskráningartilraun í {app}',
  noAccountBody:
    'Einhver bað um að skrá sig inn í {app} með þessu netfangi, en enginn aðgangur er skráður á það þar. Ef þetta varst ekki þú geturðu hunsað þessi skilaboð.',
} satisfies MessageTexts;
