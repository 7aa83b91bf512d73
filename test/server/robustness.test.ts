import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { get, post, startServer, type TestServer } from './helpers.js';

/** Raw POST that survives the server closing the socket early (as Fastify may on a 413). */
function rawPost(url: string, path: string, body: string | Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(data) });
        } catch {
          resolve({ status: res.statusCode!, body: data });
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad input never gets a 5xx', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 10000 } });
  });
  after(() => s.close());

  const cases: [string, string, string | Buffer, Record<string, string>, number][] = [
    ['malformed JSON', '/passwordless/start', '{"client_id": "demo",', { 'content-type': 'application/json' }, 400],
    ['JSON array', '/passwordless/start', '[1,2,3]', { 'content-type': 'application/json' }, 400],
    ['JSON string', '/oauth/token', '"hello"', { 'content-type': 'application/json' }, 400],
    ['JSON null', '/oauth/token', 'null', { 'content-type': 'application/json' }, 400],
    ['empty JSON body', '/passwordless/start', '', { 'content-type': 'application/json' }, 400],
    [
      '__proto__ pollution',
      '/passwordless/start',
      '{"__proto__":{"x":1},"client_id":"demo"}',
      { 'content-type': 'application/json' },
      400,
    ],
    ['wrong content type', '/passwordless/start', 'client_id=demo', { 'content-type': 'text/plain' }, 415],
    [
      'wrong types',
      '/passwordless/start',
      JSON.stringify({ client_id: 'demo', connection: 'email', email: ['a@example.com'] }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'number client_id',
      '/oauth/token',
      JSON.stringify({ grant_type: 'refresh_token', client_id: 42 }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'object otp',
      '/oauth/token',
      JSON.stringify({
        grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
        client_id: 'demo',
        username: 'a@example.com',
        otp: { $gt: '' },
        realm: 'email',
      }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'repeated form field',
      '/oauth/token',
      'client_id=demo&client_id=demo&grant_type=refresh_token',
      { 'content-type': 'application/x-www-form-urlencoded' },
      400,
    ],
    ['missing fields', '/oauth/token', '{}', { 'content-type': 'application/json' }, 400],
    [
      'unknown fields',
      '/oauth/token',
      JSON.stringify({ grant_type: 'refresh_token', client_id: 'demo', refresh_token: 'x', evil: 1 }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'unknown client',
      '/passwordless/start',
      JSON.stringify({ client_id: 'ghost', connection: 'email', email: 'a@example.com' }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'lone surrogate in email',
      '/passwordless/start',
      '{"client_id":"demo","connection":"email","email":"a\\ud800@example.com"}',
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'NUL and RTL override in email',
      '/passwordless/start',
      JSON.stringify({ client_id: 'demo', connection: 'email', email: 'a\u0000\u202e@example.com' }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'zero-width space in phone',
      '/passwordless/start',
      JSON.stringify({ client_id: 'demo', connection: 'sms', phone_number: '+1415\u200b5550123' }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'emoji everywhere',
      '/oauth/token',
      JSON.stringify({ grant_type: '🔥', client_id: 'demo' }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'very long string',
      '/passwordless/start',
      JSON.stringify({ client_id: 'demo', connection: 'email', email: 'a'.repeat(5000) + '@example.com' }),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'invalid UTF-8 bytes',
      '/passwordless/start',
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      { 'content-type': 'application/json' },
      400,
    ],
  ];
  for (const [name, path, body, headers, status] of cases) {
    it(`${name} → ${status} with error and error_description`, async () => {
      const res = await rawPost(s.url, path, body, headers);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(typeof res.body.error, 'string');
      assert.equal(typeof res.body.error_description, 'string');
    });
  }

  it('a 1 MB body → 413 payload_too_large, and the server stays up', async () => {
    const big = JSON.stringify({
      client_id: 'demo',
      connection: 'email',
      email: 'a@example.com',
      pad: 'x'.repeat(1024 * 1024),
    });
    const res = await rawPost(s.url, '/passwordless/start', big, { 'content-type': 'application/json' }).catch(
      () => null,
    );
    if (res) {
      assert.equal(res.status, 413);
      assert.equal(res.body.error, 'payload_too_large');
    }
    const form = 'client_id=demo&pad=' + 'x'.repeat(1024 * 1024);
    const res2 = await rawPost(s.url, '/oauth/token', form, {
      'content-type': 'application/x-www-form-urlencoded',
    }).catch(() => null);
    if (res2) assert.equal(res2.status, 413);
    assert.ok(res || res2, 'at least one 413 answer was read');
    assert.equal((await get(`${s.url}/health`)).status, 200);
  });

  it('an unknown route → 404 JSON', async () => {
    const res = await get(`${s.url}/nope`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not_found');
  });

  it('the server is still healthy after all of that', async () => {
    const res = await post(`${s.url}/passwordless/start`, {
      client_id: 'demo',
      connection: 'email',
      email: 'still@example.com',
    });
    assert.equal(res.status, 200);
  });
});

describe('a store fault', () => {
  it('answers 500 server_error JSON (never a stack trace) and the server keeps serving', async () => {
    const { SqliteStore } = await import('../../src/server/store/sqlite.js');
    const store = new SqliteStore(':memory:');
    let broken = true;
    const original = store.beginStart.bind(store);
    store.beginStart = (input, now) => {
      if (broken) throw new Error('disk I/O error');
      return original(input, now);
    };
    const s = await startServer({}, { store });
    try {
      const res = await post(`${s.url}/passwordless/start`, {
        client_id: 'demo',
        connection: 'email',
        email: 'f@example.com',
      });
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error: 'server_error', error_description: 'Something went wrong on the server.' });
      assert.ok(
        s.logs.some((l) => l.includes('disk I/O error')),
        'the cause is logged for the operator',
      );
      broken = false;
      s.clock.advance(61);
      const ok = await post(`${s.url}/passwordless/start`, {
        client_id: 'demo',
        connection: 'email',
        email: 'f@example.com',
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    } finally {
      await s.app.close();
      store.close();
    }
  });
});
