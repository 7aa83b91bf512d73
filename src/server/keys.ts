/**
 * The signing keys: one RSA key (RS256) and one P-256 key (ES256), each with its own `kid` (the
 * RFC 7638 thumbprint of its public JWK), both published in the JWKS.
 *
 * - ID tokens are RS256 by default (OIDC Discovery §3 makes RS256 the one every RP supports;
 *   auth0-js and Spring accept nothing else); a client may ask for ES256 with
 *   `id_token_signed_response_alg`.
 * - Access tokens (and the management API's tokens) are ES256: our own /userinfo and APIs verify
 *   them by `kid` from the JWKS, and an ES256 signature costs about a tenth of an RSA-2048 one
 *   (measured: ~0.03 ms against ~0.4 ms), and each is signed on the token path when an API
 *   `audience` is asked (without one the access token is opaque).
 *
 * Each key is given in the config (`rsa_signing_key`, `signing_key`: PEM) or generated on first
 * start and kept in the store, so tokens stay valid across restarts and across processes sharing
 * the store: the first process to store a key wins (`setValueIfAbsent`), and the loser uses the
 * winner's. Keys are imported once as node:crypto KeyObjects (see jwt.ts).
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { calculateJwkThumbprint } from 'jose/jwk/thumbprint';
import { ConfigError, ID_TOKEN_ALGS, type SigningAlg } from './config.js';
import type { RecordStore } from './store/types.js';

export { ID_TOKEN_ALGS, type SigningAlg };
/** Access tokens and management tokens. */
export const ACCESS_TOKEN_ALG: SigningAlg = 'ES256';

export interface SigningKey {
  alg: SigningAlg;
  kid: string;
  /** Imported once: tokens are signed with crypto.sign (see jwt.ts). */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Only the public members, with `kid`, `alg` and `use`. */
  publicJwk: JWK;
}

export type Keys = Record<SigningAlg, SigningKey>;

interface KeySpec {
  configKey: string;
  /** The config key naming a PEM file instead. */
  fileKey: 'signing_key_file' | 'rsa_signing_key_file';
  storeKey: string;
  generate: () => Promise<KeyObject>;
  /** Why this key cannot sign this alg, or undefined. */
  problem: (key: KeyObject) => string | undefined;
  /** Whitelist, never blacklist: only these members may leave the server. */
  publicMembers: (jwk: JsonWebKey) => JWK;
}

const generate = promisify(generateKeyPair);

const SPECS: Record<SigningAlg, KeySpec> = {
  RS256: {
    configKey: 'config.rsa_signing_key',
    fileKey: 'rsa_signing_key_file',
    storeKey: 'signing_key.rs256',
    generate: async () => (await generate('rsa', { modulusLength: 2048 })).privateKey,
    problem: (k) =>
      k.asymmetricKeyType !== 'rsa'
        ? 'must be an RSA private key'
        : (k.asymmetricKeyDetails?.modulusLength ?? 0) < 2048
          ? 'must be an RSA key of 2048 bits or more'
          : undefined,
    publicMembers: ({ kty, n, e }) => ({ kty, n, e }),
  },
  ES256: {
    configKey: 'config.signing_key',
    fileKey: 'signing_key_file',
    storeKey: 'signing_key.es256',
    generate: async () => (await generate('ec', { namedCurve: 'P-256' })).privateKey,
    problem: (k) =>
      k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1'
        ? undefined
        : 'must be a P-256 (prime256v1) EC private key',
    publicMembers: ({ kty, crv, x, y }) => ({ kty, crv, x, y }),
  },
};

async function toSigningKey(alg: SigningAlg, privateKey: KeyObject): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const pub = SPECS[alg].publicMembers(publicKey.export({ format: 'jwk' }));
  const kid = await calculateJwkThumbprint(pub);
  return { alg, kid, privateKey, publicKey, publicJwk: { ...pub, kid, alg, use: 'sig' } };
}

type KeyConfig = {
  signing_key?: string;
  rsa_signing_key?: string;
  signing_key_file?: string;
  rsa_signing_key_file?: string;
};

/**
 * The configured PEM of `spec`'s key, from the config or its file, and the key to name in errors.
 * A file that cannot be read stops the start: a new key in its place would silently invalidate
 * every token issued so far and split the processes that do read it.
 */
function configuredPem(spec: KeySpec, pem: string | undefined, config: KeyConfig): [string | undefined, string] {
  const file = config[spec.fileKey];
  if (file === undefined) return [pem, spec.configKey];
  const fileKey = `config.${spec.fileKey}`;
  if (pem !== undefined) throw new ConfigError(fileKey, `set ${spec.configKey} or ${fileKey}, not both`);
  try {
    return [readFileSync(file, 'utf8'), fileKey];
  } catch (err) {
    throw new ConfigError(
      fileKey,
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ` +
        'the server does not start without its configured signing key, and never makes a new one in its place',
    );
  }
}

async function loadKey(
  store: RecordStore,
  alg: SigningAlg,
  [pem, configKey]: [string | undefined, string],
): Promise<SigningKey> {
  const spec = SPECS[alg];
  if (pem !== undefined) {
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch (err) {
      throw new ConfigError(configKey, `is not a readable private key PEM (${(err as Error).message})`);
    }
    const problem = spec.problem(key);
    if (problem) throw new ConfigError(configKey, problem);
    return toSigningKey(alg, key);
  }
  let stored = await store.getValue(spec.storeKey);
  if (!stored) {
    const jwk = (await spec.generate()).export({ format: 'jwk' });
    // If another process won the race, its key is the one kept and used.
    stored = await store.setValueIfAbsent(spec.storeKey, JSON.stringify(jwk));
  }
  return toSigningKey(alg, createPrivateKey({ key: JSON.parse(stored) as JsonWebKey, format: 'jwk' }));
}

/** Both keys, from the config or the store (generated and stored on first start). */
export async function loadKeys(store: RecordStore, config: KeyConfig): Promise<Keys> {
  // Both configured keys are read before the store is asked for either: a key file that cannot be
  // read stops the start before the other key could be generated and stored.
  const rsa = configuredPem(SPECS.RS256, config.rsa_signing_key, config);
  const ec = configuredPem(SPECS.ES256, config.signing_key, config);
  const [RS256, ES256] = await Promise.all([loadKey(store, 'RS256', rsa), loadKey(store, 'ES256', ec)]);
  return { RS256, ES256 };
}

/**
 * The configured keys read and checked without the store: the ConfigError `loadKeys` would throw
 * for them, at once. A server that loads its stored keys later (its store still migrates) still
 * refuses to start on a key file it cannot read.
 */
export async function checkConfiguredKeys(config: KeyConfig): Promise<void> {
  const configured: [SigningAlg, [string | undefined, string]][] = [
    ['RS256', configuredPem(SPECS.RS256, config.rsa_signing_key, config)],
    ['ES256', configuredPem(SPECS.ES256, config.signing_key, config)],
  ];
  // A configured key never reaches the store.
  const noStore = {} as RecordStore;
  for (const [alg, pem] of configured) if (pem[0] !== undefined) await loadKey(noStore, alg, pem);
}

/** The key of a `kid`, for verifying a token this server signed (jose's key resolver). */
export function keyOfKid(keys: Keys, kid: string | undefined): KeyObject {
  const key = ID_TOKEN_ALGS.map((alg) => keys[alg]).find((k) => k.kid === kid);
  if (!key) throw new Error('unknown kid');
  return key.publicKey;
}
