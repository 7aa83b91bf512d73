/**
 * Registers `<passwordless-login>`. Import this module (or load the script-tag build) to use the
 * element; import `./passwordless-login.component.js` for the class without registering it.
 */
import { PasswordlessLogin } from './passwordless-login.component.js';

export { PasswordlessLogin };
export * from './events.js';
export type { LoginState } from './state.js';
export type { LoginResult } from '../protocol/index.js';
export type { Messages, MessageKey } from './i18n/en.js';
export { registerMessages } from './controllers/localize-controller.js';

if (!customElements.get('passwordless-login')) {
  customElements.define('passwordless-login', PasswordlessLogin);
}

declare global {
  interface HTMLElementTagNameMap {
    'passwordless-login': PasswordlessLogin;
  }
}
