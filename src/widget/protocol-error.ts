/**
 * The widget's one error type and the API's base URL: the small part of the protocol client that
 * the first state needs (the link controller, the error messages), so the client itself
 * (./protocol-client.ts) can be a lazy chunk.
 */
import type { ErrorCode } from '../protocol/index.js';

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly description: string,
    /** HTTP status, when a response arrived. */
    readonly status?: number,
    /** Seconds to wait before trying again (from `Retry-After`), when the server said so. */
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'ProtocolError';
  }
}

/** `login.example.com` → `https://login.example.com`; keeps an explicit scheme; no trailing slash. */
export function baseUrl(domain: string): string {
  const trimmed = domain.trim().replace(/\/+$/, '');
  if (!trimmed) return '';
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}
