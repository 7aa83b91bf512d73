/**
 * Requests read by route schemas (src/server/request-schema.ts): a body or query that does not fit
 * gets the route's own `{error, error_description}`, as the hand-written readers answered: every
 * unknown property named, each field's own code, the Management API's token checked before its body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IMPORT_FILE_LIMIT } from '../../src/server/routes/jobs.js';
import { baseConfig, get, post, startServer, type TestServer } from './helpers.js';

const M2M = { client_id: 'schema-m2m', client_secret: 'schema-m2m-secret-schema-m2m' };

describe('requests validated by route schemas', () => {
  let s: TestServer;
  let token = '';
  before(async () => {
    const base = baseConfig();
    s = await startServer({
      clients: [
        ...base.clients,
        {
          ...M2M,
          name: 'Schema backend',
          grant_types: ['client_credentials'],
          client_grants: [
            {
              scope: [
                'read:users',
                'create:users',
                'update:branding',
                'create:email_templates',
                'read:email_templates',
                'update:email_templates',
              ],
            },
          ],
        },
      ],
    });
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      ...M2M,
      audience: `${s.url}/api/v2/`,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    token = res.body.access_token as string;
  });
  after(() => s.close());

  it('names every unknown property of a start, as Auth0 does', async () => {
    const res = await post(`${s.url}/passwordless/start`, {
      client_id: 'demo',
      connection: 'email',
      email: 'a@example.com',
      colour: 'red',
      size: 3,
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      error: 'bad.request',
      error_description: 'The following properties are not allowed: colour, size',
    });
  });

  it("answers a field of the wrong type with that field's own code", async () => {
    const start = await post(`${s.url}/passwordless/start`, { client_id: 'demo', connection: 'email', email: 7 });
    assert.deepEqual(start.body, { error: 'bad.email', error_description: 'email must be a string.' });
    const secret = await post(`${s.url}/passwordless/start`, { client_id: 'demo', client_secret: ['x'] });
    assert.equal(secret.status, 401);
    assert.equal(secret.body.error, 'invalid_client');
    const token = await post(`${s.url}/oauth/token`, { grant_type: 'refresh_token', client_id: 'demo', scope: 1 });
    assert.deepEqual(token.body, { error: 'invalid_scope', error_description: 'scope must be a string.' });
  });

  it('reads a form-encoded start with authParams[key] pairs', async () => {
    const res = await fetch(`${s.url}/passwordless/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=demo&connection=email&email=a%40example.com&send=link&authParams[unknown_thing]=1',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: 'bad.authParams',
      error_description: 'authParams.unknown_thing is not allowed.',
    });
  });

  it('checks the management token before the body', async () => {
    const res = await post(`${s.url}/api/v2/users`, { colour: 'red' });
    assert.equal(res.status, 401);
  });

  it('answers a management body or query that does not fit with invalid_body / invalid_query_string', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const body = await post(`${s.url}/api/v2/users`, { connection: 'email', email: 'a@example.com', x: 1 }, auth);
    assert.equal(body.status, 400);
    assert.equal(body.body.error, 'invalid_body');
    assert.match(body.body.error_description, /^The following properties are not allowed: x \(allowed: connection, /);
    const blocked = await post(
      `${s.url}/api/v2/users`,
      { connection: 'email', email: 'a@example.com', blocked: 'yes' },
      auth,
    );
    assert.deepEqual(blocked.body, { error: 'invalid_body', error_description: 'blocked must be true or false.' });
    const twice = await get(`${s.url}/api/v2/users?page=1&page=2`, auth);
    assert.deepEqual(twice.body, { error: 'invalid_query_string', error_description: 'page must be given once.' });
    const unknown = await get(`${s.url}/api/v2/users-by-email?email=a@example.com&sort=x`, auth);
    assert.deepEqual(unknown.body, {
      error: 'invalid_query_string',
      error_description: 'Unsupported query parameters: sort.',
    });
  });

  it('refuses a users file over the import limit with 413', async () => {
    const form = new FormData();
    form.set('connection_id', 'email');
    form.set('users', new Blob(['x'.repeat(IMPORT_FILE_LIMIT + 1)]), 'users.json');
    const res = await fetch(`${s.url}/api/v2/jobs/users-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: string }).error, 'payload_too_large');
  });

  /** A management call with a JSON body, or none when `body` is undefined. */
  async function send(method: string, path: string, body?: unknown) {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { error: string; error_description: string } };
  }
  const refused = (error: string, error_description: string) => ({ error, error_description });

  it('answers a branding patch that does not fit with invalid_body naming the first bad field', async () => {
    const cases: [unknown, string][] = [
      [[1], 'The body must be a JSON object.'],
      [{ colour: 'red', size: 1 }, 'colour: unknown field (allowed: logo_url, favicon_url, colors, font).'],
      [{ colors: { secondary: '#fff' } }, 'colors.secondary: unknown field (allowed: primary, page_background).'],
      [{ font: { url: null, weight: 700 } }, 'font.weight: unknown field (allowed: url).'],
      [{ logo_url: 42 }, 'logo_url: must be a string or null.'],
      [{ favicon_url: {} }, 'favicon_url: must be a string or null.'],
      [{ colors: 'red' }, 'colors: must be an object or null.'],
      [{ colors: { page_background: 1 } }, 'colors.page_background: must be a string or null.'],
      [{ font: [] }, 'font: must be an object or null.'],
      [{ font: { url: false } }, 'font.url: must be a string or null.'],
      // Unknown fields before types, and the fields in the order Auth0 documents them.
      [{ logo_url: 1, extra: true }, 'extra: unknown field (allowed: logo_url, favicon_url, colors, font).'],
      [{ font: 1, favicon_url: 2 }, 'favicon_url: must be a string or null.'],
      // The URL itself is still checked after the shape.
      [{ logo_url: 'http://cdn.example/l.png' }, 'logo_url: must be an https URL (http only on loopback).'],
    ];
    for (const [body, description] of cases) {
      const res = await send('PATCH', '/api/v2/branding', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(res.body, refused('invalid_body', description), JSON.stringify(body));
    }
    const none = await send('PATCH', '/api/v2/branding');
    assert.deepEqual(none.body, refused('invalid_body', 'The body must be a JSON object.'));
    const removed = await send('PATCH', '/api/v2/branding', { logo_url: null, colors: null, font: { url: null } });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
  });

  it('answers an email template body that does not fit with invalid_body, and an unknown name with 404', async () => {
    const path = '/api/v2/email-templates/verify_email_by_code';
    const body = { body: '<p>{{ code }}</p>', enabled: true };
    const cases: [unknown, string][] = [
      ['text', 'The body must be a JSON object.'],
      [{ ...body, colour: 1, size: 2 }, 'Unknown properties: colour, size'],
      [{ ...body, subject: 7 }, 'subject must be a string.'],
      [{ ...body, enabled: 'yes' }, 'enabled must be a boolean.'],
      [{ ...body, from: 'x'.repeat(321) }, 'from is longer than 320 characters.'],
      [{ ...body, subject: 'x'.repeat(1001) }, 'subject is longer than 1000 characters.'],
      [{ ...body, syntax: 'handlebars' }, 'syntax must be liquid.'],
      [{ ...body, template: 'verify_email' }, 'template must be the name in the path (verify_email_by_code).'],
      [{ body: body.body }, 'Missing required properties: enabled'],
    ];
    for (const [sent, description] of cases) {
      const res = await send('PUT', path, sent);
      assert.equal(res.status, 400, JSON.stringify(sent).slice(0, 80));
      assert.deepEqual(res.body, refused('invalid_body', description), JSON.stringify(sent).slice(0, 80));
    }
    const none = await send('PUT', path);
    assert.deepEqual(none.body, refused('invalid_body', 'The body must be a JSON object.'));
    const unknownName = await send('PUT', '/api/v2/email-templates/welcome', body);
    assert.equal(unknownName.status, 404);
    assert.equal(unknownName.body.error, 'not_found');
    assert.match(
      unknownName.body.error_description,
      /^No email template of that name; the names are verify_email_by_code, /,
    );
    assert.equal((await send('GET', '/api/v2/email-templates/welcome')).status, 404);

    const missing = 'Missing required property: template';
    for (const sent of [undefined, [1], { ...body }, { ...body, template: 3 }]) {
      const res = await send('POST', '/api/v2/email-templates', sent);
      assert.deepEqual(res.body, refused('invalid_body', missing), JSON.stringify(sent));
    }
    const created = await send('POST', '/api/v2/email-templates', { ...body, template: 'verify_email' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const patched = await send('PATCH', '/api/v2/email-templates/verify_email', { enabled: 'no' });
    assert.deepEqual(patched.body, refused('invalid_body', 'enabled must be a boolean.'));
  });

  it('checks the management token before a branding or template body', async () => {
    const res = await fetch(`${s.url}/api/v2/branding`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ colour: 1 }),
    });
    assert.equal(res.status, 401);
    const template = await fetch(`${s.url}/api/v2/email-templates/welcome`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ colour: 1 }),
    });
    assert.equal(template.status, 401);
  });
});
