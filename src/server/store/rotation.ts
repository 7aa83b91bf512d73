/**
 * The access token a refresh-token rotation stores in its own step (see RotationAccessToken): the
 * SQL stores (SQLite, PostgreSQL) apply the same rule in their transactions; Redis in its script.
 */
import type { AccessToken, RefreshToken, RotationAccessToken, User } from './types.js';

/** Null unless the grant has no audience and its user exists and is not blocked. */
export function rotationAccessToken(
  previous: RefreshToken,
  user: User | null,
  token: RotationAccessToken | undefined,
  now: number,
): AccessToken | null {
  if (token === undefined || previous.audience !== null || user === null || user.blocked) return null;
  return {
    hash: token.hash,
    grant_id: previous.family_id,
    client_id: previous.client_id,
    sub: previous.sub,
    scope: previous.scope,
    created_at: now,
    expires_at: token.expires_at,
  };
}
