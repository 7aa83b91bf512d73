/**
 * The two npm packages as their users meet them (docs/packages.md). Both are packed with
 * `npm pack`, then:
 * - publint --strict and @arethetypeswrong/cli pass on both tarballs;
 * - the server's tarball is installed into an empty folder (with the element's, which it depends
 *   on and which is not on the registry yet) and started with `npx passwordless-server --config`:
 *   first without better-sqlite3's native binding (installed with --ignore-scripts), where it must
 *   say what to do, then with the binding this repository's install built (the file its install
 *   script would have made), where discovery must answer; `buildApp()` and the config schema
 *   type-check from the package;
 * - the element's tarball is installed into a fresh Vite + TypeScript app with scripts disabled and
 *   no compiler on PATH: at most 10 packages and no native module; the app type-checks (the
 *   shipped types, skipLibCheck off) and builds, and in Chromium, under `default-src 'self'` with
 *   `connect-src` naming the API, it signs in by email code against that server.
 * One install each, from the npm cache first (--prefer-offline). Package counts and sizes are printed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import {
  assembleElement,
  ELEMENT_DIR,
  manifestPaths,
  assembleServer,
  checkTarballs,
  packPackages,
  REPO,
  SERVER_DIR,
  type Tarball,
} from '../../scripts/packages.mjs';
import { SERVER_BUNDLE_EXTERNAL } from '../../scripts/lib/server-bundle.mjs';
import { PageGuard, launchChromium, newGuardedContext } from './support/browser.js';
import { freePort } from './support/net.js';
import { startProcess, type StartedProcess } from './support/process.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { requestEmail, typeCode, waitForState } from './support/login-page.js';
import { verifyIdToken } from './support/tokens.js';

const CLIENT_ID = 'consumer-app';

/**
 * A PATH with node, npm, npx and sh (npx runs a bin through it) only: no python3, make, cc or g++
 * for an install script to find.
 */
function nodeOnlyPath(dir: string): string {
  mkdirSync(dir, { recursive: true });
  symlinkSync(process.execPath, join(dir, 'node'));
  symlinkSync('/bin/sh', join(dir, 'sh'));
  for (const tool of ['npm', 'npx']) {
    const found = (process.env.PATH ?? '')
      .split(delimiter)
      .map((d) => join(d, tool))
      .find((p) => existsSync(p));
    assert.ok(found, `${tool} is on PATH`);
    symlinkSync(realpathSync(found), join(dir, tool));
  }
  return dir;
}

/** The environment of a user's shell: no npm_* variables from the `npm test` that runs us. */
function userEnv(path: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, PATH: path, NODE_ENV: 'development' };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

interface Installed {
  /** Package folders under node_modules (npm's hidden lockfile). */
  packages: string[];
  bytes: number;
  /** Packages with a compiled addon, a gyp build or an install script. */
  native: string[];
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function inspectInstall(dir: string): Installed {
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const packages = Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/'));
  const native = packages.filter((key) => {
    const root = join(dir, key);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      gypfile?: boolean;
      scripts?: Record<string, string>;
    };
    const scripts = pkg.scripts ?? {};
    const hasAddon = readdirSync(root, { recursive: true }).some((f) => String(f).endsWith('.node'));
    return (
      hasAddon ||
      pkg.gypfile === true ||
      existsSync(join(root, 'binding.gyp')) ||
      Boolean(scripts.install || scripts.preinstall || scripts.postinstall)
    );
  });
  return { packages, bytes: folderBytes(join(dir, 'node_modules')), native };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function npmInstall(dir: string, specs: string[], env: NodeJS.ProcessEnv): string {
  const started = process.hrtime.bigint();
  const { code, output } = run(
    'npm',
    ['install', ...specs, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    dir,
    env,
  );
  assert.equal(code, 0, `npm install in ${dir}:\n${output}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return `${output.trim()} (${seconds.toFixed(1)} s)`;
}

describe('the npm packages, installed as their users install them', () => {
  let work: string;
  let bin: string;
  let tarballs: Tarball[];
  let element: Tarball;
  let server: Tarball;
  let pages: StaticServer;
  let api: StartedProcess | undefined;
  let apiOrigin = '';
  let browser: Browser | undefined;
  const appDir = () => join(work, 'app');
  let bundle: { entry: string; imports: string[] };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'pwl-packages-'));
    bin = nodeOnlyPath(join(work, 'bin'));
    await assembleElement();
    bundle = await assembleServer();
    tarballs = packPackages(join(work, 'tarballs'));
    element = tarballs.find((t) => t.name === 'passwordless-login')!;
    server = tarballs.find((t) => t.name === 'passwordless-login-server')!;
    assert.ok(element && server, 'both packages packed');
    for (const t of tarballs) {
      console.log(
        `${t.filename}: ${t.entryCount} files, ${(t.size / 1024).toFixed(1)} kB packed, ${(t.unpackedSize / 1024).toFixed(1)} kB unpacked`,
      );
    }
    // The app's pages, served under a strict CSP once built (the API origin is set when it runs).
    pages = await startStaticServer({ mounts: { '/': join(appDir(), 'dist') } });
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    await pages?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("the server's bundled command imports only Node's modules and the package's dependencies", () => {
    // esbuild leaves the externals as imports (scripts/lib/server-bundle.mjs): each must be
    // installed with the package, or the command fails where a config first needs it.
    const manifest = JSON.parse(readFileSync(join(SERVER_DIR, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const packageOf = (s: string) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/');
    const imported = bundle.imports.filter((s) => !isBuiltin(s)).map(packageOf);
    assert.deepEqual(
      [...new Set(imported)].filter((p) => !(p in manifest.dependencies)),
      [],
    );
    // Every package it leaves out is a dependency, used or not by this build.
    assert.deepEqual(
      SERVER_BUNDLE_EXTERNAL.filter((p) => !(p in manifest.dependencies)),
      [],
    );
    assert.ok(imported.includes('better-sqlite3') && imported.includes('pino'), bundle.imports.join(', '));
    assert.ok(!imported.includes('fastify'), 'Fastify is bundled');
  });

  it('pass publint --strict and @arethetypeswrong/cli (ESM-only profile)', () => {
    assert.doesNotThrow(() => checkTarballs(tarballs));
  });

  it('the element tarball holds no server code and no source maps', () => {
    const paths = element.files.map((f) => f.path);
    assert.deepEqual(
      paths.filter((p) => p.endsWith('.map') || p.includes('server') || p.startsWith('src/')),
      [],
    );
    assert.ok(paths.includes('LICENSE') && paths.includes('README.md') && paths.includes('custom-elements.json'));
    // Every module the manifest names is a file of the tarball (no src/*.ts).
    const manifest = JSON.parse(readFileSync(join(ELEMENT_DIR, 'custom-elements.json'), 'utf8')) as unknown;
    const named = manifestPaths(manifest);
    assert.ok(named.includes('dist/widget/passwordless-login.component.js'), 'the element class is in the ES build');
    assert.deepEqual(
      named.filter((p) => !paths.includes(p)),
      [],
    );
    const serverPaths = server.files.map((f) => f.path);
    assert.deepEqual(
      serverPaths.filter((p) => p.endsWith('.map') || p.includes('widget/')),
      [],
    );
    assert.ok(serverPaths.includes('dist/server/cli.js') && serverPaths.includes('dist/protocol/index.js'));
    // The bin is the bundled command (scripts/lib/server-bundle.mjs), beside the library's modules.
    assert.ok(serverPaths.includes('dist/cli/passwordless-server.js'));
    // The language files the server reads on first use (src/server/i18n/index.ts).
    assert.equal(serverPaths.filter((p) => /^dist\/server\/i18n\/[\w-]+\.json$/.test(p)).length, 49);
  });

  it('the server installs into an empty folder and starts with npx passwordless-server --config', async () => {
    const dir = join(work, 'server');
    mkdirSync(dir);
    // The override the server's README gives Node 20 users (cookie@2 declares Node 22).
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        { name: 'server-consumer', private: true, type: 'module', overrides: { cookie: '1.1.1' } },
        null,
        2,
      ),
    );
    const env = userEnv(bin);
    const log = npmInstall(dir, [server.file, element.file], env);
    const installed = inspectInstall(dir);
    console.log(
      `server install: ${installed.packages.length} packages, ${mb(installed.bytes)} in node_modules; ${log.split('\n').pop()}`,
    );
    assert.doesNotMatch(log, /EBADENGINE/, 'no engine warning with the documented override');

    const port = await freePort();
    apiOrigin = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        port,
        secret: 'a-consumer-test-secret-of-more-than-32-characters',
        store: { type: 'sqlite', path: 'data/passwordless.sqlite' },
        email: { provider: 'outbox' },
        clients: [
          { client_id: CLIENT_ID, name: 'Consumer App', allowed_origins: [pages.origin], connections: ['email'] },
        ],
      }),
    );

    // Installed with --ignore-scripts: better-sqlite3 has no binding, and the server says what to do.
    const binding = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    assert.equal(existsSync(join(dir, binding)), false);
    const missing = run('npx', ['passwordless-server', '--config', 'config.json'], dir, env);
    assert.equal(missing.code, 2, missing.output);
    assert.match(missing.output, /better-sqlite3's native binding is missing/);
    assert.match(missing.output, /npm rebuild better-sqlite3/);

    // The binding its install script would have made: this repository's, for the same version.
    const version = (d: string) =>
      (JSON.parse(readFileSync(join(d, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string })
        .version;
    assert.equal(version(dir), version(REPO), 'the same better-sqlite3 as the repository');
    mkdirSync(dirname(join(dir, binding)), { recursive: true });
    copyFileSync(join(REPO, binding), join(dir, binding));

    api = startProcess('npx', ['passwordless-server', '--config', 'config.json'], { cwd: dir, env });
    await api.waitFor(/listening on http/, 60_000);
    const discovery = (await (await fetch(`${apiOrigin}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    assert.equal(discovery.issuer, apiOrigin);
    // The hosted login page's script comes from the element package the server depends on.
    const script = await fetch(`${apiOrigin}/authorize/assets/passwordless-login.js`);
    assert.equal(script.status, 200);
    assert.equal(
      await script.text(),
      readFileSync(join(dir, 'node_modules/passwordless-login/dist/cdn/passwordless-login.js'), 'utf8'),
    );

    // The programmatic API type-checks as docs/packages.md shows it (shipped declarations checked too).
    writeFileSync(
      join(dir, 'api.ts'),
      `import { buildApp, ConfigError, ConfigSchema, parseConfig, type ServerConfig } from 'passwordless-login-server';

const config: ServerConfig = parseConfig({ secret: 'x'.repeat(32), clients: [{ client_id: 'app', name: 'App' }] });
const app = await buildApp({ config });
export const issuer: string = app.passwordless.issuer();
export const keys: string[] = Object.keys(ConfigSchema.properties);
export const isConfigError = (e: unknown): e is ConfigError => e instanceof ConfigError;
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules/@types')],
        },
        files: ['api.ts'],
      }),
    );
    const tsc = run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir], dir, env);
    assert.equal(tsc.code, 0, `tsc:\n${tsc.output}`);
  });

  it('the element installs into a Vite + TypeScript app (lit only), type-checks, builds and signs in under a strict CSP', async () => {
    assert.ok(api, 'the server test started the API');
    const dir = appDir();
    mkdirSync(join(dir, 'src'), { recursive: true });
    mkdirSync(join(dir, 'public'));
    copyFileSync(join(REPO, 'test/e2e/pages/favicon.svg'), join(dir, 'public/favicon.svg'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'element-consumer', private: true, type: 'module' }, null, 2),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: true,
          noEmit: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          types: [],
        },
        include: ['src'],
      }),
    );
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>element consumer</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<script src="/config.js"></script>
<script type="module" src="/src/main.ts"></script>
</head>
<body></body>
</html>
`,
    );
    writeFileSync(
      join(dir, 'src/main.ts'),
      `import 'passwordless-login';
import type { LoginEvent } from 'passwordless-login';
import { PasswordlessLogin } from 'passwordless-login/element';

declare global {
  interface Window {
    E2E_CONFIG: { domain: string; clientId: string };
    consumer: { idToken?: string };
  }
}

window.consumer = {};
const element = document.createElement('passwordless-login');
if (!(element instanceof PasswordlessLogin)) throw new Error('<passwordless-login> is not registered');
element.setAttribute('domain', window.E2E_CONFIG.domain);
element.setAttribute('client-id', window.E2E_CONFIG.clientId);
element.setAttribute('connection', 'email');
element.addEventListener('login', (event: LoginEvent) => {
  window.consumer.idToken = event.detail.idToken;
});
document.body.append(element);
`,
    );
    writeFileSync(
      join(dir, 'src/script-tag-global.ts'),
      `import type {} from 'passwordless-login/cdn';

// The script-tag file's global: the registering entry's exports.
export const fromScriptTag = (): typeof PasswordlessLogin.PasswordlessLogin => PasswordlessLogin.PasswordlessLogin;
`,
    );

    const env = userEnv(bin);
    const log = npmInstall(dir, [element.file], env);
    const installed = inspectInstall(dir);
    console.log(
      `element install: ${installed.packages.length} packages (${installed.packages.map((p) => p.slice('node_modules/'.length)).join(', ')}), ` +
        `${mb(installed.bytes)} in node_modules; ${log.split('\n').pop()}`,
    );
    assert.deepEqual(installed.native, [], 'no native module, no install script');
    assert.ok(installed.packages.length <= 10, `at most 10 packages, got ${installed.packages.length}`);

    // Type-check with the repository's TypeScript by path: nothing on PATH but node and npm.
    const tsc = run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir], dir, env);
    assert.equal(tsc.code, 0, `tsc:\n${tsc.output}`);
    await build({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist') } });
    assert.ok(existsSync(join(dir, 'dist/index.html')));

    pages.setApi(apiOrigin, CLIENT_ID);
    browser = await launchChromium();
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const page = await context.newPage();
    const response = await page.goto(`${pages.origin}/`);
    assert.match(
      response?.headers()['content-security-policy'] ?? '',
      new RegExp(`default-src 'self'; connect-src 'self' ${apiOrigin}`),
    );
    await waitForState(page, 'identifier');
    await requestEmail(page, 'ada@example.com');
    await waitForState(page, 'code');
    const outbox = (await (await fetch(`${apiOrigin}/dev/outbox`)).json()) as { to: string; code?: string }[];
    const code = outbox.find((m) => m.to === 'ada@example.com')?.code;
    assert.ok(code, 'the code is in the outbox');
    await typeCode(page, code);
    type Recorded = { consumer?: { idToken?: string } };
    await page.waitForFunction(() => Boolean((window as unknown as Recorded).consumer?.idToken));
    const idToken = await page.evaluate(() => (window as unknown as Recorded).consumer!.idToken!);
    const claims = await verifyIdToken(idToken, apiOrigin, CLIENT_ID);
    assert.equal(claims.email, 'ada@example.com');
    guard.assertClean();
  });
});
