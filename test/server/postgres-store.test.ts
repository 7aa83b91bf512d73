/**
 * The PostgreSQL store passes the same contracts as SQLite and Redis, runs two API servers on one
 * database, applies its migrations once however many processes start at once, and upgrades a
 * schema of an earlier version. Starts its own throwaway cluster (skipped when PostgreSQL is
 * missing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PostgresStore, PURGE_BATCH } from '../../src/server/store/postgres.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';
import { otpLogin, startEmail, startServer, wrongCode } from './helpers.js';
import { sharedStoreChecks } from './shared-store.js';
import { challenge, storeContract } from './store-contract.js';
import type { OtpSignIn } from '../../src/server/store/types.js';

let pg: PostgresServer | undefined;
let url = '';
let n = 0;

/** An OTP sign-in at T0 of `to`@example.com with the code `code-<to>` (demo client, one IP lock key). */
function otpSignIn(store: PostgresStore, to: string, rest: Pick<OtpSignIn, 'create' | 'tokens'>) {
  return store.signInWithOtp(
    {
      clientId: 'demo',
      connection: 'email',
      identifier: `${to}@example.com`,
      codeHash: `code-${to}`,
      lockKey: `l:${to}`,
      ipLockKey: 'l:ip',
      ...rest,
    },
    1_900_000_000_000,
  );
}

/** The start statements `store` sends from now on, by function: pwl_begin_start or pwl_begin_starts. */
function startStatements(store: PostgresStore): string[] {
  const seen: string[] = [];
  const q = store.db.q;
  (store.db as { q: typeof q }).q = (sql, values) => {
    const called = /pwl_begin_starts?\b/.exec(sql);
    if (called) seen.push(called[0]);
    return q(sql, values);
  };
  return seen;
}

describe('postgres store', { skip: skipWithoutPostgres }, () => {
  before(async () => {
    pg = await startPostgres();
    url = pg.url;
  });
  after(async () => {
    await pg?.stop();
  });

  // Each store gets its own schema, so the contract's cases stay independent.
  storeContract('postgres', () => new PostgresStore(url, { schema: `t${n++}` }));

  it('purges what ended in batches and keeps what lives', async () => {
    const store = new PostgresStore(url, { schema: `purge${n++}` });
    try {
      const T0 = 1_900_000_000_000;
      const rows = PURGE_BATCH * 2 + 17;
      // Expired access tokens and sessions, in bulk, beside live ones.
      await store.db.q(
        `INSERT INTO access_tokens (hash, grant_id, client_id, sub, scope, created_at, expires_at)
           SELECT 'old' || i, 'g', 'demo', 'email|1', 'openid', $1::bigint, $1::bigint + 1 FROM generate_series(1, $2) i`,
        [T0, rows],
      );
      await store.db.q(
        `INSERT INTO records (kind, id, value, expires_at) SELECT 'session', 's' || i, 'v', $1::bigint + 1
           FROM generate_series(1, $2) i`,
        [T0, rows],
      );
      await store.createAccessToken({
        hash: 'live',
        grant_id: 'g',
        client_id: 'demo',
        sub: 'email|1',
        scope: 'openid',
        created_at: T0,
        expires_at: T0 + 3_600_000,
      });
      await store.putRecord('session', 'live', 'L', T0 + 3_600_000);
      assert.equal(await store.purgeExpired(T0 + 1000, 86_400_000), rows * 2);
      assert.equal((await store.getAccessToken('live', T0 + 1000))?.hash, 'live');
      assert.equal(await store.getRecord('session', 'live', T0 + 1000), 'L');
      const [left] = await store.db.q<{ n: number }>('SELECT COUNT(*) AS n FROM access_tokens');
      assert.equal(left!.n, 1);
      assert.equal(await store.purgeExpired(T0 + 1000, 86_400_000), 0);
    } finally {
      await store.close();
    }
  });

  it('runs each start of a failed group alone, so only the faulty one fails', async () => {
    const store = new PostgresStore(url, { schema: `group${n++}` });
    const T0 = 1_900_000_000_000;
    const ip = { key: 'ip:group', windowMs: 600_000, limit: 10 };
    const start = (to: string, id: string) =>
      store.beginStart(
        {
          lockKey: `lock:${to}`,
          rules: [ip, { key: `to1:${to}`, windowMs: 60_000, limit: 1 }],
          challenge: challenge({
            id,
            identifier: `${to}@example.com`,
            code_hash: `code-${to}`,
            auth_params: { state: 'kept' },
          }),
        },
        T0,
      );
    const signIn = (to: string) => otpSignIn(store, to, { create: false });
    // Which statements ran: the group's, then (it failed) each start's own.
    const seen = startStatements(store);
    try {
      assert.deepEqual(await start('x', 'taken'), { status: 'ok', hasAccount: true });
      seen.length = 0;
      // One turn: b reuses x's challenge id (a primary key violation) between a and c.
      const outcomes = await Promise.allSettled([start('a', 'id-a'), start('b', 'taken'), start('c', 'id-c')]);
      assert.deepEqual(seen, ['pwl_begin_starts', 'pwl_begin_start', 'pwl_begin_start', 'pwl_begin_start']);
      assert.deepEqual(outcomes[0], { status: 'fulfilled', value: { status: 'ok', hasAccount: true } });
      assert.equal(outcomes[1]!.status, 'rejected');
      assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /duplicate key/);
      assert.deepEqual(outcomes[2], { status: 'fulfilled', value: { status: 'ok', hasAccount: true } });
      assert.equal((await signIn('a')).status, 'ok');
      assert.equal((await signIn('c')).status, 'ok');
      assert.equal((await signIn('b')).status, 'none');
      const [row] = await store.db.q<{ auth_params: unknown }>("SELECT auth_params FROM challenges WHERE id = 'id-a'");
      assert.deepEqual(row!.auth_params, { state: 'kept' });
      // The rolled-back group counted nothing: the IP's counter holds x, a and c; b's resend counter is free.
      const [counter] = await store.db.q<{ count: number }>("SELECT count FROM rate_counters WHERE key = 'ip:group'");
      assert.equal(counter!.count, 3);
      assert.deepEqual(await store.hitRateLimits([{ key: 'to1:b', windowMs: 60_000, limit: 1 }], T0), {
        allowed: true,
      });
    } finally {
      await store.close();
    }
  });

  it('answers each start of one group by its own account check (unknown-user code hash)', async () => {
    const store = new PostgresStore(url, { schema: `known${n++}` });
    const T0 = 1_900_000_000_000;
    const start = (to: string, unknownUserCodeHash?: string) =>
      store.beginStart(
        {
          lockKey: `lock:${to}`,
          rules: [{ key: `to1:${to}`, windowMs: 60_000, limit: 1 }],
          challenge: challenge({ id: `id-${to}`, identifier: `${to}@example.com`, code_hash: `code-${to}` }),
          ...(unknownUserCodeHash ? { unknownUserCodeHash } : {}),
        },
        T0,
      );
    const seen = startStatements(store);
    try {
      await store.loginUser('email', 'member@example.com', T0, true);
      seen.length = 0;
      // One turn, so one group: a member and a stranger under disable_signup, then a start without
      // the unknown-user hash (no account check: it gets its own code either way).
      const outcomes = await Promise.all([
        start('member', 'nobody-knows'),
        start('stranger', 'nobody-knows'),
        start('open'),
      ]);
      assert.deepEqual(seen, ['pwl_begin_starts']);
      assert.deepEqual(outcomes, [
        { status: 'ok', hasAccount: true },
        { status: 'ok', hasAccount: false },
        { status: 'ok', hasAccount: true },
      ]);
      const codes = await store.db.q<{ identifier: string; code_hash: string }>(
        'SELECT identifier, code_hash FROM challenges ORDER BY seq',
      );
      assert.deepEqual(
        codes.map((c) => [c.identifier, c.code_hash]),
        [
          ['member@example.com', 'code-member'],
          ['stranger@example.com', 'nobody-knows'],
          ['open@example.com', 'code-open'],
        ],
      );
    } finally {
      await store.close();
    }
  });

  it('checks each code of a failed sign-in group alone: the faulty one changes nothing', async () => {
    const store = new PostgresStore(url, { schema: `group${n++}` });
    const T0 = 1_900_000_000_000;
    const refreshToken = (hash: string) => ({
      hash,
      family_id: `f-${hash}`,
      client_id: 'demo',
      scope: 'openid offline_access',
      audience: null,
      created_at: T0,
      expires_at: T0 + 1e9,
      login: { auth_time: T0 / 1000, amr: ['otp'], sid: null },
    });
    const signIn = (to: string, rt: string) =>
      otpSignIn(store, to, { create: true, tokens: { refreshToken: refreshToken(rt) } });
    try {
      for (const to of ['a', 'b', 'c']) {
        await store.createChallenge(
          challenge({ id: `ch-${to}`, identifier: `${to}@example.com`, code_hash: `code-${to}` }),
        );
      }
      await store.createRefreshToken({ ...refreshToken('taken'), sub: 'email|someone', login: null });
      // One turn: b's refresh token collides with a stored one (a primary key violation).
      const outcomes = await Promise.allSettled([signIn('a', 'rt-a'), signIn('b', 'taken'), signIn('c', 'rt-c')]);
      assert.equal(outcomes[0]!.status === 'fulfilled' && outcomes[0].value.status, 'ok');
      assert.equal(outcomes[1]!.status, 'rejected');
      assert.equal(outcomes[2]!.status === 'fulfilled' && outcomes[2].value.status, 'ok');
      assert.equal((await store.getRefreshToken('rt-a'))?.sub.startsWith('email|'), true);
      assert.equal((await store.getRefreshToken('rt-c'))?.sub.startsWith('email|'), true);
      // b's failed statement was rolled back whole: its code is still live, no user was made.
      assert.equal(await store.findUserRecord('email', 'b@example.com'), null);
      assert.equal((await signIn('b', 'rt-b')).status, 'ok');
    } finally {
      await store.close();
    }
  });

  it('postgres: the lockout holds across two servers', async () => {
    const schema = `lock${n++}`;
    const stores = [new PostgresStore(url, { schema }), new PostgresStore(url, { schema })];
    const limits = { starts_per_ip_per_hour: 1000, max_consecutive_failures: 3, resend_interval_seconds: 1 };
    const [a, b] = [
      await startServer({ limits }, { store: stores[0] }),
      await startServer({ limits }, { store: stores[1] }),
    ];
    try {
      assert.equal((await startEmail(a, 'lock@example.com')).status, 200);
      const code = await a.lastCode('lock@example.com');
      // Three wrong tries, spread over both servers: the third locks the identifier everywhere.
      assert.equal((await otpLogin(a, 'lock@example.com', wrongCode(code))).status, 403);
      assert.equal((await otpLogin(b, 'lock@example.com', wrongCode(code))).status, 403);
      const third = await otpLogin(a, 'lock@example.com', wrongCode(code));
      assert.equal(third.status, 429, JSON.stringify(third.body));
      b.clock.advance(2);
      const again = await startEmail(b, 'lock@example.com');
      assert.equal(again.status, 429, 'a locked recipient gets no new code from the other server');
    } finally {
      await a.close();
      await b.close();
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  // Two servers, two pools, one schema per check.
  let m = 0;
  sharedStoreChecks('postgres', () => new PostgresStore(url, { schema: `two${Math.floor(m++ / 2)}` }));
});
