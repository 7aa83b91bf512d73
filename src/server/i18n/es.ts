import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Tu código de verificación de {app}: {code}',
  emailIntro: 'Usa este código para iniciar sesión en {app}:',
  emailCodeLine: { one: 'El código caduca en {minutes} minuto.', other: 'El código caduca en {minutes} minutos.' },
  emailLinkIntro: 'O inicia sesión con un clic:',
  emailLinkButton: 'Iniciar sesión en {app}',
  emailLinkExpiry: {
    one: 'El enlace funciona durante {link_minutes} minuto, una sola vez, en el navegador donde lo pediste.',
    other: 'El enlace funciona durante {link_minutes} minutos, una sola vez, en el navegador donde lo pediste.',
  },
  emailIgnore: 'Si no pediste iniciar sesión, ignora este mensaje.',
  sms: {
    one: '{code} es tu código de verificación de {app}. Caduca en {minutes} minuto.',
    other: '{code} es tu código de verificación de {app}. Caduca en {minutes} minutos.',
  },
  noAccountSubject: 'Intento de inicio de sesión en {app}',
  noAccountBody:
    'Alguien pidió iniciar sesión en {app} con esta dirección, pero no tiene cuenta allí. Si no fuiste tú, ignora este mensaje.',
} satisfies MessageTexts;
