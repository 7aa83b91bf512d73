/**
 * Custom email templates over HTTP, as an operator's script uses them (Auth0's
 * `/api/v2/email-templates/{templateName}`): a template saved is used by the very next email, a
 * broken one is refused with its line when saved, output is escaped, no file can be read, the
 * scopes are checked; and the template record round-trips in SQLite, Redis and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { escapeHtml } from '../../src/server/escape-html.js';
import { getTemplate, putTemplate, type EmailTemplate } from '../../src/server/email/templates.js';
import { PostgresStore } from '../../src/server/store/postgres.js';
import { RedisStore } from '../../src/server/store/redis.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { Store } from '../../src/server/store/types.js';
import { post, startEmail, startServer, type TestServer } from './helpers.js';
import { skipWithoutPostgres, startPostgres } from './postgres-server.js';
import { skipWithoutRedis, startRedis } from './redis-server.js';

const SECRET = 'templates-secret-templates-secret';
const READER = 'reader-secret-reader-secret-reader';

const BODY = `<html><body>
<h1>{{ application.name }}</h1>
<p>{{ texts.intro }}</p>
<p class="code">{{ code }}</p>
{% if link != "" %}<a href="{{ link }}">{{ texts.link_button }}</a>{% endif %}
<p>{{ email }}</p>
</body></html>`;

describe('custom email templates (/api/v2/email-templates)', () => {
  let s: TestServer;
  let token = '';
  let readToken = '';

  const call = async (method: string, path: string, body?: unknown, bearer = token) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const tokenFor = async (id: string, secret: string) => {
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: id,
      client_secret: secret,
      audience: `${s.url}/api/v2/`,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.access_token as string;
  };
  const nextEmail = async (to: string, extra: Record<string, unknown> = {}) => {
    const res = await startEmail(s, to, extra);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    s.clock.advance(130);
    const m = (await s.outbox()).find((x) => x.to === to);
    assert.ok(m);
    return m;
  };

  before(async () => {
    s = await startServer({
      clients: [
        {
          client_id: 'demo',
          name: 'Demo <App>',
          allowed_origins: ['http://localhost:5173'],
          redirect_uris: ['http://localhost:5173/callback.html'],
          connections: ['email', 'sms'],
        },
        {
          client_id: 'admin',
          name: 'Admin',
          client_secret: SECRET,
          grant_types: ['client_credentials'],
          client_grants: [{ scope: ['read:email_templates', 'update:email_templates', 'create:email_templates'] }],
        },
        {
          client_id: 'reader',
          name: 'Reader',
          client_secret: READER,
          grant_types: ['client_credentials'],
          client_grants: [{ scope: ['read:email_templates'] }],
        },
      ],
      email: { provider: 'outbox' },
    });
    token = await tokenFor('admin', SECRET);
    readToken = await tokenFor('reader', READER);
  });
  after(() => s.close());

  it('answers 404 for a template never set, and the built-in email is sent', async () => {
    const res = await call('GET', '/api/v2/email-templates/verify_email_by_code');
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not_found');
    const m = await nextEmail('first@example.com');
    assert.match(m.html!, /class="pwl-code"/);
  });

  it('saves a template with PUT, and the next email uses it, escaped, with the built-in text part', async () => {
    const put = await call('PUT', '/api/v2/email-templates/verify_email_by_code', {
      template: 'verify_email_by_code',
      body: BODY,
      subject: '{{ code }} for {{ application.name }}',
      from: 'Demo <no-reply@demo.example>',
      syntax: 'liquid',
      enabled: true,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body, {
      template: 'verify_email_by_code',
      body: BODY,
      subject: '{{ code }} for {{ application.name }}',
      from: 'Demo <no-reply@demo.example>',
      syntax: 'liquid',
      enabled: true,
    });
    const m = await nextEmail('ada@example.com');
    assert.match(m.html!, /<h1>Demo &lt;App&gt;<\/h1>/, 'the app name, HTML-escaped');
    assert.ok(m.html!.includes(`<p class="code">${m.code}</p>`));
    assert.ok(m.html!.includes('<p>ada@example.com</p>'));
    assert.equal(m.subject, `${m.code} for Demo <App>`, 'the subject is plain text, not escaped');
    assert.ok(m.text.includes(m.code) && m.text.includes('Demo <App>'), 'the built-in plain-text part');
    // A link email is another template (verify_email): still the built-in one.
    const linked = await nextEmail('link@example.com', {
      send: 'link',
      authParams: {
        redirect_uri: 'http://localhost:5173/callback.html',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      },
    });
    assert.match(linked.html!, /class="pwl-code"/);
  });

  it('reads it back (read:email_templates) and refuses a token without the scope to change it', async () => {
    const got = await call('GET', '/api/v2/email-templates/verify_email_by_code', undefined, readToken);
    assert.equal(got.status, 200);
    assert.equal(got.body.enabled, true);
    const refused = await call('PATCH', '/api/v2/email-templates/verify_email_by_code', { enabled: false }, readToken);
    assert.equal(refused.status, 403);
    const anonymous = await call('GET', '/api/v2/email-templates/verify_email_by_code', undefined, 'nope');
    assert.equal(anonymous.status, 401);
  });

  it('refuses a broken template with a 400 naming the line and the reason, and keeps the one in use', async () => {
    const cases: [string, RegExp][] = [
      ['<p>ok</p>\n<p>{% if code %}</p>\n<p>never closed</p>', /body, line 2: tag \{% if code %\} not closed/],
      ['<p>{{ code | no_such_filter }}</p>', /body, line 1: undefined filter: no_such_filter/],
      ["<p>a</p>\n\n{% include 'secrets.txt' %}", /body, line 3: tag "include" not found/],
      ["{% render '/etc/passwd' %}", /body, line 1: tag "render" not found/],
      ['{% layout "base" %}', /body, line 1: tag "layout" not found/],
    ];
    for (const [body, reason] of cases) {
      const res = await call('PATCH', '/api/v2/email-templates/verify_email_by_code', { body });
      assert.equal(res.status, 400, body);
      assert.equal(res.body.error, 'invalid_body');
      assert.match(res.body.error_description, reason);
    }
    const subject = await call('PATCH', '/api/v2/email-templates/verify_email_by_code', { subject: 'x {{ code' });
    assert.equal(subject.status, 400);
    assert.match(subject.body.error_description, /subject, line 1:/);
    const badFrom = await call('PATCH', '/api/v2/email-templates/verify_email_by_code', {
      from: 'a@b.example\r\nBcc: all@x.example',
    });
    assert.equal(badFrom.status, 400);
    assert.match(badFrom.body.error_description, /from/);
    const m = await nextEmail('bob@example.com');
    assert.ok(m.html!.includes(`<p class="code">${m.code}</p>`), 'the saved template still in use');
  });

  it('turns a template off with PATCH: the next email is the built-in one again', async () => {
    const off = await call('PATCH', '/api/v2/email-templates/verify_email_by_code', { enabled: false });
    assert.equal(off.status, 200);
    assert.equal(off.body.body, BODY, 'PATCH keeps what it was not given');
    const m = await nextEmail('cy@example.com');
    assert.match(m.html!, /class="pwl-code"/);
    assert.doesNotMatch(m.html!, /<p class="code">/);
  });

  it('previews every email of an application in a language without sending anything (/dev/emails)', async () => {
    const before = (await s.outbox()).length;
    const res = await fetch(`${s.url}/dev/emails?client_id=demo&lang=he`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.equal(html.match(/<iframe sandbox /g)?.length, 6, 'three emails, light and dark');
    for (const name of ['verify_email_by_code', 'verify_email', 'passwordless_no_account'])
      assert.ok(html.includes(name));
    assert.ok(html.includes('dir=&#34;rtl&#34;'), 'Hebrew, right to left');
    assert.ok(html.includes('@media all'), 'the dark variant');
    assert.match(html, /<h2>SMS<\/h2><pre>[^<]*123456/);
    assert.equal((await s.outbox()).length, before, 'nothing sent');
    // The delivered email itself, as the dev mailbox's frames load it.
    const [m] = await s.outbox();
    const one = await fetch(`${s.url}/dev/outbox/${m!.id}/html?scheme=dark`);
    assert.equal(one.status, 200);
    assert.match(one.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.match(await one.text(), /@media all/);
    assert.equal((await fetch(`${s.url}/dev/outbox/nope/html`)).status, 404);
    const mailbox = await (await fetch(`${s.url}/dev/mailbox`)).text();
    assert.ok(mailbox.includes(escapeHtml(m!.subject!)));
  });

  it('creates with POST once (409 after), and refuses unknown names and fields', async () => {
    const body = { template: 'verify_email', body: '<p>{{ link }}</p>', enabled: true, syntax: 'liquid' };
    assert.equal((await call('POST', '/api/v2/email-templates', body)).status, 201);
    assert.equal((await call('POST', '/api/v2/email-templates', body)).status, 409);
    assert.equal((await call('GET', '/api/v2/email-templates/reset_email')).status, 404);
    const unknown = await call('PUT', '/api/v2/email-templates/verify_email', { ...body, script: 'x' });
    assert.equal(unknown.status, 400);
    const mismatch = await call('PUT', '/api/v2/email-templates/verify_email', {
      ...body,
      template: 'verify_email_by_code',
    });
    assert.equal(mismatch.status, 400);
  });
});

describe('email template records in every store', () => {
  const template: EmailTemplate = {
    template: 'verify_email',
    body: '<p>{{ code }}</p>',
    subject: 'Code',
    from: '',
    syntax: 'liquid',
    enabled: true,
  };
  const roundTrip = async (open: () => Store) => {
    const a = open();
    await putTemplate(a, template);
    await putTemplate(a, { ...template, subject: 'Code 2' });
    const b = open();
    assert.deepEqual(await getTemplate(b, 'verify_email', Date.now()), { ...template, subject: 'Code 2' });
    assert.equal(await getTemplate(b, 'verify_email_by_code', Date.now()), null);
    // Housekeeping does not take templates away.
    await b.purge(Date.now() + 365 * 86_400_000, 0);
    assert.equal((await getTemplate(b, 'verify_email', Date.now()))?.subject, 'Code 2');
    await a.close();
    if (b !== a) await b.close();
  };

  it('SQLite', async () => {
    const store = new SqliteStore(':memory:');
    await roundTrip(() => store);
  });

  it('Redis', { skip: skipWithoutRedis }, async () => {
    const redis = await startRedis();
    try {
      await roundTrip(() => new RedisStore(redis.url, { prefix: 'tpl:' }));
    } finally {
      redis.stop();
    }
  });

  it('PostgreSQL', { skip: skipWithoutPostgres }, async () => {
    const pg = await startPostgres();
    try {
      await roundTrip(() => new PostgresStore(pg.url, { schema: 'tpl' }));
    } finally {
      await pg.stop();
    }
  });
});
