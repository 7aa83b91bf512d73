/**
 * Takes the place of the jwt-decode package inside oidc-client-ts (vite.config.ts, oneJwtDecoder):
 * the element already reads ID token claims with its own decoder (../tokens.ts), so the link chunk
 * and the script-tag file carry one decoder instead of two. oidc-client-ts only calls
 * `jwtDecode(token)` on the ID token, for its claims (the call test/build/vite-plugins.test.ts pins).
 */
import type { IdTokenClaims } from '../../protocol/index.js';
import { decodeJwtPayload } from '../tokens.js';

export function jwtDecode(token: string): IdTokenClaims {
  return decodeJwtPayload(token);
}
