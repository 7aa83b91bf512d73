/**
 * Auth.js (@auth/core) as the relying party, configured as docs/server.md's "Use it from any OpenID
 * Connect client" says: its own sign-in page (real Chromium) redirects to our /authorize, the
 * person signs in on the hosted page with an email code from the real SMTP receiver, and Auth.js's
 * callback exchanges the code (PKCE, state, nonce, client_secret_post, RFC 9207 iss), checks the ID
 * token and creates its session. The ID token Auth.js received is RS256 and verifies against our
 * JWKS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth, type AuthConfig } from '@auth/core';
import { decodeProtectedHeader } from 'jose';
import { startEnvironment, uniqueEmail, type Environment } from './support/environment.js';
import { PageGuard, newGuardedContext } from './support/browser.js';
import { requestEmail, typeCode, waitForState } from './support/login-page.js';
import { verifyIdToken } from './support/tokens.js';

const CLIENT_ID = 'authjs-app';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

let env: Environment;
let rp: Server;
let rpOrigin: string;
/** What Auth.js handed its jwt callback: the provider's tokens, and problems it logged. */
const idTokens: string[] = [];
const authErrors: string[] = [];

/** The app's Auth.js configuration: the provider exactly as docs/server.md gives it. */
function authConfig(): AuthConfig {
  return {
    basePath: '/auth',
    trustHost: true,
    secret: 'authjs-test-secret-authjs-test-secret',
    providers: [
      {
        id: 'passwordless',
        name: 'Passwordless',
        type: 'oidc',
        issuer: env.api.origin,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET, // a client with client_secret
        checks: ['pkce', 'state', 'nonce'],
        client: { token_endpoint_auth_method: 'client_secret_post' },
      },
    ],
    callbacks: {
      jwt({ token, account }) {
        if (account?.id_token) idTokens.push(account.id_token);
        return token;
      },
    },
    logger: {
      error: (error) => authErrors.push(`${error.name}: ${error.message}`),
      warn: () => undefined,
      debug: () => undefined,
    },
  };
}

/** Node's request as a Fetch Request for Auth(), and its Response back (every Set-Cookie kept). */
async function handleAuth(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const answer = await Auth(
    new Request(new URL(request.url!, rpOrigin), {
      method: request.method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : undefined,
    }),
    authConfig(),
  );
  const out: Record<string, string | string[]> = {};
  answer.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  response.writeHead(answer.status, out);
  response.end(Buffer.from(await answer.arrayBuffer()));
}

before(async () => {
  rp = createServer((request, response) => {
    if (request.url?.startsWith('/auth/')) {
      handleAuth(request, response).catch((error: Error) => {
        authErrors.push(error.stack ?? error.message);
        response.writeHead(500).end();
      });
      return;
    }
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Acme Shop</title><link rel="icon" href="data:,"><p>Welcome back.</p>');
  });
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
  rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
  env = await startEnvironment({
    clients: () => [
      {
        client_id: CLIENT_ID,
        name: 'Acme Shop',
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${rpOrigin}/auth/callback/passwordless`],
        connections: ['email'],
      },
    ],
  });
});
after(async () => {
  await env?.close();
  rp?.close();
});

describe('Auth.js (@auth/core) as the relying party', () => {
  it('signs in through its sign-in page, our hosted page and its callback, and has a session', async () => {
    const guard = new PageGuard();
    const context = await newGuardedContext(env.browser, guard);
    try {
      // Auth.js's page shows a provider logo from authjs.dev: answered here, nothing leaves loopback.
      await context.route('https://authjs.dev/**', (route) =>
        route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
      );
      const page = await context.newPage();
      const email = uniqueEmail('authjs');
      await page.goto(`${rpOrigin}/auth/signin?callbackUrl=${encodeURIComponent(`${rpOrigin}/welcome`)}`);
      // Auth.js's own sign-in page: its button POSTs (with its CSRF token) and redirects to /authorize.
      await page.getByRole('button', { name: /Passwordless/ }).click();
      await page.waitForURL((u) => u.origin === env.api.origin && u.pathname === '/authorize');
      const authorize = new URL(page.url());
      assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(authorize.searchParams.get('nonce'), 'Auth.js sends a nonce (checks: nonce)');

      await waitForState(page, 'identifier');
      await requestEmail(page, email);
      await waitForState(page, 'code');
      const mail = await env.smtp.waitForMail(email);
      await typeCode(page, mail.code!);

      // Auth.js's callback redeems the code and sends the browser on to the callbackUrl.
      await page.waitForURL(`${rpOrigin}/welcome`, { timeout: 20_000 });
      assert.deepEqual(authErrors, [], 'Auth.js logged no error');

      const session = (await (await page.goto(`${rpOrigin}/auth/session`))!.json()) as {
        user?: { email?: string };
        expires?: string;
      };
      assert.equal(session.user?.email, email, 'the Auth.js session holds the person signed in');
      assert.ok(session.expires);

      assert.equal(idTokens.length, 1);
      assert.equal(decodeProtectedHeader(idTokens[0]!).alg, 'RS256', 'RS256 by default');
      const claims = await verifyIdToken(idTokens[0]!, env.api.origin, CLIENT_ID, 'RS256');
      assert.equal(claims.email, email);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });
});
