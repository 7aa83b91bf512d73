/**
 * The element's passkey UI, a lazy chunk (the first load only has the hook that imports it): asks
 * the API's discovery document whether it offers passkeys (`passkey_challenge_endpoint`) and, if
 * so, gives the identifier state a "Sign in with a passkey" button. The button runs
 * ./passkey-client.ts's sign-in; its tokens become the same `login` as a code sign-in. A failure
 * shows a message under the button and leaves the code flow as it was.
 */
import type { html as litHtml } from 'lit';
import type { HostedTransaction, TokenResponse } from '../../protocol/index.js';
import type { MessageKey } from '../i18n/en.js';
import { baseUrl, ProtocolError } from '../protocol-error.js';
import type { ViewContext } from '../views/context.js';
import {
  completeWithPasskey,
  PasskeyError,
  passkeysSupported,
  signInWithPasskey,
  type PasskeyReason,
} from './passkey-client.js';

export interface PasskeyHost {
  domain: string;
  clientId: string;
  scope: string;
  audience: string;
  /** On the hosted login page: the pending request a passkey completes (when `passkey` says it may). */
  transaction?: HostedTransaction | undefined;
  requestUpdate(): void;
}

/** Renders the passkey part of the identifier state. */
export type PasskeyView = (ctx: ViewContext) => unknown;

const REASONS: Record<PasskeyReason, MessageKey> = {
  cancelled: 'passkeyCancelled',
  not_allowed: 'passkeyNotAllowed',
  unsupported: 'passkeyFailed',
  failed: 'passkeyFailed',
};

/** Codes whose own message says it best; any other refusal of the passkey says it did not work. */
const OWN_MESSAGE: Record<string, MessageKey> = {
  network_error: 'networkError',
  offline: 'offline',
  server_error: 'serverError',
  temporarily_unavailable: 'serverError',
  unauthorized: 'accountBlocked',
  too_many_requests: 'rateLimited',
};

/** The message for a failed passkey sign-in. */
export function passkeyMessageKey(error: unknown): MessageKey {
  if (error instanceof PasskeyError) return REASONS[error.reason];
  return (error instanceof ProtocolError && OWN_MESSAGE[error.code]) || 'passkeyFailed';
}

/** True when the API's discovery document advertises the passkey challenge endpoint. */
export async function apiOffersPasskeys(domain: string): Promise<boolean> {
  const base = baseUrl(domain);
  if (!base) return false;
  try {
    const response = await fetch(`${base}/.well-known/openid-configuration`, { credentials: 'omit' });
    if (!response.ok) return false;
    const doc = (await response.json()) as { passkey_challenge_endpoint?: unknown };
    return typeof doc.passkey_challenge_endpoint === 'string';
  } catch {
    return false;
  }
}

/**
 * The passkey view for `host`, or undefined where this browser has no WebAuthn or the API offers
 * no passkeys (then the element shows nothing more). `login` is the element's own finish (the
 * `login` event, from the token response).
 */
export async function passkeyView(
  host: PasskeyHost,
  login: (tokens: TokenResponse) => Promise<void>,
  // Lit's `html` from the element's own chunk: importing lit here makes the bundler move lit out
  // of the first-load file into a chunk of its own (+0.8 kB gzip on the first load).
  html: typeof litHtml,
): Promise<PasskeyView | undefined> {
  const hosted = host.transaction;
  if (!passkeysSupported() || !(hosted ? hosted.passkey : await apiOffersPasskeys(host.domain))) return undefined;
  let busy = false;
  let error: MessageKey | undefined;

  async function signIn(): Promise<void> {
    if (busy) return;
    busy = true;
    error = undefined;
    host.requestUpdate();
    try {
      // The hosted page goes back to the app with a code, as a code sign-in there does.
      if (hosted?.id) return location.assign(await completeWithPasskey(host, hosted.id));
      const tokens = await signInWithPasskey(
        { domain: host.domain, clientId: host.clientId },
        { scope: host.scope, ...(host.audience ? { audience: host.audience } : {}) },
      );
      await login(tokens);
    } catch (e) {
      error = passkeyMessageKey(e);
    } finally {
      busy = false;
      host.requestUpdate();
    }
  }

  return (ctx) => html`<div part="passkey">
    <button
      type="button"
      part="button secondary-button passkey-button"
      ?disabled=${busy || ctx.state !== 'identifier'}
      aria-describedby="passkey-error"
      @click=${signIn}
    >
      ${ctx.t('passkeySignIn')}
    </button>
    <p id="passkey-error" part="error passkey-error" role="alert" ?hidden=${!error}>${error ? ctx.t(error) : ''}</p>
  </div>`;
}
