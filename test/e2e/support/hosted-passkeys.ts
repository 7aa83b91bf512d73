/**
 * What the hosted-page passkey e2e tests share, whatever the browser: the API with its issuer on
 * `http://localhost:port` (a passkey's RP ID must be a host name; the hosted page runs there), an
 * app using openid-client in this process with its callback page, a client with the webauthn
 * grant and one without, and the steps of saving a passkey done outside the browser (a code
 * sign-in for MyAccount's audience, MyAccount's enrolment). Needs dist/cdn (`npm run build:widget`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import * as oidc from 'openid-client';
import { startApiServer, type ApiServer } from './api-server.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const OTP = 'http://auth0.com/oauth/grant-type/passwordless/otp';
export const RP = 'rp-passkeys';
export const RP_NO_PASSKEYS = 'rp-codes';

export interface AuthorizationRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export interface HostedPasskeyApp {
  api: ApiServer;
  redirectUri: string;
  /** openid-client's configuration of the client with passkeys, and of the one without. */
  config: oidc.Configuration;
  plainConfig: oidc.Configuration;
  lastCode(email: string): Promise<string>;
  authorizationRequest(rpConfig?: oidc.Configuration): Promise<AuthorizationRequest>;
  /** The code redeemed by openid-client (PKCE, state, nonce checked): the ID token's claims. */
  redeem(callback: URL, request: AuthorizationRequest): Promise<oidc.IDToken>;
  /**
   * MyAccount's enrolment for `email` after a code sign-in: the creation options for the browser,
   * and `finish` to verify the credential it made (`PublicKeyCredential.toJSON()`). Resolves to the user's `sub`.
   */
  beginEnrolment(email: string): Promise<{ options: unknown; finish(credential: unknown): Promise<string> }>;
  close(): Promise<void>;
}

export async function startHostedPasskeyApp(): Promise<HostedPasskeyApp> {
  if (!existsSync(resolve(REPO, 'dist/cdn/passwordless-login.js'))) {
    throw new Error('dist/cdn is missing: run `npm run build:widget` first');
  }
  const rp: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Acme Notes</title><link rel="icon" href="data:,"><p>Back at the app.</p>');
  });
  await new Promise<void>((r) => rp.listen(0, '127.0.0.1', r));
  const rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
  const redirectUri = `${rpOrigin}/callback`;
  let api: ApiServer;
  try {
    api = await startApiServer({
      smtpUrl: 'smtp://127.0.0.1:1',
      smsWebhookUrl: 'http://127.0.0.1:1/sms',
      smsWebhookSecret: 'unused-unused-unused',
      appOrigin: rpOrigin,
      redirectPaths: [],
      issuer: (port) => `http://localhost:${port}`,
      extraClients: [
        {
          client_id: RP,
          name: 'Acme Notes',
          redirect_uris: [redirectUri],
          connections: ['email'],
          grant_types: [OTP, 'authorization_code', 'refresh_token', WEBAUTHN],
        },
        { client_id: RP_NO_PASSKEYS, name: 'Acme Codes', redirect_uris: [redirectUri], connections: ['email'] },
      ],
      config: { email: { provider: 'outbox' }, passkeys: { rp_id: 'localhost' } },
    });
  } catch (error) {
    rp.close();
    throw error;
  }
  const discover = (clientId: string) =>
    oidc.discovery(new URL(api.origin), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const config = await discover(RP);
  const plainConfig = await discover(RP_NO_PASSKEYS);

  async function lastCode(email: string): Promise<string> {
    const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; code: string }[];
    const message = outbox.find((m) => m.to === email);
    assert.ok(message, `no message to ${email}`);
    return message.code;
  }

  const json = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  return {
    api,
    redirectUri,
    config,
    plainConfig,
    lastCode,
    async authorizationRequest(rpConfig = config) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(rpConfig, {
        redirect_uri: redirectUri,
        scope: 'openid email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, verifier, state, nonce };
    },
    async redeem(callback, request) {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      return tokens.claims()!;
    },
    async beginEnrolment(email) {
      const start = await json(`${api.origin}/passwordless/start`, {
        client_id: RP,
        connection: 'email',
        email,
        send: 'code',
      });
      assert.equal(start.status, 200);
      const signIn = await json(`${api.origin}/oauth/token`, {
        grant_type: OTP,
        client_id: RP,
        username: email,
        otp: await lastCode(email),
        realm: 'email',
        scope: 'openid create:me:authentication_methods',
        audience: `${api.origin}/me/`,
      });
      const tokens = (await signIn.json()) as { access_token: string; id_token: string };
      assert.equal(signIn.status, 200, JSON.stringify(tokens));
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const begun = await json(`${api.origin}/me/v1/authentication-methods`, { type: 'passkey' }, bearer);
      assert.equal(begun.status, 201);
      const { authn_params_public_key, auth_session } = (await begun.json()) as {
        authn_params_public_key: unknown;
        auth_session: string;
      };
      return {
        options: authn_params_public_key,
        async finish(credential) {
          const verified = await json(
            `${begun.headers.get('location')}/verify`,
            { auth_session, authn_response: credential },
            bearer,
          );
          assert.equal(verified.status, 201, await verified.clone().text());
          return JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()).sub as string;
        },
      };
    },
    async close() {
      await api.stop();
      rp.close();
    },
  };
}

/**
 * A script (a string: tsx would wrap a function in helpers the page lacks) that makes a passkey
 * from creation options `OPTIONS` (JSON) with the platform's JSON helpers and resolves to the
 * credential's JSON text. Any document of the API's origin will do for the ceremony.
 */
export const CREATE_PASSKEY = (options: unknown) => `(async () => {
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(${JSON.stringify(options)});
  const created = await navigator.credentials.create({ publicKey });
  return JSON.stringify(created.toJSON());
})()`;
