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
          client_grants: [{ scope: ['read:users', 'create:users'] }],
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
});
