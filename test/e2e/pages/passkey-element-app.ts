/**
 * The passkey e2e page's element: the package's ES build (dist/widget, code-split so the passkey
 * chunk stays lazy), with `passkeys` from the query string; its `login` details on `window.logins`.
 */
import 'passwordless-login';
import type { LoginResult } from '../../../src/protocol/index.js';

declare global {
  interface Window {
    E2E_CONFIG: { domain: string; clientId: string };
    logins: LoginResult[];
  }
}

window.logins = [];
const element = document.createElement('passwordless-login');
element.setAttribute('domain', window.E2E_CONFIG.domain);
element.setAttribute('client-id', window.E2E_CONFIG.clientId);
element.setAttribute('scope', 'openid email');
const passkeys = new URLSearchParams(location.search).get('passkeys');
if (passkeys) element.setAttribute('passkeys', passkeys);
element.addEventListener('login', (event) => window.logins.push(event.detail));
document.body.append(element);
