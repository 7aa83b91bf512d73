/**
 * A PostgreSQL outage under a running API: the test cluster is stopped (its connections cut at
 * once) and started again on the same port, then frozen (SIGSTOP: a database that hangs). While it is away every request that needs the store
 * answers 503 temporarily_unavailable with Retry-After while the database is still away (the
 * times are printed; speed lives in bench/), and service comes back by itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseConfig } from './helpers.js';
import {
  answersWhileDown,
  assertUnavailable,
  startOutageApp,
  type OutageApp,
  type Timed,
  waitFor,
} from './outage-helpers.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';

describe('PostgreSQL outage', { skip: skipWithoutPostgres }, () => {
  let pg: PostgresServer | undefined;
  let s: OutageApp;

  before(async () => {
    pg = await startPostgres();
    s = await startOutageApp(baseConfig({ store: { type: 'postgres', url: pg.url } }));
  });
  after(async () => {
    await s?.app.close();
    await pg?.stop();
  });

  it('answers 503 temporarily_unavailable with Retry-After while the database is down (not waiting for it), then recovers', async () => {
    assert.equal((await s.start('before@example.com')).status, 200);
    assert.equal((await s.health()).status, 200);

    await pg!.halt();

    assertUnavailable(await answersWhileDown(s));
    await waitFor(async () => s.logs.some((l) => l.includes('store unreachable')), 5000);

    await pg!.resume();
    const back = await waitFor(async () => (await s.health()).status === 200, 10_000);
    console.log(`# service back ${back} ms after the cluster was started again`);
    assert.equal((await s.start('after@example.com')).status, 200);
    await waitFor(async () => s.logs.some((l) => l.includes('store reachable again')), 5000);
    assert.ok(!s.logs.some((l) => l.includes('"level":60')), 'nothing fatal was logged');
  });

  it('answers 503 while the database hangs (connections open, nothing answers), then recovers', async () => {
    assert.equal((await s.start('warm@example.com')).status, 200);
    pg!.freeze(true);
    const answers: Timed[] = [];
    try {
      for (let i = 0; i < 2; i++)
        answers.push(await s.start(`hang${i}@example.com`), await s.token(`hang${i}@example.com`));
    } finally {
      pg!.freeze(false);
    }
    console.log(`# hang answers (ms): ${answers.map((a) => `${a.status}/${a.ms}`).join(' ')}`);
    for (const a of answers) {
      assert.equal(a.status, 503, a.body);
      assert.equal(JSON.parse(a.body).error, 'temporarily_unavailable');
    }
    await waitFor(async () => (await s.start(`thawed${Date.now()}@example.com`)).status === 200, 10_000);
  });
});
