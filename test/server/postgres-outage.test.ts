/**
 * A PostgreSQL outage under a running API: the test cluster is stopped (its connections cut at
 * once) and started again on the same port, then frozen (SIGSTOP: a database that hangs). While it is away every request that needs the store
 * answers 503 temporarily_unavailable with Retry-After while the database is still away (the
 * times are printed; speed lives in bench/), and service comes back by itself.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions } from '../../src/server/app.js';
import { baseConfig, isErrorShape, OTP_GRANT } from './helpers.js';
import { timed, type Timed, waitFor } from './outage-helpers.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';

describe('PostgreSQL outage', { skip: skipWithoutPostgres }, () => {
  let pg: PostgresServer | undefined;
  let app: FastifyInstance;
  let url = '';
  const logs: string[] = [];

  before(async () => {
    pg = await startPostgres();
    const config = baseConfig({ store: { type: 'postgres', url: pg.url } });
    app = await buildApp({
      config,
      logger: loggerOptions(
        config,
        new Writable({
          write(chunk, _e, cb) {
            logs.push(String(chunk));
            cb();
          },
        }),
      ),
      print: () => {},
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app?.close();
    await pg?.stop();
  });

  const start = (email: string) =>
    timed(`${url}/passwordless/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'demo', connection: 'email', email, send: 'code' }),
    });
  const token = (email: string) =>
    timed(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: OTP_GRANT,
        client_id: 'demo',
        realm: 'email',
        username: email,
        otp: '123456',
      }),
    });

  it('answers 503 temporarily_unavailable with Retry-After while the database is down (not waiting for it), then recovers', async () => {
    assert.equal((await start('before@example.com')).status, 200);
    assert.equal((await timed(`${url}/health`)).status, 200);

    await pg!.halt();

    const answers: Timed[] = [];
    for (let i = 0; i < 4; i++) {
      answers.push(
        await start(`down${i}@example.com`),
        await token(`down${i}@example.com`),
        await timed(`${url}/health`),
      );
    }
    console.log(`# outage answers (ms): ${answers.map((a) => `${a.status}/${a.ms}`).join(' ')}`);
    for (const a of answers) {
      assert.equal(a.status, 503, a.body);
      assert.ok(isErrorShape(a.contentType, a.body), a.body);
      assert.equal(JSON.parse(a.body).error, 'temporarily_unavailable');
      assert.ok(Number(a.retryAfter) >= 1, 'Retry-After');
    }
    await waitFor(async () => logs.some((l) => l.includes('store unreachable')), 5000);

    await pg!.resume();
    const back = await waitFor(async () => (await timed(`${url}/health`)).status === 200, 10_000);
    console.log(`# service back ${back} ms after the cluster was started again`);
    assert.equal((await start('after@example.com')).status, 200);
    await waitFor(async () => logs.some((l) => l.includes('store reachable again')), 5000);
    assert.ok(!logs.some((l) => l.includes('"level":60')), 'nothing fatal was logged');
  });

  it('answers 503 while the database hangs (connections open, nothing answers), then recovers', async () => {
    assert.equal((await start('warm@example.com')).status, 200);
    pg!.freeze(true);
    const answers: Timed[] = [];
    try {
      for (let i = 0; i < 2; i++)
        answers.push(await start(`hang${i}@example.com`), await token(`hang${i}@example.com`));
    } finally {
      pg!.freeze(false);
    }
    console.log(`# hang answers (ms): ${answers.map((a) => `${a.status}/${a.ms}`).join(' ')}`);
    for (const a of answers) {
      assert.equal(a.status, 503, a.body);
      assert.equal(JSON.parse(a.body).error, 'temporarily_unavailable');
    }
    await waitFor(async () => (await start(`thawed${Date.now()}@example.com`)).status === 200, 10_000);
  });
});
