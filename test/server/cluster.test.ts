/**
 * `passwordless-server --workers 2`: two processes behind one port on one SQLite file. What the
 * two-process store tests check in-process (shared-store.ts) must hold through the real CLI: the
 * keys are made once, a limit counts every worker's requests, one code signs in once, and SIGTERM to
 * the primary stops every worker. Each request opens its own connection, so the primary's round
 * robin spreads them over both workers.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitForHealth } from '../../scripts/lib/health.mjs';
import { freePort } from '../e2e/support/net.js';
import { startProcess, type StartedProcess } from '../e2e/support/process.js';
import { SECRET } from './helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { keys?: { alg: string }[]; error?: string } | null;
}

/** One request on a connection of its own (no keep-alive: the next one may reach the other worker). */
function send(url: string, method: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text || 'null') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('passwordless-server --workers 2 (one SQLite file)', { timeout: 180_000 }, () => {
  let dir: string;
  let origin: string;
  let server: StartedProcess;
  let hook: Server;
  /** The codes the webhook received, by recipient. */
  const codes = new Map<string, string>();
  const start = (email: string) =>
    send(`${origin}/passwordless/start`, 'POST', { client_id: 'demo', connection: 'email', send: 'code', email });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pwl-cluster-'));
    hook = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const m = JSON.parse(text) as { to: string; code: string };
        codes.set(m.to, m.code);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({
        host: '127.0.0.1',
        port,
        secret: SECRET,
        store: { type: 'sqlite', path: join(dir, 'shared.sqlite') },
        email: { provider: 'webhook', url: hookUrl, secret: 'cluster-hook-secret-0123' },
        clients: [{ client_id: 'demo', name: 'Demo' }],
        limits: { starts_per_ip_per_hour: 4 },
        log_level: 'info',
      }),
    );
    server = startProcess(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', '--config', file, '--workers', '2'],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, NODE_ENV: 'test' },
      },
    );
    await server.waitFor(/2 workers listening/, 150_000);
    await waitForHealth(origin, { timeoutMs: 30_000, exited: () => server.child.exitCode ?? undefined });
  });

  after(async () => {
    await server?.stop();
    await new Promise((r) => hook?.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('answers from both workers, which publish one key pair (made once, by the primary)', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(`${origin}/.well-known/jwks.json`, 'GET')));
    const jwks = answers.map((a) => JSON.stringify(a.body));
    assert.equal(new Set(jwks).size, 1, 'every answer publishes the same keys');
    assert.deepEqual(
      answers[0]!.body?.keys?.map((k) => k.alg),
      ['RS256', 'ES256'],
    );
    // Each access line carries its process's pid: the eight connections reached two processes.
    // Lines are written asynchronously: wait for all eight.
    await server.waitFor(/(?:"url":"\/\.well-known\/jwks\.json"[^\n]*\n[^]*?){8}/);
    const pids = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"url":"/.well-known/jwks.json"'))
      .map((l) => (JSON.parse(l) as { pid: number }).pid);
    assert.equal(new Set(pids).size, 2, server.output());
  });

  it('20 parallel verifies of one code over both workers give exactly one success', async () => {
    assert.equal((await start('race@example.com')).status, 200);
    const code = codes.get('race@example.com');
    assert.ok(code, 'the webhook got the code');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        send(`${origin}/oauth/token`, 'POST', {
          grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
          client_id: 'demo',
          realm: 'email',
          username: 'race@example.com',
          otp: code,
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.every((r) => r.status === 200 || r.status === 403));
  });

  it('the per-IP limit counts the starts of both workers', async () => {
    // One start was made above; the limit is 4 an hour.
    for (const n of [2, 3, 4]) assert.equal((await start(`ip${n}@example.com`)).status, 200);
    const fifth = await start('ip5@example.com');
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body?.error, 'too_many_requests');
    const wait = Number(fifth.headers['retry-after']);
    assert.ok(wait > 3500 && wait <= 3600, `retry-after ${wait}`);
  });

  it('SIGTERM to the primary stops both workers, then the primary (exit 0)', async () => {
    const pids = server
      .output()
      .match(/2 workers listening \(pids (\d+), (\d+)\)/)!
      .slice(1)
      .map(Number);
    const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0, server.output());
    for (const pid of pids) {
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `worker ${pid} is gone`);
    }
  });
});
