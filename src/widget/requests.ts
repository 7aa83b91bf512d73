/**
 * What the element needs once the user sends: the sign-in flow, with the API calls and the email
 * rule it uses. A lazy chunk of the ES build, asked for when focus first enters the element (or at
 * the latest on send), so the first load carries only what the first state shows.
 */
export { SignInController } from './controllers/sign-in-controller.js';
