/**
 * The peers of bench/first-render.bench.ts, loaded offline from their npm packages (devDependencies):
 *
 * - **Auth0 Lock** (`auth0-lock`, passwordless, email code). The package ships CommonJS sources, not
 *   the browser file Auth0's CDN serves, so this bundles them with esbuild into one minified script,
 *   as an app's bundler would. Lock draws nothing but "Something went wrong" until it has its
 *   client settings, a JSONP file Auth0 serves (`<configurationBaseUrl>/client/<id>.js`): the bench
 *   serves a minimal one (one `email` connection) from loopback, so its row is Lock with its
 *   settings at hand, the best case. Lock also asks cdn.auth0.com for its English texts (blocked
 *   here; it falls back to the ones built in) and its tenant for SSO data (loopback, fails).
 * - **Hanko Elements** (`@teamhanko/hanko-elements`, its published ES module `dist/elements.js`).
 *   `<hanko-auth>` shows no input until the Hanko API has answered its first flow request
 *   (`POST <api>/login`); offline it shows an error. `hankoOffline()` loads it once and reports
 *   what it drew instead of a time, as there is no input to time.
 *
 * Every page of the bench runs with `blockNonLoopback()`: a request to anything but 127.0.0.1 is
 * aborted in the page and listed, never sent.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build as esbuild } from 'esbuild';
import type { Browser, BrowserContext } from 'playwright-core';

const require = createRequire(import.meta.url);
/** Where `name` is installed, as `from` (a package directory) resolves it. */
const packageDir = (name: string, from = import.meta.url) =>
  dirname(createRequire(from).resolve(`${name}/package.json`));
/** Its published ES module (the package exports no package.json). */
const HANKO_MODULE = require.resolve('@teamhanko/hanko-elements');
const version = (packageJson: string) => (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

export const LOCK_VERSION = version(require.resolve('auth0-lock/package.json'));
export const HANKO_VERSION = version(join(dirname(HANKO_MODULE), '..', 'package.json'));

/** Aborts (and records) every request of the context that does not go to loopback. */
export async function blockNonLoopback(context: BrowserContext, blocked: Set<string>): Promise<void> {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.add(`${url.origin}${url.pathname}`);
    return route.abort();
  });
}

/** Writes `peers/` into the served directory: Lock's bundle and settings, Hanko's module. */
export async function buildPeers(served: string): Promise<void> {
  const dir = join(served, 'peers');
  mkdirSync(join(dir, 'client'), { recursive: true });
  // Lock's own auth0-js (9.x; the tests use 10.x): `"type": "module"` with a UMD file as `main`, so
  // its ES build is the one that bundles.
  const lockDir = packageDir('auth0-lock');
  const auth0js = join(packageDir('auth0-js', join(lockDir, 'package.json')), 'dist', 'auth0.min.esm.js');
  await esbuild({
    stdin: { contents: "export { Auth0LockPasswordless } from 'auth0-lock';", resolveDir: lockDir },
    bundle: true,
    format: 'iife',
    globalName: 'AuthLock',
    minify: true,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [
      { name: 'auth0-js-esm', setup: (b) => void b.onResolve({ filter: /^auth0-js$/ }, () => ({ path: auth0js })) },
    ],
    outfile: join(dir, 'lock.js'),
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'client', 'bench.js'),
    "Auth0.setClient({id:'bench',tenant:'bench',subscription:'free',strategies:[{name:'email',connections:[{name:'email'}]}]});\n",
  );
  copyFileSync(HANKO_MODULE, join(dir, 'hanko-elements.js'));
}

/** Lock inline in the page (`container`), passwordless by email code, its settings from loopback. */
export const LOCK_PAGE = {
  body: '<div id="lock"></div>',
  head:
    '<script src="/peers/lock.js"></script>' +
    '<script>addEventListener("DOMContentLoaded", () => new AuthLock.Auth0LockPasswordless("bench", location.host, ' +
    '{container: "lock", allowedConnections: ["email"], passwordlessMethod: "code", ' +
    'configurationBaseUrl: location.origin + "/peers"}).show());</script>',
};

export interface HankoResult {
  /** Inputs drawn (in `<hanko-auth>`'s shadow root) within the wait. */
  inputs: number;
  /** Its visible text then, whitespace collapsed. */
  text: string;
  /** The loopback requests it made (method and path). */
  requests: string[];
}

/**
 * Loads `<hanko-auth>` once, its API pointed at `${origin}/hanko-api` (404 there), waits `ms` and
 * reports what it drew.
 */
export async function hankoOffline(
  browser: Browser,
  origin: string,
  blocked: Set<string>,
  ms = 5000,
): Promise<HankoResult> {
  const context = await browser.newContext();
  try {
    await blockNonLoopback(context, blocked);
    const tab = await context.newPage();
    const requests: string[] = [];
    tab.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await tab.route('**/hanko.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body:
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hanko</title>' +
          `<script type="module">import {register} from "/peers/hanko-elements.js"; register("${origin}/hanko-api");</script>` +
          '</head><body><hanko-auth></hanko-auth></body></html>',
      }),
    );
    await tab.goto(`${origin}/hanko.html`);
    await tab.waitForTimeout(ms);
    const drawn = await tab.evaluate(() => {
      const root = document.querySelector('hanko-auth')?.shadowRoot;
      const clone = root ? [...root.children].filter((c) => c.localName !== 'style') : [];
      return {
        inputs: root?.querySelectorAll('input').length ?? 0,
        text: clone.map((c) => (c as HTMLElement).innerText).join(' '),
      };
    });
    return { inputs: drawn.inputs, text: drawn.text.replace(/\s+/g, ' ').trim(), requests };
  } finally {
    await context.close();
  }
}
