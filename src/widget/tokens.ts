/** Turns a token response into the `login` event's detail (Auth0 Lock's `authenticated` names). */
import type { IdTokenClaims, LoginResult, TokenResponse } from '../protocol/index.js';
import { ProtocolError } from './protocol-error.js';

/** Reads the ID token's claims. The signature is the app's (or its backend's) to verify. */
export function decodeJwtPayload(jwt: string): IdTokenClaims {
  const part = jwt.split('.')[1];
  if (!part) throw new ProtocolError('invalid_response', 'The ID token is not a JWT.');
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) throw new Error('not an object');
    return claims as IdTokenClaims;
  } catch {
    throw new ProtocolError('invalid_response', 'The ID token could not be read.');
  }
}

export function toLoginResult(t: TokenResponse): LoginResult {
  return {
    accessToken: t.access_token,
    idToken: t.id_token,
    idTokenPayload: decodeJwtPayload(t.id_token),
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    expiresIn: t.expires_in,
    tokenType: 'Bearer',
    scope: t.scope,
  };
}
