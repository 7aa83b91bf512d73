/**
 * Graceful shutdown, through the CLI in its own process with requests in flight. The
 * starts in flight wait for a webhook receiver the test holds; SIGTERM turns /ready 503 while
 * /health stays 200, the listener closes after the drain delay, the held starts are answered once
 * the receiver lets them go, and the process exits 0 with its SQLite file intact. When the grace
 * period runs out first, the deliveries still in flight are reported and the exit code is 1.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cliConfig, removeDir, startCli, tempDir } from './cli-process.js';
import { until } from './helpers.js';

/** A webhook receiver that holds every message until `release()`. */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      held.push(res);
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    async until(n: number) {
      while (held.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    release() {
      for (const res of held.splice(0)) res.writeHead(204).end();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

const start = (url: string, email: string) =>
  fetch(`${url}/passwordless/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'demo', connection: 'email', email, send: 'code' }),
  });

describe('graceful shutdown (CLI, SIGTERM)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  /** The CLI in a folder of its own, its email webhook holding every delivery until released. */
  async function heldServer(name: string, webhookTimeoutMs: number, shutdown: Record<string, number>) {
    const hook = await holdingReceiver();
    const dir = tempDir(name);
    dirs.push(dir);
    const server = await startCli(
      dir,
      cliConfig(dir, {
        email: {
          provider: 'webhook',
          url: hook.url,
          secret: 'webhook-secret-0123456789',
          timeout_ms: webhookTimeoutMs,
        },
        shutdown,
      }),
    );
    return { hook, dir, server };
  }

  it('drains: /ready 503, /health 200, listener closed, starts in flight answered, exit 0, store intact', async () => {
    // The drain delay only has to outlast the polls below; nothing waits for it to pass.
    const { hook, dir, server } = await heldServer('shutdown', 60_000, { grace_ms: 60_000, drain_delay_ms: 4000 });
    try {
      assert.equal((await fetch(`${server.url}/ready`)).status, 200);
      const inFlight = ['a', 'b', 'c'].map((x) => start(server.url, `${x}@example.com`));
      await hook.until(3);
      server.proc.child.kill('SIGTERM');

      let readyBody = '';
      await until(async () => {
        const res = await fetch(`${server.url}/ready`);
        readyBody = await res.text();
        return res.status === 503;
      }, '/ready turns 503');
      assert.equal(JSON.parse(readyBody).error, 'temporarily_unavailable');
      assert.equal((await fetch(`${server.url}/health`)).status, 200, 'liveness stays 200 while draining');
      await until(() => refused(server.port), 'the listener closes after the drain delay');
      assert.equal(server.proc.child.exitCode, null, 'still running while requests are in flight');

      hook.release();
      const answers = await Promise.all(inFlight);
      assert.deepEqual(
        answers.map((r) => r.status),
        [200, 200, 200],
        'the starts in flight were answered',
      );
      assert.deepEqual(
        answers.map((r) => r.headers.get('connection')),
        ['close', 'close', 'close'],
        'answered after the listener closed, each closes its connection',
      );
      assert.equal(await server.exited, 0, server.proc.output());
      const log = server.proc.output();
      assert.match(log, /SIGTERM: shutting down/);
      assert.match(log, /"requests":3,.*waiting for requests in flight/, 'the three starts were counted in flight');
      assert.match(log, /shut down cleanly/);

      const db = new Database(join(dir, 'passwordless.sqlite'), { readonly: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        const live = db.prepare('SELECT COUNT(*) AS n FROM challenges WHERE invalidated = 0').get() as { n: number };
        assert.equal(live.n, 3, 'the three codes were kept');
      } finally {
        db.close();
      }
    } finally {
      hook.release();
      await server.cleanup();
      await hook.close();
    }
  });

  it('reports the deliveries still in flight and exits 1 when the grace period runs out', async () => {
    const { hook, server } = await heldServer('shutdown-grace', 600_000, { grace_ms: 1000, drain_delay_ms: 0 });
    try {
      const inFlight = ['d', 'e'].map((x) => start(server.url, `${x}@example.com`).catch((e: Error) => e));
      await hook.until(2);
      server.proc.child.kill('SIGTERM');
      assert.equal(await server.exited, 1, server.proc.output());
      assert.match(server.proc.output(), /"deliveries":"webhook: 2"[^\n]*grace period/);
      for (const answer of await Promise.all(inFlight)) assert.ok(answer instanceof Error, 'cut off, not answered');
    } finally {
      await server.cleanup();
      await hook.close();
    }
  });
});
