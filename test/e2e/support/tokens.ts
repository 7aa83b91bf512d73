/**
 * Checks an id_token the way a relying party would: signature against the server's published
 * JWKS (found through OIDC discovery), issuer, audience and expiry.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export async function verifyIdToken(
  idToken: string,
  apiOrigin: string,
  clientId: string,
  /** The client's id_token_signed_response_alg (RS256 unless configured). */
  alg: 'RS256' | 'ES256' = 'RS256',
): Promise<JWTPayload & Record<string, unknown>> {
  const discovery = (await (await fetch(`${apiOrigin}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    jwks_uri: string;
  };
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
    issuer: discovery.issuer,
    audience: clientId,
    algorithms: [alg],
  });
  if (!protectedHeader.kid) throw new Error('id_token has no kid');
  return payload as JWTPayload & Record<string, unknown>;
}
