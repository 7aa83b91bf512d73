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
  sms: {
    one: '{code} és el teu codi de verificació de {app}. Caduca d’aquí a {minutes} minut.',
    other: '{code} és el teu codi de verificació de {app}. Caduca d’aquí a {minutes} minuts.',
  },
  noAccountSubject: 'Intent d’inici de sessió a {app}',
  noAccountBody:
    'Algú ha demanat iniciar la sessió a {app} amb aquesta adreça, però no hi té cap compte. Si no has estat tu, pots ignorar aquest missatge.',
} satisfies MessageTexts;
