/**
 * JWT signing on node:crypto: the key is a KeyObject imported once (keys.ts), and each token is one
 * synchronous `crypto.sign`. jose signs through WebCrypto, which measured two to three times the
 * CPU per ES256 signature here. A token answer signs the ID token, plus the access token only when
 * an API `audience` was asked (else the access token is opaque, see tokens.ts). An RS256 signature
 * (RSA-2048, PKCS#1 v1.5) costs about 0.4 ms of CPU here, an ES256 one about 0.03 ms: ID tokens
 * are RS256 by default for compatibility, access tokens ES256 (keys.ts). Verification stays on
 * jose (jwtVerify), which checks what a verifier must.
 */
import { sign, type KeyObject } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Encoded headers by kid and typ: a key's header never changes, so it is encoded once. */
const headers = new Map<string, string>();

function encodedHeader(header: { alg: string; kid: string; typ: string }): string {
  const id = `${header.kid}.${header.typ}.${header.alg}`;
  let encoded = headers.get(id);
  if (encoded === undefined) {
    encoded = b64({ alg: header.alg, kid: header.kid, typ: header.typ });
    headers.set(id, encoded);
  }
  return encoded;
}

/**
 * A compact JWS signed with SHA-256: RS256 by an RSA key, ES256 by an EC key (in the JOSE r||s form
 * rather than DER; `dsaEncoding` does not apply to RSA).
 */
export function signJwt(header: { alg: string; kid: string; typ: string }, claims: object, key: KeyObject): string {
  const input = `${encodedHeader(header)}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
