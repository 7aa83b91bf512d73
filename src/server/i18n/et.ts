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
  sms: {
    one: '{code} on sinu {app} kinnituskood. See aegub {minutes} minuti pärast.',
    other: '{code} on sinu {app} kinnituskood. See aegub {minutes} minuti pärast.',
  },
  noAccountSubject: 'Sisselogimiskatse rakendusse {app}',
  noAccountBody:
    'Keegi soovis selle aadressiga rakendusse {app} sisse logida, kuid sellel pole seal kontot. Kui see polnud sina, võid selle sõnumi tähelepanuta jätta.',
} satisfies MessageTexts;
