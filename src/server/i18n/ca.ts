import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'El teu codi de verificació de {app}: {code}',
  emailIntro: 'Fes servir aquest codi per iniciar la sessió a {app}:',
  emailCodeLine: {
    one: 'El codi caduca d’aquí a {minutes} minut.',
    other: 'El codi caduca d’aquí a {minutes} minuts.',
  },
  emailLinkIntro: 'O inicia la sessió amb un clic:',
  emailLinkButton: 'Inicia la sessió a {app}',
  emailLinkExpiry: {
    one: 'L’enllaç funciona durant {link_minutes} minut, una sola vegada, al navegador on el vas demanar.',
    other: 'L’enllaç funciona durant {link_minutes} minuts, una sola vegada, al navegador on el vas demanar.',
  },
  emailIgnore: 'Si no has demanat iniciar la sessió, pots ignorar aquest missatge.',
  emailWhy: 'Has rebut aquest correu perquè algú ha escrit aquesta adreça per iniciar la sessió a {app}.',
  emailLinkFallback: 'Si el botó no funciona, copia aquesta adreça al navegador:',
  sms: {
    one: '{code} és el teu codi de verificació de {app}. Caduca d’aquí a {minutes} minut.',
    other: '{code} és el teu codi de verificació de {app}. Caduca d’aquí a {minutes} minuts.',
  },
  smsShort: 'Codi de {app}: {code}',
  noAccountSubject: 'Intent d’inici de sessió a {app}',
  noAccountBody:
    'Algú ha demanat iniciar la sessió a {app} amb aquesta adreça, però no hi té cap compte. Si no has estat tu, pots ignorar aquest missatge.',
  pageInvalidLinkTitle: 'Enllaç d’inici de sessió no vàlid',
  pageInvalidLinkMessage:
    'Aquest enllaç d’inici de sessió no és vàlid per a aquesta aplicació. Demana’n un de nou allà on has començat a iniciar la sessió.',
  pageLinkExpiredTitle: 'Enllaç d’inici de sessió caducat',
  pageLinkExpiredMessage:
    'Aquest enllaç d’inici de sessió ha caducat o el seu inici de sessió ja s’ha completat. Torna a l’aplicació i inicia la sessió de nou.',
  pageSignOutTitle: 'Vols tancar la sessió?',
  pageSignOutByApp:
    '{client} demana tancar la teva sessió a {site}. La propera vegada hauràs de tornar a iniciar la sessió.',
  pageSignOutByPage:
    'Una pàgina demana tancar la teva sessió a {site}. Si no volies tancar la sessió, tanca aquesta pàgina.',
  pageSignOutButton: 'Tanca la sessió',
  pageSupportLink: 'Ajuda',
  pagePrivacyLink: 'Privadesa',
  pageTermsLink: 'Condicions',
  pageSignedOutTitle: 'Sessió tancada',
  pageSignedOutHeading: 'Has tancat la sessió',
  pageSignedOutMessage: 'Pots tancar aquesta pàgina.',
  pageSignOutRefusedTitle: 'Sol·licitud de tancament de sessió rebutjada',
  pageSignOutExpired:
    'Aquesta pàgina de tancament de sessió ha caducat o no s’ha obert en aquest navegador. No s’ha canviat res.',
} satisfies MessageTexts;
