/**
 * Which message the user sees for each protocol error code. Codes, never descriptions, decide;
 * the one exception is Auth0's wrong-code description, which is itself part of the protocol
 * (WRONG_CODE_DESCRIPTION): any other `invalid_grant` means the code is expired or used.
 */
import { WRONG_CODE_DESCRIPTION, type Connection, type ErrorCode } from '../protocol/index.js';
import type { MessageKey } from './i18n/en.js';

const KEYS: Partial<Record<ErrorCode, MessageKey>> = {
  too_many_attempts: 'tooManyAttempts',
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
