/**
 * GET /authorize and the hosted page's completion, over real HTTP: what is a plain 400 page and
 * what redirects back (with state and iss), PKCE for public clients, the hosted page's CSP and
 * element, one-time completion bound to the browser, sessions (SSO, prompt, max_age) and the
 * claims the codes carry (auth_time, amr, sid).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { HostedTransaction } from '../../src/protocol/index.js';
import { pageText, type PageTextKey } from '../../src/server/messages.js';
import { get, otpLogin, post, REDIRECT, startEmail, startServer, type TestServer } from './helpers.js';
import { demoAuthorizeUrl, getWithJar as open, Jar, pkcePair } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

const { verifier, challenge } = pkcePair();

const authorizeUrl = (params: Record<string, string | undefined> = {}) => demoAuthorizeUrl(s.url, challenge, params);

function transactionOf(html: string): HostedTransaction {
  const m = /transaction="([^"]+)"/.exec(html);
  assert.ok(m, 'the page passes a transaction to the element');
  return JSON.parse(m[1]!.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&#38;/g, '&'));
}

/** Opens the hosted page and signs in with an email code; returns the redirect to the app. */
async function signIn(jar: Jar, email: string, params: Record<string, string | undefined> = {}): Promise<URL> {
  const page = await open(jar, authorizeUrl(params));
  assert.equal(page.status, 200, String(page.body).slice(0, 300));
  const tx = transactionOf(page.body);
  assert.equal((await startEmail(s, email, {}, { origin: s.url })).status, 200);
  const code = await s.lastCode(email);
  const done = await post(
    `${s.url}/authorize/complete`,
    { transaction: tx.id, connection: 'email', username: email, otp: code },
    { ...jar.header(), origin: s.url },
  );
  assert.equal(done.status, 200, JSON.stringify(done.body));
  jar.take(done.headers);
  return new URL(done.body.redirect_to);
}

async function redeem(code: string) {
  return post(`${s.url}/oauth/token`, {
    grant_type: 'authorization_code',
    client_id: 'demo',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
  });
}

describe('GET /authorize: requests that cannot be answered by redirect', () => {
  for (const [what, params] of [
    ['an unknown client', { client_id: 'nobody' }],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['a missing redirect_uri', { redirect_uri: undefined }],
  ] as const) {
    it(`answers ${what} with a plain 400 page and no redirect`, async () => {
      const res = await get(authorizeUrl(params));
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      assert.match(res.body, /<h1>/);
    });
  }
});

describe('GET /authorize: errors go back to the app with error, state and iss', () => {
  const cases: [string, Record<string, string | undefined>, string][] = [
    ['response_type=code token', { response_type: 'code token' }, 'unsupported_response_type'],
    [
      'a public client without PKCE',
      { code_challenge: undefined, code_challenge_method: undefined },
      'invalid_request',
    ],
    ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['response_mode=form_post', { response_mode: 'form_post' }, 'invalid_request'],
    ['a request object', { request: 'eyJ...' }, 'request_not_supported'],
    ['request_uri', { request_uri: 'urn:x' }, 'request_uri_not_supported'],
    ['prompt=none login', { prompt: 'none login' }, 'invalid_request'],
    ['max_age=abc', { max_age: 'abc' }, 'invalid_request'],
    ['connection=github', { connection: 'github' }, 'invalid_request'],
    ['prompt=none without a session', { prompt: 'none' }, 'login_required'],
  ];
  for (const [what, params, error] of cases) {
    it(`${what} → ${error}`, async () => {
      const res = await get(authorizeUrl(params));
      assert.equal(res.status, 302);
      const to = new URL(res.headers.get('location')!);
      assert.equal(to.origin + to.pathname, REDIRECT);
      assert.equal(to.searchParams.get('error'), error);
      assert.ok(to.searchParams.get('error_description'));
      assert.equal(to.searchParams.get('state'), 'st-1');
      assert.equal(to.searchParams.get('iss'), s.url);
    });
  }

  it('response_type=token without the implicit grant → unauthorized_client, in the fragment', async () => {
    const res = await get(authorizeUrl({ response_type: 'id_token token' }));
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    assert.equal(to.search, '', 'nothing in the query');
    const fragment = new URLSearchParams(to.hash.slice(1));
    assert.equal(fragment.get('error'), 'unauthorized_client');
    assert.equal(fragment.get('state'), 'st-1');
  });
});

describe('the hosted page', () => {
  it('renders the element for the client under a strict CSP, in the asked language', async () => {
    const res = await get(authorizeUrl({ ui_locales: 'fr-CA fr', login_hint: 'a@example.com', connection: 'email' }));
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(res.body, /<passwordless-login [^>]*client-id="demo"/);
    assert.match(res.body, /connection="email"/);
    assert.match(res.body, /<html lang="fr-CA" dir="ltr">/);
    assert.doesNotMatch(res.body, /<script>|<style>| style=/, 'no inline script or style');
    assert.equal(transactionOf(res.body).login_hint, 'a@example.com');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pwl_browser='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  it('speaks the first shipped language of ui_locales, else Accept-Language; Arabic right to left', async () => {
    const page = async (uiLocales: string | undefined, acceptLanguage?: string) => {
      const res = await get(
        authorizeUrl({ ui_locales: uiLocales }),
        acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      );
      assert.equal(res.status, 200);
      const html = /<html lang="([^"]+)" dir="(ltr|rtl)">/.exec(res.body);
      const element = /<passwordless-login [^>]*lang="([^"]+)"/.exec(res.body);
      assert.ok(html && element);
      assert.equal(element[1], html[1], 'the element speaks the language of the page');
      return `${html[1]} ${html[2]}`;
    };
    assert.equal(await page('ar'), 'ar rtl');
    assert.equal(await page('xx de'), 'de ltr', 'an unknown first choice gives way to the next');
    assert.equal(await page('he-IL en'), 'he rtl');
    assert.equal(await page('pt', 'de'), 'pt-BR ltr', 'through the element chain: pt is pt-BR');
    assert.equal(await page('xx zz', 'fa;q=0.9, ja;q=0.8'), 'fa rtl', 'none shipped: Accept-Language');
    assert.equal(await page(undefined, 'ja'), 'ja ltr');
    assert.equal(await page(undefined), 'en ltr');
  });

  it('serves its stylesheet from its own origin', async () => {
    const css = await get(`${s.url}/authorize/assets/hosted.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type')!, /text\/css/);
    assert.equal((await get(`${s.url}/authorize/assets/..%2Fpackage.json`)).status, 404);
  });
});

describe('hosted sign-in, session and single sign-on', () => {
  let jar: Jar;
  beforeEach(() => {
    jar = new Jar();
  });

  it('signs in, redirects with code, state and iss, and the code gives auth_time, amr and sid', async () => {
    const to = await signIn(jar, 'hosted1@example.com');
    assert.equal(to.origin + to.pathname, REDIRECT);
    assert.equal(to.searchParams.get('state'), 'st-1');
    assert.equal(to.searchParams.get('iss'), s.url);
    const session = [...jar.cookies.keys()].find((k) => k === 'pwl_session');
    assert.ok(session, 'a session cookie was set');
    const tokens = await redeem(to.searchParams.get('code')!);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const claims = decodeJwt(tokens.body.id_token);
    assert.equal(claims.email, 'hosted1@example.com');
    assert.equal(claims.nonce, 'n-1');
    assert.equal(claims.auth_time, Math.floor(s.clock.now() / 1000));
    assert.deepEqual(claims.amr, ['otp']);
    assert.equal(typeof claims.sid, 'string');
    assert.equal((await redeem(to.searchParams.get('code')!)).status, 403, 'a code works once');
  });

  it('completes a transaction only once and only in the browser that opened it', async () => {
    const page = await open(jar, authorizeUrl());
    const tx = transactionOf(page.body);
    const email = 'hosted2@example.com';
    await startEmail(s, email, {}, { origin: s.url });
    const code = await s.lastCode(email);
    const body = { transaction: tx.id, connection: 'email', username: email, otp: code };
    const elsewhere = await post(`${s.url}/authorize/complete`, body, { origin: s.url });
    assert.equal(elsewhere.status, 400, 'another browser (no cookie) cannot complete it');
    const other = await post(`${s.url}/authorize/complete`, body, { ...jar.header(), origin: 'https://evil.example' });
    assert.equal(other.status, 403, 'another origin cannot complete it');
    const ok = await post(`${s.url}/authorize/complete`, body, { ...jar.header(), origin: s.url });
    assert.equal(ok.status, 200);
    const again = await post(`${s.url}/authorize/complete`, body, { ...jar.header(), origin: s.url });
    assert.equal(again.status, 400);
  });

  it('answers a wrong code like the OTP grant does', async () => {
    const page = await open(jar, authorizeUrl());
    const tx = transactionOf(page.body);
    await startEmail(s, 'hosted3@example.com', {}, { origin: s.url });
    const res = await post(
      `${s.url}/authorize/complete`,
      { transaction: tx.id, connection: 'email', username: 'hosted3@example.com', otp: '000000' },
      { ...jar.header(), origin: s.url },
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'invalid_grant');
  });

  it('signs in silently through the session; prompt=login and an exceeded max_age ask again', async () => {
    const first = await signIn(jar, 'hosted4@example.com');
    const firstClaims = decodeJwt((await redeem(first.searchParams.get('code')!)).body.id_token);

    s.clock.advance(120);
    const silent = await open(jar, authorizeUrl({ state: 'st-2', prompt: 'none' }));
    assert.equal(silent.status, 302);
    const to = new URL(silent.headers.get('location')!);
    assert.equal(to.searchParams.get('state'), 'st-2');
    const claims = decodeJwt((await redeem(to.searchParams.get('code')!)).body.id_token);
    assert.equal(claims.sub, firstClaims.sub);
    assert.equal(claims.auth_time, firstClaims.auth_time);
    assert.equal(claims.sid, firstClaims.sid);

    assert.equal((await open(jar, authorizeUrl({ prompt: 'login' }))).status, 200, 'prompt=login shows the page');
    assert.equal((await open(jar, authorizeUrl({ max_age: '60' }))).status, 200, 'max_age exceeded shows the page');
    const tooOld = await open(jar, authorizeUrl({ max_age: '60', prompt: 'none' }));
    assert.equal(new URL(tooOld.headers.get('location')!).searchParams.get('error'), 'login_required');
    assert.equal((await open(jar, authorizeUrl({ max_age: '600' }))).status, 302, 'within max_age: silent');
  });

  it('max_age=0 asks for a new sign-in even in the second of the last one', async () => {
    const jar = new Jar();
    await signIn(jar, 'maxage0@example.com');
    // The clock has not moved: auth_time is this very second.
    assert.equal((await open(jar, authorizeUrl({ max_age: '1' }))).status, 302, 'within max_age: silent');
    assert.equal((await open(jar, authorizeUrl({ max_age: '0' }))).status, 200, 'max_age=0 shows the page');
    const none = await open(jar, authorizeUrl({ max_age: '0', prompt: 'none' }));
    assert.equal(new URL(none.headers.get('location')!).searchParams.get('error'), 'login_required');
  });

  it('keeps auth_time and amr on refresh', async () => {
    const to = await signIn(jar, 'hosted5@example.com', { scope: 'openid offline_access' });
    const tokens = (await redeem(to.searchParams.get('code')!)).body;
    const before = decodeJwt(tokens.id_token);
    s.clock.advance(600);
    const refreshed = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: tokens.refresh_token,
    });
    assert.equal(refreshed.status, 200);
    const after = decodeJwt(refreshed.body.id_token);
    assert.equal(after.auth_time, before.auth_time);
    assert.deepEqual(after.amr, ['otp']);
    assert.ok(after.iat! > before.iat!);
  });
});

describe('discovery states only the truth', () => {
  it('lists the endpoints that exist and nothing unsupported, in both documents', async () => {
    const oidcDoc = (await get(`${s.url}/.well-known/openid-configuration`)).body;
    const oauthDoc = (await get(`${s.url}/.well-known/oauth-authorization-server`)).body;
    assert.deepEqual(oauthDoc, oidcDoc, 'RFC 8414 metadata says the same');
    assert.equal(oidcDoc.end_session_endpoint, `${s.url}/oidc/logout`);
    assert.equal(oidcDoc.revocation_endpoint, `${s.url}/oauth/revoke`);
    assert.equal(oidcDoc.request_uri_parameter_supported, false);
    assert.equal(oidcDoc.request_parameter_supported, false);
    assert.equal(oidcDoc.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(oidcDoc.code_challenge_methods_supported, ['S256']);
    assert.ok(!oidcDoc.scopes_supported.includes('profile'), 'no profile claim is released');
    for (const claim of ['auth_time', 'amr', 'sid']) assert.ok(oidcDoc.claims_supported.includes(claim), claim);
  });
});

describe('revocation and RP-initiated logout', () => {
  it('revokes a refresh token (RFC 7009): 200 for any token, the family dies', async () => {
    const jar = new Jar();
    const to = await signIn(jar, 'revoke1@example.com', { scope: 'openid offline_access' });
    const tokens = (await redeem(to.searchParams.get('code')!)).body;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const unknown = await post(`${s.url}/oauth/revoke`, { token: 'nope', client_id: 'demo' }, form);
    assert.equal(unknown.status, 200);
    const res = await post(`${s.url}/oauth/revoke`, { token: tokens.refresh_token, client_id: 'demo' }, form);
    assert.equal(res.status, 200);
    const refresh = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: tokens.refresh_token,
    });
    assert.equal(refresh.body.error, 'invalid_grant');
    const userinfo = await get(`${s.url}/userinfo`, { authorization: `Bearer ${tokens.access_token}` });
    assert.equal(userinfo.status, 401, 'the access tokens of the grant die with it');
    const missing = await post(`${s.url}/oauth/revoke`, { client_id: 'demo' }, form);
    assert.equal(missing.status, 400);
  });

  it('takes every client authentication /oauth/token takes, HTTP Basic included', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const secret = 'backend-secret-backend-secret';
    const refreshToken = async (email: string) => {
      await startEmail(s, email, { client_id: 'backend', client_secret: secret });
      const code = await s.lastCode(email);
      const res = await otpLogin(s, email, code, {
        client_id: 'backend',
        client_secret: secret,
        scope: 'openid offline_access',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.refresh_token as string;
    };
    const refreshWorks = async (token: string) =>
      (
        await post(`${s.url}/oauth/token`, {
          grant_type: 'refresh_token',
          client_id: 'backend',
          client_secret: secret,
          refresh_token: token,
        })
      ).status === 200;
    const basic = (id: string, pw: string) => ({
      ...form,
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(pw)}`).toString('base64')}`,
    });

    const viaBasic = await refreshToken('revoke-basic@example.com');
    const wrong = await post(
      `${s.url}/oauth/revoke`,
      { token: viaBasic },
      basic('backend', 'wrong-secret-wrong-secret'),
    );
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    const noAuth = await post(`${s.url}/oauth/revoke`, { token: viaBasic, client_id: 'backend' }, form);
    assert.equal(noAuth.status, 401, 'a confidential client must authenticate');
    const ok = await post(`${s.url}/oauth/revoke`, { token: viaBasic }, basic('backend', secret));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(await refreshWorks(viaBasic), false, 'revoked through Basic');

    const viaPost = await refreshToken('revoke-post@example.com');
    const posted = await post(
      `${s.url}/oauth/revoke`,
      { token: viaPost, client_id: 'backend', client_secret: secret },
      form,
    );
    assert.equal(posted.status, 200);
    assert.equal(await refreshWorks(viaPost), false, 'revoked through client_secret_post');

    const meta = (await get(`${s.url}/.well-known/openid-configuration`)).body;
    assert.deepEqual(meta.revocation_endpoint_auth_methods_supported, meta.token_endpoint_auth_methods_supported);
    assert.ok(meta.revocation_endpoint_auth_methods_supported.includes('client_secret_basic'));
  });

  it('ends the session with id_token_hint, returns only to a registered post_logout_redirect_uri', async () => {
    const jar = new Jar();
    const to = await signIn(jar, 'logout1@example.com');
    const idToken = (await redeem(to.searchParams.get('code')!)).body.id_token;
    const bad = await open(
      jar,
      `${s.url}/oidc/logout?id_token_hint=${idToken}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    assert.equal(bad.status, 400, 'an unregistered target is refused');
    assert.equal(bad.headers.get('location'), null);
    assert.equal((await open(jar, authorizeUrl({ prompt: 'none' }))).status, 302);
    assert.equal(
      new URL((await open(jar, authorizeUrl({ prompt: 'none' }))).headers.get('location')!).searchParams.get('error'),
      null,
      'still signed in after the refused logout',
    );
  });
});

describe('RP-initiated logout without id_token_hint: the person confirms', () => {
  const logoutUrl = (q: Record<string, string>) => `${s.url}/oidc/logout?${new URLSearchParams(q)}`;
  const signedIn = async (jar: Jar) =>
    new URL((await open(jar, authorizeUrl({ prompt: 'none' }))).headers.get('location')!).searchParams.get('error') ===
    null;
  const confirmToken = (html: string) => /name="confirm" value="([^"]+)"/.exec(html)?.[1];
  const confirm = (jar: Jar, token: string, headers: Record<string, string> = { origin: s.url }) =>
    fetch(`${s.url}/oidc/logout/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...jar.header(), ...headers },
      body: new URLSearchParams({ confirm: token }),
    });

  it('asks first, with a one-time form bound to this browser, then returns to the registered target', async () => {
    const jar = new Jar();
    await signIn(jar, 'confirm1@example.com');
    const page = await open(jar, logoutUrl({ client_id: 'demo', post_logout_redirect_uri: REDIRECT, state: 'bye' }));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('location'), null, 'nothing happens before the person confirms');
    assert.match(page.body, /Sign out\?/);
    assert.match(page.body, /Demo App asks to sign you out/);
    assert.ok(page.body.includes(`<form method="post" action="${s.url}/oidc/logout/confirm">`));
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(
      csp,
      /form-action 'self' http:\/\/localhost:5173(;|$)/,
      'the form may go here and redirect to the app only',
    );
    assert.ok(await signedIn(jar), 'still signed in while the page waits');
    const token = confirmToken(page.body)!;

    const stranger = await confirm(new Jar(), token);
    assert.equal(stranger.status, 400, 'another browser cannot use the form');
    const crossSite = await confirm(jar, token, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 400, 'nor another site');
    assert.ok(await signedIn(jar));
    // Both refusals used the token up: a fresh page gives a fresh one.
    const again = await open(jar, logoutUrl({ client_id: 'demo', post_logout_redirect_uri: REDIRECT, state: 'bye' }));
    const fresh = confirmToken(again.body)!;
    const done = await confirm(jar, fresh);
    assert.equal(done.status, 302);
    const to = new URL(done.headers.get('location')!);
    assert.equal(to.origin + to.pathname, REDIRECT);
    assert.equal(to.searchParams.get('state'), 'bye');
    jar.take(done.headers);
    assert.equal(await signedIn(jar), false, 'the session ended');
    assert.equal((await confirm(jar, fresh)).status, 400, 'the form works once');
  });

  it('without a target says "signed out"; without a session there is nothing to confirm', async () => {
    const jar = new Jar();
    await signIn(jar, 'confirm2@example.com');
    const page = await open(jar, logoutUrl({}));
    assert.match(page.body, /A page asks to sign you out/);
    const done = await confirm(jar, confirmToken(page.body)!, {});
    assert.equal(done.status, 200);
    assert.match(await done.text(), /You are signed out/);
    jar.take(done.headers);
    assert.equal(await signedIn(jar), false);

    const none = await open(new Jar(), logoutUrl({ client_id: 'demo', post_logout_redirect_uri: REDIRECT }));
    assert.equal(none.status, 302, 'no session: straight back to the app');
    const unregistered = await open(jar, logoutUrl({ post_logout_redirect_uri: REDIRECT }));
    assert.equal(unregistered.status, 400, 'a target needs the client_id (or a hint) to be checked');
  });

  it("speaks the person's language: ui_locales, else Accept-Language, right to left for Arabic", async () => {
    const html = (lang: string, key: PageTextKey, params?: Record<string, string>) =>
      pageText(lang, key, params).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const site = new URL(s.url).host;
    const jar = new Jar();
    await signIn(jar, 'confirm3@example.com');
    const asked = await get(logoutUrl({ client_id: 'demo', ui_locales: 'xx de' }), {
      ...jar.header(),
      'accept-language': 'fr',
    });
    assert.match(asked.body, /^<!doctype html><html lang="de">/);
    assert.ok(asked.body.includes(`<title>${html('de', 'pageSignOutTitle')}</title>`));
    assert.ok(asked.body.includes(html('de', 'pageSignOutByApp', { client: 'Demo App', site })), 'names app and site');
    assert.ok(asked.body.includes(`>${html('de', 'pageSignOutButton')}</button>`));
    assert.doesNotMatch(asked.body, /\{\w+\}/);
    // The confirmation answers in the language the question was asked in.
    const done = await confirm(jar, confirmToken(asked.body)!, { origin: s.url, 'accept-language': 'ja' });
    const signedOut = await done.text();
    assert.match(signedOut, /<html lang="de">/);
    assert.ok(signedOut.includes(`<h1>${html('de', 'pageSignedOutHeading')}</h1>`));

    const other = new Jar();
    await signIn(other, 'confirm4@example.com');
    const arabic = await get(logoutUrl({}), { ...other.header(), 'accept-language': 'ar-EG, en;q=0.5' });
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    assert.ok(arabic.body.includes(html('ar', 'pageSignOutByPage', { site })));

    const stale = await confirm(new Jar(), 'not-a-token', { origin: s.url, 'accept-language': 'pt-BR' });
    assert.equal(stale.status, 400);
    const body = await stale.text();
    assert.match(body, /<html lang="pt-BR">/);
    assert.ok(body.includes(html('pt-BR', 'pageSignOutExpired')));
    // A request an app got wrong is for its developers: English.
    const wrong = await get(logoutUrl({ client_id: 'nope', ui_locales: 'de' }), { 'accept-language': 'de' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /<html lang="en">[\s\S]*Unknown application/);
  });
});

describe('per-client branding of the hosted page', () => {
  it('shows the logo (allowed by the CSP) and serves the --pwl-* overrides as a stylesheet', async () => {
    const b = await startServer({
      clients: [
        {
          client_id: 'brand',
          name: 'Brand & Co',
          redirect_uris: [REDIRECT],
          logo_uri: 'https://cdn.brand.example/logo.svg',
          branding: { '--pwl-color-primary': '#0a7c4a', '--pwl-radius': '0' },
        },
      ],
    });
    try {
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: 'brand',
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const page = await get(`${b.url}/authorize?${q}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1 class="app-name">Brand &#38; Co<\/h1>/);
      assert.match(page.body, /<img class="logo" src="https:\/\/cdn.brand.example\/logo.svg" alt="">/);
      assert.match(page.headers.get('content-security-policy')!, /img-src 'self' https:\/\/cdn.brand.example(;|$)/);
      const href = /href="([^"]+\/authorize\/branding\/[^"]+)"/.exec(page.body)![1]!;
      const css = await get(href);
      assert.equal(css.status, 200);
      assert.match(
        css.body,
        /passwordless-login \{\s*--pwl-color-primary: #0a7c4a;\s*--pwl-color-primary-text: #ffffff;\s*--pwl-radius: 0;\s*\}/,
      );
      assert.equal((await get(`${b.url}/authorize/branding/demo.css`)).status, 404);
    } finally {
      await b.close();
    }
  });

  it('refuses branding that is not a --pwl-* property or not a plain CSS value', async () => {
    const { parseConfig } = await import('../../src/server/config.js');
    const base = { secret: 'x'.repeat(32), clients: [{ client_id: 'a', name: 'A' }] };
    for (const branding of [{ color: 'red' }, { '--pwl-color-primary': 'red; } body { display: none' }]) {
      assert.throws(() => parseConfig({ ...base, clients: [{ client_id: 'a', name: 'A', branding }] }), /branding/);
    }
  });
});

describe('magic links on the hosted page', () => {
  let m: TestServer;
  before(async () => {
    m = await startServer({
      clients: [
        { client_id: 'linky', name: 'Linky', redirect_uris: [REDIRECT], magic_link: true },
        { client_id: 'codes', name: 'Codes only', redirect_uris: [REDIRECT] },
      ],
    });
  });
  after(() => m.close());

  const pageUrl = (params: Record<string, string | undefined> = {}) =>
    authorizeUrl({ client_id: 'linky', ...params }).replace(s.url, m.url);

  /** Opens the hosted page in `jar`'s browser and has a link sent to `email`; returns the link. */
  async function sendLink(jar: Jar, email: string): Promise<{ link: string; tx: HostedTransaction }> {
    const page = await open(jar, pageUrl());
    assert.equal(page.status, 200);
    assert.match(page.body, /<passwordless-login [^>]*send="link"/, 'the element sends links');
    const tx = transactionOf(page.body);
    assert.equal(tx.link?.redirect_uri, `${m.url}/authorize/link`, 'links return to the API');
    const started = await post(
      `${m.url}/passwordless/start`,
      { client_id: 'linky', connection: 'email', email, send: 'link', authParams: tx.link },
      { origin: m.url },
    );
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const message = (await m.outbox()).find((x) => x.to === email)!;
    assert.ok(message.link && message.code, 'the email carries the link and the code');
    return { link: message.link, tx };
  }

  /** Follows the link as far as the API answers: verify_redirect, then /authorize/link. */
  async function follow(jar: Jar, link: string) {
    const verify = await open(jar, link);
    assert.equal(verify.status, 302);
    const back = new URL(verify.headers.get('location')!);
    assert.equal(back.origin + back.pathname, `${m.url}/authorize/link`);
    return open(jar, back.href);
  }

  async function redeemAt(to: URL) {
    return post(`${m.url}/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'linky',
      code: to.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
  }

  it('completes the pending request in the browser that asked, once', async () => {
    const jar = new Jar();
    const { link } = await sendLink(jar, 'link1@example.com');
    const done = await follow(jar, link);
    assert.equal(done.status, 302);
    const to = new URL(done.headers.get('location')!);
    assert.equal(to.origin + to.pathname, REDIRECT);
    assert.equal(to.searchParams.get('state'), 'st-1');
    assert.equal(to.searchParams.get('iss'), m.url);
    const tokens = await redeemAt(to);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const claims = decodeJwt(tokens.body.id_token);
    assert.equal(claims.email, 'link1@example.com');
    assert.equal(claims.nonce, 'n-1');
    assert.equal(typeof claims.sid, 'string', 'a session was opened');

    const again = await open(jar, link);
    const replay = await open(jar, again.headers.get('location')!);
    assert.equal(replay.status, 400, 'the link cannot complete anything twice');
    assert.equal(replay.headers.get('location'), null);
    assert.match(replay.body, /<html lang="en">[\s\S]*Sign-in link expired/);
    const inGerman = await get(again.headers.get('location')!, {
      ...jar.header(),
      'accept-language': 'de-AT, en;q=0.3',
    });
    assert.equal(inGerman.status, 400);
    assert.match(inGerman.body, /^<!doctype html><html lang="de">/);
    assert.ok(
      inGerman.body.includes(`<h1>${pageText('de', 'pageLinkExpiredTitle')}</h1>`),
      'in the language of the browser',
    );
    const silent = await open(jar, pageUrl({ prompt: 'none' }));
    assert.equal(new URL(silent.headers.get('location')!).searchParams.get('error'), null, 'signed in by session');
  });

  it("tells the page that sent the link when the link's tab finished its sign-in, and only that browser", async () => {
    const jar = new Jar();
    const { link, tx } = await sendLink(jar, 'link4@example.com');
    const status = (j: Jar, transaction = tx.id!, origin = m.url) =>
      post(`${m.url}/authorize/status`, { transaction }, { ...j.header(), origin });
    let answer = await status(jar);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'pending' });
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.deepEqual((await status(new Jar())).body, { status: 'expired' }, 'another browser learns nothing');
    assert.equal((await status(jar, tx.id!, 'https://evil.example')).status, 403, 'only the hosted page asks');
    const missing = await post(`${m.url}/authorize/status`, {}, { ...jar.header(), origin: m.url });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'invalid_request');

    const done = await follow(jar, link);
    assert.equal(done.status, 302);
    answer = await status(jar);
    assert.deepEqual(answer.body, { status: 'complete' }, 'the sending tab learns it is signed in');
    assert.deepEqual((await status(new Jar())).body, { status: 'expired' });
  });

  it('in another browser (or a mail scanner) says where to open it, and consumes nothing', async () => {
    const jar = new Jar();
    const { link } = await sendLink(jar, 'link2@example.com');
    for (const other of [new Jar(), new Jar()]) {
      const elsewhere = await follow(other, link);
      assert.equal(elsewhere.status, 200);
      assert.equal(elsewhere.headers.get('location'), null);
      assert.match(elsewhere.headers.get('content-security-policy')!, /default-src 'self'/);
      assert.deepEqual(transactionOf(elsewhere.body), { failure: 'link_state_missing' }, 'no transaction leaks');
      assert.equal(other.cookies.size, 0, 'no session for the other browser');
    }
    const done = await follow(jar, link);
    assert.equal(done.status, 302, 'the browser that asked still completes');
    assert.equal((await redeemAt(new URL(done.headers.get('location')!))).status, 200);
  });

  it("cannot complete another browser's request, nor one already completed with the code", async () => {
    const victim = new Jar();
    const attacker = new Jar();
    await sendLink(victim, 'victim@example.com');
    const { link } = await sendLink(attacker, 'attacker@example.com');
    const opened = await follow(victim, link);
    assert.equal(opened.status, 200, "the attacker's link does not sign the victim in");
    assert.equal(victim.cookies.has('pwl_session'), false);

    const jar = new Jar();
    const { link: link3, tx } = await sendLink(jar, 'link3@example.com');
    const code = (await m.outbox()).find((x) => x.to === 'link3@example.com')!.code;
    const viaCode = await post(
      `${m.url}/authorize/complete`,
      { transaction: tx.id, connection: 'email', username: 'link3@example.com', otp: code },
      { ...jar.header(), origin: m.url },
    );
    assert.equal(viaCode.status, 200, 'the code of the same email completes it');
    jar.take(viaCode.headers);
    const late = await follow(jar, link3);
    assert.equal(late.status, 400, 'then the link finds nothing to complete');
    assert.equal(late.headers.get('location'), null);
  });

  it('offers links only to clients that have them; only those may return to /authorize/link', async () => {
    const page = await get(pageUrl({ client_id: 'codes' }));
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /send="link"/);
    assert.equal(transactionOf(page.body).link, undefined);
    const refused = await post(`${m.url}/passwordless/start`, {
      client_id: 'codes',
      connection: 'email',
      email: 'x@example.com',
      send: 'link',
      authParams: {
        redirect_uri: `${m.url}/authorize/link`,
        state: 'x',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'bad.authParams');
  });
});
