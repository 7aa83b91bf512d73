/**
 * Magic links, loaded as a lazy chunk only by `send="link"` and by the redirect page.
 * oidc-client-ts builds the sign-in request (state, nonce, PKCE S256 verifier) and keeps it in
 * localStorage: the link usually opens in another tab, where sessionStorage would be empty.
 * On the redirect page it checks state and nonce and redeems the code at /oauth/token.
 */
import { ErrorResponse, OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import type { AuthParams, ErrorCode, HostedStatus, LoginResult } from '../../protocol/index.js';
import { toLoginResult } from '../tokens.js';

export { renderCallback, renderFailure, renderLinkSent } from '../views/link-views.js';

export interface LinkConfig {
  /** API base URL (already normalised). */
  base: string;
  clientId: string;
  /** Where the link returns; empty means this page without query and hash. */
  redirectUri: string;
  scope: string;
  audience?: string;
}

const STORE_PREFIX = 'passwordless-login.oidc.';

function store(): WebStorageStateStore {
  return new WebStorageStateStore({ store: localStorage, prefix: STORE_PREFIX });
}

function redirectUri(c: LinkConfig): string {
  return c.redirectUri || location.origin + location.pathname;
}

/** The URL without the redirect's parameters, for `history.replaceState`. */
function withoutCallbackParams(url: URL): string {
  const clean = new URL(url.href);
  for (const name of ['code', 'state', 'error', 'error_description', 'iss', 'session_state']) {
    clean.searchParams.delete(name);
  }
  return clean.pathname + clean.search + clean.hash;
}

function client(c: LinkConfig): OidcClient {
  return new OidcClient({
    authority: c.base,
    client_id: c.clientId,
    redirect_uri: redirectUri(c),
    response_type: 'code',
    scope: c.scope,
    // The endpoints are the API's (docs/server.md#endpoints); giving them saves a discovery round trip.
    metadata: {
      issuer: c.base,
      authorization_endpoint: `${c.base}/authorize`,
      token_endpoint: `${c.base}/oauth/token`,
      userinfo_endpoint: `${c.base}/userinfo`,
      jwks_uri: `${c.base}/.well-known/jwks.json`,
    },
    loadUserInfo: false,
    stateStore: store(),
  });
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export interface LinkState {
  /** What was asked, kept with the state so "send a new link" can prefill it. */
  email: string;
}

/** Creates and stores a sign-in request; returns the `authParams` for /passwordless/start. */
export async function createLinkRequest(
  c: LinkConfig,
  email: string,
): Promise<Required<Pick<AuthParams, 'state'>> & AuthParams> {
  const nonce = randomToken();
  const request = await client(c).createSigninRequest({ nonce, state: { email } satisfies LinkState });
  const q = new URL(request.url).searchParams;
  const state = q.get('state');
  const challenge = q.get('code_challenge');
  if (!state || !challenge) throw new Error('oidc-client-ts did not produce state and PKCE');
  return {
    response_type: 'code',
    redirect_uri: redirectUri(c),
    state,
    nonce,
    scope: c.scope,
    ...(c.audience ? { audience: c.audience } : {}),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
}

interface StoredState {
  client_id?: string;
  authority?: string;
  data?: Partial<LinkState>;
}

/**
 * The stored request for this URL's `state`: `undefined` when this browser never asked (another
 * browser or device), `false` when it belongs to another client or server (not ours to handle).
 */
export async function peekState(
  c: Pick<LinkConfig, 'base' | 'clientId'>,
  url: URL,
): Promise<StoredState | undefined | false> {
  const id = url.searchParams.get('state');
  if (!id) return undefined;
  const raw = await store().get(id);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as StoredState;
    return parsed.client_id === c.clientId && parsed.authority === c.base ? parsed : false;
  } catch {
    return undefined;
  }
}

export type CallbackOutcome =
  | { ok: true; state: string; result: LoginResult }
  | { ok: false; error: ErrorCode; description: string; email?: string };

/** Checks state and nonce, redeems the code with the PKCE verifier, and returns the tokens. */
export async function completeCallback(c: LinkConfig, url: URL): Promise<CallbackOutcome> {
  const state = url.searchParams.get('state') ?? '';
  try {
    const response = await client(c).processSigninResponse(url.href);
    return {
      ok: true,
      state,
      result: toLoginResult({
        access_token: response.access_token,
        id_token: response.id_token ?? '',
        token_type: 'Bearer',
        expires_in: response.expires_in ?? 0,
        scope: response.scope ?? c.scope,
        ...(response.refresh_token ? { refresh_token: response.refresh_token } : {}),
      }),
    };
  } catch (e) {
    if (e instanceof ErrorResponse) {
      const data = e.state as Partial<LinkState> | undefined;
      // access_denied (redirect) or invalid_grant (token endpoint): expired, used or replaced.
      const expired = e.error === 'access_denied' || e.error === 'invalid_grant';
      return {
        ok: false,
        error: expired ? 'link_expired' : 'access_denied',
        description: e.error_description ?? e.message,
        ...(data?.email ? { email: data.email } : {}),
      };
    }
    const offline = navigator.onLine === false;
    const network = e instanceof TypeError || (e instanceof Error && e.name === 'ErrorTimeout');
    return {
      ok: false,
      error: offline ? 'offline' : network ? 'network_error' : 'access_denied',
      description: e instanceof Error ? e.message : String(e),
    };
  }
}

/** `state` values of redirects an element on this page has taken on. */
const claimed = new Set<string>();

/** Sent over BroadcastChannel by the redirect tab to the tab that asked for the link. */
interface LinkLoginMessage {
  type: 'login';
  base: string;
  clientId: string;
  state: string;
  result: LoginResult;
}
const CHANNEL_NAME = 'passwordless-login';

/**
 * In the tab that asked for a link: calls `onLogin` when the redirect tab (same browser) signs
 * in with this request's `state`. Returns a function that stops listening.
 */
export function listenForLogin(c: LinkConfig, state: string, onLogin: (result: LoginResult) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<LinkLoginMessage>) => {
    const m = event.data;
    if (m?.type === 'login' && m.state === state && m.clientId === c.clientId && m.base === c.base) {
      channel.close();
      onLogin(m.result);
    }
  };
  return () => channel.close();
}

/**
 * On the hosted page, after a link was sent: the link's tab goes straight back to the app and runs
 * no script on this page's origin to tell this tab. So whenever this tab is shown again (the person
 * comes back to it), it asks the API (`ask`: `POST /authorize/status`) and calls `onDone` once this
 * browser is signed in. Offline or a server error: it asks again the next time. Returns a function
 * that stops.
 */
export function watchHosted(ask: () => Promise<HostedStatus>, onDone: () => void): () => void {
  let asking = false;
  const check = () => {
    if (asking || document.visibilityState !== 'visible') return;
    asking = true;
    ask().then(
      ({ status }) => {
        asking = false;
        if (status === 'complete') onDone();
      },
      () => (asking = false),
    );
  };
  document.addEventListener('visibilitychange', check);
  window.addEventListener('focus', check);
  return () => {
    document.removeEventListener('visibilitychange', check);
    window.removeEventListener('focus', check);
  };
}

/**
 * On the redirect page: completes the sign-in this browser started. Returns undefined when the
 * redirect belongs to another client or server (not ours to touch). Once the redirect is known to
 * be ours, and before any network round trip, `onStart` runs and `code`/`state` leave the address
 * bar (and history): the code is single use.
 */
export async function redeem(c: LinkConfig, url: URL, onStart: () => void): Promise<CallbackOutcome | undefined> {
  // Two elements on one redirect page must not both redeem the code: a second redemption fails
  // and makes the server revoke the tokens of the first. The first element to look claims it.
  const id = url.searchParams.get('state') ?? '';
  if (claimed.has(id)) return undefined;
  claimed.add(id);
  const stored = await peekState(c, url);
  if (stored === false) {
    claimed.delete(id);
    return undefined;
  }
  onStart();
  history.replaceState(history.state, '', withoutCallbackParams(url));
  if (!stored) {
    return { ok: false, error: 'link_state_missing', description: 'No sign-in was started in this browser.' };
  }
  const outcome = await completeCallback(c, url);
  if (outcome.ok && typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(CHANNEL_NAME);
    const message: LinkLoginMessage = {
      type: 'login',
      base: c.base,
      clientId: c.clientId,
      state: outcome.state,
      result: outcome.result,
    };
    channel.postMessage(message);
    channel.close();
  }
  return outcome;
}
