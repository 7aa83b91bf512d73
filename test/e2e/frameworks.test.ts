/**
 * The framework examples (examples/, docs/frameworks.md) as their users build and run them:
 * React 18 and React 19 through `passwordless-login/react`, Vue 3 and Svelte 5 with the element
 * and the types generated from custom-elements.json, Angular with the element and its
 * PasswordlessLoginEventMap. Each app is built by its usual tooling with its own config: Vite (the
 * API's URL and client given as VITE_ variables, as an app would), Angular's `ng build` (the
 * application builder, given them by `--define`), while the Vite builds run. Each is served under
 * the e2e pages' strict CSP, and in Chromium: the element renders, an email code from the test's
 * SMTP receiver signs in against the real API, and the app's typed `login` handler shows the tokens
 * (the ID token it rendered verifies against the API's keys). Then each example is type-checked by
 * its framework's checker (tsc, vue-tsc, svelte-check, Angular's ngc with strict templates), two
 * at a time (each takes a core).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assembleElement, REPO } from '../../scripts/packages.mjs';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { BUILD_DIR } from './support/build-pages.js';
import { startServers, uniqueEmail, type Servers } from './support/environment.js';
import { requestEmail, typeCode, waitForState } from './support/login-page.js';
import { verifyIdToken } from './support/tokens.js';
import type { Browser } from 'playwright-core';

interface Example {
  name: string;
  /** Its type-check, run in the example's folder (its package.json `typecheck` script). */
  check: string[];
  /** The React version the page must report (React examples). */
  react?: RegExp;
  /** Built by `ng build` (Angular's application builder) rather than Vite. */
  angular?: true;
}

const EXAMPLES: Example[] = [
  { name: 'react-18', check: ['tsc', '--noEmit', '-p', 'tsconfig.json'], react: /^18\./ },
  { name: 'react-19', check: ['tsc', '--noEmit', '-p', 'tsconfig.json'], react: /^19\./ },
  { name: 'vue', check: ['vue-tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'svelte', check: ['svelte-check', '--fail-on-warnings', '--tsconfig', './tsconfig.json'] },
  { name: 'angular', check: ['ngc', '-p', 'tsconfig.app.json'], angular: true },
];

const EXAMPLES_DIR = join(REPO, 'examples');
/** Served by the e2e pages server at /build/examples/<name>/ (Angular: <name>/browser/; the API allows that origin). */
const OUT_DIR = join(BUILD_DIR, 'examples');

/** `npx <command>` in the example's folder: resolves with its exit code and output. */
function runIn(
  example: Example,
  command: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const bin = resolve(REPO, 'node_modules/.bin', command[0]!);
    const child = spawn(bin, command.slice(1), { cwd: join(EXAMPLES_DIR, example.name), env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ code: -1, output: String(error) }));
    child.on('close', (code) => done({ code, output }));
  });
}

function typeCheck(example: Example): Promise<{ code: number | null; output: string }> {
  return runIn(example, example.check);
}

/**
 * `ng build` of an Angular example with its angular.json, pointed at this run's API by `--define`
 * (angular.json defines the defaults). The builder writes the app to <output-path>/browser.
 * Resolves with the exit code and output (never rejects: it runs while Vite builds the others).
 */
function buildAngular(
  example: Example,
  api: { origin: string; clientId: string },
): Promise<{ name: string; code: number | null; output: string }> {
  return runIn(
    example,
    [
      'ng',
      'build',
      `--output-path=${join(OUT_DIR, example.name)}`,
      '--define',
      `PASSWORDLESS_DOMAIN=${JSON.stringify(api.origin)}`,
      '--define',
      `PASSWORDLESS_CLIENT_ID=${JSON.stringify(api.clientId)}`,
    ],
    { ...process.env, NG_CLI_ANALYTICS: 'false', NODE_ENV: undefined },
  ).then((result) => ({ name: example.name, ...result }));
}

/** `vite build` of one example with its own vite.config.ts, pointed at this run's API. */
async function buildExample(name: string, api: { origin: string; clientId: string }): Promise<void> {
  const { build } = await import('vite');
  const saved = { ...process.env };
  process.env.VITE_PASSWORDLESS_DOMAIN = api.origin;
  process.env.VITE_PASSWORDLESS_CLIENT_ID = api.clientId;
  try {
    await build({
      root: join(EXAMPLES_DIR, name),
      configFile: join(EXAMPLES_DIR, name, 'vite.config.ts'),
      base: './',
      logLevel: 'warn',
      build: { outDir: join(OUT_DIR, name), emptyOutDir: true },
    });
  } finally {
    // Vite sets NODE_ENV=production for the process; the rest of this process must not see it.
    for (const key of ['NODE_ENV', 'VITE_PASSWORDLESS_DOMAIN', 'VITE_PASSWORDLESS_CLIENT_ID']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe('framework examples: React 18, React 19, Vue 3, Svelte 5 and Angular (Chromium)', () => {
  let servers: Servers;
  let browser: Browser;

  before(async () => {
    // The examples import `passwordless-login` (a workspace link): fill the package first.
    await assembleElement();
    servers = await startServers();
    // Angular's build runs in its own process while Vite builds the others in this one.
    const angularBuilds = Promise.all(
      EXAMPLES.filter((example) => example.angular).map((example) => buildAngular(example, servers.api)),
    );
    try {
      for (const { name, angular } of EXAMPLES) if (!angular) await buildExample(name, servers.api);
    } finally {
      for (const { name, code, output } of await angularBuilds) {
        assert.equal(code, 0, `ng build of examples/${name} failed:\n${output}`);
      }
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await servers?.close();
  });

  for (const example of EXAMPLES) {
    it(`${example.name}: the element renders, an email code signs in, the typed login handler gets the tokens`, async () => {
      const guard = new PageGuard();
      const context: BrowserContext = await newGuardedContext(browser, guard);
      try {
        const page = await context.newPage();
        const path = example.angular ? `${example.name}/browser/` : `${example.name}/`;
        await page.goto(`${servers.pages.origin}/build/examples/${path}`);
        await waitForState(page, 'identifier');
        if (example.react) {
          const version = (await page.locator('#react-version').textContent()) ?? '';
          assert.match(version, example.react, `the page runs React ${version}`);
        }
        const email = uniqueEmail(`framework-${example.name}`);
        await requestEmail(page, email);
        await waitForState(page, 'code');
        const mail = await servers.smtp.waitForMail(email);
        assert.match(mail.code ?? '', /^\d{6}$/, `the email holds a 6-digit code:\n${mail.text}`);
        await typeCode(page, mail.code!);
        await waitForState(page, 'done');
        // What the app's login handler rendered from event.detail.
        await page.locator('#id-token').waitFor({ state: 'attached' });
        assert.equal(await page.locator('#email').textContent(), email);
        const idToken = (await page.locator('#id-token').textContent()) ?? '';
        const claims = await verifyIdToken(idToken, servers.api.origin, servers.api.clientId);
        assert.equal(claims.email, email, 'the ID token the handler got is the signed-in user’s');
        assert.equal(await page.getByRole('alert').count(), 0, 'no login-error was shown');
        guard.assertClean();
      } finally {
        await context.close();
      }
    });
  }

  it('each example type-checks with its framework’s checker (tsc, vue-tsc, svelte-check, ngc)', async () => {
    const results: { name: string; code: number | null; output: string }[] = [];
    const queue = [...EXAMPLES];
    const worker = async (): Promise<void> => {
      for (let example = queue.shift(); example; example = queue.shift()) {
        results.push({ name: example.name, ...(await typeCheck(example)) });
      }
    };
    await Promise.all([worker(), worker()]);
    assert.equal(results.length, EXAMPLES.length);
    const failed = results
      .filter((result) => result.code !== 0)
      .map((result) => `${result.name} (exit ${result.code}):\n${result.output}`);
    assert.deepEqual(failed, [], failed.join('\n\n'));
  });
});
