/**
 * Passkeys on the hosted login page, over HTTP: the page tells its element whether the client may
 * use passkeys there, and POST /authorize/passkey completes the pending authorization request with
 * a passkey (a session, `code`, `state` and `iss` for the app, `amr` of a passkey), bound to the
 * browser that opened the page, same-origin only, once, with the webauthn grant's rules.
 * Credentials come from the software authenticator (./soft-authenticator.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { HostedTransaction } from '../../src/protocol/index.js';
import { DEFAULT_GRANT_TYPES } from '../../src/server/config.js';
import { get, post, startEmail, startServer, type TestServer, Jar } from './helpers.js';
import { SoftAuthenticator } from './soft-authenticator.js';

const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
/** The issuer, and so the hosted page's origin: a host name, as passkeys need (never listened on). */
const ISSUER = 'http://localhost:4000';
const APP = 'http://localhost:5173';
const REDIRECT = `${APP}/callback.html`;

const verifier = randomBytes(32).toString('base64url');
const pkce = createHash('sha256').update(verifier).digest('base64url');

function config(issuer = ISSUER) {
  const client = (client_id: string, grants: string[]) => ({
    client_id,
    name: `App ${client_id}`,
    allowed_origins: [APP],
    redirect_uris: [REDIRECT],
    connections: ['email', 'sms'],
    grant_types: grants,
  });
  return {
    issuer,
    passkeys: { rp_id: 'localhost' },
    clients: [
      client('demo', [...DEFAULT_GRANT_TYPES, WEBAUTHN]),
      client('other', [...DEFAULT_GRANT_TYPES, WEBAUTHN]),
      client('plain', DEFAULT_GRANT_TYPES),
    ],
  };
}

function transactionOf(html: string): HostedTransaction {
  const m = /transaction="([^"]+)"/.exec(html);
  assert.ok(m, 'the page passes a transaction to the element');
  return JSON.parse(m[1]!.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&#38;/g, '&'));
}

describe('passkeys on the hosted login page', () => {
  let s: TestServer;
  /** The passkey of ann@example.com, saved by a sign-up proven with a code. */
  const auth = new SoftAuthenticator(ISSUER);
  let annSub = '';

  before(async () => {
    s = await startServer(config());
    const reg = await post(`${s.url}/passkey/register`, {
      client_id: 'demo',
      user_profile: { email: 'ann@example.com' },
    });
    await startEmail(s, 'ann@example.com');
    const proof = await post(`${s.url}/passkey/register/verify`, {
      client_id: 'demo',
      auth_session: reg.body.auth_session,
      otp: await s.lastCode('ann@example.com'),
    });
    assert.equal(proof.status, 200, JSON.stringify(proof.body));
    const up = await post(`${s.url}/oauth/token`, {
      grant_type: WEBAUTHN,
      client_id: 'demo',
      auth_session: reg.body.auth_session,
      authn_response: auth.create(reg.body.authn_params_public_key),
    });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    annSub = String(decodeJwt(up.body.id_token).sub);
  });
  after(() => s?.close());

  /** Opens the hosted page for `client_id` in `jar`'s browser: its transaction. */
  async function openPage(jar: Jar, client_id = 'demo', extra: Record<string, string> = {}) {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: 'st-pk',
      nonce: 'n-pk',
      code_challenge: pkce,
      code_challenge_method: 'S256',
      ...extra,
    });
    const page = await get(`${s.url}/authorize?${q}`, jar.header());
    assert.equal(page.status, 200, String(page.body).slice(0, 300));
    jar.take(page.headers);
    return transactionOf(page.body);
  }

  /** A challenge of `client_id` answered by `who`: the body of POST /authorize/passkey. */
  async function assertion(transaction: string, who = auth, client_id = 'demo') {
    const c = await post(`${s.url}/passkey/challenge`, { client_id }, { origin: ISSUER });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    return { transaction, auth_session: c.body.auth_session, authn_response: who.get(c.body.authn_params_public_key) };
  }

  const complete = (jar: Jar, body: unknown, origin = ISSUER) =>
    post(`${s.url}/authorize/passkey`, body, { ...jar.header(), origin });

  it('tells the element that passkeys work here, only for a client with the webauthn grant', async () => {
    assert.equal((await openPage(new Jar())).passkey, true);
    assert.equal((await openPage(new Jar(), 'plain')).passkey, undefined);
  });

  it('completes the authorization request with a passkey: session, code, state, iss and a passkey amr', async () => {
    const jar = new Jar();
    const tx = await openPage(jar);
    const done = await complete(jar, await assertion(tx.id!));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.headers.get('cache-control'), 'no-store');
    jar.take(done.headers);
    assert.ok(jar.cookies.has('pwl_session'), 'a session was made');
    const to = new URL(done.body.redirect_to);
    assert.equal(to.origin + to.pathname, REDIRECT);
    assert.equal(to.searchParams.get('state'), 'st-pk');
    assert.equal(to.searchParams.get('iss'), ISSUER);
    const tokens = await post(`${s.url}/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'demo',
      code: to.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const claims = decodeJwt(tokens.body.id_token);
    assert.equal(claims.sub, annSub);
    assert.equal(claims.email, 'ann@example.com');
    assert.equal(claims.nonce, 'n-pk');
    assert.deepEqual(claims.amr, ['pop', 'mfa']);
    assert.equal(claims.auth_time, Math.floor(s.clock.now() / 1000));
    assert.equal(typeof claims.sid, 'string');

    // The session signs the next request in silently, with the passkey's amr.
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'st-2',
      code_challenge: pkce,
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    const silent = await get(`${s.url}/authorize?${q}`, jar.header());
    assert.equal(silent.status, 302);
    assert.ok(new URL(silent.headers.get('location')!).searchParams.get('code'));
  });

  it('completes only in the browser that opened the page, from the page itself, and once', async () => {
    const jar = new Jar();
    const tx = await openPage(jar);
    const body = await assertion(tx.id!);
    const otherOrigin = await complete(jar, body, 'https://evil.example');
    assert.equal(otherOrigin.status, 403);
    assert.equal(otherOrigin.body.error, 'unauthorized_client');
    const otherBrowser = await complete(new Jar(), body);
    assert.equal(otherBrowser.status, 400);
    assert.equal(otherBrowser.body.error, 'invalid_request');
    assert.match(otherBrowser.body.error_description, /expired/);
    assert.equal((await complete(jar, body)).status, 200, 'nothing was used up by the refusals');
    const replay = await complete(jar, body);
    assert.equal(replay.status, 400, 'the transaction is gone');

    // The same auth_session on a new transaction: used up.
    const next = await openPage(jar, 'demo', { prompt: 'login' });
    const reused = await complete(jar, { ...body, transaction: next.id });
    assert.equal(reused.status, 403);
    assert.equal(reused.body.error, 'invalid_grant');
    assert.match(reused.body.error_description, /invalid, expired or already used/);
  });

  it('refuses a client without the webauthn grant, a ceremony of another client and a passkey it does not know', async () => {
    const jar = new Jar();
    const plain = await openPage(jar, 'plain');
    const noGrant = await complete(jar, await assertion(plain.id!));
    assert.equal(noGrant.status, 403);
    assert.equal(noGrant.body.error, 'unauthorized_client');

    const tx = await openPage(jar);
    const otherClient = await complete(jar, await assertion(tx.id!, auth, 'other'));
    assert.equal(otherClient.status, 403);
    assert.equal(otherClient.body.error, 'invalid_grant');

    // A passkey of this RP that was never registered here.
    const unknown = new SoftAuthenticator(ISSUER);
    unknown.create({
      challenge: 'AAAA',
      rp: { id: 'localhost', name: 'x' },
      user: { id: 'AAAA', name: 'x', displayName: 'x' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    } as never);
    const stranger = await complete(jar, await assertion(tx.id!, unknown));
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.error, 'invalid_grant');

    // The page still works with a code after refused passkeys.
    await startEmail(s, 'bob@example.com', {}, { origin: ISSUER });
    const code = await post(
      `${s.url}/authorize/complete`,
      {
        transaction: tx.id,
        connection: 'email',
        username: 'bob@example.com',
        otp: await s.lastCode('bob@example.com'),
      },
      { ...jar.header(), origin: ISSUER },
    );
    assert.equal(code.status, 200, JSON.stringify(code.body));
  });

  it('refuses a passkey of an email account when the app asked for connection=sms', async () => {
    const jar = new Jar();
    const tx = await openPage(jar, 'demo', { connection: 'sms' });
    const res = await complete(jar, await assertion(tx.id!));
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'unauthorized_client');
  });

  it('answers malformed bodies with invalid_request', async () => {
    const jar = new Jar();
    const tx = await openPage(jar);
    for (const body of [
      { transaction: tx.id, auth_session: 'x' },
      { transaction: tx.id, auth_session: 'x', authn_response: { id: 'x' } },
      { transaction: tx.id, auth_session: 'x', authn_response: 'not json' },
      { auth_session: 'x', authn_response: {} },
    ]) {
      const res = await complete(jar, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'invalid_request');
      assert.equal(typeof res.body.error_description, 'string');
    }
  });
});

describe('passkeys on the hosted login page of a server whose issuer is an IP address', () => {
  it('are not offered (browsers refuse an IP address as the RP ID)', async () => {
    const s = await startServer({ ...config('http://127.0.0.1:4000'), passkeys: {} });
    try {
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: 'demo',
        redirect_uri: REDIRECT,
        code_challenge: pkce,
        code_challenge_method: 'S256',
      });
      const page = await get(`${s.url}/authorize?${q}`);
      assert.equal(page.status, 200);
      assert.equal(transactionOf(page.body).passkey, undefined);
    } finally {
      await s.close();
    }
  });
});
