/**
 * Two servers on one store (two SQLite connections to one file, or two Redis clients): what one
 * counts, the other sees. Run it with a factory that opens a new connection to the same store.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Store } from '../../src/server/store/types.js';
import { otpLogin, startEmail, startServer, type TestServer } from './helpers.js';

export function sharedStoreChecks(name: string, connect: () => Store): void {
  const stores: Store[] = [];
  const server = (limits: Record<string, number>) => {
    const store = connect();
    stores.push(store);
    return startServer({ limits }, { store });
  };
  const pair = async (limits: Record<string, number>): Promise<[TestServer, TestServer]> => [
    await server(limits),
    await server(limits),
  ];
  const closeAll = async (servers: TestServer[]) => {
    for (const s of servers) await s.close();
    for (const store of stores.splice(0)) await store.close();
  };

  it(`${name}: the per-IP limit holds across two servers`, async () => {
    const [a, b] = await pair({ starts_per_ip_per_hour: 3 });
    try {
      assert.equal((await startEmail(a, 'ip1@example.com')).status, 200);
      assert.equal((await startEmail(b, 'ip2@example.com')).status, 200);
      assert.equal((await startEmail(a, 'ip3@example.com')).status, 200);
      const fourth = await startEmail(b, 'ip4@example.com');
      assert.equal(fourth.status, 429);
      // Each server has its own clock, a moment apart: the window opened on the first server.
      const wait = Number(fourth.headers.get('retry-after'));
      assert.ok(wait > 3500 && wait <= 3600, `retry-after ${wait}`);
    } finally {
      await closeAll([a, b]);
    }
  });

  it(`${name}: the per-recipient limit holds across two servers`, async () => {
    const [a, b] = await pair({ starts_per_ip_per_hour: 1000 });
    try {
      assert.equal((await startEmail(a, 'same@example.com')).status, 200);
      const again = await startEmail(b, 'same@example.com');
      assert.equal(again.status, 429);
      const wait = Number(again.headers.get('retry-after'));
      assert.ok(wait > 0 && wait <= 60, `retry-after ${wait}`);
    } finally {
      await closeAll([a, b]);
    }
  });

  it(`${name}: 20 parallel verifies of one code on two servers give exactly one success`, async () => {
    const [a, b] = await pair({ starts_per_ip_per_hour: 1000 });
    try {
      assert.equal((await startEmail(a, 'race@example.com')).status, 200);
      const code = await a.lastCode('race@example.com');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => otpLogin(i % 2 ? a : b, 'race@example.com', code)),
      );
      assert.equal(results.filter((r) => r.status === 200).length, 1);
      assert.ok(results.every((r) => r.status === 200 || r.status === 403));
    } finally {
      await closeAll([a, b]);
    }
  });
}
