/**
 * Error codes, as a closed union shared by the server (which sends them as `error`) and the
 * widget (which maps them to messages without matching on descriptions).
 */

/** Codes the server sends in `{"error": …, "error_description": …}` bodies. */
export const SERVER_ERROR_CODES = [
  // /passwordless/start (Auth0's codes)
  'bad.client_id',
  'bad.connection',
  'bad.email',
  'bad.phone_number',
  'bad.authParams',
  'bad.request',
  'sms_provider_error',
  'email_provider_error',
  'too_many_requests',
  // /oauth/token (OAuth 2.0 and Auth0)
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'too_many_attempts',
  /** A blocked user (Auth0: 401 "user is blocked"). */
  'unauthorized',
  // magic links, /userinfo
  'access_denied',
  'invalid_token',
  // /authorize (OIDC Core 3.1.2.6): only ever sent back to the app's redirect_uri
  'login_required',
  'unsupported_response_type',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
  // /api/v2 (management)
  'insufficient_scope',
  'invalid_body',
  'invalid_query_string',
  'user_exists',
  'conflict',
  // generic
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'server_error',
  'temporarily_unavailable',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Codes only the widget produces (nothing came back from the server, or nothing useful). */
export const CLIENT_ERROR_CODES = [
  'network_error',
  'offline',
  'invalid_response',
  'invalid_input',
  'link_state_missing',
  'link_expired',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** Body of every 4xx/5xx answer from the server. */
export interface ErrorBody {
  error: ServerErrorCode;
  error_description: string;
}

export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(value);
}

/** True when `body` has the shape of an error answer with a known code. */
export function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    isServerErrorCode((body as Record<string, unknown>).error) &&
    typeof (body as Record<string, unknown>).error_description === 'string'
  );
}
