/**
 * The signing keys: RS256 ID tokens by default, ES256 per client, both keys in the JWKS with their
 * own kid; given in the config or generated once and kept in the store, so that two processes
 * starting at once on a fresh store (SQLite file or Redis) sign with the same keys.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { buildApp } from '../../src/server/app.js';
import { ConfigError } from '../../src/server/config.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { waitForHealth } from '../../scripts/lib/health.mjs';
import { freePort } from '../e2e/support/net.js';
import { startProcess, type StartedProcess } from '../e2e/support/process.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import { baseConfig, get, otpLogin, startEmail, startServer, SECRET, type TestServer } from './helpers.js';

const pem = (k: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
  String(k.export({ type: 'pkcs8', format: 'pem' }));

describe('ID token algorithms per client', () => {
  let s: TestServer;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  before(async () => {
    s = await startServer({
      clients: [
        { client_id: 'demo', name: 'Demo', connections: ['email'] },
        { client_id: 'ec', name: 'EC App', connections: ['email'], id_token_signed_response_alg: 'ES256' },
      ],
      apis: [{ audience: 'https://api.example.com' }],
    });
    jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
  });
  after(() => s.close());

  const signIn = async (clientId: string, email: string) => {
    await startEmail(s, email, { client_id: clientId });
    const res = await otpLogin(s, email, await s.lastCode(email), { client_id: clientId, scope: 'openid email' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { id_token: string; access_token: string };
  };

  it('signs a default client’s ID token with RS256, one that asks for ES256 with ES256 (jose verifies both)', async () => {
    const rs = await signIn('demo', 'rs@example.com');
    const es = await signIn('ec', 'es@example.com');
    const { payload: a, protectedHeader: ha } = await jwtVerify(rs.id_token, jwks, {
      algorithms: ['RS256'],
      issuer: s.url,
      audience: 'demo',
    });
    const { payload: b, protectedHeader: hb } = await jwtVerify(es.id_token, jwks, {
      algorithms: ['ES256'],
      issuer: s.url,
      audience: 'ec',
    });
    assert.equal(a.email, 'rs@example.com');
    assert.equal(b.email, 'es@example.com');
    assert.notEqual(ha.kid, hb.kid);
    // Without an audience the access tokens are opaque, whatever the ID token's algorithm.
    assert.match(rs.access_token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(es.access_token, /^[A-Za-z0-9_-]{43}$/);
    // For an API they are ES256 JWTs (the EC key) for every client, RS256 ID tokens or not.
    await startEmail(s, 'api@example.com', { client_id: 'demo' });
    const code = await s.lastCode('api@example.com');
    const api = await otpLogin(s, 'api@example.com', code, { client_id: 'demo', audience: 'https://api.example.com' });
    assert.equal(api.status, 200, JSON.stringify(api.body));
    assert.equal(decodeProtectedHeader(api.body.access_token).alg, 'ES256');
    assert.equal(decodeProtectedHeader(api.body.access_token).kid, hb.kid);
  });

  it('ends the session and links users with ID tokens of either algorithm (verified by kid)', async () => {
    const es = await signIn('ec', 'hint@example.com');
    const res = await get(`${s.url}/oidc/logout?id_token_hint=${es.id_token}`);
    assert.equal(res.status, 200, 'an ES256 id_token_hint is this server’s own');
    const forged = es.id_token.slice(0, -6) + 'AAAAAA';
    assert.equal((await get(`${s.url}/oidc/logout?id_token_hint=${forged}`)).status, 400);
  });

  it('refuses an unknown id_token_signed_response_alg in the config, naming the key', async () => {
    assert.throws(
      () => baseConfig({ clients: [{ client_id: 'x', name: 'X', id_token_signed_response_alg: 'HS256' }] }),
      (e: Error) =>
        e instanceof ConfigError &&
        /clients\[0\]\.id_token_signed_response_alg: must be one of RS256, ES256/.test(e.message),
    );
  });
});

describe('signing keys from the config', () => {
  it('uses the configured RSA and P-256 keys: their thumbprints are the kids in the JWKS', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const s = await startServer({ rsa_signing_key: pem(rsa.privateKey), signing_key: pem(ec.privateKey) });
    try {
      const { body } = await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`);
      const rsaKid = await calculateJwkThumbprint(await exportJWK(rsa.publicKey));
      const ecKid = await calculateJwkThumbprint(await exportJWK(ec.publicKey));
      assert.deepEqual(
        body.keys.map((k) => [k.alg, k.kid]),
        [
          ['RS256', rsaKid],
          ['ES256', ecKid],
        ],
      );
      assert.equal(await s.store.getValue('signing_key.rs256'), null, 'a configured key is not stored');
    } finally {
      await s.close();
    }
  });

  for (const [name, overrides, message] of [
    [
      'a P-256 key as rsa_signing_key',
      () => ({ rsa_signing_key: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) }),
      /config\.rsa_signing_key: must be an RSA private key/,
    ],
    [
      'a 1024-bit RSA key',
      () => ({ rsa_signing_key: pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey) }),
      /config\.rsa_signing_key: must be an RSA key of 2048 bits or more/,
    ],
    [
      'an RSA key as signing_key',
      () => ({ signing_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) }),
      /config\.signing_key: must be a P-256/,
    ],
  ] as const) {
    it(`refuses ${name}, naming the key`, async () => {
      const store = new SqliteStore(':memory:');
      await assert.rejects(
        buildApp({ config: baseConfig(overrides()), store, logger: false }),
        (e: Error) => e instanceof ConfigError && message.test(e.message),
      );
      store.close();
    });
  }
});

/** Two CLI processes started at the same moment on one fresh store: both must serve one JWKS. */
async function raceTwoProcesses(store: Record<string, unknown>): Promise<JSONWebKeySet[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pwl-keys-'));
  const started: StartedProcess[] = [];
  try {
    const origins: string[] = [];
    for (const i of [0, 1]) {
      const port = await freePort();
      const file = join(dir, `config-${i}.json`);
      const config = {
        host: '127.0.0.1',
        port,
        secret: SECRET,
        store: store.type === 'sqlite' ? { ...store, path: join(dir, 'shared.sqlite') } : store,
        clients: [{ client_id: 'demo', name: 'Demo' }],
        log_level: 'warn',
      };
      await writeFile(file, JSON.stringify(config));
      origins.push(`http://127.0.0.1:${port}`);
      started.push(
        startProcess(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--config', file], {
          cwd: new URL('../..', import.meta.url).pathname,
          env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1' },
        }),
      );
    }
    await Promise.all(
      origins.map((o, i) =>
        waitForHealth(o, { timeoutMs: 30_000, exited: () => started[i]!.child.exitCode ?? undefined }).catch((e) => {
          throw new Error(`${(e as Error).message}\n${started[i]!.output()}`);
        }),
      ),
    );
    return await Promise.all(origins.map(async (o) => (await get<JSONWebKeySet>(`${o}/.well-known/jwks.json`)).body));
  } finally {
    await Promise.all(started.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

function assertOneKeyPair([a, b]: JSONWebKeySet[]) {
  assert.equal(a!.keys.length, 2);
  assert.deepEqual(
    a!.keys.map((k) => k.alg),
    ['RS256', 'ES256'],
  );
  assert.deepEqual(a, b, 'both processes publish (and sign with) the same two keys');
}

describe('two processes starting at once on a fresh store', () => {
  it('agree on one RS256 and one ES256 key (SQLite file)', async () => {
    assertOneKeyPair(await raceTwoProcesses({ type: 'sqlite' }));
  });

  describe('Redis', { skip: skipWithoutRedis }, () => {
    let redis: RedisServer;
    before(async () => {
      redis = await startRedis();
    });
    after(() => redis.stop());
    it('agree on one RS256 and one ES256 key (Redis)', async () => {
      assertOneKeyPair(
        await raceTwoProcesses({ type: 'redis', url: redis.url, prefix: `keys-${randomBytes(4).toString('hex')}:` }),
      );
    });
  });
});
