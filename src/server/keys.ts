/**
 * The ES256 signing key. Loaded from config (`signing_key`, PKCS#8 PEM) or generated on first
 * start and kept in the store, so tokens stay valid across restarts and across processes sharing
 * the store. The JWKS carries only the public members.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Store } from './store/types.js';

export const SIGNING_ALG = 'ES256';
const STORE_KEY = 'signing_key.es256';

export interface SigningKey {
  kid: string;
  /** A node:crypto KeyObject, imported once: tokens are signed with crypto.sign (see jwt.ts). */
  privateKey: KeyObject;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

function publicPart(jwk: JWK): JWK {
  // Whitelist, never blacklist: only these members may leave the server.
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const pub = publicPart(jwk);
  const kid = await calculateJwkThumbprint(pub);
  const privateKey = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const publicKey = (await importJWK(pub, SIGNING_ALG)) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk: { ...pub, kid, alg: SIGNING_ALG, use: 'sig' } };
}

export async function loadSigningKey(store: Store, pem?: string): Promise<SigningKey> {
  if (pem) {
    const key = await importPKCS8(pem, SIGNING_ALG, { extractable: true });
    return fromPrivateJwk(await exportJWK(key));
  }
  let stored = await store.getValue(STORE_KEY);
  if (!stored) {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    // If another process won the race, its key is the one kept and used.
    stored = await store.setValueIfAbsent(STORE_KEY, JSON.stringify(await exportJWK(privateKey)));
  }
  return fromPrivateJwk(JSON.parse(stored) as JWK);
}
