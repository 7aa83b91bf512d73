/**
 * Which message the user sees for each protocol error code. Codes, never descriptions, decide;
 * the one exception is Auth0's wrong-code description, which is itself part of the protocol
 * (WRONG_CODE_DESCRIPTION): any other `invalid_grant` means the code is expired or used.
 */
import { WRONG_CODE_DESCRIPTION, type Connection, type ErrorCode } from '../protocol/index.js';
import type { MessageKey } from './i18n/en.js';
import { ProtocolError } from './protocol-error.js';
import type { ViewError } from './views/context.js';

const KEYS: Partial<Record<ErrorCode, MessageKey>> = {
  too_many_attempts: 'tooManyAttempts',
  unauthorized: 'accountBlocked',
  too_many_requests: 'rateLimitedFor',
  sms_provider_error: 'providerError',
  email_provider_error: 'providerError',
  'bad.email': 'badIdentifierEmail',
  'bad.phone_number': 'badIdentifierPhone',
  network_error: 'networkError',
  offline: 'offline',
  server_error: 'serverError',
  temporarily_unavailable: 'serverError',
  link_state_missing: 'linkStateMissing',
  link_expired: 'linkExpired',
  access_denied: 'linkFailed',
  invalid_response: 'invalidResponse',
  invalid_token: 'invalidResponse',
};

export function messageKeyFor(code: ErrorCode, description: string, connection: Connection): MessageKey {
  if (code === 'invalid_grant') return description === WRONG_CODE_DESCRIPTION[connection] ? 'wrongCode' : 'expiredCode';
  // Everything else (bad.client_id, invalid_client, unsupported_grant_type, …) is a setup
  // problem the user cannot fix.
  return KEYS[code] ?? 'misconfigured';
}

/** Failures worth a "Try again" button: nothing was wrong with what the user typed. */
export function isRetryable(code: ErrorCode): boolean {
  return (
    code === 'network_error' || code === 'offline' || code === 'server_error' || code === 'temporarily_unavailable'
  );
}

/** An error the element shows: which field it belongs to and which message explains it. */
export interface Failure {
  code: ErrorCode;
  description: string;
  field: ViewError['field'];
  key: MessageKey;
  /** Rate limits show the live number of seconds left (from the countdown). */
  withSeconds: boolean;
  /** Offer "Try again". */
  retry: boolean;
  /** Seconds the server asked to wait (429 `Retry-After`). */
  retryAfter?: number;
}

/** Any thrown value → the Failure to show; unknown throwables count as unexpected answers. */
export function toFailure(error: unknown, field: ViewError['field'], connection: Connection): Failure {
  const e =
    error instanceof ProtocolError
      ? error
      : new ProtocolError('invalid_response', error instanceof Error ? error.message : String(error));
  return {
    code: e.code,
    description: e.description,
    field,
    key: messageKeyFor(e.code, e.description, connection),
    withSeconds: e.code === 'too_many_requests',
    retry: isRetryable(e.code),
    ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
  };
}

/** A validation problem found before any request (no event: the user fixes the field). */
export function invalidInput(field: ViewError['field'], key: MessageKey): Failure {
  return { code: 'invalid_input', description: key, field, key, withSeconds: false, retry: false };
}
