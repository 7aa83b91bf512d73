/**
 * The widget's side of the wire protocol (../protocol). fetch-based, typed with the shared wire
 * types, and every failure (HTTP errors, network down, offline, 5xx, non-JSON) becomes a
 * ProtocolError carrying one of the protocol's ErrorCodes, so the view maps codes to messages
 * and never parses descriptions. The element loads it with ./requests.ts, a lazy chunk: the first
 * state sends nothing.
 */
import {
  GRANT_PASSWORDLESS_OTP,
  isErrorBody,
  type Connection,
  type ErrorCode,
  type HostedStatus,
  type StartRequest,
  type StartResponse,
  type TokenResponse,
} from '../protocol/index.js';
import { baseUrl, ProtocolError } from './protocol-error.js';

export { baseUrl, ProtocolError };

export interface ClientConfig {
  /** Base URL of the API, as given in the `domain` attribute. */
  domain: string;
  /** Sent as `x-request-language` so the server writes the message in the UI language. */
  language?: string;
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

async function post<T>(
  config: ClientConfig,
  path: string,
  body: object,
  isOk: (v: unknown) => v is T,
  credentials: RequestCredentials = 'omit',
): Promise<T> {
  const base = baseUrl(config.domain);
  if (!base) throw new ProtocolError('invalid_request', 'The domain attribute is missing.');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.language) headers['x-request-language'] = config.language;
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials,
    });
  } catch (cause) {
    // fetch rejects only when no HTTP answer came back: offline, DNS, refused, CORS.
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new ProtocolError(
      offline ? 'offline' : 'network_error',
      cause instanceof Error ? cause.message : String(cause),
    );
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.ok) {
    if (isOk(json)) return json;
    throw new ProtocolError('invalid_response', 'The server answered with an unexpected body.', response.status);
  }
  if (isErrorBody(json)) {
    throw new ProtocolError(json.error, json.error_description, response.status, retryAfter);
  }
  const code: ErrorCode =
    response.status === 429 ? 'too_many_requests' : response.status >= 500 ? 'server_error' : 'invalid_response';
  throw new ProtocolError(code, `HTTP ${response.status}`, response.status, retryAfter);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
function isStartResponse(v: unknown): v is StartResponse {
  return isObject(v) && typeof v._id === 'string';
}
function isTokenResponse(v: unknown): v is TokenResponse {
  return isObject(v) && typeof v.access_token === 'string' && typeof v.id_token === 'string';
}

/** `POST /passwordless/start`. */
export function passwordlessStart(config: ClientConfig, body: StartRequest): Promise<StartResponse> {
  return post(config, '/passwordless/start', body, isStartResponse);
}

export interface OtpVerify {
  clientId: string;
  connection: Connection;
  username: string;
  otp: string;
  scope: string;
  audience?: string;
}

/** `POST /oauth/token` with Auth0's passwordless OTP grant. */
export function verifyOtp(config: ClientConfig, v: OtpVerify): Promise<TokenResponse> {
  return post(
    config,
    '/oauth/token',
    {
      grant_type: GRANT_PASSWORDLESS_OTP,
      client_id: v.clientId,
      username: v.username,
      otp: v.otp,
      realm: v.connection,
      scope: v.scope,
      ...(v.audience ? { audience: v.audience } : {}),
    },
    isTokenResponse,
  );
}

export interface TransactionComplete {
  transaction: string;
  connection: Connection;
  username: string;
  otp: string;
}

function isRedirect(v: unknown): v is { redirect_to: string } {
  return isObject(v) && typeof v.redirect_to === 'string';
}

/**
 * On the hosted login page: `POST /authorize/complete` finishes the pending authorization request
 * with the code; the answer is where the browser goes next. Same-origin with cookies: the server
 * checks the browser that asked and sets the session cookie.
 */
export function completeTransaction(config: ClientConfig, v: TransactionComplete): Promise<{ redirect_to: string }> {
  return post(config, '/authorize/complete', v, isRedirect, 'same-origin');
}

function isHostedStatus(v: unknown): v is HostedStatus {
  return isObject(v) && (v.status === 'pending' || v.status === 'complete' || v.status === 'expired');
}

/**
 * On the hosted login page, after a link was sent: `POST /authorize/status` says whether the link
 * finished the sign-in in another tab of this browser. Same-origin with cookies, like completing.
 */
export function hostedStatus(config: ClientConfig, transaction: string): Promise<HostedStatus> {
  return post(config, '/authorize/status', { transaction }, isHostedStatus, 'same-origin');
}
