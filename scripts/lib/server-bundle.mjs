/**
 * The server's command as it ships: `src/server/cli.ts` and every module it imports, bundled by
 * esbuild into `<dist>/cli/` (the entry `passwordless-server.js` and the chunks of its lazy
 * imports), the package's `bin`. The modules tsc emits into `<dist>/server/` stay the library
 * (`buildApp`, the stores) and an unbundled way to run the same server (`node dist/server/cli.js`).
 *
 * Why a bundle: V8 keeps the source text of every module it loads, and Node's ESM loader keeps a
 * record of each. The unbundled server loads ~640 files at start (TypeBox alone is 200) and holds
 * ~2 MiB of heap for them when idle; the bundle is tree-shaken and has its whitespace removed
 * (names and syntax stay readable in a stack trace). docs/performance.md has the figures.
 *
 * Not bundled: native code (better-sqlite3), and what the server imports only when a config or a
 * request needs it (Redis, PostgreSQL, SMTP, webhooks' HTTP client, metrics, passkeys, the phone
 * metadata, email templates, file responses): Node loads those from node_modules on first use, as
 * before. pino stays external too: its transports run files of its own package in worker threads.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Imported by name from node_modules at run time (all are dependencies of the server package). */
export const SERVER_BUNDLE_EXTERNAL = [
  'better-sqlite3',
  'ioredis',
  'pg',
  'nodemailer',
  'undici',
  'prom-client',
  '@simplewebauthn/server',
  '@fastify/send',
  'libphonenumber-js',
  'liquidjs',
  'pino',
];

/** The bundle's entry, relative to the dist folder it is written into. */
export const SERVER_BUNDLE_ENTRY = 'cli/passwordless-server.js';

/**
 * Bundles the CLI into `<dist>/cli/` and puts the language files where it reads them,
 * `<dist>/server/i18n/` (where tsc emits them for the library: the two share one copy). Answers the
 * entry's path and what the bundle imports at run time (Node's modules and the externals, from
 * esbuild's metafile).
 */
export async function bundleServer(dist) {
  const { build } = await import('esbuild');
  const out = join(dist, 'cli');
  rmSync(out, { recursive: true, force: true });
  const { metafile } = await build({
    metafile: true,
    entryPoints: { 'passwordless-server': join(REPO, 'src/server/cli.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: out,
    chunkNames: '[name]-[hash]',
    external: SERVER_BUNDLE_EXTERNAL,
    // Whitespace and syntax only: function and variable names stay, for stack traces and profiles.
    minifyWhitespace: true,
    minifySyntax: true,
    // The bundled CommonJS packages (Fastify and its own) call require for Node's modules.
    banner: {
      js: "import { createRequire as __pwlRequire } from 'node:module';\nconst require = __pwlRequire(import.meta.url);",
    },
    // src/server/i18n/index.ts reads the language files from here, relative to its chunk.
    define: { PWL_I18N_DIR: JSON.stringify('../server/i18n/') },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const i18n = join(dist, 'server', 'i18n');
  mkdirSync(i18n, { recursive: true });
  cpSync(join(REPO, 'src/server/i18n'), i18n, { recursive: true, filter: (f) => !f.endsWith('.ts') });
  const imports = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const i of output.imports) if (i.external) imports.add(i.path);
  }
  return { entry: join(dist, SERVER_BUNDLE_ENTRY), imports: [...imports].sort() };
}
