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
    /** Every `login` and `passkey-saved`, in order, with whether the save offer was on screen then. */
    events: { type: string; offerShown: boolean; detail: unknown }[];
  }
}

window.logins = [];
window.events = [];
const element = document.createElement('passwordless-login');
element.setAttribute('domain', window.E2E_CONFIG.domain);
element.setAttribute('client-id', window.E2E_CONFIG.clientId);
element.setAttribute('scope', 'openid email');
const passkeys = new URLSearchParams(location.search).get('passkeys');
if (passkeys) element.setAttribute('passkeys', passkeys);
// `?send=link`: email magic links (the link returns to this page without the query).
const send = new URLSearchParams(location.search).get('send');
if (send) element.setAttribute('send', send);
// `?autofill=off`: a browser whose autofill offers no passkeys (the button is the way in there).
if (new URLSearchParams(location.search).get('autofill') === 'off') {
  PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
}
element.addEventListener('login', (event) => window.logins.push(event.detail));
for (const type of ['login', 'passkey-saved'] as const) {
  element.addEventListener(type, (event) => {
    const offerShown = !!element.shadowRoot!.querySelector('[part~="passkey-offer"]');
    window.events.push({ type, offerShown, detail: event.detail });
  });
}
document.body.append(element);
