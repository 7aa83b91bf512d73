/** Wire types of the Auth0 passwordless protocol as this product speaks it. */

export type Connection = 'email' | 'sms';
export type SendMode = 'code' | 'link';

export const CONNECTIONS: readonly Connection[] = ['email', 'sms'];

/** The one connection check (server routes, config, the widget's attribute, form and storage). */
export const isConnection = (value: unknown): value is Connection =>
  (CONNECTIONS as readonly unknown[]).includes(value);
export const SEND_MODES: readonly SendMode[] = ['code', 'link'];

/** `authParams` of `/passwordless/start`; used by magic links. */
export interface AuthParams {
  response_type?: string;
  redirect_uri?: string;
  state?: string;
  nonce?: string;
  scope?: string;
  audience?: string;
  code_challenge?: string;
  code_challenge_method?: 'S256';
  /** Only `query` (the default). */
  response_mode?: 'query';
  /** Seconds; the ID token's `auth_time` tells when the user signed in. A number is accepted too. */
  max_age?: string;
  /** `login`, `consent`, `select_account` (a start is always a new sign-in); `none` is refused. */
  prompt?: string;
  login_hint?: string;
  /** Space-separated language tags: the message language unless `X-Request-Language` is sent. */
  ui_locales?: string;
}

/**
 * What the API's hosted login page passes to its element in the `transaction` attribute (not part
 * of the element's embedding API). `id` names the pending /authorize request; `link`, when the
 * client sends magic links, is the `authParams` of /passwordless/start: the link returns to the API,
 * which keeps its PKCE verifier and completes the request in the browser that asked. `failure` is
 * set instead on the page a link returned to when it could not complete the request there.
 * `passkey`: the client may sign in with a passkey on this page (POST /authorize/passkey).
 */
export interface HostedTransaction {
  id?: string;
  login_hint?: string;
  passkey?: boolean;
  link?: AuthParams;
  failure?: 'link_state_missing' | 'link_expired' | 'unauthorized';
}

/**
 * `POST /authorize/status` (hosted page only): has the transaction's sign-in finished in another
 * tab of this browser? `complete`: this browser is signed in and the transaction is gone.
 */
export interface HostedStatus {
  status: 'pending' | 'complete' | 'expired';
}

interface StartRequestBase {
  client_id: string;
  send?: SendMode;
  authParams?: AuthParams;
}
export interface EmailStartRequest extends StartRequestBase {
  connection: 'email';
  email: string;
}
export interface SmsStartRequest extends StartRequestBase {
  connection: 'sms';
  /** E.164, for example `+14155550100`. */
  phone_number: string;
}
/** Body of `POST /passwordless/start` (JSON or form-encoded). */
export type StartRequest = EmailStartRequest | SmsStartRequest;

export interface EmailStartResponse {
  _id: string;
  email: string;
  email_verified: boolean;
}
export interface SmsStartResponse {
  _id: string;
  phone_number: string;
  phone_verified: boolean;
  request_language: string | null;
}
export type StartResponse = EmailStartResponse | SmsStartResponse;

/** `POST /oauth/token` with Auth0's passwordless OTP grant. */
export interface OtpTokenRequest {
  grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp';
  client_id: string;
  /** Email address, or E.164 phone number. */
  username: string;
  otp: string;
  realm: Connection;
  scope?: string;
  audience?: string;
  nonce?: string;
}
export interface AuthorizationCodeTokenRequest {
  grant_type: 'authorization_code';
  client_id: string;
  code: string;
  code_verifier: string;
  redirect_uri: string;
}
export interface RefreshTokenRequest {
  grant_type: 'refresh_token';
  client_id: string;
  refresh_token: string;
  scope?: string;
}
export type TokenRequest = OtpTokenRequest | AuthorizationCodeTokenRequest | RefreshTokenRequest;

/** Success body of `POST /oauth/token`. */
export interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** Claims of our ID tokens. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  nonce?: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
  [claim: string]: unknown;
}

/**
 * Detail of the widget's `login` event. The names are those of Auth0 Lock's `authenticated`
 * result, so code migrating from Lock keeps working.
 */
export interface LoginResult {
  accessToken: string;
  idToken: string;
  idTokenPayload: IdTokenClaims;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
  scope: string;
}

/** One message kept by the server's dev `outbox` delivery, listed at `GET /dev/outbox`. */
export interface OutboxMessage {
  id: string;
  channel: Connection;
  to: string;
  /** Client the message was sent for. */
  client_id: string;
  subject?: string;
  text: string;
  html?: string;
  code: string;
  link?: string;
  locale: string;
  /** ISO 8601 time the message was sent. */
  sent_at: string;
}
