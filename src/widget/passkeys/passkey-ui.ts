/**
 * The element's passkey UI, a lazy chunk (the first load only has the hook that imports it; the
 * script-tag build loads it from `passkeys.js` beside the script, see ./passkey-ui.cdn.ts). It asks
 * the API's discovery document whether it offers passkeys (`passkey_challenge_endpoint`) and, if so:
 *
 * - identifier state: a "Sign in with a passkey" button, and, where the browser offers passkeys in
 *   autofill (conditional mediation) and this page may use the RP ID, `webauthn` in the identifier
 *   field's `autocomplete` with a conditional request running behind it. The request is aborted
 *   when the element leaves the identifier state or the page, and when the button is pressed (the
 *   browser runs one request at a time). Either way, the tokens become the same `login` as a code.
 * - done state, after a code or magic-link sign-in: the offer to save a passkey (MyAccount
 *   enrolment with that sign-in's access token, which the element asked for `{issuer}/me/` through
 *   `grant`, in the code grant and in the link's request). It is shown only after `login` was
 *   dispatched (also when this chunk arrives after it, as on a link's return page), and "Not now"
 *   is remembered per identifier.
 *
 * A failure shows a message and leaves the code flow (or the sign-in) as it was.
 */
import type { html as litHtml, ReactiveController, ReactiveControllerHost } from 'lit';
import type { HostedTransaction, LoginResult, PasskeyAuthenticationMethod, TokenResponse } from '../../protocol/index.js';
import { MY_ACCOUNT_PATH } from '../../protocol/index.js';
import type { PasskeySavedDetail } from '../events.js';
import { enPasskeys } from '../i18n/en-passkeys.js';
import type { MessageKey, Messages } from '../i18n/en.js';
import { baseUrl, ProtocolError } from '../protocol-error.js';
import type { LoginState } from '../state.js';
import type { ViewContext } from '../views/context.js';
import {
  autofillAvailable,
  completeWithPasskey,
  pageMatchesRp,
  passkeyChallenge,
  PasskeyError,
  passkeysSupported,
  savePasskey,
  signInWithPasskey,
  type PasskeyReason,
  type PasskeySignIn,
} from './passkey-client.js';

/** What the chunk needs of the element (all public on it). */
export interface PasskeyHost extends ReactiveControllerHost, HTMLElement {
  domain: string;
  clientId: string;
  scope: string;
  audience: string;
  passkeys: 'auto' | 'sign-in' | 'off';
  /** On the hosted login page: the pending request a passkey completes (when `passkey` says it may). */
  transaction?: HostedTransaction | undefined;
  readonly state: LoginState;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the element gets back: the view, and what its code or link sign-in should ask for. */
export interface PasskeyPart {
  render(ctx: ViewContext): unknown;
  /**
   * Scope and audience for the code grant and the link's request, so its access token can save a
   * passkey (MyAccount):
   * undefined when the host set an `audience` of its own or turned the offer off.
   */
  readonly grant: { scope: string; audience: string } | undefined;
}

/** The scope MyAccount's enrolment needs. */
export const CREATE_SCOPE = 'create:me:authentication_methods';

const REASONS: Record<PasskeyReason, MessageKey> = {
  cancelled: 'passkeyCancelled',
  timed_out: 'passkeyTimedOut',
  not_allowed: 'passkeyNotAllowed',
  exists: 'passkeyFailed',
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

/** The message for a passkey that could not be saved (the sign-in itself stands). */
export const saveMessageKey = (error: unknown): MessageKey =>
  error instanceof PasskeyError && error.reason === 'exists' ? 'passkeyExists' : 'passkeyNotSaved';

interface Discovery {
  issuer?: unknown;
  passkey_challenge_endpoint?: unknown;
}

/** The API's discovery document when it advertises the passkey challenge endpoint, else undefined. */
export async function passkeyDiscovery(domain: string): Promise<Discovery | undefined> {
  const base = baseUrl(domain);
  if (!base) return undefined;
  try {
    const response = await fetch(`${base}/.well-known/openid-configuration`, { credentials: 'omit' });
    if (!response.ok) return undefined;
    const doc = (await response.json()) as Discovery;
    return typeof doc.passkey_challenge_endpoint === 'string' ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** True when the API's discovery document advertises the passkey challenge endpoint. */
export const apiOffersPasskeys = async (domain: string): Promise<boolean> => !!(await passkeyDiscovery(domain));

// ───────────────────────── "not now", per identifier ─────────────────────────

const OFFER_KEY = (clientId: string) => `passwordless-login:passkey-offer:${clientId}`;
const KEEP = 50;

/**
 * The identifier as stored for "not now": SHA-256 of client and identifier, base64url, 22 chars.
 * Not the address itself, so localStorage does not list who signed in here (an email address is
 * guessable, so this hides it from a glance, not from a determined search).
 */
export async function identifierKey(clientId: string, identifier: string): Promise<string> {
  const data = new TextEncoder().encode(`${clientId}\n${identifier.trim().toLowerCase()}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return btoa(String.fromCharCode(...hash.slice(0, 16)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function declinedList(clientId: string): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(OFFER_KEY(clientId)) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The offer was declined ("not now") or is done (saved, or already there) for this identifier. */
export const offerDeclined = (clientId: string, key: string): boolean => declinedList(clientId).includes(key);

export function declineOffer(clientId: string, key: string): void {
  try {
    const list = [key, ...declinedList(clientId).filter((k) => k !== key)].slice(0, KEEP);
    localStorage.setItem(OFFER_KEY(clientId), JSON.stringify(list));
  } catch {
    // Storage blocked or full: the offer may come again, nothing worse.
  }
}

// ───────────────────────── the controller ─────────────────────────

interface Offer {
  token: string;
  key: string;
  status: 'ask' | 'saving' | 'saved' | 'exists';
}

/** Tries of autofill's request that ended on their own (not aborted by us) before it gives up. */
const AUTOFILL_TRIES = 3;

class PasskeyController implements ReactiveController, PasskeyPart {
  #busy = false;
  #error: MessageKey | undefined;
  /** Autofill is possible here (the browser has it and the page matches the RP). */
  #autofill: boolean;
  #conditional: AbortController | undefined;
  #autofillTries = 0;
  /** The page may not use the RP ID: no passkey UI at all. */
  #hidden = false;
  /** The next `login` is a passkey's (no offer after it). */
  #byPasskey = false;
  /**
   * A passkey signed in and the element is on its way to `done` (the login event comes after a
   * lazy import): autofill must not start again meanwhile. Cleared once the element left the
   * identifier state, so `reset()` back to it offers autofill again.
   */
  #signedIn = false;
  /** The key of the identifier the code went to, hashed as soon as it was sent. */
  #sentKey: Promise<string> | undefined;
  #offer: Offer | undefined;

  constructor(
    private readonly host: PasskeyHost,
    private readonly login: (tokens: TokenResponse) => Promise<void>,
    private readonly html: typeof litHtml,
    private readonly myAccount: string | undefined,
    autofill: boolean,
    lastLogin?: LoginResult,
  ) {
    this.#autofill = autofill;
    host.addController(this);
    host.addEventListener('sent', (e) => (this.#sentKey = identifierKey(host.clientId, e.detail.to)));
    host.addEventListener('login', (e) => void this.#considerOffer(e.detail));
    // This chunk came after the sign-in's `login` (a link's return page redeems the link while the
    // chunk and the discovery document load): the offer follows that `login` all the same.
    if (lastLogin && host.state === 'done') void this.#considerOffer(lastLogin);
  }

  get grant() {
    const h = this.host;
    if (h.passkeys !== 'auto' || h.audience || !this.myAccount) return undefined;
    const scope = h.scope.split(/\s+/).includes(CREATE_SCOPE) ? h.scope : `${h.scope} ${CREATE_SCOPE}`;
    return { scope, audience: this.myAccount };
  }

  get #api() {
    return { domain: this.host.domain, clientId: this.host.clientId };
  }

  get #signInParams() {
    const h = this.host;
    return { scope: h.scope, ...(h.audience ? { audience: h.audience } : {}) };
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    this.#armAutofill();
  }

  hostDisconnected(): void {
    this.#stopAutofill();
  }

  // ───── autofill (conditional mediation) ─────

  #armAutofill(): void {
    const h = this.host;
    const on = this.#autofill && !this.#hidden && h.passkeys !== 'off' && h.isConnected && h.state === 'identifier';
    const input = h.renderRoot.querySelector<HTMLInputElement>('#email, #phone');
    if (input) {
      // Browsers offer passkeys only in a field whose autocomplete ends in `webauthn` (HTML's
      // autofill detail tokens); the field's own token stays in front of it.
      const email = input.id === 'email';
      const want =
        this.#autofill && !this.#hidden && h.passkeys !== 'off'
          ? `${email ? 'username' : 'tel-national'} webauthn`
          : email
            ? 'email'
            : 'tel-national';
      if (input.getAttribute('autocomplete') !== want) input.setAttribute('autocomplete', want);
    }
    if (h.state !== 'identifier') this.#signedIn = false;
    if (!on) return this.#stopAutofill();
    if (this.#conditional || this.#busy || this.#signedIn || this.#autofillTries >= AUTOFILL_TRIES) return;
    void this.#runAutofill();
  }

  #stopAutofill(): void {
    this.#conditional?.abort();
    this.#conditional = undefined;
  }

  async #runAutofill(): Promise<void> {
    const abort = (this.#conditional = new AbortController());
    try {
      const challenge = await passkeyChallenge(this.#api);
      const rpId = challenge.authn_params_public_key.rpId;
      if (rpId && !pageMatchesRp(rpId)) {
        // e.g. the page on 127.0.0.1 for an RP `localhost`: every ceremony would be refused.
        this.#hidden = true;
        return;
      }
      if (abort.signal.aborted) return;
      await this.#finish({ mediation: 'conditional', signal: abort.signal, challenge });
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#autofillTries++;
      // A request that ended by itself (its timeout) starts again quietly; anything else is said.
      if (!(e instanceof PasskeyError && (e.reason === 'cancelled' || e.reason === 'timed_out'))) {
        this.#error = passkeyMessageKey(e);
      }
    } finally {
      if (this.#conditional === abort) this.#conditional = undefined;
      this.host.requestUpdate();
    }
  }

  /**
   * A passkey's sign-in: its tokens become the element's `login`; on the hosted login page it
   * completes the pending request instead and the browser goes back to the app with a code.
   */
  async #finish(o: PasskeySignIn): Promise<void> {
    const transaction = this.host.transaction?.id;
    if (transaction) {
      const to = await completeWithPasskey(this.#api, transaction, o);
      this.#signedIn = true;
      location.assign(to);
      return;
    }
    const tokens = await signInWithPasskey(this.#api, { ...this.#signInParams, ...o });
    this.#byPasskey = this.#signedIn = true;
    await this.login(tokens);
  }

  // ───── the button ─────

  #signIn = async (): Promise<void> => {
    if (this.#busy) return;
    // The browser runs one WebAuthn request at a time: the button's own (modal) one replaces autofill's.
    this.#stopAutofill();
    this.#busy = true;
    this.#error = undefined;
    this.host.requestUpdate();
    try {
      await this.#finish({});
    } catch (e) {
      this.#error = passkeyMessageKey(e);
    } finally {
      this.#busy = false;
      this.host.requestUpdate();
    }
  };

  // ───── the offer to save one ─────

  async #considerOffer(result: LoginResult): Promise<void> {
    const byPasskey = this.#byPasskey;
    this.#byPasskey = false;
    // A new sign-in: an earlier offer (another user's, before a reset) and earlier messages go.
    this.#offer = undefined;
    this.#error = undefined;
    const h = this.host;
    if (byPasskey || h.passkeys !== 'auto' || this.#hidden || !result.scope.split(/\s+/).includes(CREATE_SCOPE)) return;
    const claims = result.idTokenPayload;
    const sent = this.#sentKey;
    this.#sentKey = undefined;
    const key = await (sent ??
      identifierKey(h.clientId, String(claims.email ?? claims.phone_number ?? claims.sub ?? '')));
    if (offerDeclined(h.clientId, key)) return;
    this.#offer = { token: result.accessToken, key, status: 'ask' };
    h.requestUpdate();
  }

  #notNow = (): void => {
    if (!this.#offer) return;
    declineOffer(this.host.clientId, this.#offer.key);
    this.#offer = undefined;
    this.#error = undefined;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.focus());
  };

  #save = async (): Promise<void> => {
    const offer = this.#offer;
    if (!offer || offer.status !== 'ask') return;
    offer.status = 'saving';
    this.#error = undefined;
    this.host.requestUpdate();
    let method: PasskeyAuthenticationMethod;
    try {
      method = await savePasskey(this.host.domain, offer.token);
    } catch (e) {
      this.#error = saveMessageKey(e);
      // Already on this device: nothing to save here, and nothing to offer next time.
      offer.status = this.#error === 'passkeyExists' ? 'exists' : 'ask';
      if (offer.status === 'exists') declineOffer(this.host.clientId, offer.key);
      this.host.requestUpdate();
      return;
    }
    offer.status = 'saved';
    declineOffer(this.host.clientId, offer.key);
    this.host.requestUpdate();
    const detail: PasskeySavedDetail = { method };
    this.host.dispatchEvent(new CustomEvent('passkey-saved', { bubbles: true, composed: true, detail }));
  };

  // ───── render ─────

  render(ctx: ViewContext): unknown {
    const { html } = this;
    const h = this.host;
    if (this.#hidden || h.passkeys === 'off') return undefined;
    const error = this.#error;
    const message = html`<p id="passkey-error" part="error passkey-error" role="alert" ?hidden=${!error}>
      ${error ? ctx.t(error) : ''}
    </p>`;
    if (ctx.state === 'identifier' || ctx.state === 'sending') {
      return html`<div part="passkey">
        <button
          type="button"
          part="button secondary-button passkey-button"
          ?disabled=${this.#busy || ctx.state !== 'identifier'}
          aria-describedby="passkey-error"
          @click=${this.#signIn}
        >
          ${ctx.t('passkeySignIn')}
        </button>
        ${message}
      </div>`;
    }
    const offer = this.#offer;
    if (ctx.state !== 'done' || !offer) return undefined;
    if (offer.status === 'saved') {
      return html`<div part="passkey-offer">
        <p part="success passkey-saved" role="status">${ctx.t('passkeySaved')}</p>
      </div>`;
    }
    const saving = offer.status === 'saving';
    return html`<div part="passkey-offer" role="group" aria-labelledby="passkey-offer-text">
      <p id="passkey-offer-text" part="message passkey-offer-text">${ctx.t('passkeyOffer')}</p>
      ${
        offer.status === 'exists'
          ? ''
          : html`<button
              type="button"
              part="button primary-button passkey-save-button"
              aria-disabled=${saving ? 'true' : 'false'}
              aria-describedby="passkey-error"
              @click=${this.#save}
            >
              ${ctx.t('passkeySave')}
            </button>`
      }
      <button
        type="button"
        part="button secondary-button passkey-not-now-button"
        ?disabled=${saving}
        @click=${this.#notNow}
      >
        ${ctx.t('passkeyNotNow')}
      </button>
      ${message}
    </div>`;
  }
}

/** `127.0.0.1`, `[::1]`: a host that is an IP address. */
export const isIpHost = (hostname: string): boolean => /^[\d.]+$/.test(hostname) || hostname.startsWith('[');

/**
 * The passkey part for `host`, or undefined where this browser has no WebAuthn or the API offers
 * no passkeys (then the element shows nothing more). `login` is the element's own finish (the
 * `login` event, from the token response). `registerMessages` adds this chunk's English strings.
 */
export async function passkeyView(
  host: PasskeyHost,
  login: (tokens: TokenResponse) => Promise<void>,
  // Lit's `html` from the element's own chunk: importing lit here makes the bundler move lit out
  // of the first-load file into a chunk of its own (+0.8 kB gzip on the first load).
  html: typeof litHtml,
  registerMessages: (lang: string, messages: Partial<Messages>) => void,
  // The element's last `login` result (undefined before any): read once the part is made.
  lastLogin: () => LoginResult | undefined = () => undefined,
): Promise<PasskeyPart | undefined> {
  // An IP address is never an RP ID (browsers refuse one), so on such a page (the demo's
  // 127.0.0.1) no ceremony can work: no UI, no probe, and the code grant is left as it is.
  const hosted = host.transaction;
  if (!passkeysSupported() || (!hosted && isIpHost(location.hostname))) return undefined;
  if (hosted) {
    // The hosted page knows from the API itself (`passkey`): no discovery request, and no offer to
    // save one (the page hands the sign-in back to the app, which gets no token here).
    if (!hosted.passkey) return undefined;
    registerMessages('en', enPasskeys);
    return new PasskeyController(host, login, html, undefined, await autofillAvailable());
  }
  const [doc, autofill] = await Promise.all([passkeyDiscovery(host.domain), autofillAvailable()]);
  if (!doc) return undefined;
  registerMessages('en', enPasskeys);
  const issuer = typeof doc.issuer === 'string' ? doc.issuer.replace(/\/+$/, '') : baseUrl(host.domain);
  return new PasskeyController(host, login, html, `${issuer}${MY_ACCOUNT_PATH}`, autofill, lastLogin());
}
