#!/usr/bin/env node
/**
 * `npm run packages`: fills the two npm workspaces under packages/ with what they publish, then
 * (with --pack DIR) packs them and (with --check) runs publint --strict and
 * @arethetypeswrong/cli on both tarballs. The sources stay in src/; packages/ holds only the
 * package.json, README and LICENSE of each package, and the build outputs this writes (ignored by
 * git).
 *
 * - packages/passwordless-login: the element. dist/widget (ES build, lit external) and dist/cdn
 *   (script-tag file and its language files) copied from the repository's dist/ (built first when
 *   stale), without source maps (their sources do not ship); the types of tsc -p
 *   tsconfig.widget.json; dist/cdn/passwordless-login.d.ts for the script-tag entry; and
 *   custom-elements.json with every module path pointing inside the package.
 * - packages/passwordless-login-server: `tsc -p tsconfig.server.json` into its dist/ (server and
 *   the shared protocol modules, JavaScript and declarations, no maps: the library), and the
 *   command its `bin` runs, the same server bundled into dist/cli/ (scripts/lib/server-bundle.mjs).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from './lib/server-bundle.mjs';
import { buildWidget, widgetBuildIsFresh } from './lib/widget-build.mjs';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const ELEMENT_DIR = join(REPO, 'packages/passwordless-login');
export const SERVER_DIR = join(REPO, 'packages/passwordless-login-server');

/** The script-tag build is an IIFE: loading it registers the element and sets one global. */
const CDN_TYPES = `// The script-tag build: a classic script (not an ES module). Loading it registers
// <passwordless-login> and sets the global \`PasswordlessLogin\` to the exports of the
// registering entry ("passwordless-login").
import type * as Entry from '../widget/types/widget/passwordless-login.js';

declare global {
  var PasswordlessLogin: typeof Entry;
}

export {};
`;

/** The two public entries' sources, and the file of the package that is their module. */
const ENTRY_MODULES = {
  'src/widget/passwordless-login.ts': 'dist/widget/passwordless-login.js',
  'src/widget/passwordless-login.component.ts': 'dist/widget/passwordless-login.component.js',
};

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Copies a build folder without its .map files and without the comments that point at them. */
function copyWithoutMaps(from, to) {
  for (const file of files(from)) {
    if (file.endsWith('.map')) continue;
    const target = join(to, relative(from, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.js')) {
      writeFileSync(target, readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    } else {
      cpSync(file, target);
    }
  }
}

/**
 * A manifest path in the package: the two entries are their JavaScript files; every other module
 * (bundled into chunks whose names carry hashes) is its declaration file in dist/widget/types,
 * which describes the same declarations. `from` is the module a relative reference sits in.
 */
export function packagePath(path, from) {
  let source = path.replace(/^\//, '');
  if (source.startsWith('.')) source = posix.join(posix.dirname(from), source);
  if (!source.startsWith('src/')) return path;
  source = source.replace(/\.js$/, '.ts');
  return ENTRY_MODULES[source] ?? `dist/widget/types/${source.slice('src/'.length).replace(/\.ts$/, '.d.ts')}`;
}

/** custom-elements.json with the `path` of every module and every `module` reference rewritten. */
export function packageManifest(manifest) {
  const rewrite = (value, from) => {
    if (Array.isArray(value)) return value.map((v) => rewrite(v, from));
    if (!value || typeof value !== 'object') return value;
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        (key === 'module' || key === 'path') && typeof v === 'string' ? packagePath(v, from) : rewrite(v, from);
    }
    return out;
  };
  return { ...manifest, modules: manifest.modules.map((mod) => rewrite(mod, mod.path)) };
}

/** Every `path` and `module` string of a manifest (to check that each one is a file). */
export function manifestPaths(manifest) {
  const found = new Set();
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'module' || key === 'path') && typeof v === 'string') found.add(v);
      else walk(v);
    }
  };
  walk(manifest);
  return [...found];
}

export async function assembleElement() {
  if (!widgetBuildIsFresh(REPO)) await buildWidget(REPO);
  const dist = join(ELEMENT_DIR, 'dist');
  rmSync(dist, { recursive: true, force: true });
  copyWithoutMaps(join(REPO, 'dist/widget'), join(dist, 'widget'));
  copyWithoutMaps(join(REPO, 'dist/cdn'), join(dist, 'cdn'));
  writeFileSync(join(dist, 'cdn/passwordless-login.d.ts'), CDN_TYPES);
  const manifest = packageManifest(JSON.parse(readFileSync(join(REPO, 'custom-elements.json'), 'utf8')));
  const missing = manifestPaths(manifest).filter((path) => !existsSync(join(ELEMENT_DIR, path)));
  if (missing.length) throw new Error(`custom-elements.json names files the package lacks: ${missing.join(', ')}`);
  writeFileSync(join(ELEMENT_DIR, 'custom-elements.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function run(command, args, cwd = REPO) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

export async function assembleServer() {
  const dist = join(SERVER_DIR, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  run(process.execPath, [
    tsc,
    '-p',
    'tsconfig.server.json',
    '--outDir',
    dist,
    '--sourceMap',
    'false',
    '--declarationMap',
    'false',
  ]);
  return bundleServer(dist);
}

/**
 * `npm pack` of both workspaces into `destination`: one entry per tarball, with npm's own figures
 * (`size` of the .tgz, `unpackedSize`, `entryCount`) and its absolute path in `file`.
 */
export function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  const out = run('npm', [
    'pack',
    '--json',
    '--ignore-scripts',
    '--pack-destination',
    destination,
    '-w',
    'passwordless-login',
    '-w',
    'passwordless-login-server',
  ]);
  return JSON.parse(out.slice(out.indexOf('['))).map((p) => ({ ...p, file: join(destination, p.filename) }));
}

/** publint --strict and attw (ESM-only profile) on each tarball; throws with their output. */
export function checkTarballs(tarballs) {
  const bin = (name) => join(REPO, 'node_modules/.bin', name);
  const report = [];
  for (const { file } of tarballs) {
    report.push(run(bin('publint'), ['run', file, '--strict']));
    report.push(run(bin('attw'), [file, '--profile', 'esm-only', '--format', 'ascii']));
  }
  return report.join('\n');
}

export async function main(argv) {
  await assembleElement();
  await assembleServer();
  const at = argv.indexOf('--pack');
  if (at === -1) return;
  const tarballs = packPackages(resolve(argv[at + 1] ?? '.tmp/packages'));
  for (const t of tarballs) {
    console.log(
      `${t.file}: ${t.entryCount} files, ${(t.size / 1024).toFixed(1)} kB packed, ${(t.unpackedSize / 1024).toFixed(1)} kB unpacked`,
    );
  }
  if (argv.includes('--check')) console.log(checkTarballs(tarballs));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
