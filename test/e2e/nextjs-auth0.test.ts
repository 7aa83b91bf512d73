/**
 * @auth0/nextjs-auth0 v4 as a regular web app (authorization code flow with a client secret),
 * unchanged: a minimal Next.js App Router app with `auth0.middleware` in middleware.js, as the
 * SDK's README sets it up, built with `next build` and served by `next start`. Only its domain
 * points here. The SDK calls `https://{domain}`, so the API runs behind a loopback TLS listener
 * whose fresh self-signed certificate the Next server trusts through NODE_EXTRA_CA_CERTS. In
 * Chromium: /auth/login, the email-code sign-in on the hosted page, back on the app with the
 * email rendered from `auth0.getSession()`, then /auth/logout ends the session.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../server/helpers.js';
import { tlsFront, type Tls } from '../server/tls.js';
import { launchChromium, PageGuard, newGuardedContext } from './support/browser.js';
import { requestEmail, typeCode, waitForState } from './support/login-page.js';
import { freePort } from './support/net.js';
import { startProcess, type StartedProcess } from './support/process.js';

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve('next/dist/bin/next');
// Inside the repository so that `next`, `react` and the SDK resolve from its node_modules.
const APP = resolve(new URL('../..', import.meta.url).pathname, '.tmp/e2e-nextjs-auth0');
const CLIENT_SECRET = 'nextjs-secret-nextjs-secret-nextjs-secret';

/** The app as the SDK's README has it: lib/auth0, middleware, and a page reading the session. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'nextjs-auth0-e2e', private: true }),
  'next.config.mjs': 'export default { eslint: { ignoreDuringBuilds: true } };\n',
  'lib/auth0.js': `import { Auth0Client } from '@auth0/nextjs-auth0/server';
// The SDK refuses IP addresses, and ports unless allowInsecureRequests (its development setting).
export const auth0 = new Auth0Client({ allowInsecureRequests: true });
`,
  'middleware.js': `import { auth0 } from './lib/auth0';
export async function middleware(request) {
  return await auth0.middleware(request);
}
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|sitemap.xml|robots.txt).*)'],
};
`,
  'app/layout.js': `export const metadata = { title: 'Acme Next' };
export default function RootLayout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}
`,
  'app/page.js': `import { auth0 } from '../lib/auth0';
export default async function Home() {
  const session = await auth0.getSession();
  if (!session) {
    return (<main><p role="status">Signed out</p><a href="/auth/login">Log in</a></main>);
  }
  return (<main><p role="status">Signed in as {session.user.email}</p><a href="/auth/logout">Log out</a></main>);
}
`,
};

describe('@auth0/nextjs-auth0 v4, a regular web app built with next build (Chromium)', () => {
  let tls: Tls;
  let s: TestServer;
  let next: StartedProcess | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let appOrigin: string;
  const guard = new PageGuard();

  before(async () => {
    tls = await tlsFront();
    const domain = `localhost:${tls.port}`;
    const appPort = await freePort();
    // localhost, not 127.0.0.1: Next's request URLs name loopback as localhost, and cookies are per host.
    appOrigin = `http://localhost:${appPort}`;
    s = await startServer({
      issuer: `https://${domain}/`,
      clients: [
        {
          client_id: 'nextjs',
          name: 'Acme Next',
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${appOrigin}/auth/callback`],
          post_logout_redirect_uris: [appOrigin, `${appOrigin}/`],
          connections: ['email'],
        },
      ],
    });
    tls.target.port = Number(new URL(s.url).port);

    rmSync(APP, { recursive: true, force: true });
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(APP, name)), { recursive: true });
      writeFileSync(join(APP, name), text);
    }
    writeFileSync(join(APP, 'ca.pem'), tls.ca);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_EXTRA_CA_CERTS: join(APP, 'ca.pem'),
      AUTH0_DOMAIN: `https://${domain}`,
      AUTH0_CLIENT_ID: 'nextjs',
      AUTH0_CLIENT_SECRET: CLIENT_SECRET,
      AUTH0_SECRET: 'a'.repeat(64),
      APP_BASE_URL: appOrigin,
    };
    const build = startProcess(process.execPath, [NEXT_BIN, 'build'], { cwd: APP, env });
    const { code } = await new Promise<{ code: number | null }>((r) =>
      build.child.once('close', (c) => r({ code: c })),
    );
    assert.equal(code, 0, `next build failed:\n${build.output()}`);
    next = startProcess(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(appPort)], {
      cwd: APP,
      env,
    });
    await next.waitFor(/Ready in/, 120_000);

    browser = await launchChromium();
    // The API's self-signed certificate on loopback (a test setting); and loopback only.
    context = await newGuardedContext(browser, guard, { ignoreHTTPSErrors: true });
    await context.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => route.abort('blockedbyclient'),
    );
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await next?.stop();
    await s?.close();
    tls?.server.close();
  });

  it('/auth/login, email-code sign-in on the hosted page, and the session shows the email', async () => {
    const status = page.getByRole('status');
    await page.goto(`${appOrigin}/`);
    await status.filter({ hasText: 'Signed out' }).waitFor();
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname === '/authorize');
    const email = 'next-user@example.com';
    await requestEmail(page, email);
    await waitForState(page, 'code');
    await typeCode(page, await s.lastCode(email));
    await status.filter({ hasText: `Signed in as ${email}` }).waitFor();
    assert.equal(new URL(page.url()).origin, appOrigin);
    assert.deepEqual(guard.problems, [], next?.output());
  });

  it('/auth/logout ends the session at the API and in the app', async () => {
    const status = page.getByRole('status');
    const logoutUrls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/oidc/logout' || u.pathname === '/v2/logout') logoutUrls.push(u.pathname);
    });
    await page.getByRole('link', { name: 'Log out' }).click();
    await status.filter({ hasText: 'Signed out' }).waitFor();
    assert.equal(new URL(page.url()).origin, appOrigin);
    // Its default logoutStrategy 'auto' takes the end_session_endpoint from discovery.
    assert.deepEqual(logoutUrls, ['/oidc/logout'], 'the SDK went through the API to sign out');
    // The API's session is gone too: signing in again asks for an email, not straight back.
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname === '/authorize');
    await waitForState(page, 'identifier');
    assert.deepEqual(guard.problems, [], next?.output());
  });
});
