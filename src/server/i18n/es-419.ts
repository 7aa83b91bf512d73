import es from './es.js';
import type { MessageTexts } from './types.js';

/** Latin American Spanish: es with what differs. */
export default {
  ...es,
  emailCodeLine: { one: 'El código vence en {minutes} minuto.', other: 'El código vence en {minutes} minutos.' },
  emailIgnore: 'Si no pediste iniciar sesión, puedes ignorar este mensaje.',
  emailWhy: 'Recibiste este correo porque alguien escribió esta dirección para iniciar sesión en {app}.',
  emailLinkFallback: 'Si el botón no funciona, copia esta dirección en tu navegador:',
  sms: {
    one: '{code} es tu código de verificación de {app}. Vence en {minutes} minuto.',
    other: '{code} es tu código de verificación de {app}. Vence en {minutes} minutos.',
  },
  smsShort: 'Código de {app}: {code}',
  noAccountBody:
    'Alguien pidió iniciar sesión en {app} con esta dirección, pero no tiene una cuenta ahí. Si no fuiste tú, puedes ignorar este mensaje.',
  pageLinkExpiredTitle: 'Enlace de inicio de sesión vencido',
  pageLinkExpiredMessage:
    'Este enlace de inicio de sesión venció o su inicio de sesión ya se completó. Vuelve a la aplicación e inicia sesión de nuevo.',
  pageSignedOutHeading: 'Cerraste sesión',
  pageSignOutExpired: 'Esta página de cierre de sesión venció o no se abrió en este navegador. No se cambió nada.',
} satisfies MessageTexts;
