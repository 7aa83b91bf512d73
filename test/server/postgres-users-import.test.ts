/**
 * Moving users: `users export` from a SQLite deployment, `users import` into PostgreSQL. Every user
 * signs in afterwards with the same `sub`; the same file again with --upsert changes nothing; a
 * malformed file gets an error naming its line and nothing is imported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { runUsersCli } from '../../src/server/cli-users.js';
import { PostgresStore } from '../../src/server/store/postgres.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { baseConfig, otpLogin, startEmail, startServer, startSms, until, type TestServer } from './helpers.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';

const PHONE = '+447400123456';

describe('users export from SQLite, import into PostgreSQL', { skip: skipWithoutPostgres }, () => {
  let pg: PostgresServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pwl-import-'));
  const sqlitePath = join(dir, 'old.sqlite');
  let pgUrl = '';
  const configs = { sqlite: join(dir, 'sqlite.json'), postgres: join(dir, 'postgres.json') };
  const exported = join(dir, 'users.json');
  /** The subs users had on SQLite, by the identifier they sign in with. */
  const subs = new Map<string, string>();

  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUsersCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  const signIn = async (s: TestServer, username: string) => {
    s.clock.advance(120);
    const started = username.startsWith('+') ? await startSms(s, username) : await startEmail(s, username);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const r = await otpLogin(s, username, await s.lastCode(username));
    return r;
  };

  before(async () => {
    pg = await startPostgres();
    pgUrl = await pg.createDatabase('moved');
    writeFileSync(configs.sqlite, JSON.stringify(baseConfig({ store: { type: 'sqlite', path: sqlitePath } })));
    writeFileSync(configs.postgres, JSON.stringify(baseConfig({ store: { type: 'postgres', url: pgUrl } })));
    // The old deployment: users who signed up by signing in, one made by an operator with metadata
    // and a linked phone, one blocked.
    const store = new SqliteStore(sqlitePath);
    const old = await startServer({}, { store });
    try {
      for (const who of ['ann@example.com', 'bob@example.com', '+14155550100']) {
        const r = await signIn(old, who);
        assert.equal(r.status, 200);
        subs.set(who, decodeJwt(r.body.id_token).sub!);
      }
      assert.equal(
        (
          await cli(
            'create',
            'cat@example.com',
            '--verified',
            '--user-metadata',
            '{"plan":"pro","tags":["a"]}',
            '--config',
            configs.sqlite,
          )
        ).code,
        0,
      );
      assert.equal((await cli('create', PHONE, '--config', configs.sqlite)).code, 0);
      assert.equal((await cli('link', 'cat@example.com', PHONE, '--config', configs.sqlite)).code, 0);
      assert.equal((await cli('create', 'dan@example.com', '--blocked', '--config', configs.sqlite)).code, 0);
      const cat = await signIn(old, 'cat@example.com');
      subs.set('cat@example.com', decodeJwt(cat.body.id_token).sub!);
      subs.set(PHONE, decodeJwt(cat.body.id_token).sub!);
    } finally {
      await old.close();
    }
  });
  after(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every user, and each signs in on PostgreSQL with the same sub', async () => {
    const out = await cli('export', '--out', exported, '--config', configs.sqlite);
    assert.equal(out.code, 0, out.err);
    assert.match(out.err, /exported 5 users/);
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    assert.equal(lines.length, 7, 'a JSON array, one user per line');
    const imported = await cli('import', exported, '--config', configs.postgres);
    assert.equal(imported.code, 0, imported.out + imported.err);
    assert.match(imported.out, /imported 5 users: 5 inserted, 0 updated, 0 failed/);

    const store = new PostgresStore(pgUrl);
    // The same file again with --upsert: every user is there already, and nothing changes.
    const before = await store.listUsers(0, 100);
    const again = await cli('import', exported, '--upsert', '--json', '--config', configs.postgres);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(JSON.parse(again.out), { total: 5, inserted: 0, updated: 5, failed: 0, errors: [] });
    assert.deepEqual(await store.listUsers(0, 100), before);

    const s = await startServer({}, { store });
    try {
      for (const [who, sub] of subs) {
        const r = await signIn(s, who);
        assert.equal(r.status, 200, `${who}: ${JSON.stringify(r.body)}`);
        assert.equal(decodeJwt(r.body.id_token).sub, sub, who);
      }
      const dan = await signIn(s, 'dan@example.com');
      assert.equal(dan.status, 401, 'the blocked user stays blocked');
      const cat = await store.findUserRecord('email', 'cat@example.com');
      assert.deepEqual(cat?.user_metadata, { plan: 'pro', tags: ['a'] });
      assert.deepEqual(
        cat?.identities.map((i) => i.connection),
        ['email', 'sms'],
      );
    } finally {
      await s.close();
      await store.close();
    }
  });

  it('without --upsert, says each user exists and changes nothing', async () => {
    const store = new PostgresStore(pgUrl);
    try {
      const before = await store.listUsers(0, 100);
      const plain = await cli('import', exported, '--json', '--config', configs.postgres);
      assert.equal(plain.code, 1);
      const summary = JSON.parse(plain.out);
      assert.equal(summary.failed, 5);
      assert.deepEqual(
        summary.errors.map((e: { line: number; code: string }) => [e.line, e.code]),
        [2, 3, 4, 5, 6].map((l) => [l, 'DUPLICATED_USER']),
      );
      assert.deepEqual(await store.listUsers(0, 100), before);
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed file naming its line, and imports none of it', async () => {
    const store = new PostgresStore(pgUrl);
    try {
      const before = (await store.listUsers(0, 100)).total;
      const bad = join(dir, 'bad.json');
      writeFileSync(
        bad,
        [
          '[',
          '{"user_id": "aaaaaaaaaaaaaaaaaaaaaaaa", "email": "new1@example.com"},',
          '{"user_id": "bbbbbbbbbbbbbbbbbbbbbbbb", "email": "new2@example.com", "email_verified": "yes"},',
          '{"email": "not an email"}',
          ']',
        ].join('\n'),
      );
      const r = await cli('import', bad, '--config', configs.postgres);
      assert.equal(r.code, 1);
      assert.equal(r.err, 'passwordless-server users: nothing imported: line 3: email_verified must be true or false.');
      const ndjson = join(dir, 'bad.ndjson');
      writeFileSync(ndjson, '{"email": "new3@example.com"}\n{"email": "new4@example.com",\n');
      const syntax = await cli('import', ndjson, '--config', configs.postgres);
      assert.match(syntax.err, /^passwordless-server users: nothing imported: line 2: not valid JSON/);
      assert.equal((await store.listUsers(0, 100)).total, before);
      assert.equal(await store.findUserRecord('email', 'new1@example.com'), null);
    } finally {
      await store.close();
    }
  });
});

describe('POST /api/v2/jobs/users-imports on PostgreSQL', { skip: skipWithoutPostgres }, () => {
  let pg: PostgresServer | undefined;
  let store: PostgresStore;
  let s: TestServer;
  const ADMIN_SECRET = 'admin-secret-admin-secret-admin-secret';
  const token = async (scope: string[]) => {
    const res = await fetch(`${s.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: scope.length > 1 ? 'admin' : 'reader',
        client_secret: ADMIN_SECRET,
        audience: `${s.url}/api/v2/`,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const submit = async (bearer: string, file: string, fields: Record<string, string>) => {
    const form = new FormData();
    form.append('users', new Blob([file], { type: 'application/json' }), 'users.json');
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${s.url}/api/v2/jobs/users-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}` },
      body: form,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
    return { status: res.status, body: (await res.json()) as any };
  };
  /** Polls the job until it is no longer pending, as an Auth0 client does. */
  const finished = async (bearer: string, id: string) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
    let job: any;
    await until(
      async () => {
        const res = await fetch(`${s.url}/api/v2/jobs/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
        job = await res.json();
        return job.status !== 'pending';
      },
      `job ${id} finishes`,
      60_000,
      50,
    );
    return job;
  };

  before(async () => {
    pg = await startPostgres();
    store = new PostgresStore(await pg.createDatabase('jobs'));
    s = await startServer(
      {
        clients: [
          ...baseConfig().clients,
          {
            client_id: 'admin',
            name: 'Admin',
            client_secret: ADMIN_SECRET,
            grant_types: ['client_credentials'],
            client_grants: [{ scope: ['read:users', 'create:users'] }],
          },
          {
            client_id: 'reader',
            name: 'Reader',
            client_secret: ADMIN_SECRET,
            grant_types: ['client_credentials'],
            client_grants: [{ scope: ['read:users'] }],
          },
        ],
      },
      { store },
    );
  });
  after(async () => {
    await s?.close();
    await store?.close();
    await pg?.stop();
  });

  const FILE = JSON.stringify([
    { user_id: '5f0c8a1e2b3c4d5e6f708192', email: 'one@example.com', email_verified: true, user_metadata: { a: 1 } },
    { user_id: 'sms|abcdefabcdefabcdefabcdef', phone_number: '+14155550123', blocked: true },
  ]);

  it("imports as a job in Auth0's shapes, and again with upsert changes nothing", async () => {
    const admin = await token(['read:users', 'create:users']);
    const created = await submit(admin, FILE, { connection_id: 'email', upsert: 'false', external_id: 'move-1' });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal(created.body.status, 'pending');
    assert.equal(created.body.type, 'users_import');
    assert.match(created.body.id, /^job_[0-9a-f]{16}$/);
    assert.equal(created.body.external_id, 'move-1');
    const job = await finished(admin, created.body.id);
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.deepEqual(job.summary, { total: 2, inserted: 2, updated: 0, failed: 0 });
    assert.equal((await store.getUser('email|5f0c8a1e2b3c4d5e6f708192'))?.email, 'one@example.com');
    // The job's connection is the primary, unless user_id names another (Auth0's export form).
    assert.equal((await store.getUser('sms|abcdefabcdefabcdefabcdef'))?.blocked, true);

    const before = await store.listUsers(0, 10);
    const again = await submit(admin, FILE, { connection_id: 'email', upsert: 'true' });
    assert.deepEqual((await finished(admin, again.body.id)).summary, { total: 2, inserted: 0, updated: 2, failed: 0 });
    assert.deepEqual(await store.listUsers(0, 10), before);
    const plain = await submit(admin, FILE, { connection_id: 'email' });
    assert.equal((await finished(admin, plain.body.id)).summary.failed, 2);
    const errors = await fetch(`${s.url}/api/v2/jobs/${plain.body.id}/errors`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.deepEqual(
      ((await errors.json()) as { errors: { code: string }[] }[]).map((e) => e.errors[0]!.code),
      ['DUPLICATED_USER', 'DUPLICATED_USER'],
    );
  });

  it('fails a malformed file naming its line, with nothing imported', async () => {
    const admin = await token(['read:users', 'create:users']);
    const total = (await store.listUsers(0, 10)).total;
    const bad = '[\n{"email": "two@example.com"},\n{"email": "three@example.com", "blocked": "no"}\n]';
    const created = await submit(admin, bad, { connection_id: 'email' });
    const job = await finished(admin, created.body.id);
    assert.equal(job.status, 'failed');
    assert.equal(job.status_details, 'Nothing was imported: line 3: blocked must be true or false.');
    assert.equal((await store.listUsers(0, 10)).total, total);
  });

  it('refuses a caller without create:users, and a bad connection_id', async () => {
    const reader = await token(['read:users']);
    assert.equal((await submit(reader, FILE, { connection_id: 'email' })).status, 403);
    const admin = await token(['read:users', 'create:users']);
    const bad = await submit(admin, FILE, { connection_id: 'con_0000000000000001' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_body');
    const missing = await fetch(`${s.url}/api/v2/jobs/job_0000000000000000`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(missing.status, 404);
  });
});
