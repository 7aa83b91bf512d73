/**
 * A Redis outage under a running API. A real redis-server (started here on a
 * free loopback port) is killed with SIGKILL and restarted on the same port. While it is away,
 * every request that needs the store answers 503 temporarily_unavailable with Retry-After while
 * Redis is still away (the times are printed; speed lives in bench/); /health says 503 too; service comes back by itself.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { baseConfig } from './helpers.js';
import { answersWhileDown, assertUnavailable, startOutageApp, type OutageApp, waitFor } from './outage-helpers.js';
import { freePort, skipWithoutRedis, spawnRedis, untilRedisAnswers } from './redis-server.js';

describe('Redis outage', { skip: skipWithoutRedis }, () => {
  let port = 0;
  let redis: ChildProcess | undefined;
  let s: OutageApp;
  const consoleErrors: string[] = [];
  const originalConsoleError = console.error;

  before(async () => {
    port = await freePort();
    redis = spawnRedis(port);
    const config = baseConfig({
      store: { type: 'redis', url: `redis://127.0.0.1:${port}`, prefix: 'outage:' },
      // The drill under load sends hundreds of starts from 127.0.0.1.
      limits: { starts_per_ip_per_hour: 1_000_000 },
    });
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args.map(String).join(' '));
    };
    // Redis takes a moment to listen.
    await untilRedisAnswers(port);
    s = await startOutageApp(config);
  });
  after(async () => {
    console.error = originalConsoleError;
    await s?.app.close();
    redis?.kill('SIGKILL');
  });

  it('warns at startup that a Redis store without signing_key needs persistence', () => {
    assert.ok(s.logs.some((l) => l.includes('no signing_key') && l.includes('persistence')));
  });

  it('answers 503 temporarily_unavailable with Retry-After while Redis is down (not waiting for it), then recovers', async () => {
    assert.equal((await s.start('before@example.com')).status, 200);
    assert.equal((await s.health()).status, 200);

    redis!.kill('SIGKILL');
    await once(redis!, 'exit');

    assertUnavailable(await answersWhileDown(s));

    // The outage is logged once a reconnection attempt fails (within the 100-500 ms retry delay);
    // restarting before that would make the outage too short to be logged.
    await waitFor(async () => s.logs.some((l) => l.includes('store unreachable')), 5000);
    redis = spawnRedis(port);
    const back = await waitFor(async () => (await s.health()).status === 200, 10_000);
    console.log(`# service back ${back} ms after redis-server was restarted`);
    assert.equal((await s.start('after@example.com')).status, 200);
    // The client's reconnect event (which logs this) can come a moment after the first good PING.
    await waitFor(async () => s.logs.some((l) => l.includes('store reachable again')), 5000);
    assert.deepEqual(
      consoleErrors.filter((l) => l.includes('Unhandled error event')),
      [],
      'ioredis never prints "Unhandled error event"',
    );
  });

  it('under load (a fault drill): answers stay 200 or 503 with Retry-After, none is stuck, service comes back', async () => {
    interface Answer {
      sentAt: number;
      doneAt: number;
      status: number | 'stuck' | 'failed';
      error?: string;
      retryAfter: string | null;
    }
    const answers: Answer[] = [];
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const sentAt = performance.now();
        try {
          const a = await s.start(`load${n++}@example.com`);
          answers.push({
            sentAt,
            doneAt: performance.now(),
            status: a.status,
            error: a.status === 200 ? undefined : JSON.parse(a.body).error,
            retryAfter: a.retryAfter,
          });
        } catch (err) {
          const stuck = (err as Error).name === 'TimeoutError';
          answers.push({ sentAt, doneAt: performance.now(), status: stuck ? 'stuck' : 'failed', retryAfter: null });
        }
        // While every answer is an instant 503, do not spin the machine: wait a moment.
        if (answers.at(-1)?.status !== 200) await sleep(20);
      }
    };
    const workers = Array.from({ length: 10 }, worker);
    try {
      await waitFor(async () => answers.filter((a) => a.status === 200).length >= 50, 30_000);
      const logsBefore = s.logs.length;
      const killedAt = performance.now();
      redis!.kill('SIGKILL');
      await once(redis!, 'exit');
      await waitFor(async () => s.logs.slice(logsBefore).some((l) => l.includes('store unreachable')), 10_000);
      await waitFor(async () => answers.some((a) => a.sentAt > killedAt && a.status === 503), 10_000);
      const restartedAt = performance.now();
      redis = spawnRedis(port);
      await waitFor(async () => answers.some((a) => a.sentAt > restartedAt && a.status === 200), 30_000);
      const recoveredAt = answers.find((a) => a.sentAt > restartedAt && a.status === 200)!.doneAt;
      // Everything sent from a moment after the first success on is served again.
      const settledAt = performance.now();
      await waitFor(async () => answers.filter((a) => a.sentAt > settledAt).length >= 30, 30_000);
      stop = true;
      await Promise.all(workers);

      const outage = answers.filter((a) => a.sentAt > killedAt && a.sentAt < restartedAt);
      const unavailable = outage.filter((a) => a.status === 503);
      console.log(
        `# under load: ${answers.length} starts; during the outage ${unavailable.length} answered 503, slowest in ` +
          `${Math.round(Math.max(...unavailable.map((a) => a.doneAt - a.sentAt)))} ms; first 200 ` +
          `${Math.round(recoveredAt - restartedAt)} ms after redis-server was restarted`,
      );
      assert.deepEqual(
        answers.filter((a) => a.status === 'stuck' || a.status === 'failed'),
        [],
        'no request hung (8 s) or lost its connection',
      );
      for (const a of answers.filter((x) => x.status !== 200)) {
        assert.equal(a.status, 503);
        assert.equal(a.error, 'temporarily_unavailable');
        assert.ok(Number(a.retryAfter) >= 1, 'Retry-After');
      }
      assert.deepEqual(
        answers.filter((a) => a.sentAt > settledAt && a.status !== 200),
        [],
        'served again once Redis is back',
      );
    } finally {
      stop = true;
      await Promise.all(workers);
    }
  });
});
