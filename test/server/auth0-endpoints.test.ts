/**
 * Auth0's own endpoints beside the OpenID Connect ones, over real HTTP: /v2/logout (Auth0's
 * returnTo rules), /authorize with response_mode=web_message, POST /co/authenticate with its
 * login_ticket, and the /client/{id}.js configuration Lock loads. The real SDKs drive these in
 * Chromium in test/e2e/auth0-sdks.test.ts; here each rule and refusal is checked on its own.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { HostedTransaction } from '../../src/protocol/index.js';
import { get, ORIGIN, post, REDIRECT, startEmail, startServer, type TestServer } from './helpers.js';
import { demoAuthorizeUrl, getWithJar as open, Jar, pkcePair } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

const { verifier, challenge } = pkcePair();

const authorizeUrl = (params: Record<string, string | undefined> = {}) => demoAuthorizeUrl(s.url, challenge, params);

/** Signs in on the hosted page with an email code: the jar then holds a session. */
async function signIn(jar: Jar, email: string): Promise<void> {
  const page = await open(jar, authorizeUrl());
  assert.equal(page.status, 200);
  const m = /transaction="([^"]+)"/.exec(page.body as string)!;
  const tx = JSON.parse(m[1]!.replace(/&#34;/g, '"')) as HostedTransaction;
  await startEmail(s, email, {}, { origin: s.url });
  const done = await post(
    `${s.url}/authorize/complete`,
    { transaction: tx.id, connection: 'email', username: email, otp: await s.lastCode(email) },
    { ...jar.header(), origin: s.url },
  );
  assert.equal(done.status, 200, JSON.stringify(done.body));
  jar.take(done.headers);
}

/** Whether the jar's session still signs in silently. */
async function signedIn(jar: Jar): Promise<boolean> {
  return (await open(jar, authorizeUrl({ prompt: 'none' }))).headers.get('location')?.includes('code=') === true;
}

describe('GET /v2/logout (Auth0 rules)', () => {
  it('ends the session and returns to an allowed logout URL; federated is ignored', async () => {
    const jar = new Jar();
    await signIn(jar, 'v2logout1@example.com');
    assert.equal(await signedIn(jar), true);
    const res = await open(jar, `${s.url}/v2/logout?client_id=demo&returnTo=${encodeURIComponent(REDIRECT)}&federated`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), REDIRECT);
    assert.equal(await signedIn(jar), false);
  });

  it('compares returnTo without its query string, as Auth0 does', async () => {
    const to = `${REDIRECT}?from=logout`;
    const res = await get(`${s.url}/v2/logout?client_id=demo&returnTo=${encodeURIComponent(to)}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), to);
  });

  it('without returnTo, goes to the first allowed logout URL of the client', async () => {
    const res = await get(`${s.url}/v2/logout?client_id=demo`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), REDIRECT);
  });

  for (const [i, [what, query]] of (
    [
      ['a returnTo that is not allowed', `client_id=demo&returnTo=${encodeURIComponent('https://evil.example/')}`],
      [
        'a returnTo on another path of an allowed origin',
        `client_id=demo&returnTo=${encodeURIComponent(`${ORIGIN}/x`)}`,
      ],
      ['a returnTo without client_id', `returnTo=${encodeURIComponent(REDIRECT)}`],
      ['an unknown client', `client_id=nobody&returnTo=${encodeURIComponent(REDIRECT)}`],
    ] as const
  ).entries()) {
    it(`answers ${what} with a page, not a redirect, and keeps the session`, async () => {
      const jar = new Jar();
      await signIn(jar, `v2refused-${i}@example.com`);
      const res = await open(jar, `${s.url}/v2/logout?${query}`);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      assert.match(res.body as string, /<h1>/);
      assert.equal(await signedIn(jar), true, 'nothing half-done: still signed in');
    });
  }

  it('without client_id or returnTo, signs out and says so on a page', async () => {
    const jar = new Jar();
    await signIn(jar, 'v2logout2@example.com');
    const res = await open(jar, `${s.url}/v2/logout`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    assert.equal(await signedIn(jar), false);
  });
});

describe('web_message, /co/authenticate and login_ticket', () => {
  let w: TestServer;
  const OTHER = 'http://127.0.0.1:5999';
  before(async () => {
    w = await startServer({
      clients: [
        {
          client_id: 'spa',
          name: 'SPA',
          allowed_origins: [ORIGIN, OTHER],
          web_origins: [ORIGIN],
          redirect_uris: [REDIRECT, `${OTHER}/cb`],
          connections: ['email', 'sms'],
        },
        {
          client_id: 'legacy',
          name: 'Legacy SPA',
          allowed_origins: [ORIGIN],
          web_origins: [ORIGIN],
          redirect_uris: [REDIRECT],
          connections: ['email'],
          grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp', 'implicit'],
        },
      ],
    });
  });
  after(() => w.close());

  const authorize = (params: Record<string, string>) =>
    `${w.url}/authorize?${new URLSearchParams({
      client_id: 'spa',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid email',
      state: 'st-w',
      nonce: 'n-w',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...params,
    })}`;

  /** The answer a web_message page would post, and to which origin. */
  function webMessage(html: string): { origin: string; response: Record<string, string> } {
    const m = /<script type="application\/json" id="authorization-response">([^<]*)<\/script>/.exec(html);
    assert.ok(m, 'the page carries an answer');
    return JSON.parse(m[1]!) as { origin: string; response: Record<string, string> };
  }

  /** A login ticket from POST /co/authenticate, as auth0-js asks for it. */
  async function loginTicket(email: string, clientId = 'spa'): Promise<string> {
    await post(`${w.url}/passwordless/start`, { client_id: clientId, connection: 'email', email, send: 'code' });
    const res = await post(
      `${w.url}/co/authenticate`,
      {
        client_id: clientId,
        username: email,
        otp: await w.lastCode(email),
        realm: 'email',
        credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
      },
      { origin: ORIGIN },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(
      res.headers.get('access-control-expose-headers'),
      null,
      "the API's exposed headers are not this route's",
    );
    return res.body.login_ticket as string;
  }

  it('web_message without a session posts login_required to the web origin, under a strict CSP', async () => {
    const res = await get(authorize({ response_mode: 'web_message', prompt: 'none' }));
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, new RegExp(`frame-ancestors ${ORIGIN}`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.doesNotMatch(res.body as string, /<script>/, 'no inline script');
    const { origin, response } = webMessage(res.body as string);
    assert.equal(origin, ORIGIN);
    assert.equal(response.error, 'login_required');
    assert.equal(response.state, 'st-w');
    const script = await get(`${w.url}/authorize/web-message.js`);
    assert.match(script.headers.get('content-type')!, /javascript/);
    assert.match(script.body as string, /authorization_response/);
  });

  it('an origin that is not a web origin of the client gets a page that posts nothing', async () => {
    const res = await get(authorize({ response_mode: 'web_message', prompt: 'none', redirect_uri: `${OTHER}/cb` }));
    assert.equal(res.status, 400);
    assert.doesNotMatch(res.body as string, /authorization-response|web-message\.js/);
  });

  it('refuses /co/authenticate from a page that is not a web origin, and a wrong code', async () => {
    const body = {
      client_id: 'spa',
      username: 'co-refused@example.com',
      otp: '123456',
      realm: 'email',
      credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    };
    const preflight = await fetch(`${w.url}/co/authenticate`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null, 'no credentialed CORS for it');
    const okPreflight = await fetch(`${w.url}/co/authenticate`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(okPreflight.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(okPreflight.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(
      okPreflight.headers.get('access-control-allow-methods'),
      'POST',
      "this route's methods, not the API's",
    );
    const other = await post(`${w.url}/co/authenticate`, body, { origin: OTHER });
    assert.equal(other.status, 403);
    assert.equal(other.body.error, 'unauthorized_client');
    const password = await post(
      `${w.url}/co/authenticate`,
      { ...body, credential_type: 'password' },
      { origin: ORIGIN },
    );
    assert.equal(password.status, 400);
    await post(`${w.url}/passwordless/start`, {
      client_id: 'spa',
      connection: 'email',
      email: body.username,
      send: 'code',
    });
    const code = await w.lastCode(body.username);
    const wrong = await post(
      `${w.url}/co/authenticate`,
      { ...body, otp: code === '123456' ? '654321' : '123456' },
      { origin: ORIGIN },
    );
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error_description, 'Wrong email or verification code.');
  });

  it('a login_ticket finishes /authorize without UI (code + PKCE), once, and opens a session', async () => {
    const ticket = await loginTicket('co-code@example.com');
    const jar = new Jar();
    const first = await open(jar, authorize({ login_ticket: ticket }));
    assert.equal(first.status, 302);
    const to = new URL(first.headers.get('location')!);
    const tokens = await post(`${w.url}/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'spa',
      code: to.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(decodeJwt(tokens.body.id_token).email, 'co-code@example.com');
    // The session opened with the ticket answers a silent web_message request.
    const silent = await open(jar, authorize({ response_mode: 'web_message', prompt: 'none', state: 'st-s' }));
    const message = webMessage(silent.body as string).response;
    assert.ok(message.code, 'a code is posted');
    assert.equal(message.state, 'st-s');

    const again = await get(authorize({ login_ticket: ticket }));
    assert.equal(new URL(again.headers.get('location')!).searchParams.get('error'), 'access_denied', 'single use');
  });

  it('web_message without prompt=none (a popup): the hosted sign-in ends on a one-time posting page', async () => {
    const jar = new Jar();
    const page = await open(jar, authorize({ response_mode: 'web_message', state: 'st-p' }));
    assert.equal(page.status, 200);
    const tx = JSON.parse(/transaction="([^"]+)"/.exec(page.body as string)![1]!.replace(/&#34;/g, '"')) as {
      id: string;
    };
    await post(
      `${w.url}/passwordless/start`,
      {
        client_id: 'spa',
        connection: 'email',
        email: 'popup@example.com',
        send: 'code',
      },
      { origin: w.url },
    );
    const done = await post(
      `${w.url}/authorize/complete`,
      {
        transaction: tx.id,
        connection: 'email',
        username: 'popup@example.com',
        otp: await w.lastCode('popup@example.com'),
      },
      { ...jar.header(), origin: w.url },
    );
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const to = new URL(done.body.redirect_to as string);
    assert.equal(to.pathname, '/authorize/respond');
    const posting = await get(to.toString());
    const { origin, response } = webMessage(posting.body as string);
    assert.equal(origin, ORIGIN);
    assert.equal(response.state, 'st-p');
    assert.ok(response.code);
    const again = await get(to.toString());
    assert.equal(again.status, 400, 'the posting page is good once');
    assert.doesNotMatch(again.body as string, /authorization-response/);
  });

  it('a login_ticket dies after a minute, and only works for its client', async () => {
    const ticket = await loginTicket('co-expired@example.com');
    w.clock.advance(61);
    const late = await get(authorize({ login_ticket: ticket }));
    assert.equal(new URL(late.headers.get('location')!).searchParams.get('error'), 'access_denied');

    const other = await loginTicket('co-other@example.com', 'legacy');
    const wrongClient = await get(authorize({ login_ticket: other }));
    assert.equal(new URL(wrongClient.headers.get('location')!).searchParams.get('error'), 'access_denied');
  });

  it('implicit token id_token, only for a client with the implicit grant, in the fragment with at_hash', async () => {
    const ticket = await loginTicket('co-implicit@example.com', 'legacy');
    const res = await get(
      authorize({
        client_id: 'legacy',
        response_type: 'token id_token',
        login_ticket: ticket,
        scope: 'openid email offline_access',
        code_challenge: '',
        code_challenge_method: '',
      }).replace(/&code_challenge=&code_challenge_method=/, ''),
    );
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    assert.equal(to.search, '', 'no token in the query');
    const f = new URLSearchParams(to.hash.slice(1));
    assert.ok(f.get('access_token'));
    assert.equal(f.get('token_type'), 'Bearer');
    assert.equal(f.get('refresh_token'), null, 'never a refresh token from /authorize');
    const claims = decodeJwt(f.get('id_token')!);
    assert.equal(claims.nonce, 'n-w');
    assert.equal(
      claims.at_hash,
      createHash('sha256').update(f.get('access_token')!).digest().subarray(0, 16).toString('base64url'),
    );
    const userinfo = await get(`${w.url}/userinfo`, { authorization: `Bearer ${f.get('access_token')}` });
    assert.equal(userinfo.status, 200);

    const unknownApi = await get(
      authorize({
        client_id: 'legacy',
        response_type: 'token id_token',
        login_ticket: await loginTicket('co-implicit2@example.com', 'legacy'),
        audience: 'https://unknown.example/api',
      }).replace(/&code_challenge=[^&]*&code_challenge_method=S256/, ''),
    );
    assert.equal(
      new URLSearchParams(new URL(unknownApi.headers.get('location')!).hash.slice(1)).get('error'),
      'access_denied',
    );

    const refused = await get(authorize({ response_type: 'token id_token' }));
    assert.equal(
      new URLSearchParams(new URL(refused.headers.get('location')!).hash.slice(1)).get('error'),
      'unauthorized_client',
    );
  });
});

describe('GET /client/{client_id}.js (Lock)', () => {
  it('calls Auth0.setClient with the client id and its passwordless connections', async () => {
    const res = await get(`${s.url}/client/backend.js?t${Date.now()}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/javascript/);
    assert.match(res.headers.get('cache-control')!, /max-age=\d+/);
    let received: { id: string; strategies: { name: string; connections: { name: string }[] }[] } | undefined;
    new Function('Auth0', res.body as string)({ setClient: (o: typeof received) => (received = o) });
    assert.equal(received?.id, 'backend');
    assert.deepEqual(received?.strategies, [{ name: 'email', connections: [{ name: 'email' }] }]);
    assert.doesNotMatch(res.body as string, /secret/);
  });

  it('answers an unknown client with 404', async () => {
    const res = await get(`${s.url}/client/nobody.js`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not_found');
  });
});
