import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Sinu {app} kinnituskood: {code}',
  emailIntro: 'Kasuta seda koodi, et rakendusse {app} sisse logida:',
  emailCodeLine: { one: 'Kood aegub {minutes} minuti pärast.', other: 'Kood aegub {minutes} minuti pärast.' },
  emailLinkIntro: 'Või logi sisse ühe klõpsuga:',
  emailLinkButton: 'Logi sisse rakendusse {app}',
  emailLinkExpiry: {
    one: 'Link kehtib {link_minutes} minuti, ühe korra, brauseris, kust selle küsisid.',
    other: 'Link kehtib {link_minutes} minutit, ühe korra, brauseris, kust selle küsisid.',
  },
  emailIgnore: 'Kui sa ei palunud sisse logida, võid selle sõnumi tähelepanuta jätta.',
  emailWhy: 'Said selle kirja, sest keegi sisestas selle aadressi, et {app} rakendusse sisse logida.',
  emailLinkFallback: 'Kui nupp ei tööta, kopeeri see aadress oma brauserisse:',
  sms: {
    one: '{code} on sinu {app} kinnituskood. See aegub {minutes} minuti pärast.',
    other: '{code} on sinu {app} kinnituskood. See aegub {minutes} minuti pärast.',
  },
  smsShort: '{app} kood: {code}',
  noAccountSubject: 'Sisselogimiskatse rakendusse {app}',
  noAccountBody:
    'Keegi soovis selle aadressiga rakendusse {app} sisse logida, kuid sellel pole seal kontot. Kui see polnud sina, võid selle sõnumi tähelepanuta jätta.',
  pageInvalidLinkTitle: 'Kehtetu sisselogimislink',
  pageInvalidLinkMessage:
    'See sisselogimislink ei kehti selle rakenduse jaoks. Küsi uus link sealt, kus sisselogimist alustasid.',
  pageLinkExpiredTitle: 'Sisselogimislink on aegunud',
  pageLinkExpiredMessage:
    'See sisselogimislink on aegunud või on sisselogimine sellega juba lõpule viidud. Naase rakendusse ja logi uuesti sisse.',
  pageSignOutTitle: 'Kas logida välja?',
  pageSignOutByApp: '{client} soovib sind teenusest {site} välja logida. Järgmisel korral pead uuesti sisse logima.',
  pageSignOutByPage:
    'Üks leht soovib sind teenusest {site} välja logida. Kui sa ei tahtnud välja logida, sulge see leht.',
  pageSignOutButton: 'Logi välja',
  pageSupportLink: 'Abi',
  pagePrivacyLink: 'Privaatsus',
  pageTermsLink: 'Tingimused',
  pageSignedOutTitle: 'Välja logitud',
  pageSignedOutHeading: 'Oled välja logitud',
  pageSignedOutMessage: 'Võid selle lehe sulgeda.',
  pageSignOutRefusedTitle: 'Väljalogimise taotlus lükati tagasi',
  pageSignOutExpired: 'See väljalogimise leht on aegunud või ei avatud seda selles brauseris. Midagi ei muudetud.',
} satisfies MessageTexts;
