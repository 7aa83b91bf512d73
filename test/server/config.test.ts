import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { demoClient, demoOrigins } from '../../src/server/dev-defaults.js';
import { generateOtp } from '../../src/server/secrets.js';
import { SECRET } from './helpers.js';

const client = { client_id: 'demo', name: 'Demo', allowed_origins: ['http://localhost:5173'] };
const expectKey = (input: unknown, key: string) =>
  assert.throws(
    () => parseConfig(input),
    (e: unknown) => e instanceof ConfigError && e.key === key && e.message.startsWith(key),
  );

describe('config', () => {
  it('fills in every default', () => {
    const c = parseConfig({ secret: SECRET, clients: [client] });
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 3000);
    assert.deepEqual(c.store, { type: 'sqlite', path: '.data/passwordless.sqlite' });
    assert.equal(c.email.provider, 'outbox');
    assert.equal(c.limits.code_ttl_seconds, 300);
    assert.equal(c.limits.link_ttl_seconds, 900);
    assert.equal(c.limits.max_attempts_per_code, 3);
    assert.equal(c.limits.max_consecutive_failures, 100);
    assert.equal(c.limits.starts_per_ip_per_hour, 50);
    assert.equal(c.limits.resend_interval_seconds, 60);
    assert.equal(c.limits.resends_per_window, 5);
    assert.equal(c.limits.authorization_code_ttl_seconds, 60);
    assert.equal(c.limits.token_ttl_seconds, 3600);
  });

  it('accepts the documented example shape', () => {
    const c = parseConfig({
      issuer: 'http://127.0.0.1:3000',
      host: '127.0.0.1',
      port: 3000,
      secret: SECRET,
      store: { type: 'sqlite', path: '.data/passwordless.sqlite' },
      email: { provider: 'smtp', url: 'smtp://127.0.0.1:2525', from: 'Example <login@example.com>' },
      sms: { provider: 'webhook', url: 'http://127.0.0.1:4100/sms', secret: 'webhook-secret-0123456789' },
      clients: [
        {
          client_id: 'demo',
          name: 'Demo App',
          allowed_origins: ['http://localhost:5173'],
          redirect_uris: ['http://localhost:5173/callback.html'],
          connections: ['email', 'sms'],
        },
      ],
    });
    assert.equal(c.sms.provider, 'webhook');
  });

  it('names the bad key', () => {
    expectKey({ clients: [client] }, 'config.secret');
    expectKey({ secret: 'short', clients: [client] }, 'config.secret');
    expectKey({ secret: SECRET, clients: [client], colour: 'red' }, 'config.colour');
    expectKey({ secret: SECRET, clients: [client], port: 'eighty' }, 'config.port');
    expectKey({ secret: SECRET, clients: [client], email: { provider: 'carrier-pigeon' } }, 'config.email.provider');
    expectKey(
      { secret: SECRET, clients: [client], email: { provider: 'smtp', from: 'x@example.com' } },
      'config.email.url',
    );
    expectKey(
      { secret: SECRET, clients: [client], sms: { provider: 'twilio', account_sid: 'AC', auth_token: 't' } },
      'config.sms.from',
    );
    expectKey(
      { secret: SECRET, clients: [client], sms: { provider: 'outbox', allowed_countries: ['usa'] } },
      'config.sms.allowed_countries[0]',
    );
    expectKey(
      { secret: SECRET, clients: [{ ...client, allowed_origins: ['http://localhost:5173/'] }] },
      'config.clients[0].allowed_origins[0]',
    );
    expectKey({ secret: SECRET, clients: [{ ...client, connections: ['fax'] }] }, 'config.clients[0].connections[0]');
    expectKey({ secret: SECRET, clients: [client, client] }, 'config.clients[1].client_id');
    expectKey({ secret: SECRET, clients: [client], limits: { code_ttl_seconds: 0 } }, 'config.limits.code_ttl_seconds');
    expectKey(
      { secret: SECRET, clients: [client], limits: { sms_code_ttl_seconds: 3600 } },
      'config.limits.sms_code_ttl_seconds',
    );
    expectKey({ secret: SECRET, clients: [client], limits: { nope: 1 } }, 'config.limits.nope');
    expectKey({ secret: SECRET, clients: [client], issuer: 'http://x//' }, 'config.issuer');
    expectKey({ secret: SECRET, clients: [client], issuer: 'http://x/?a=1' }, 'config.issuer');
    expectKey({ secret: SECRET, clients: [client], store: { type: 'redis' } }, 'config.store.url');
    expectKey({ secret: SECRET, clients: [client], store: { type: 'mongo' } }, 'config.store.type');
    expectKey({ secret: SECRET, clients: [client], store: { type: 'sqlite', url: 'redis://x' } }, 'config.store.url');
  });

  it('words each problem for the person editing the file', () => {
    const problem = (input: Record<string, unknown>) => {
      try {
        parseConfig({ secret: SECRET, clients: [client], ...input });
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.message;
      }
      assert.fail('accepted');
    };
    assert.equal(problem({ email: { provider: 'smtp', from: 'x@example.com' } }), 'config.email.url: is required');
    assert.equal(
      problem({ email: { provider: 'outbox', url: 'smtp://x' } }),
      'config.email.url: unknown key (allowed: provider, from, disable_signup, timeout_ms)',
    );
    assert.equal(
      problem({ limits: { lockout_seconds: 900, colour: 1 } }),
      `config.limits.colour: unknown key (allowed: ${Object.keys(parseConfig({ secret: SECRET, clients: [client] }).limits).join(', ')})`,
    );
    assert.equal(
      problem({ clients: [{ ...client, extra: true }] }).split(' (')[0],
      'config.clients[0].extra: unknown key',
    );
    assert.equal(problem({ port: 65536 }), 'config.port: must be an integer from 0 to 65535');
    assert.equal(problem({ port: 80.5 }), 'config.port: must be an integer from 0 to 65535');
    assert.equal(problem({ body_limit: 10 }), 'config.body_limit: must be an integer from 1024 to 10485760');
    assert.equal(
      problem({ limits: { sms_prefix_digits: 16 } }),
      'config.limits.sms_prefix_digits: must be an integer from 1 to 15',
    );
    assert.match(
      problem({ limits: { sms_code_ttl_seconds: 601 } }),
      /^config\.limits\.sms_code_ttl_seconds: must be an integer from 1 to 600/,
    );
    assert.equal(
      problem({ email: { provider: 'outbox', timeout_ms: 0 } }),
      'config.email.timeout_ms: must be an integer from 1 to 600000',
    );
    assert.equal(problem({ secret: 'short' }), 'config.secret: must be at least 32 characters');
    assert.match(problem({ trust_proxy: 'yes' }), /^config\.trust_proxy: must be true, false, a number of proxy hops/);
    assert.equal(problem({ host: 1 }), 'config.host: must be a string');
    assert.equal(
      problem({ log_level: 'loud' }),
      'config.log_level: must be one of fatal, error, warn, info, debug, trace, silent',
    );
    assert.equal(problem({ sms: { provider: 'fax' } }), 'config.sms.provider: must be one of outbox, twilio, webhook');
    assert.equal(
      problem({ email: { provider: 'smtp', url: 'http://x', from: 'a' } }),
      'config.email.url: must use smtp: or smtps:',
    );
    assert.equal(problem({ store: { type: 'redis', url: 'not a url' } }), 'config.store.url: must be an absolute URL');
    assert.equal(problem({ clients: [] }), 'config.clients: must be a non-empty array');
    assert.equal(
      problem({ clients: [{ ...client, redirect_uris: 'x' }] }),
      'config.clients[0].redirect_uris: must be an array of strings',
    );
    assert.equal(
      problem({ clients: [{ ...client, redirect_uris: ['https://a.example/cb#x'] }] }),
      'config.clients[0].redirect_uris[0]: must not have a fragment',
    );
    assert.equal(problem({ limits: [] }), 'config.limits: must be an object');
    assert.throws(() => parseConfig('nope'), { message: 'config: must be a JSON object' });
  });

  it('fills defaults into a copy, inside each provider too', () => {
    const input = {
      secret: SECRET,
      clients: [client],
      email: { provider: 'smtp', url: 'smtp://127.0.0.1', from: 'a@b.c' },
    };
    const before = JSON.stringify(input);
    const c = parseConfig(input);
    assert.equal(JSON.stringify(input), before);
    assert.equal(c.email.timeout_ms, 10_000);
    assert.deepEqual(c.clients[0]!.connections, ['email', 'sms']);
    assert.deepEqual(parseConfig({ secret: SECRET, clients: [client], store: { type: 'sqlite' } }).store, {
      type: 'sqlite',
      path: '.data/passwordless.sqlite',
    });
  });

  it('reads a PostgreSQL store with its defaults, and words what is wrong with one', () => {
    const store = (s: Record<string, unknown>) => parseConfig({ secret: SECRET, clients: [client], store: s }).store;
    assert.deepEqual(store({ type: 'postgres', url: 'postgres://u@db/pwl' }), {
      type: 'postgres',
      url: 'postgres://u@db/pwl',
      pool: 10,
      statement_timeout: 1000,
    });
    assert.deepEqual(store({ type: 'postgres', url: 'postgresql://db/pwl', ssl: { ca: '/etc/ca.pem' } }), {
      type: 'postgres',
      url: 'postgresql://db/pwl',
      pool: 10,
      statement_timeout: 1000,
      ssl: { ca: '/etc/ca.pem', rejectUnauthorized: true },
    });
    expectKey(
      { secret: SECRET, clients: [client], store: { type: 'postgres', url: 'mysql://db' } },
      'config.store.url',
    );
    expectKey(
      { secret: SECRET, clients: [client], store: { type: 'postgres', url: 'postgres://db', pool: 0 } },
      'config.store.pool',
    );
    expectKey(
      { secret: SECRET, clients: [client], store: { type: 'postgres', url: 'postgres://db', ssl: { verify: false } } },
      'config.store.ssl.verify',
    );
  });

  it('builds the demo client from PWL_DEMO_ORIGINS', () => {
    assert.deepEqual(demoOrigins({}), ['http://localhost:5173', 'http://127.0.0.1:5173']);
    const origins = demoOrigins({ PWL_DEMO_ORIGINS: 'http://localhost:4000, http://127.0.0.1:4000/' });
    assert.deepEqual(origins, ['http://localhost:4000', 'http://127.0.0.1:4000']);
    const c = demoClient(origins);
    assert.equal(c.client_id, 'demo');
    assert.equal(c.name, 'Demo App');
    assert.ok(c.redirect_uris.includes('http://localhost:4000/callback.html'));
    assert.ok(c.redirect_uris.includes('http://127.0.0.1:4000/'));
    // 7 demo pages (the hosted-login page included) on each of the 2 origins.
    assert.equal(c.redirect_uris.length, 14);
  });
});

describe('one-time codes', () => {
  it('covers 000000 to 999999 with the exclusive upper bound', () => {
    let asked: [number, number] | null = null;
    assert.equal(
      generateOtp((min, max) => ((asked = [min, max]), min)),
      '000000',
    );
    assert.deepEqual(asked, [0, 1_000_000]);
    assert.equal(
      generateOtp((_min, max) => max - 1),
      '999999',
    );
    assert.equal(
      generateOtp(() => 42),
      '000042',
    );
  });

  it('are six digits, spread over the whole range', () => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 100_000; i++) {
      const c = generateOtp();
      assert.match(c, /^[0-9]{6}$/);
      const n = Number(c);
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    assert.ok(min < 1000, `min ${min}`);
    assert.ok(max > 999_000, `max ${max}`);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = join(import.meta.dirname, '../../src/server/cli.ts');

  function run(args: string[], env: Record<string, string>, until?: RegExp) {
    return new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), cli, ...args], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const onData = (c: Buffer) => {
        out += c;
        if (until && until.test(out)) child.kill('SIGTERM');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => resolve({ code, out }));
    });
  }

  it('stops on a bad config with a message naming the key', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ secret: SECRET, clients: [client], email: { provider: 'smtp' } }));
    const { code, out } = await run(['--config', file], {});
    assert.equal(code, 2);
    assert.match(out, /config\.email\.url/);
  });

  it('starts on dev defaults, says so first, then logs listening on', async () => {
    const { out } = await run([], { PORT: '0', PWL_DEMO_ORIGINS: 'http://localhost:4444' }, /listening on http:\/\//);
    const lines = out.trim().split('\n');
    assert.match(lines[0]!, /dev defaults/);
    assert.match(lines[0]!, /http:\/\/localhost:4444/);
    assert.match(out, /listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('lets PORT override the config file', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(
      file,
      JSON.stringify({
        secret: SECRET,
        port: 1,
        store: { type: 'sqlite', path: join(dir, 'db.sqlite') },
        clients: [client],
      }),
    );
    const { out } = await run(['--config', file], { PORT: '0' }, /listening on http:\/\//);
    assert.doesNotMatch(out, /:1\b/);
    assert.match(out, /listening on/);
  });
});

describe('outbox', () => {
  it('refuses NODE_ENV=production', async () => {
    const { Outbox } = await import('../../src/server/delivery/outbox.js');
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => new Outbox(Date.now, () => {}), /production/);
    } finally {
      process.env.NODE_ENV = prev;
    }
  });

  it('GET /dev/outbox lists newest first; DELETE clears', async () => {
    const { startServer, startEmail } = await import('./helpers.js');
    const s = await startServer({ limits: { starts_per_ip_per_hour: 100 } });
    try {
      await startEmail(s, 'one@example.com');
      await startEmail(s, 'two@example.com');
      const list = await s.outbox();
      assert.deepEqual(
        list.map((m) => m.to),
        ['two@example.com', 'one@example.com'],
      );
      assert.equal(list[0]!.client_id, 'demo');
      assert.ok(!Number.isNaN(Date.parse(list[0]!.sent_at)));
      const del = await fetch(`${s.url}/dev/outbox`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      assert.deepEqual(await s.outbox(), []);
    } finally {
      await s.close();
    }
  });
});
