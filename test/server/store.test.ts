import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { until } from './helpers.js';
import { sharedStoreChecks } from './shared-store.js';
import { storeContract } from './store-contract.js';

/** A code checked as the OTP grant checks it (no user made): the outcome's status. */
const verify = (s: SqliteStore, identifier: string, codeHash: string, now: number) =>
  s.signInWithOtp(
    {
      clientId: 'demo',
      connection: 'email',
      identifier,
      codeHash,
      lockKey: `lock:${identifier}`,
      ipLockKey: 'iplock',
      create: false,
    },
    now,
  );

const dir = mkdtempSync(join(tmpdir(), 'pwl-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite (memory)', () => new SqliteStore(':memory:'));
let n = 0;
storeContract('sqlite (file, WAL)', () => new SqliteStore(join(dir, `s${n++}.sqlite`)));

/** A database file as an earlier version left it: one `users` table. */
async function legacyFile(path: string, users: [sub: string, connection: string, identifier: string, at: number][]) {
  const Database = (await import('better-sqlite3')).default;
  const old = new Database(path);
  old.exec(`CREATE TABLE users (sub TEXT PRIMARY KEY, connection TEXT NOT NULL, identifier TEXT NOT NULL,
    created_at INTEGER NOT NULL, UNIQUE (connection, identifier))`);
  for (const user of users) old.prepare('INSERT INTO users VALUES (?, ?, ?, ?)').run(...user);
  old.close();
}

describe('sqlite store', () => {
  it('uses WAL and persists across reopen', () => {
    const path = join(dir, 'persist.sqlite');
    const a = new SqliteStore(path);
    assert.equal(a.db.pragma('journal_mode', { simple: true }), 'wal');
    a.setValueIfAbsent('k', 'v');
    a.close();
    const b = new SqliteStore(path);
    assert.equal(b.getValue('k'), 'v');
    b.close();
  });

  it('keeps the users of an earlier version (their sub included) when it opens their file', async () => {
    const path = join(dir, 'legacy.sqlite');
    await legacyFile(path, [
      ['email|0123456789abcdef01234567', 'email', 'old@example.com', 5],
      ['sms|76543210fedcba9876543210', 'sms', '+14155550100', 6],
    ]);
    const s = new SqliteStore(path);
    assert.equal(s.findUserRecord('email', 'old@example.com')?.user_id, 'email|0123456789abcdef01234567');
    const sms = s.getUserRecord('sms|76543210fedcba9876543210');
    assert.deepEqual(sms?.identities, [
      { connection: 'sms', user_id: '76543210fedcba9876543210', identifier: '+14155550100' },
    ]);
    assert.equal(sms?.phone_verified, true);
    assert.equal(s.listUsers(0, 10).total, 2);
    s.close();
    // Opening it again migrates nothing twice.
    const again = new SqliteStore(path);
    assert.equal(again.listUsers(0, 10).total, 2);
    again.close();
  });

  it('checkpoints the WAL into the database file off the request path, before any commit would', async () => {
    const path = join(dir, 'checkpoint.sqlite');
    const s = new SqliteStore(path);
    const start = statSync(path).size;
    // A few hundred WAL pages: far below what makes a commit checkpoint by itself.
    for (let i = 0; i < 100; i++) s.putRecord('k', `id${i}`, 'x'.repeat(2000), Date.now() + 60_000);
    // The checkpointer runs on a timer of its own: wait until the file grows (or fail at the deadline).
    await until(() => statSync(path).size > start, `the database file takes the WAL's pages (${start} bytes before)`);
    assert.equal(s.getRecord('k', 'id99', Date.now()), 'x'.repeat(2000));
    s.close();
  });

  it('runs starts asked for together in order, each with its own outcome, a failing one alone', async () => {
    const s = new SqliteStore(':memory:');
    const T = 1_900_000_000_000;
    const start = (id: string, identifier: string) =>
      s.beginStart(
        {
          lockKey: `lock:${identifier}`,
          rules: [
            { key: `to:${identifier}`, windowMs: 60_000, limit: 1 },
            { key: 'ip', windowMs: 60_000, limit: 3 },
          ],
          challenge: {
            id,
            client_id: 'demo',
            connection: 'email',
            identifier,
            code_hash: `hash-${id}`,
            link_hash: null,
            send: 'code',
            auth_params: null,
            created_at: T,
            code_expires_at: T + 300_000,
            link_expires_at: null,
            max_attempts: 3,
          },
        },
        T,
      );
    // Asked for in one turn of the event loop: one group. The second start of a@ is over its
    // rule; the start with a duplicate id fails, alone, and counts nothing; the IP allows three.
    const outcomes = await Promise.allSettled([
      start('c1', 'a@example.com'),
      start('c2', 'a@example.com'),
      start('c3', 'b@example.com'),
      start('c3', 'c@example.com'),
      start('c5', 'd@example.com'),
      start('c6', 'e@example.com'),
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : 'failed')),
      ['ok', 'limited', 'ok', 'failed', 'ok', 'limited'],
    );
    for (const [identifier, hash, status] of [
      ['a@example.com', 'hash-c1', 'ok'],
      ['b@example.com', 'hash-c3', 'ok'],
      ['c@example.com', 'hash-c3', 'none'],
      ['d@example.com', 'hash-c5', 'ok'],
      ['e@example.com', 'hash-c6', 'none'],
    ] as const) {
      assert.equal(verify(s, identifier, hash, T).status, status, identifier);
    }
    s.close();
  });

  it('never stores a plaintext code', () => {
    const s = new SqliteStore(':memory:');
    s.createChallenge({
      id: 'x',
      client_id: 'demo',
      connection: 'email',
      identifier: 'a@example.com',
      code_hash: 'HMAC',
      link_hash: null,
      send: 'code',
      auth_params: null,
      created_at: 0,
      code_expires_at: 1,
      link_expires_at: null,
      max_attempts: 3,
    });
    const cols = s.db.prepare('SELECT * FROM challenges').get() as Record<string, unknown>;
    assert.equal(
      Object.keys(cols).some((k) => k === 'code' || k === 'otp'),
      false,
    );
    s.close();
  });
});

describe('sqlite store shared by two processes (two connections to one file)', () => {
  it('keeps newest-only and single use across connections', () => {
    const path = join(dir, 'shared.sqlite');
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    const base = {
      client_id: 'demo',
      connection: 'email' as const,
      identifier: 'x@example.com',
      link_hash: null,
      send: 'code' as const,
      auth_params: null,
      created_at: 0,
      code_expires_at: 1e15,
      link_expires_at: null,
      max_attempts: 3,
    };
    a.createChallenge({ ...base, id: 'one', code_hash: 'h1' });
    b.createChallenge({ ...base, id: 'two', code_hash: 'h2' });
    a.createChallenge({ ...base, id: 'three', code_hash: 'h3' });
    assert.equal(verify(b, 'x@example.com', 'h2', 0).status, 'wrong');
    assert.equal(verify(b, 'x@example.com', 'h3', 0).status, 'ok');
    assert.equal(verify(a, 'x@example.com', 'h3', 0).status, 'none');
    a.close();
    b.close();
  });
});

describe('sqlite file opened by several processes at once', () => {
  // Each process opens the file (schema, added columns, users' migration), writes a value and
  // exits; they start together, as a server's workers or two servers on one volume do.
  const open = (path: string) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `const { SqliteStore } = await import(${JSON.stringify(join(import.meta.dirname, '../../src/server/store/sqlite.ts'))});
           const s = new SqliteStore(${JSON.stringify(path)}); s.setValueIfAbsent('k', String(process.pid)); s.close();`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });

  it('sets up a new file once, whoever comes first', async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `together-${round}.sqlite`);
      const results = await Promise.all(Array.from({ length: 4 }, () => open(path)));
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const s = new SqliteStore(path);
      const columns = s.db.prepare('PRAGMA table_info(refresh_tokens)').all() as { name: string }[];
      assert.equal(columns.filter((c) => c.name === 'login').length, 1);
      s.close();
    }
  });

  it('migrates an old file once, whoever comes first', async () => {
    const path = join(dir, 'together-legacy.sqlite');
    await legacyFile(path, [['email|0123456789abcdef01234567', 'email', 'o@example.com', 5]]);
    const results = await Promise.all(Array.from({ length: 4 }, () => open(path)));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const s = new SqliteStore(path);
    assert.equal(s.findUserRecord('email', 'o@example.com')?.user_id, 'email|0123456789abcdef01234567');
    assert.equal(s.listUsers(0, 10).total, 1);
    s.close();
  });
});

describe('sqlite file shared by two servers', () => {
  const path = join(dir, 'two-servers.sqlite');
  let k = 0;
  // Each check gets a fresh file (its own prefix of the name), both servers the same one.
  sharedStoreChecks('sqlite', () => new SqliteStore(`${path}.${Math.floor(k++ / 2)}`));
});

describe('sqlite purge', () => {
  it('forgets expired refresh tokens, ended rate windows and old revocations', () => {
    const s = new SqliteStore(':memory:');
    const T0 = 1_900_000_000_000;
    s.createRefreshToken({
      hash: 'r-old',
      family_id: 'f1',
      client_id: 'demo',
      sub: 'email|1',
      scope: 'openid offline_access',
      audience: null,
      created_at: T0,
      expires_at: T0 + 1000,
    });
    s.hitRateLimits([{ key: 'k', windowMs: 60_000, limit: 1 }], T0);
    s.revokeGrant('f9', T0);
    s.purge(T0 + 2 * 86_400_000, 86_400_000);
    const count = (table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    assert.equal(count('refresh_tokens'), 0);
    assert.equal(count('rate_counters'), 0);
    assert.equal(s.isGrantRevoked('f9'), false);
    s.close();
  });
});
