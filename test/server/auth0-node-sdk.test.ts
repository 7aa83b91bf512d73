/**
 * The `auth0` Node SDK (its AuthenticationClient, `auth0/legacy`) against this server, unchanged:
 * it builds every URL as `https://{domain}` and checks ID tokens against the issuer
 * `https://{domain}/`, so the server runs with Auth0's issuer form (a trailing slash) behind a
 * local TLS listener whose self-signed certificate (made here with the openssl CLI) the SDK is
 * given through its own `agent` and `fetch` options.
 */
import assert from 'node:assert/strict';
import { Agent as HttpsAgent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { AuthenticationClient } from 'auth0/legacy';
import { decodeJwt } from 'jose';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';
import { startServer, type TestServer } from './helpers.js';
import { tlsFront, type Tls } from './tls.js';

describe('auth0 Node SDK (AuthenticationClient) with the issuer https://{domain}/', () => {
  let tls: Tls;
  let s: TestServer;
  let auth0: AuthenticationClient;
  let domain: string;

  before(async () => {
    tls = await tlsFront();
    domain = `127.0.0.1:${tls.port}`;
    s = await startServer({ issuer: `https://${domain}/` });
    tls.target.port = Number(new URL(s.url).port);
    const dispatcher = new UndiciAgent({ connect: { ca: tls.ca } });
    auth0 = new AuthenticationClient({
      domain,
      clientId: 'backend',
      clientSecret: 'backend-secret-backend-secret',
      // The JWKS is fetched with node:https (this agent); the API calls with fetch (this one).
      agent: new HttpsAgent({ ca: tls.ca }) as never,
      fetch: ((url: string, init: RequestInit) =>
        undiciFetch(url, { ...(init as object), dispatcher } as never)) as never,
    });
  });
  after(async () => {
    await s?.close();
    tls?.server.close();
  });

  it('discovery names the issuer exactly as configured, endpoints with one slash', async () => {
    const res = await undiciFetch(`https://${domain}/.well-known/openid-configuration`, {
      dispatcher: new UndiciAgent({ connect: { ca: tls.ca } }),
    });
    const meta = (await res.json()) as Record<string, string>;
    assert.equal(meta.issuer, `https://${domain}/`);
    assert.equal(meta.token_endpoint, `https://${domain}/oauth/token`);
    assert.equal(meta.jwks_uri, `https://${domain}/.well-known/jwks.json`);
  });

  it('sendEmail + loginWithEmail sign in, and the SDK accepts the ID token', async () => {
    await auth0.passwordless.sendEmail({ email: 'node-sdk@example.com', send: 'code' });
    const code = await s.lastCode('node-sdk@example.com');
    const { data } = await auth0.passwordless.loginWithEmail({
      email: 'node-sdk@example.com',
      code,
      scope: 'openid email offline_access',
    });
    assert.equal(decodeJwt(data.id_token!).iss, `https://${domain}/`);
    assert.equal(decodeJwt(data.id_token!).email, 'node-sdk@example.com');
    assert.ok(data.refresh_token, 'offline_access gives a refresh token');

    const refreshed = await auth0.oauth.refreshTokenGrant({ refresh_token: data.refresh_token! });
    assert.equal(decodeJwt(refreshed.data.id_token!).sub, decodeJwt(data.id_token!).sub);
    assert.notEqual(refreshed.data.refresh_token, data.refresh_token, 'refresh tokens rotate');
  });

  it('a wrong code is refused with Auth0 wording', async () => {
    await auth0.passwordless.sendEmail({ email: 'wrong@example.com', send: 'code' });
    const code = await s.lastCode('wrong@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    await assert.rejects(auth0.passwordless.loginWithEmail({ email: 'wrong@example.com', code: wrong }), (e: Error) => {
      assert.match(e.message, /Wrong email or verification code/);
      return true;
    });
  });
});

describe('issuer with a trailing slash', () => {
  it('is kept exactly in tokens and the management audience; without one nothing changes', async () => {
    for (const issuer of ['http://127.0.0.1:4999/', 'http://127.0.0.1:4999']) {
      const s = await startServer({
        issuer,
        clients: [
          {
            client_id: 'm2m',
            name: 'M2M',
            client_secret: 'm2m-secret-m2m-secret-m2m',
            grant_types: ['client_credentials'],
            client_grants: [{ scope: ['read:users'] }],
          },
        ],
      });
      try {
        const bare = issuer.replace(/\/$/, '');
        const res = await fetch(`${s.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: 'm2m',
            client_secret: 'm2m-secret-m2m-secret-m2m',
            audience: `${bare}/api/v2/`,
          }),
        });
        assert.equal(res.status, 200, await res.clone().text());
        const { access_token } = (await res.json()) as { access_token: string };
        const claims = decodeJwt(access_token);
        assert.equal(claims.iss, issuer);
        assert.equal(claims.aud, `${bare}/api/v2/`);
        const users = await fetch(`${s.url}/api/v2/users`, { headers: { authorization: `Bearer ${access_token}` } });
        assert.equal(users.status, 200);
        const meta = (await (await fetch(`${s.url}/.well-known/openid-configuration`)).json()) as Record<
          string,
          string
        >;
        assert.equal(meta.issuer, issuer);
        assert.equal(meta.authorization_endpoint, `${bare}/authorize`);
      } finally {
        await s.close();
      }
    }
  });
});
