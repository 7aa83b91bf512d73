/**
 * Wire constants and security defaults shared by the widget and the server.
 * Sources for each default are in the security rules (../../docs/security.md).
 * No DOM and no Node APIs in this folder.
 */

/** Auth0's passwordless OTP grant type, sent as `grant_type` to `/oauth/token`. */
export const GRANT_PASSWORDLESS_OTP = 'http://auth0.com/oauth/grant-type/passwordless/otp';
export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';
export const GRANT_CLIENT_CREDENTIALS = 'client_credentials';
/** Auth0's passkey grant (`auth_session` + `authn_response`), sent as `grant_type` to `/oauth/token`. */
export const GRANT_WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
/**
 * Auth0's name for a client that may get tokens straight from /authorize (`response_type=token
 * id_token`, which auth0-js and Lock use); never at /oauth/token, and off unless listed.
 */
export const GRANT_IMPLICIT = 'implicit';
export const GRANT_TYPES = [
  GRANT_PASSWORDLESS_OTP,
  GRANT_AUTHORIZATION_CODE,
  GRANT_REFRESH_TOKEN,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_WEBAUTHN,
  GRANT_IMPLICIT,
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** Scopes of the user management API (`{issuer}/api/v2/`), Auth0's names. */
export const MANAGEMENT_SCOPES = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  /** A user's passkeys (`/api/v2/users/{id}/authentication-methods`). */
  'read:authentication_methods',
  'delete:authentication_methods',
  /** The deployment's branding (`/api/v2/branding`). */
  'read:branding',
  'update:branding',
  /** Custom email templates (`/api/v2/email-templates`). */
  'read:email_templates',
  'update:email_templates',
  'create:email_templates',
] as const;
export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

/** E.164: a plus sign and 1 to 15 digits. Only this form goes on the wire. */
export const E164_PATTERN = /^\+[0-9]{1,15}$/;

/** One-time codes are this many decimal digits, covering the whole range 000000–999999. */
export const CODE_LENGTH = 6;

/**
 * Seconds before a code or link may be sent again to the same recipient. Exported on its own (and
 * used in DEFAULTS) so the widget can import it without bundling the whole DEFAULTS object.
 */
export const RESEND_INTERVAL_SECONDS = 60;

/** Defaults of the security rules; the server makes each configurable. */
export const DEFAULTS = {
  /** One-time code lifetime. SMS codes are never allowed to live more than 10 minutes. */
  codeTtlSeconds: 5 * 60,
  smsCodeMaxTtlSeconds: 10 * 60,
  /** Magic link lifetime. */
  linkTtlSeconds: 15 * 60,
  /** Wrong tries per code, after which the code is dead. */
  maxAttemptsPerCode: 3,
  /** Consecutive failures per identifier across all codes before a lockout. */
  maxConsecutiveFailures: 100,
  lockoutSeconds: 15 * 60,
  /** `/passwordless/start` calls per IP per hour. */
  startsPerIpPerHour: 50,
  /** Failed `/oauth/token` verifications per IP per hour. */
  tokenFailuresPerIpPerHour: 100,
  /** Resend to one recipient: at most 1 per minute and 5 per 10 minutes. */
  resendIntervalSeconds: RESEND_INTERVAL_SECONDS,
  resendsPerWindow: 5,
  resendWindowSeconds: 10 * 60,
  /** Authorization codes issued by a magic link. */
  authorizationCodeTtlSeconds: 60,
  /** Access and ID token lifetime (`expires_in`). */
  tokenTtlSeconds: 3600,
} as const;

/** Messages Auth0's SDKs match on, so they must be byte-for-byte these. */
export const WRONG_CODE_DESCRIPTION = {
  email: 'Wrong email or verification code.',
  sms: 'Wrong phone number or verification code.',
} as const;

/** `invalid_grant` description for a code that expired unused (Auth0's wording). */
export const EXPIRED_CODE_DESCRIPTION = 'The verification code has expired.';

/** Auth0's description for a blocked user at /oauth/token (401 `unauthorized`). */
export const BLOCKED_USER_DESCRIPTION = 'user is blocked';
