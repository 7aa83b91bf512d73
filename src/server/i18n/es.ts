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
  emailWhy: 'Has recibido este correo porque alguien ha escrito esta dirección para iniciar sesión en {app}.',
  emailLinkFallback: 'Si el botón no funciona, copia esta dirección en tu navegador:',
  sms: {
    one: '{code} es tu código de verificación de {app}. Caduca en {minutes} minuto.',
    other: '{code} es tu código de verificación de {app}. Caduca en {minutes} minutos.',
  },
  smsShort: 'Código de {app}: {code}',
  noAccountSubject: 'Intento de inicio de sesión en {app}',
  noAccountBody:
    'Alguien pidió iniciar sesión en {app} con esta dirección, pero no tiene cuenta allí. Si no fuiste tú, ignora este mensaje.',
  pageInvalidLinkTitle: 'Enlace de inicio de sesión no válido',
  pageInvalidLinkMessage:
    'Este enlace de inicio de sesión no es válido para esta aplicación. Pide uno nuevo donde empezaste a iniciar sesión.',
  pageLinkExpiredTitle: 'Enlace de inicio de sesión caducado',
  pageLinkExpiredMessage:
    'Este enlace de inicio de sesión ha caducado o su inicio de sesión ya se ha completado. Vuelve a la aplicación e inicia sesión de nuevo.',
  pageSignOutTitle: '¿Cerrar sesión?',
  pageSignOutByApp: '{client} pide cerrar tu sesión en {site}. La próxima vez tendrás que volver a iniciar sesión.',
  pageSignOutByPage: 'Una página pide cerrar tu sesión en {site}. Si no querías cerrar sesión, cierra esta página.',
  pageSignOutButton: 'Cerrar sesión',
  pageSupportLink: 'Ayuda',
  pagePrivacyLink: 'Privacidad',
  pageTermsLink: 'Condiciones',
  pageSignedOutTitle: 'Sesión cerrada',
  pageSignedOutHeading: 'Has cerrado sesión',
  pageSignedOutMessage: 'Puedes cerrar esta página.',
  pageSignOutRefusedTitle: 'Solicitud de cierre de sesión rechazada',
  pageSignOutExpired:
    'Esta página de cierre de sesión ha caducado o no se abrió en este navegador. No se ha cambiado nada.',
} satisfies MessageTexts;
