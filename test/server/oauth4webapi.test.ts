/**
 * oauth4webapi 3 as the relying party, through the magic-link flow of `authParams`: discovery,
 * PKCE, state, nonce and max_age from the RP, the authorization response checked with its RFC 9207
 * `iss`, the code grant and ID token claims checked by oauth4webapi (RS256 unless the client is
 * configured for ES256), the ES256 access token for an API verified against the JWKS
 * (`validateJwtAccessToken`), then /userinfo.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { get, startEmail, startServer, REDIRECT, type TestServer } from './helpers.js';

const API = 'https://orders.example.com';

describe('oauth4webapi as the relying party', () => {
  let s: TestServer;
  let as: oauth.AuthorizationServer;
  const insecure = { [oauth.allowInsecureRequests]: true };
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      apis: [{ audience: API, scopes: ['read:orders'] }],
      clients: [
        { client_id: 'demo', name: 'Demo', redirect_uris: [REDIRECT], connections: ['email'] },
        {
          client_id: 'ec',
          name: 'EC App',
          redirect_uris: [REDIRECT],
          connections: ['email'],
          id_token_signed_response_alg: 'ES256',
        },
      ],
    });
    const issuer = new URL(s.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  });
  after(() => s.close());

  /** The RP's side of one magic-link sign-in: the link's callback URL and what the RP kept. */
  async function signInByLink(client: oauth.Client, email: string, extra: Record<string, string | number> = {}) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const res = await startEmail(s, email, {
      client_id: client.client_id,
      send: 'link',
      authParams: {
        response_type: 'code',
        response_mode: 'query',
        redirect_uri: REDIRECT,
        scope: 'openid email',
        state,
        nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...extra,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const link = (await s.outbox()).find((m) => m.to === email)!.link!;
    const opened = await get(link);
    assert.equal(opened.status, 302);
    const callback = new URL(opened.headers.get('location')!);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT,
      verifier,
      insecure,
    );
    return { response, nonce };
  }

  it('signs in by magic link with max_age: oauth4webapi checks iss, the RS256 ID token, nonce and auth_time', async () => {
    const client: oauth.Client = { client_id: 'demo' };
    const { response, nonce } = await signInByLink(client, 'o4w@example.com', { max_age: 600, ui_locales: 'de' });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      maxAge: 600,
    });
    assert.equal(decodeProtectedHeader(tokens.id_token!).alg, 'RS256');
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    assert.equal(claims.email, 'o4w@example.com');
    assert.equal(typeof claims.auth_time, 'number', 'max_age asked: auth_time is in the ID token');
    assert.ok(Math.abs(claims.auth_time! - Math.floor(s.clock.now() / 1000)) <= 1, 'auth_time is the redemption');
    assert.equal((await s.outbox()).find((m) => m.to === 'o4w@example.com')!.locale, 'de', 'ui_locales');

    const info = await oauth.processUserInfoResponse(
      as,
      client,
      claims.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    assert.equal(info.email, 'o4w@example.com');
  });

  it('refuses the ES256 ID token of an ES256 client when the RP expects RS256, takes it when told ES256', async () => {
    const expectsRs256: oauth.Client = { client_id: 'ec', id_token_signed_response_alg: 'RS256' };
    const first = await signInByLink(expectsRs256, 'o4w-es1@example.com');
    await assert.rejects(
      oauth.processAuthorizationCodeResponse(as, expectsRs256, first.response, { expectedNonce: first.nonce }),
      /alg/,
    );
    const expectsEs256: oauth.Client = { client_id: 'ec', id_token_signed_response_alg: 'ES256' };
    const second = await signInByLink(expectsEs256, 'o4w-es2@example.com');
    const tokens = await oauth.processAuthorizationCodeResponse(as, expectsEs256, second.response, {
      expectedNonce: second.nonce,
    });
    assert.equal(oauth.getValidatedIdTokenClaims(tokens)!.email, 'o4w-es2@example.com');
  });

  it('verifies the ES256 access token for an API with validateJwtAccessToken (signature from the JWKS)', async () => {
    const client: oauth.Client = { client_id: 'demo' };
    const { response, nonce } = await signInByLink(client, 'o4w-api@example.com', {
      audience: API,
      scope: 'openid read:orders',
    });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });
    assert.equal(decodeProtectedHeader(tokens.access_token).alg, 'ES256');
    const request = new Request(`${API}/orders`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, API, insecure);
    assert.equal(claims.scope, 'openid read:orders');
    const forged = tokens.access_token.slice(0, -6) + (tokens.access_token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    await assert.rejects(
      oauth.validateJwtAccessToken(
        as,
        new Request(`${API}/orders`, { headers: { authorization: `Bearer ${forged}` } }),
        API,
        insecure,
      ),
    );
  });

  it('gets a clear error back for response_mode=fragment', async () => {
    const res = await startEmail(s, 'o4w-frag@example.com', {
      send: 'link',
      authParams: {
        redirect_uri: REDIRECT,
        response_mode: 'fragment',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error_description, /response_mode must be query/);
  });
});
