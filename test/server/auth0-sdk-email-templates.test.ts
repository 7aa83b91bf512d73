/**
 * The `auth0` Node SDK's ManagementClient (`emailTemplates`) against this server, unchanged: a
 * script written for Auth0's email templates sets, reads and changes ours, and a broken template
 * comes back as the SDK's error with the line. The SDK calls `https://{domain}/api/v2/…`, so the
 * server runs with Auth0's issuer form behind the local TLS front (test/server/tls.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManagementClient } from 'auth0';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';
import { startEmail, startServer, type TestServer } from './helpers.js';
import { tlsFront, type Tls } from './tls.js';

const SECRET = 'sdk-templates-secret-sdk-templates';

describe('auth0 Node SDK ManagementClient: emailTemplates', () => {
  let tls: Tls;
  let s: TestServer;
  let management: ManagementClient;

  before(async () => {
    tls = await tlsFront();
    const domain = `127.0.0.1:${tls.port}`;
    s = await startServer({
      issuer: `https://${domain}/`,
      clients: [
        { client_id: 'demo', name: 'Demo App', allowed_origins: ['http://localhost:5173'], connections: ['email'] },
        {
          client_id: 'admin',
          name: 'Admin',
          client_secret: SECRET,
          grant_types: ['client_credentials'],
          client_grants: [{ scope: ['read:email_templates', 'update:email_templates', 'create:email_templates'] }],
        },
      ],
      email: { provider: 'outbox' },
    });
    tls.target.port = Number(new URL(s.url).port);
    const res = await fetch(`${s.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'admin',
        client_secret: SECRET,
        audience: `https://${domain}/api/v2/`,
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { access_token } = (await res.json()) as { access_token: string };
    const dispatcher = new UndiciAgent({ connect: { ca: tls.ca } });
    management = new ManagementClient({
      domain,
      token: access_token,
      telemetry: false,
      maxRetries: 0,
      fetch: ((url: string, init: RequestInit) =>
        undiciFetch(url, { ...(init as object), dispatcher } as never)) as never,
    });
  });
  after(async () => {
    await s?.close();
    tls?.server.close();
  });

  it('sets, reads and changes a template; the next email uses it', async () => {
    const set = await management.emailTemplates.set('verify_email_by_code', {
      template: 'verify_email_by_code',
      body: '<p>{{ application.name }}: <b id="c">{{ code }}</b></p>',
      subject: '{{ code }}',
      from: 'Demo <no-reply@demo.example>',
      syntax: 'liquid',
      enabled: true,
    });
    assert.equal(set.template, 'verify_email_by_code');
    const got = await management.emailTemplates.get('verify_email_by_code');
    assert.equal(got.enabled, true);
    assert.equal(got.syntax, 'liquid');
    assert.equal((await startEmail(s, 'sdk@example.com')).status, 200);
    const [m] = await s.outbox();
    assert.equal(m!.html, `<p>Demo App: <b id="c">${m!.code}</b></p>`);
    assert.equal(m!.subject, m!.code);
    const off = await management.emailTemplates.update('verify_email_by_code', { enabled: false });
    assert.equal(off.enabled, false);
  });

  it('gets a broken template refused with the line, as the SDK error', async () => {
    await assert.rejects(
      management.emailTemplates.update('verify_email_by_code', { body: '<p>\n{% for x in y %}\n</p>' }),
      (err: { statusCode?: number; body?: { error_description?: string } }) => {
        assert.equal(err.statusCode, 400);
        assert.match(err.body?.error_description ?? '', /body, line 2: tag \{% for x in y %\} not closed/);
        return true;
      },
    );
  });
});
