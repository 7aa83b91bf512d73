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
  emailWhy: 'Þú fékkst þennan póst af því að einhver sló inn þetta netfang til að skrá sig inn í {app}.',
  emailLinkFallback: 'Ef hnappurinn virkar ekki skaltu afrita þessa slóð í vafrann þinn:',
  sms: {
    one: '{code} er staðfestingarkóðinn þinn fyrir {app}. Hann rennur út eftir {minutes} mínútu.',
    other: '{code} er staðfestingarkóðinn þinn fyrir {app}. Hann rennur út eftir {minutes} mínútur.',
  },
  smsShort: 'Kóði fyrir {app}: {code}',
  noAccountSubject: 'Innskráningartilraun í {app}',
  noAccountBody:
    'Einhver bað um að skrá sig inn í {app} með þessu netfangi, en enginn aðgangur er skráður á það þar. Ef þetta varst ekki þú geturðu hunsað þessi skilaboð.',
  pageInvalidLinkTitle: 'Ógildur innskráningartengill',
  pageInvalidLinkMessage:
    'Þessi innskráningartengill gildir ekki fyrir þetta forrit. Biddu um nýjan þar sem þú byrjaðir að skrá þig inn.',
  pageLinkExpiredTitle: 'Útrunninn innskráningartengill',
  pageLinkExpiredMessage:
    'Þessi innskráningartengill er útrunninn eða innskráningunni er þegar lokið. Farðu til baka í forritið og skráðu þig inn aftur.',
  pageSignOutTitle: 'Viltu skrá þig út?',
  pageSignOutByApp: '{client} biður um að skrá þig út af {site}. Þú þarft að skrá þig inn aftur næst.',
  pageSignOutByPage:
    'Síða biður um að skrá þig út af {site}. Ef þú ætlaðir ekki að skrá þig út skaltu loka þessari síðu.',
  pageSignOutButton: 'Skrá út',
  pageSupportLink: 'Hjálp',
  pagePrivacyLink: 'Persónuvernd',
  pageTermsLink: 'Skilmálar',
  pageSignedOutTitle: 'Útskráning tókst',
  pageSignedOutHeading: 'Þú hefur skráð þig út',
  pageSignedOutMessage: 'Þú getur lokað þessari síðu.',
  pageSignOutRefusedTitle: 'Beiðni um útskráningu hafnað',
  pageSignOutExpired: 'Þessi útskráningarsíða er útrunnin eða var ekki opnuð í þessum vafra. Engu var breytt.',
} satisfies MessageTexts;
