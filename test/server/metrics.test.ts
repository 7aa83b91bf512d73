/**
 * Prometheus metrics. Off by default; on a listener of their own or behind a Bearer
 * token; requests by route pattern and status, starts, sign-ins, deliveries, limit refusals,
 * lockouts and store operations are counted; no identifier, address or token reaches a label.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/server/config.js';
import { metricsListenerAddress } from '../../src/server/metrics.js';
import {
  baseConfig,
  get,
  otpLogin,
  post,
  startEmail,
  startServer,
  startSms,
  wrongCode,
  type TestServer,
} from './helpers.js';

const TOKEN = 'metrics-token-metrics-token-0123456789';

/** Every sample line of the exposition as { name, labels, value }. */
function samples(text: string) {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      assert.ok(m, `a sample line: ${l}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels` (0 when there is none). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(url: string, token = TOKEN): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

describe('metrics', () => {
  it('are off by default: /metrics is a 404 on the API', async () => {
    const s = await startServer();
    try {
      const res = await get(`${s.url}/metrics`);
      assert.equal(res.status, 404);
      assert.equal(res.body.error, 'not_found');
    } finally {
      await s.close();
    }
  });

  it('need a port or a token; a short token is refused', () => {
    assert.throws(() => baseConfig({ metrics: {} }), /config\.metrics: needs a port .* or a token/);
    assert.throws(() => baseConfig({ metrics: { token: 'short' } }), /config\.metrics/);
    assert.doesNotThrow(() => parseConfig({ ...baseConfigInput(), metrics: { port: 0 } }));
  });

  it('on the API listener, answer only with the Bearer token', async () => {
    const s = await startServer({ metrics: { token: TOKEN } });
    try {
      const none = await get(`${s.url}/metrics`);
      assert.equal(none.status, 401);
      assert.equal(none.body.error, 'invalid_token');
      const wrong = await get(`${s.url}/metrics`, { authorization: `Bearer ${TOKEN}x` });
      assert.equal(wrong.status, 401);
      await get(`${s.url}/.well-known/jwks.json`);
      const text = await scrape(`${s.url}/metrics`);
      assert.ok(
        value(text, 'pwl_http_request_duration_seconds_count', { route: '/.well-known/jwks.json', status: '200' }) >= 1,
      );
      assert.ok(value(text, 'pwl_process_resident_memory_bytes') > 0, 'default metrics are there');
    } finally {
      await s.close();
    }
  });

  describe('on a listener of their own', () => {
    let s: TestServer;
    let metricsUrl = '';
    const openSession = async () => {
      s = await startServer({
        metrics: { port: 0 },
        limits: { max_consecutive_failures: 2, resend_interval_seconds: 60 },
      });
      const a = metricsListenerAddress(s.app)!;
      metricsUrl = `http://127.0.0.1:${a.port}/metrics`;
    };

    it('are not on the API listener, and need no token there', async () => {
      await openSession();
      try {
        assert.equal((await get(`${s.url}/metrics`)).status, 404);
        const res = await fetch(metricsUrl);
        assert.equal(res.status, 200);
        assert.equal((await fetch(metricsUrl.replace('/metrics', '/other'))).status, 404);
      } finally {
        await s.close();
      }
    });

    it('count requests, starts, sign-ins, deliveries, refusals, lockouts and store operations without identifiers', async () => {
      await openSession();
      try {
        const email = 'metrics.person@example.com';
        const phone = '+14155550123';
        assert.equal((await startEmail(s, email)).status, 200);
        assert.equal((await startSms(s, phone)).status, 200);
        // The resend interval refuses a second start at once.
        assert.equal((await startEmail(s, email)).status, 429);
        assert.equal((await startEmail(s, 'not-an-address')).status, 400);
        const code = await s.lastCode(email);
        const smsCode = await s.lastCode(phone);
        assert.equal((await otpLogin(s, email, wrongCode(code))).status, 403);
        const ok = await otpLogin(s, email, code, { scope: 'openid offline_access' });
        assert.equal(ok.status, 200);
        const refreshed = await post(`${s.url}/oauth/token`, {
          grant_type: 'refresh_token',
          client_id: 'demo',
          refresh_token: ok.body.refresh_token,
        });
        assert.equal(refreshed.status, 200);
        assert.equal(
          (await get(`${s.url}/userinfo`, { authorization: `Bearer ${refreshed.body.access_token}` })).status,
          200,
        );
        // Two wrong tries against the live SMS code reach max_consecutive_failures: a lockout.
        assert.equal((await otpLogin(s, phone, wrongCode(smsCode))).status, 403);
        assert.equal((await otpLogin(s, phone, wrongCode(smsCode))).status, 429);
        assert.equal((await otpLogin(s, phone, smsCode)).status, 429, 'refused while locked');
        // A URL carrying an identifier, matched and unmatched.
        await get(`${s.url}/api/v2/users/${encodeURIComponent(`email|${email}`)}`);
        await get(`${s.url}/nothing/${email}?token=${ok.body.access_token}`);

        const text = await scrape(metricsUrl);
        const count = (route: string, status: string) =>
          value(text, 'pwl_http_request_duration_seconds_count', { route, status });
        assert.equal(count('/passwordless/start', '200'), 2);
        assert.equal(count('/passwordless/start', '429'), 1);
        assert.equal(count('/api/v2/users/:id', '401'), 1, 'the route pattern, never the URL');
        assert.equal(count('unmatched', '404'), 1);
        assert.equal(value(text, 'pwl_starts_total', { connection: 'email', send: 'code', outcome: 'ok' }), 1);
        assert.equal(value(text, 'pwl_starts_total', { connection: 'sms', send: 'code', outcome: 'ok' }), 1);
        assert.equal(
          value(text, 'pwl_starts_total', { connection: 'email', send: 'code', outcome: 'too_many_requests' }),
          1,
        );
        assert.equal(value(text, 'pwl_starts_total', { connection: 'email', outcome: 'bad.email' }), 1);
        assert.equal(value(text, 'pwl_sign_ins_total', { method: 'code', outcome: 'ok' }), 1);
        assert.equal(value(text, 'pwl_sign_ins_total', { method: 'code', outcome: 'invalid_grant' }), 2);
        assert.equal(value(text, 'pwl_sign_ins_total', { method: 'code', outcome: 'too_many_attempts' }), 2);
        assert.equal(value(text, 'pwl_sign_ins_total', { method: 'refresh', outcome: 'ok' }), 1);
        assert.equal(value(text, 'pwl_delivery_duration_seconds_count', { provider: 'outbox', outcome: 'sent' }), 2);
        assert.equal(value(text, 'pwl_limit_refusals_total', { rule: 'start' }), 1);
        assert.equal(value(text, 'pwl_limit_refusals_total', { rule: 'token_identifier' }), 1);
        assert.equal(value(text, 'pwl_lockouts_total', { rule: 'identifier' }), 1);
        assert.ok(
          value(text, 'pwl_store_operation_duration_seconds_count', { store: 'sqlite', operation: 'beginStart' }) >= 3,
        );
        assert.ok(
          value(text, 'pwl_store_operation_duration_seconds_count', { store: 'sqlite', operation: 'signInWithOtp' }) >=
            4,
        );

        // No identifier, address, code or token in any label value.
        const secrets = [
          email,
          'metrics.person',
          phone,
          '4155550123',
          code,
          smsCode,
          '127.0.0.1',
          'demo',
          ok.body.access_token,
          ok.body.refresh_token,
          refreshed.body.access_token,
        ];
        for (const sample of samples(text)) {
          for (const v of Object.values(sample.labels)) {
            for (const secret of secrets) assert.ok(!v.includes(secret), `label value ${v} of ${sample.name}`);
          }
        }
      } finally {
        await s.close();
      }
    });
  });
});

function baseConfigInput() {
  return {
    secret: 'test-secret-test-secret-test-secret-42',
    clients: [{ client_id: 'demo', name: 'Demo' }],
  };
}
