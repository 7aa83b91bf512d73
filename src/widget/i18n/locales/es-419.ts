import type { Messages } from '../en.js';

/**
 * Latin American Spanish: only what differs from ./es.ts. The rest comes from es, whose file is loaded
 * side by side with this one (src/widget/i18n/runtime.ts): every key in one round trip.
 */
export default {
  codeSent: 'Enviamos un código de {digits} dígitos a {to}.',
  linkSent: 'Revisa tu correo. Enviamos un enlace para iniciar sesión a {to}. Ábrelo en este navegador.',
  enterCodeInstead: 'Ingresar el código',
  verifying: 'Verificando el código…',
  resendIn: { one: 'Podrás pedir otro en {seconds} segundo.', other: 'Podrás pedir otro en {seconds} segundos.' },
  resent: 'Enviamos otro a {to}.',
  done: 'Iniciaste sesión.',
  startOver: 'Volver a empezar',
  invalidEmail: 'Ingresa un correo electrónico válido, como name@example.com.',
  invalidPhone: 'Ingresa un número de teléfono válido para el país seleccionado.',
  invalidCode: 'Ingresa el código de {digits} dígitos.',
  wrongCode: 'Ese código no es correcto. Revísalo y vuelve a intentarlo.',
  expiredCode: 'Este código venció o ya se usó. Pide uno nuevo.',
  tooManyAttempts: 'Demasiados intentos incorrectos con este código. Pide uno nuevo.',
  rateLimited: 'Demasiadas solicitudes. Espera un momento y vuelve a intentarlo.',
  rateLimitedFor: {
    one: 'Demasiadas solicitudes. Vuelve a intentarlo en {seconds} segundo.',
    other: 'Demasiadas solicitudes. Vuelve a intentarlo en {seconds} segundos.',
  },
  providerError: 'No pudimos enviar el mensaje. Vuelve a intentarlo en un momento.',
  badIdentifierEmail: 'Esta dirección de correo no puede recibir códigos. Revísala y vuelve a intentarlo.',
  badIdentifierPhone: 'Este número de teléfono no puede recibir códigos. Revísalo y vuelve a intentarlo.',
  networkError: 'No podemos conectarnos con el servidor de inicio de sesión. Revisa tu conexión y vuelve a intentarlo.',
  offline: 'No tienes conexión. Vuelve a conectarte e inténtalo otra vez.',
  serverError: 'Algo salió mal de nuestro lado. Vuelve a intentarlo en un momento.',
  invalidResponse: 'El servidor de inicio de sesión envió una respuesta que no entendemos. Inténtalo más tarde.',
  misconfigured: 'Este formulario de inicio de sesión no está bien configurado. Avísale al dueño del sitio.',
  linkStateMissing:
    'Este enlace se abrió en otro navegador o dispositivo. Ábrelo en el navegador donde lo pediste o escribe ahí el código del mismo correo.',
  linkExpired: 'Este enlace venció o ya se usó.',
  linkFailed: 'No pudimos iniciar tu sesión con este enlace.',
  passkeyCancelled: 'No se usó ninguna llave de acceso. Vuelve a intentarlo o usa un código.',
  passkeyFailed: 'La llave de acceso no funcionó. Usa un código.',
  passkeyTimedOut: 'Se agotó el tiempo de la llave de acceso. Vuelve a intentarlo o usa un código.',
  passkeyNotSaved: 'No se guardó la llave de acceso. Sigues con la sesión iniciada.',
} satisfies Partial<Messages>;
