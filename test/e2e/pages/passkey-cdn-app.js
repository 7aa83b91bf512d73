// The passkey e2e page of the script-tag file (dist/cdn): one element; its `login` details on
// `window.logins`. The passkey UI comes from dist/cdn/passkeys.js, beside the script.
/* global window, document */
window.logins = [];
const element = document.createElement('passwordless-login');
element.setAttribute('domain', window.E2E_CONFIG.domain);
element.setAttribute('client-id', window.E2E_CONFIG.clientId);
element.setAttribute('scope', 'openid email');
element.addEventListener('login', (event) => window.logins.push(event.detail));
document.body.append(element);
