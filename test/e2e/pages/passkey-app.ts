/**
 * The passkey e2e page's app: the widget's passkey client (src/widget/passkeys/passkey-client.ts)
 * and auth0-spa-js, on `window` for the test to drive.
 */
import { Auth0Client } from '@auth0/auth0-spa-js';
import * as pk from '../../../src/widget/passkeys/passkey-client.js';

declare global {
  interface Window {
    pk: typeof pk;
    Auth0Client: typeof Auth0Client;
  }
}

window.pk = pk;
window.Auth0Client = Auth0Client;
