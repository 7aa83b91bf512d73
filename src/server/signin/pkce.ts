/** PKCE (RFC 7636) with S256 only (`plain` is refused, RFC 9700 §2.1.1). */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../secrets.js';

/** The only method: the base64url SHA-256 of the verifier. */
export const PKCE_METHOD = 'S256';

/** A code_challenge: a base64url SHA-256, 43 characters. */
export const isCodeChallenge = (challenge: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(challenge);

/** A code_verifier: 43 to 128 unreserved characters. */
export const isCodeVerifier = (verifier: string): boolean => /^[A-Za-z0-9._~-]{43,128}$/.test(verifier);

/** The S256 challenge of a verifier. */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** Whether `verifier` answers `challenge` (compared in constant time). */
export const pkceMatches = (challenge: string, verifier: string): boolean =>
  constantTimeEqual(challenge, s256(verifier));
