import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { after, before, describe, it } from 'node:test';
import { pageText } from '../../src/server/messages.js';
import { REDIRECT, get, otpLogin, post, startEmail, startServer, type TestServer } from './helpers.js';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('magic links', () => {
  let s: TestServer;
  let n = 0;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 10000 } });
  });
  after(() => s.close());

  async function sendLink(extra: Record<string, string> = {}) {
    const email = `link${n++}@example.com`;
    const p = pkce();
    const state = randomBytes(8).toString('hex');
    const res = await startEmail(s, email, {
      send: 'link',
      authParams: {
        response_type: 'code',
        redirect_uri: REDIRECT,
        state,
        nonce: 'nonce-1',
        scope: 'openid email offline_access',
        code_challenge: p.challenge,
        code_challenge_method: 'S256',
        ...extra,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const msg = (await s.outbox()).find((m) => m.to === email)!;
    return { email, state, msg, link: msg.link!, ...p };
  }
  const open = (link: string, headers: Record<string, string> = {}) => get(link, headers);
  const redeem = (code: string, verifier: string, redirect_uri = REDIRECT) =>
    post(`${s.url}/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'demo',
      code,
      code_verifier: verifier,
      redirect_uri,
    });
  const location = (r: { headers: Headers }) => new URL(r.headers.get('location')!);

  it('one email carries the link and the 6-digit code; the link host is the issuer', async () => {
    const { msg, link, email } = await sendLink();
    assert.match(msg.code, /^[0-9]{6}$/);
    assert.ok(msg.text.includes(link) && msg.text.includes(msg.code));
    assert.ok(msg.html!.includes(msg.code));
    const u = new URL(link);
    assert.equal(u.origin + u.pathname, `${s.url}/passwordless/verify_redirect`);
    assert.equal(u.searchParams.get('connection'), 'email');
    assert.equal(u.searchParams.get('client_id'), 'demo');
    assert.equal(u.searchParams.get('email'), email);
    assert.ok(u.searchParams.get('verification_code'));
    assert.equal(u.searchParams.get('redirect_uri'), REDIRECT);
  });

  it('never takes the link host from the Host header', async () => {
    const s2 = await startServer({ issuer: 'https://login.example.com' });
    try {
      const p = pkce();
      await fetch(`${s2.url}/passwordless/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'evil.example', 'x-forwarded-host': 'evil.example' },
        body: JSON.stringify({
          client_id: 'demo',
          connection: 'email',
          email: 'h@example.com',
          send: 'link',
          authParams: { redirect_uri: REDIRECT, code_challenge: p.challenge, code_challenge_method: 'S256' },
        }),
      });
      const [m] = await s2.outbox();
      assert.ok(m!.link!.startsWith('https://login.example.com/passwordless/verify_redirect?'));
    } finally {
      await s2.close();
    }
  });

  it('signs in: 302 with code and state, PKCE exchange, tokens with the nonce', async () => {
    const { link, state, verifier, email } = await sendLink();
    const r = await open(link);
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    const loc = location(r);
    assert.equal(loc.origin + loc.pathname, REDIRECT);
    assert.equal(loc.searchParams.get('state'), state);
    assert.equal(loc.searchParams.get('iss'), s.url, 'RFC 9207: the issuer, as discovery promises');
    const tokens = await redeem(loc.searchParams.get('code')!, verifier);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
    const { payload } = await jwtVerify(tokens.body.id_token, jwks, {
      algorithms: ['RS256'],
      issuer: s.url,
      audience: 'demo',
    });
    assert.equal(payload.email, email);
    assert.equal(payload.nonce, 'nonce-1');
    assert.ok(tokens.body.refresh_token, 'offline_access asked for');
  });

  it("grants MyAccount's audience and enrolment scope to a link, as to a code (the element's passkey offer)", async () => {
    const me = `${s.url}/me/`;
    const { link, verifier } = await sendLink({ audience: me, scope: 'openid email create:me:authentication_methods' });
    const tokens = await redeem(location(await open(link)).searchParams.get('code')!, verifier);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.deepEqual(tokens.body.scope.split(' ').sort(), ['create:me:authentication_methods', 'email', 'openid']);
    const jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
    const { payload } = await jwtVerify(tokens.body.access_token, jwks, { issuer: s.url, audience: me });
    assert.equal(payload.scope, tokens.body.scope);
  });

  it('is scanner-safe: three GETs before the click, the click still signs in; then the link is dead', async () => {
    const { link, verifier, state } = await sendLink();
    const scans = [];
    for (let i = 0; i < 3; i++) scans.push(location(await open(link)).searchParams.get('code')!);
    assert.equal(new Set(scans).size, 3, 'every GET yields a fresh code');
    // A scanner cannot redeem without the verifier; that consumes nothing.
    assert.equal((await redeem(scans[0]!, pkce().verifier)).status, 403);
    const click = location(await open(link));
    assert.equal(click.searchParams.get('state'), state);
    assert.equal((await redeem(click.searchParams.get('code')!, verifier)).status, 200);
    // Redeemed once: the link and every other code of it are dead.
    assert.equal((await redeem(scans[1]!, verifier)).status, 403);
    const after = location(await open(link));
    assert.equal(after.searchParams.get('error'), 'access_denied');
    assert.ok(after.searchParams.get('error_description'));
    assert.equal(after.searchParams.get('state'), state);
  });

  it('a code redeemed twice is refused, and the first tokens are revoked', async () => {
    const { link, verifier } = await sendLink();
    const code = location(await open(link)).searchParams.get('code')!;
    const first = await redeem(code, verifier);
    assert.equal(first.status, 200);
    assert.equal((await get(`${s.url}/userinfo`, { authorization: `Bearer ${first.body.access_token}` })).status, 200);
    const second = await redeem(code, verifier);
    assert.equal(second.status, 403);
    assert.equal(second.body.error, 'invalid_grant');
    assert.equal((await get(`${s.url}/userinfo`, { authorization: `Bearer ${first.body.access_token}` })).status, 401);
    const rt = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: first.body.refresh_token,
    });
    assert.equal(rt.status, 403, 'the refresh token of the first redemption is revoked');
  });

  it('authorization codes live 60 seconds', async () => {
    const { link, verifier } = await sendLink();
    const code = location(await open(link)).searchParams.get('code')!;
    s.clock.advance(60);
    assert.equal((await redeem(code, verifier)).status, 403);
    const fresh = location(await open(link)).searchParams.get('code')!;
    assert.equal((await redeem(fresh, verifier)).status, 200, 'the link itself still lived');
  });

  it('requires the exact redirect_uri at the token endpoint', async () => {
    const { link, verifier } = await sendLink();
    const code = location(await open(link)).searchParams.get('code')!;
    const res = await redeem(code, verifier, REDIRECT + '?x=1');
    assert.equal(res.status, 403);
    assert.equal((await redeem(code, verifier)).status, 200, 'a wrong redirect_uri consumed nothing');
  });

  it('an expired link redirects with access_denied', async () => {
    const { link, state } = await sendLink();
    s.clock.advance(15 * 60);
    const r = await open(link);
    assert.equal(r.status, 302);
    const loc = location(r);
    assert.equal(loc.searchParams.get('error'), 'access_denied');
    assert.equal(loc.searchParams.get('state'), state);
    assert.equal(loc.searchParams.get('code'), null);
  });

  it('an unknown link redirects with access_denied', async () => {
    const { link } = await sendLink();
    const u = new URL(link);
    u.searchParams.set('verification_code', 'forged');
    const loc = location(await open(u.toString()));
    assert.equal(loc.searchParams.get('error'), 'access_denied');
  });

  it('a newer link or code kills the older link', async () => {
    const first = await sendLink();
    s.clock.advance(61);
    const p = pkce();
    await startEmail(s, first.email, {
      send: 'link',
      authParams: { redirect_uri: REDIRECT, code_challenge: p.challenge, code_challenge_method: 'S256' },
    });
    assert.equal(location(await open(first.link)).searchParams.get('error'), 'access_denied');
  });

  it('the 6-digit code of the link email signs in on another device, and kills the link', async () => {
    const { msg, link, email } = await sendLink();
    assert.equal((await otpLogin(s, email, msg.code)).status, 200);
    assert.equal(location(await open(link)).searchParams.get('error'), 'access_denied');
  });

  it('an unregistered redirect_uri gets a plain 400 page, never a redirect', async () => {
    const { link } = await sendLink();
    const u = new URL(link);
    u.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const r = await open(u.toString());
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('location'), null);
    assert.match(r.headers.get('content-type')!, /text\/html/);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.match(String(r.body), /Invalid sign-in link/);
    const inJapanese = await get(u.toString(), { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' });
    assert.equal(inJapanese.status, 400);
    assert.match(String(inJapanese.body), /^<!doctype html><html lang="ja">/);
    assert.ok(String(inJapanese.body).includes(`<h1>${pageText('ja', 'pageInvalidLinkTitle')}</h1>`));
  });

  it('refuses links without PKCE S256 at start', async () => {
    const base = { client_id: 'demo', connection: 'email', email: 'pk@example.com', send: 'link' };
    const cases = [
      { redirect_uri: REDIRECT },
      { redirect_uri: REDIRECT, code_challenge: pkce().challenge, code_challenge_method: 'plain' },
      { redirect_uri: REDIRECT, code_challenge: pkce().challenge },
      { redirect_uri: REDIRECT, code_challenge: 'short', code_challenge_method: 'S256' },
      { redirect_uri: 'https://evil.example/cb', code_challenge: pkce().challenge, code_challenge_method: 'S256' },
      {
        redirect_uri: REDIRECT,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        response_type: 'token',
      },
    ];
    for (const authParams of cases) {
      const res = await post(`${s.url}/passwordless/start`, { ...base, authParams });
      assert.equal(res.status, 400, JSON.stringify(authParams));
      assert.equal(res.body.error, 'bad.authParams');
    }
    const sms = await post(`${s.url}/passwordless/start`, {
      client_id: 'demo',
      connection: 'sms',
      phone_number: '+14155550100',
      send: 'link',
      authParams: { redirect_uri: REDIRECT },
    });
    assert.equal(sms.status, 400);
  });

  it('accepts Auth0 form-encoded authParams[...] fields', async () => {
    const p = pkce();
    const body = new URLSearchParams({
      client_id: 'demo',
      connection: 'email',
      email: 'formlink@example.com',
      send: 'link',
      'authParams[redirect_uri]': REDIRECT,
      'authParams[state]': 'fs',
      'authParams[code_challenge]': p.challenge,
      'authParams[code_challenge_method]': 'S256',
      'authParams[response_type]': 'code',
    });
    const res = await post(`${s.url}/passwordless/start`, body.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [m] = await s.outbox();
    const code = location(await open(m!.link!)).searchParams.get('code')!;
    assert.equal((await redeem(code, p.verifier)).status, 200);
  });
});
