/**
 * `passwordless-server users …` through the binary, on the SQLite file a running server uses: what
 * the operator does shows up in sign-in at once. The binary is src/server/cli.ts bundled once by
 * esbuild (dependencies left as imports), so each of the many runs starts as plain Node instead of
 * compiling the server again under tsx.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { decodeJwt } from 'jose';
import type { ManagementUser, ManagementUserPage } from '../../src/protocol/index.js';
import { normalizeEmail } from '../../src/server/identifiers.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { otpLogin, post, SECRET, startEmail, startServer, startSms, type TestServer } from './helpers.js';

const REPO = join(import.meta.dirname, '../..');
// Inside the repo, so the bundle's imports resolve from its node_modules.
const BUILD_DIR = join(REPO, 'node_modules/.cache', `pwl-cli-users-test-${process.pid}`);
const CLI = join(BUILD_DIR, 'cli.mjs');
const PHONE = '+447400123456';
/** The canonical form of 'Ann@Example.COM' (identifiers.ts decides, as for /passwordless/start). */
const ANN = normalizeEmail('Ann@Example.COM')!;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, 'users', ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('passwordless-server users (CLI)', () => {
  let dir: string;
  let configFile: string;
  let store: SqliteStore;
  let s: TestServer;
  const users = (...args: string[]) => run([...args, '--config', configFile]);
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await users(...args, '--json');
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  async function signIn(username: string) {
    const started = username.startsWith('+') ? await startSms(s, username) : await startEmail(s, username);
    assert.equal(started.status, 200);
    const code = await s.lastCode(username);
    s.clock.advance(130);
    return otpLogin(s, username, code, { scope: 'openid email phone offline_access' });
  }

  before(async () => {
    await build({
      entryPoints: [join(REPO, 'src/server/cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: CLI,
      logLevel: 'warning',
    });
    dir = mkdtempSync(join(tmpdir(), 'pwl-cli-users-'));
    const dbPath = join(dir, 'users.sqlite');
    const config = {
      secret: SECRET,
      store: { type: 'sqlite', path: dbPath },
      email: { provider: 'outbox', disable_signup: true },
      sms: { provider: 'outbox', disable_signup: true },
      clients: [{ client_id: 'demo', name: 'Demo App', allowed_origins: ['http://localhost:5173'] }],
    };
    configFile = join(dir, 'server.json');
    writeFileSync(configFile, JSON.stringify(config));
    store = new SqliteStore(dbPath);
    s = await startServer({ email: config.email, sms: config.sms }, { store });
  });
  after(async () => {
    await s.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(BUILD_DIR, { recursive: true, force: true });
  });

  let ann: ManagementUser;

  it('creates users that can sign in with sign-up disabled; a duplicate is refused', async () => {
    ann = await json<ManagementUser>('create', 'Ann@Example.COM', '--user-metadata', '{"plan":"pro"}');
    assert.equal(ann.email, ANN);
    assert.deepEqual(ann.user_metadata, { plan: 'pro' });
    const dup = await users('create', ANN);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);

    const login = await signIn(ANN);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(decodeJwt(login.body.id_token).sub, ann.user_id);
    await startEmail(s, 'stranger@example.com');
    assert.equal(await s.lastCode('stranger@example.com'), '', 'a stranger gets the no-account notice');

    const shown = await users('get', ANN);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /^user_id\s+email\|/m);
    assert.match(shown.stdout, /^logins_count\s+1$/m);
  });

  it('lists with totals and pages, and searches', async () => {
    const phone = await json<ManagementUser>('create', PHONE, '--verified');
    assert.equal(phone.phone_verified, true);
    const page = await json<ManagementUserPage>('list', '--per-page', '1', '--page', '1');
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.users.map((u) => u.phone_number),
      [PHONE],
    );
    const found = await json<ManagementUserPage>('list', '--q', 'email:"Ann@example.com"');
    assert.deepEqual(
      found.users.map((u) => u.user_id),
      [ann.user_id],
    );
    const text = await users('list');
    assert.match(text.stdout, /users 1-2 of 2/);
    const bad = await users('list', '--per-page', '500');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /per_page/);
  });

  it('blocks (sign-in 401, refresh token dead) and unblocks', async () => {
    const login = await signIn(ANN);
    const blocked = await users('block', ann.user_id);
    assert.equal(blocked.code, 0, blocked.stderr);
    assert.match(blocked.stdout, /BLOCKED/);
    const refused = await signIn(ANN);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'unauthorized', error_description: 'user is blocked' });
    const rt = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: login.body.refresh_token,
    });
    assert.equal(rt.status, 403);
    assert.equal((await users('unblock', ANN)).code, 0);
    assert.equal((await signIn(ANN)).status, 200);
  });

  it('links the phone into the email user (one sub for both), then unlinks it', async () => {
    const linked = await json<ManagementUser>('link', ANN, PHONE);
    assert.deepEqual(
      linked.identities.map((i) => i.provider),
      ['email', 'sms'],
    );
    const viaSms = await signIn(PHONE);
    const claims = decodeJwt(viaSms.body.id_token);
    assert.equal(claims.sub, ann.user_id);
    assert.equal(claims.email, ANN);
    assert.equal(claims.phone_number, PHONE);
    const again = await users('link', ANN, PHONE);
    assert.equal(again.code, 1, 'already linked');

    const unlinked = await json<ManagementUser>('unlink', ann.user_id, PHONE);
    assert.equal(unlinked.identities.length, 1);
    assert.notEqual(decodeJwt((await signIn(PHONE)).body.id_token).sub, ann.user_id);
  });

  it('deletes a user', async () => {
    const del = await users('delete', ANN);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout.trim(), `deleted ${ann.user_id}`);
    const gone = await users('get', ann.user_id);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /does not exist/);
  });

  it('writes an audit line per change with the acting operator and masked identifiers', async () => {
    const r = await users('create', 'audit@example.com');
    const audit = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.audit, 'users.create');
    assert.match(String(audit[0]!.actor), /^cli/);
    assert.doesNotMatch(r.stderr, /audit@example\.com/);
    assert.match(r.stderr, /a\*\*\*@example\.com/);
  });

  it('explains bad usage with exit status 2', async () => {
    const noConfig = await run(['list']);
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.stderr, /--config <server\.json> is required/);
    const unknown = await users('promote', 'x');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "promote"/);
    assert.match(unknown.stderr, /Usage: passwordless-server users/);
    const badJson = await users('create', 'x@example.com', '--app-metadata', '[1]');
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /--app-metadata must be a JSON object/);
    const badConfig = await run(['list', '--config', join(dir, 'missing.json')]);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /cannot read/);
  });
});
