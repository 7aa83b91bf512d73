/**
 * Fault drills. Each drill breaks one thing the API depends on, the way it breaks in
 * production, and checks what a user and an operator see: a clear answer in the API's error shape
 * (never a hang, never a 200 for something that did not happen), nothing half-done, and service
 * back by itself once the fault is gone. (The Redis restart under load is in redis-outage.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { calculateJwkThumbprint } from 'jose';
import { SMTPServer } from 'smtp-server';
import { cliConfig, removeDir, startCli, tempDir, type CliServer } from './cli-process.js';
import { otpLogin, startEmail, startServer, until, type TestServer } from './helpers.js';
import { skipWithoutRedis, startRedis } from './redis-server.js';

interface ChallengeRow {
  invalidated: number;
  used_at: number | null;
}

const challenges = (s: TestServer, identifier: string) =>
  s.store.db
    .prepare('SELECT invalidated, used_at FROM challenges WHERE identifier = ? ORDER BY seq')
    .all(identifier) as ChallengeRow[];

/** An SMTP server on `port` (0: any) that delivers, keeping the messages. */
async function smtpReceiver(port = 0, options: Partial<ConstructorParameters<typeof SMTPServer>[0]> = {}) {
  const mails: { to: string[]; data: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
    ...options,
  });
  await new Promise<void>((r) => smtp.listen(port, '127.0.0.1', () => r()));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}

const codeIn = (data: string) => /\n([0-9]{6})\r?\n/.exec(data)?.[1];

describe('fault drill: the SMTP server accepts connections and never answers', () => {
  it('start answers email_provider_error after the delivery timeout, the code is dead, the next start works', async () => {
    // Accepts, then says nothing: no greeting, ever.
    const sockets = new Set<Socket>();
    let accepted = 0;
    const silent: Server = createServer((socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const s = await startServer({
      email: { provider: 'smtp', url: `smtp://127.0.0.1:${port}`, from: 'login@example.com', timeout_ms: 1000 },
      metrics: { token: 'metrics-token-metrics-token-0123456789' },
    });
    let smtp: Awaited<ReturnType<typeof smtpReceiver>> | undefined;
    try {
      const email = 'silent@example.com';
      const res = await fetch(`${s.url}/passwordless/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'demo', connection: 'email', email, send: 'code' }),
        // Far beyond the 1 s delivery timeout: an answer after this would be a hang.
        signal: AbortSignal.timeout(30_000),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        error: 'email_provider_error',
        error_description: 'The email could not be sent. Try again later.',
      });
      assert.ok(accepted >= 1, 'the SMTP server was reached');
      assert.deepEqual(challenges(s, email), [{ invalidated: 1, used_at: null }], 'the code is dead');
      assert.ok(
        s.logs.some((l) => l.includes('"send.failed"') && l.includes('"provider":"smtp"')),
        'the failure is in the audit log',
      );
      const metrics = await (
        await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-metrics-token-0123456789' } })
      ).text();
      assert.match(metrics, /pwl_delivery_duration_seconds_count\{provider="smtp",outcome="timeout"\} 1/);

      // The SMTP server comes back on the same port; after the resend interval, the same person
      // gets a code that signs in.
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
      smtp = await smtpReceiver(port);
      s.clock.advance(61);
      assert.equal((await startEmail(s, email)).status, 200);
      const code = codeIn(smtp.mails.at(-1)!.data)!;
      assert.equal((await otpLogin(s, email, code)).status, 200);
    } finally {
      await s.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
      await smtp?.close();
    }
  });
});

describe('fault drill: the SMTP server refuses the recipient (5xx)', () => {
  it('start answers email_provider_error, nothing is sent and no code lives', async () => {
    const smtp = await smtpReceiver(0, {
      onRcptTo(address, _session, cb) {
        if (address.address === 'refused@example.com') {
          cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
        } else cb();
      },
    });
    const s = await startServer({
      email: { provider: 'smtp', url: `smtp://127.0.0.1:${smtp.port}`, from: 'login@example.com' },
    });
    try {
      const res = await startEmail(s, 'refused@example.com');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'email_provider_error');
      assert.equal(res.body.error_description, 'The email could not be sent. Try again later.');
      assert.equal(smtp.mails.length, 0, 'nothing was sent');
      assert.deepEqual(challenges(s, 'refused@example.com'), [{ invalidated: 1, used_at: null }], 'no code lives');
      const failed = s.logs.find((l) => l.includes('"send.failed"'));
      assert.ok(failed, 'the refusal is in the audit log');
      assert.ok(!failed.includes('refused@example.com'), 'with the address masked');
      // No account was made for an address that never got a code.
      assert.equal((await s.store.findUserRecord('email', 'refused@example.com')) ?? null, null);
      // Another recipient is served.
      assert.equal((await startEmail(s, 'fine@example.com')).status, 200);
      assert.equal(smtp.mails.length, 1);
    } finally {
      await s.close();
      await smtp.close();
    }
  });
});

describe('fault drill: the signing key file cannot be read at start', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  it('a readable key file is the key that signs (and cannot be set twice)', async () => {
    const dir = tempDir('keyfile-ok');
    dirs.push(dir);
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(dir, 'es256.pem'), pem);
    const s = await startServer({ signing_key_file: join(dir, 'es256.pem') });
    try {
      const jwks = (await (await fetch(`${s.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      const expected = await calculateJwkThumbprint(
        createPublicKey(pem).export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0],
      );
      assert.ok(
        jwks.keys.some((k) => k.kid === expected),
        'the JWKS holds the key of the file',
      );
    } finally {
      await s.close();
    }
    await assert.rejects(
      startServer({ signing_key_file: join(dir, 'es256.pem'), signing_key: String(pem) }),
      /config\.signing_key_file: set config\.signing_key or config\.signing_key_file, not both/,
    );
  });

  for (const [what, file] of [
    ['missing', (dir: string) => join(dir, 'no-such-key.pem')],
    ['a directory', (dir: string) => join(dir, 'keys')],
  ] as const) {
    it(`(${what}): a clear message, exit 2, and no key is made in its place`, async () => {
      const dir = tempDir('keyfile');
      dirs.push(dir);
      mkdirSync(join(dir, 'keys'));
      const path = file(dir);
      const server = await startCli(dir, cliConfig(dir, { signing_key_file: path }), { wait: false });
      try {
        assert.equal(await server.exited, 2);
        const out = server.proc.output();
        assert.match(out, /invalid configuration: config\.signing_key_file: cannot read /);
        assert.ok(out.includes(path), 'names the file');
        assert.match(out, /never makes a new one in its place/);
        const db = new Database(join(dir, 'passwordless.sqlite'), { readonly: true });
        try {
          assert.deepEqual(db.prepare("SELECT key FROM kv WHERE key LIKE 'signing_key%'").all(), [], 'no key stored');
        } finally {
          db.close();
        }
      } finally {
        await server.cleanup();
      }
    });
  }
});

/** GET /dev/outbox's newest code to `to` (the outbox provider, loopback only). */
async function outboxCode(server: CliServer, to: string): Promise<string> {
  const messages = (await (await fetch(`${server.url}/dev/outbox`)).json()) as { to: string; code: string }[];
  const m = messages.find((x) => x.to === to);
  if (!m) throw new Error(`no message to ${to}`);
  return m.code;
}

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
};
const cliStart = (server: CliServer, email: string) =>
  post(`${server.url}/passwordless/start`, { client_id: 'demo', connection: 'email', email, send: 'code' });
const cliLogin = (server: CliServer, email: string, otp: string) =>
  post(`${server.url}/oauth/token`, {
    grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    client_id: 'demo',
    realm: 'email',
    username: email,
    otp,
  });

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe(
  'fault drill: SQLite on a full disk (a file size limit)',
  { skip: hasPrlimit ? false : 'prlimit is not installed' },
  () => {
    const dirs: string[] = [];
    after(() => dirs.forEach(removeDir));

    it('answers 503 temporarily_unavailable while writes fail, keeps the file intact, recovers when space returns', async () => {
      const dir = tempDir('full-disk');
      dirs.push(dir);
      // SIGXFSZ ignored (as a service manager can set it): a write past the limit fails with EFBIG
      // instead of killing the process, which is how a full disk looks to SQLite.
      const server = await startCli(dir, cliConfig(dir), {
        wrap: (argv) => ['bash', ['-c', `trap '' XFSZ; exec "$@"`, 'bash', ...argv]],
      });
      const setLimit = (limit: string) => {
        const r = spawnSync('prlimit', ['--pid', String(server.proc.child.pid), `--fsize=${limit}`], {
          encoding: 'utf8',
        });
        assert.equal(r.status, 0, r.stderr);
      };
      try {
        // A code issued before the disk fills, redeemed after.
        assert.equal((await cliStart(server, 'before@example.com')).status, 200);
        const before = await outboxCode(server, 'before@example.com');

        // The disk is full: no file may grow past its size now (plus a page or two).
        const { statSync } = await import('node:fs');
        const size = (f: string) => {
          try {
            return statSync(join(dir, f)).size;
          } catch {
            return 0;
          }
        };
        const largest = Math.max(size('passwordless.sqlite'), size('passwordless.sqlite-wal'));
        setLimit(`${largest + 8192}:unlimited`);
        let refused: Awaited<ReturnType<typeof cliStart>> | undefined;
        let n = 0;
        for (; n < 20_000 && !refused; n++) {
          const res = await cliStart(server, `fill${n}@example.com`);
          if (res.status !== 200) refused = res;
        }
        assert.ok(refused, `a start was refused within ${n} starts`);
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.equal(refused.body.error, 'temporarily_unavailable');
        assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After');
        const refusedEmail = `fill${n - 1}@example.com`;
        // While the disk stays full, a write succeeds when SQLite finds room in pages it freed (a
        // checkpoint restarts the WAL): every answer is a success or that same 503, never a 500.
        for (let i = 0; i < 20; i++) {
          const res = await cliStart(server, `during${i}@example.com`);
          assert.ok(
            res.status === 200 || (res.status === 503 && res.body.error === 'temporarily_unavailable'),
            JSON.stringify(res.body),
          );
        }
        assert.equal((await fetch(`${server.url}/health`)).status, 200, 'the process stays alive and answers');

        // Space returns.
        setLimit('unlimited:unlimited');
        const back = await cliStart(server, 'after@example.com');
        assert.equal(back.status, 200, JSON.stringify(back.body));
        assert.equal(
          (await cliLogin(server, 'after@example.com', await outboxCode(server, 'after@example.com'))).status,
          200,
        );
        assert.equal(
          (await cliLogin(server, 'before@example.com', before)).status,
          200,
          'the earlier code still signs in',
        );

        server.proc.child.kill('SIGTERM');
        assert.equal(await server.exited, 0, server.proc.output());
        const db = new Database(join(dir, 'passwordless.sqlite'), { readonly: true });
        try {
          assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
          const refusedRow = db
            .prepare('SELECT COUNT(*) AS n FROM challenges WHERE identifier = ?')
            .get(refusedEmail) as {
            n: number;
          };
          assert.equal(refusedRow.n, 0, 'a refused start left nothing behind');
        } finally {
          db.close();
        }
      } finally {
        await server.cleanup();
      }
    });
  },
);

describe('fault drill: one of two API processes on one Redis is killed under load', { skip: skipWithoutRedis }, () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  it('the other keeps serving, and every acknowledged start signs in through it', async () => {
    const redis = await startRedis();
    const codes = new Map<string, string>();
    const hook = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        const m = JSON.parse(body) as { to: string; code: string };
        codes.set(m.to, m.code);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const dir = tempDir('two-processes');
    dirs.push(dir);
    const config = cliConfig(dir, {
      store: { type: 'redis', url: redis.url, prefix: 'drill:' },
      email: { provider: 'webhook', url: hookUrl, secret: 'webhook-secret-0123456789' },
    });
    const a = await startCli(dir, config);
    const b = await startCli(dir, config);
    const sent: { email: string; to: 'a' | 'b'; status: number | string }[] = [];
    let stop = false;
    let n = 0;
    const acknowledged = (to: 'a' | 'b') => sent.filter((r) => r.to === to && r.status === 200).length;
    const worker = async () => {
      while (!stop) {
        const i = n++;
        const to = i % 2 === 0 ? 'a' : 'b';
        const email = `load${i}@example.com`;
        try {
          sent.push({ email, to, status: (await cliStart(to === 'a' ? a : b, email)).status });
        } catch (err) {
          sent.push({ email, to, status: String((err as Error).cause ?? err) });
        }
      }
    };
    try {
      const workers = Array.from({ length: 8 }, worker);
      await until(() => acknowledged('a') >= 30, 'A acknowledges starts', 120_000);
      a.proc.child.kill('SIGKILL');
      assert.equal(await a.exited, 128);
      const atKill = acknowledged('b');
      await until(() => acknowledged('b') >= atKill + 60, 'B keeps acknowledging', 120_000);
      stop = true;
      await Promise.all(workers);

      const toB = sent.filter((r) => r.to === 'b');
      assert.deepEqual(
        toB.filter((r) => r.status !== 200),
        [],
        'every start sent to B succeeded, before, during and after the kill',
      );
      const ok = sent.filter((r) => r.status === 200);
      assert.ok(ok.some((r) => r.to === 'a'));
      for (const r of ok) {
        const code = codes.get(r.email);
        assert.ok(code, `the code of the acknowledged start to ${r.email} was delivered`);
        const login = await cliLogin(b, r.email, code);
        assert.equal(login.status, 200, `${r.email} (acknowledged by ${r.to}) signs in through B`);
      }
      console.log(
        `# ${ok.filter((r) => r.to === 'a').length} starts acknowledged by A before its SIGKILL, ` +
          `${toB.length} answered by B; ${sent.length - ok.length} sent to A after the kill failed`,
      );
    } finally {
      stop = true;
      await a.cleanup();
      await b.cleanup();
      hook.closeAllConnections();
      hook.close();
      redis.stop();
    }
  });
});
