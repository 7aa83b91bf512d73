/**
 * The in-process cache of what an email start reads from the store besides its own step (the
 * branding document and the custom templates): a start after the first reads neither, a write
 * through this process is seen by the next start, a failed read is not kept, and two stores never
 * share an entry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { READ_CACHE_MS, ReadCache } from '../../src/server/read-cache.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { post, SECRET, startServer } from './helpers.js';

describe('ReadCache', () => {
  it('reads once for many gets, again after forget, and keeps each store apart', async () => {
    const cache = new ReadCache<number>();
    const [a, b] = [{}, {}];
    let reads = 0;
    const read = async () => ++reads;
    assert.deepEqual(await Promise.all([cache.get(a, 'k', read), cache.get(a, 'k', read)]), [1, 1]);
    assert.equal(await cache.get(a, 'k', read), 1);
    assert.equal(await cache.get(b, 'k', read), 2, 'another store reads for itself');
    cache.forget(a, 'k');
    assert.equal(await cache.get(a, 'k', read), 3, 'forgotten: read again');
    assert.equal(await cache.get(b, 'k', read), 2, "the other store's entry stays");
  });

  it('does not keep a failed read, and reads again once an entry is older than its age limit', async () => {
    const cache = new ReadCache<string>();
    await assert.rejects(cache.get({}, 'k', () => Promise.reject(new Error('store down'))));
    const store = {};
    await assert.rejects(cache.get(store, 'k', () => Promise.reject(new Error('store down'))));
    assert.equal(await cache.get(store, 'k', async () => 'back'), 'back');
    const fresh = new ReadCache<number>(0);
    let reads = 0;
    await fresh.get(store, 'k', async () => ++reads);
    assert.equal(await fresh.get(store, 'k', async () => ++reads), 2);
  });
});

describe('an email start and the store', () => {
  it('reads the branding and the templates once for many starts, and sees a change made through the API at once', async () => {
    const store = new SqliteStore(':memory:');
    const reads: string[] = [];
    /** When each read was made (performance.now()), in the order of `reads`. */
    const readAt: number[] = [];
    const read = (what: string) => (reads.push(what), readAt.push(performance.now()));
    const getValue = store.getValue.bind(store);
    const getRecord = store.getRecord.bind(store);
    store.getValue = (key) => (read(`value ${key}`), getValue(key));
    store.getRecord = (kind, id, now) => (read(`${kind} ${id}`), getRecord(kind, id, now));
    const s = await startServer(
      {
        clients: [
          { client_id: 'app', name: 'App', connections: ['email'] },
          {
            client_id: 'admin',
            name: 'Admin',
            client_secret: SECRET,
            grant_types: ['client_credentials'],
            client_grants: [{ scope: ['update:email_templates', 'update:branding'] }],
          },
        ],
        email: { provider: 'outbox' },
      },
      { store },
    );
    try {
      const start = async (email: string) => {
        const res = await post(`${s.url}/passwordless/start`, { client_id: 'app', connection: 'email', email });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return (await s.outbox()).findLast((m) => m.to === email)!;
      };
      await start('one@example.com');
      const first = reads.filter((r) => r === 'value branding' || r.startsWith('email_template')).length;
      assert.equal(first, 2, `the first start reads the branding and its template: ${reads.join(', ')}`);
      // Later starts read neither while the entries are younger than the age limit: a read again is
      // only allowed once READ_CACHE_MS have passed since the same key's previous read (on a busy
      // machine five starts can outlast the limit; without the cache each start would read both).
      const lastRead = new Map<string, number>();
      reads.forEach((r, i) => lastRead.set(r, readAt[i]!));
      reads.length = 0;
      readAt.length = 0;
      for (let i = 0; i < 5; i++) await start(`more${i}@example.com`);
      const early = reads.flatMap((r, i) => {
        if (r !== 'value branding' && !r.startsWith('email_template')) return [];
        const since = readAt[i]! - lastRead.get(r)!;
        lastRead.set(r, readAt[i]!);
        return since < READ_CACHE_MS ? [`${r} after ${since.toFixed(0)} ms`] : [];
      });
      assert.deepEqual(early, [], 'later starts read neither within the age limit');

      const token = await post(`${s.url}/oauth/token`, {
        grant_type: 'client_credentials',
        client_id: 'admin',
        client_secret: SECRET,
        audience: `${s.url}/api/v2/`,
      });
      const auth = { authorization: `Bearer ${token.body.access_token as string}`, 'content-type': 'application/json' };
      const patch = await fetch(`${s.url}/api/v2/branding`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ colors: { primary: '#7a1f5c' } }),
      });
      assert.equal(patch.status, 200, await patch.text());
      assert.match((await start('branded@example.com')).html ?? '', /#7a1f5c/i, 'the new colour, in the very next email');
      const put = await fetch(`${s.url}/api/v2/email-templates/verify_email_by_code`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({
          template: 'verify_email_by_code',
          body: '<p>Your code: {{ code }}</p>',
          from: 'App <no-reply@app.example>',
          subject: 'Code {{ code }}',
          syntax: 'liquid',
          enabled: true,
        }),
      });
      assert.equal(put.status, 200, await put.text());
      const after = await start('after@example.com');
      assert.match(after.subject ?? '', /^Code [0-9]{6}$/, 'the new template, in the very next email');
      assert.match(after.html ?? '', /Your code: [0-9]{6}/);
    } finally {
      await s.close();
    }
  });
});
