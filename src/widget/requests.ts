/**
 * What the element needs once the user sends: the API calls and the email rule. A lazy chunk of
 * the ES build, asked for when focus first enters the element (or at the latest on send), so the
 * first load carries only what the first state shows.
 */
export { completeTransaction, hostedStatus, passwordlessStart, verifyOtp } from './protocol-client.js';
export { canonicalEmail } from '../protocol/email.js';
