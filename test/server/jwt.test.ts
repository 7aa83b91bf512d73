/**
 * signJwt (src/server/jwt.ts), which signs in libuv's thread pool: RS256 and ES256 tokens are compact
 * JWSs that jose accepts with the header they were given, and a key that cannot sign is a rejected
 * promise (the token routes answer it through their error handler), never a throw.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { signJwt } from '../../src/server/jwt.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const claims = { iss: 'https://issuer.example', sub: 'user-1', aud: 'https://api.example', scope: 'read:things' };

describe('signJwt', () => {
  for (const [alg, pair] of [
    ['ES256', ec],
    ['RS256', rsa],
  ] as const) {
    it(`signs an ${alg} token that verifies with the public key, header and claims as given`, async () => {
      const token = await signJwt({ alg, kid: `kid-${alg}`, typ: 'at+jwt' }, claims, pair.privateKey);
      assert.deepEqual(decodeProtectedHeader(token), { alg, kid: `kid-${alg}`, typ: 'at+jwt' });
      const { payload } = await jwtVerify(token, pair.publicKey, { algorithms: [alg], typ: 'at+jwt' });
      assert.deepEqual(payload, claims);
    });

    it(`rejects (does not throw) when the ${alg} key cannot sign`, async () => {
      await assert.rejects(() => signJwt({ alg, kid: 'k', typ: 'JWT' }, claims, pair.publicKey));
    });
  }

  it('writes an ES256 signature as JOSE r||s (64 bytes), not DER', async () => {
    const token = await signJwt({ alg: 'ES256', kid: 'k', typ: 'JWT' }, claims, ec.privateKey);
    assert.equal(Buffer.from(token.split('.')[2]!, 'base64url').length, 64);
  });
});
