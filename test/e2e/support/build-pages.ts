/**
 * Bundles the test app twice, as a site would ship it: `page.js` (the app alone, next to the
 * script-tag build) and `es-app.js` (the app importing the package's ES build, code-split so the
 * element's lazy chunks stay lazy). Requires `npm run build:widget` first.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
export const PAGES_DIR = resolve(REPO, 'test/e2e/pages');
export const BUILD_DIR = resolve(REPO, '.tmp/e2e-build');
export const DIST_DIR = resolve(REPO, 'dist');

export async function buildTestPages(): Promise<void> {
  for (const file of ['dist/cdn/passwordless-login.js', 'dist/widget/passwordless-login.js']) {
    if (!existsSync(resolve(REPO, file))) {
      throw new Error(`${file} is missing: run \`npm run build:widget\` before the e2e tests`);
    }
  }
  await rm(BUILD_DIR, { recursive: true, force: true });
  const common = { bundle: true, target: 'es2022', sourcemap: true, logLevel: 'warning' } as const;
  await build({
    ...common,
    entryPoints: [resolve(PAGES_DIR, 'cdn-app.ts')],
    outfile: resolve(BUILD_DIR, 'cdn-app.js'),
    format: 'iife',
  });
  await build({
    ...common,
    entryPoints: [resolve(PAGES_DIR, 'es-app.js')],
    outdir: BUILD_DIR,
    format: 'esm',
    splitting: true,
    alias: { 'passwordless-login': resolve(DIST_DIR, 'widget/passwordless-login.js') },
  });
}

/** Bundles the passkey test app (`pages/passkey-app.ts`) into a fresh `outDir` as `passkey-app.js`. */
export async function buildPasskeyApp(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [resolve(PAGES_DIR, 'passkey-app.ts')],
    outfile: resolve(outDir, 'passkey-app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
}
