import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Tu código de verificación de {app}: {code}',
  emailIntro: 'Usa este código para iniciar sesión en {app}:',
  emailCodeLine: { one: 'El código vence en {minutes} minuto.', other: 'El código vence en {minutes} minutos.' },
  emailLinkIntro: 'O inicia sesión con un clic:',
  emailLinkButton: 'Iniciar sesión en {app}',
  emailLinkExpiry: {
    one: 'El enlace funciona durante {link_minutes} minuto, una sola vez, en el navegador donde lo pediste.',
    other: 'El enlace funciona durante {link_minutes} minutos, una sola vez, en el navegador donde lo pediste.',
  },
  emailIgnore: 'Si no pediste iniciar sesión, puedes ignorar este mensaje.',
  sms: {
    one: '{code} es tu código de verificación de {app}. Vence en {minutes} minuto.',
    other: '{code} es tu código de verificación de {app}. Vence en {minutes} minutos.',
  },
  noAccountSubject: 'Intento de inicio de sesión en {app}',
  noAccountBody:
    'Alguien pidió iniciar sesión en {app} con esta dirección, pero no tiene una cuenta ahí. Si no fuiste tú, puedes ignorar este mensaje.',
} satisfies MessageTexts;
