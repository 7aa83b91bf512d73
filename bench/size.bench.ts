/**
 * Widget size table: raw, gzip (-9) and brotli (q11) per built file and per usage path.
 * Builds the current source into a temporary directory (dist/ is left alone):
 *   - the ES build (lit external), as published for bundlers;
 *   - the same with lit inlined, to measure what a page downloads on each path;
 *   - the script-tag file.
 * Paths: email-code first load = the entry and its static imports (what the first state needs);
 * the whole email-code sign-in adds the requests chunk (API calls, fetched when focus enters the
 * element), the code view and the token reader; the sms path adds the requests and phone chunks;
 * the link path adds the requests, link-controller and oidc chunks; a Japanese page adds the language runtime and the
 * Japanese chunk (48 language chunks are summed up as the smallest and the largest). Budgets
 * (the project's size goals): email-code ≤ 15 kB gzip,
 * script tag ≤ 60 kB gzip (the one file: everything but the languages). Prints a table; never
 * fails on a size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

type Chunk = Rolldown.OutputChunk;

const root = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'pwl-size-'));
const scriptAssets: { mode: string; name: string; code: string }[] = [];

async function buildMode(mode: string): Promise<Chunk[]> {
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { outDir: join(tmp, mode), sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  // Scripts written as assets: the script-tag build's passkeys.js (languages are data, left out).
  for (const a of outputs.flatMap((o) => o.output)) {
    if (a.type === 'asset' && /^passkeys\.js$/.test(a.fileName))
      scriptAssets.push({ mode, name: a.fileName, code: String(a.source) });
  }
  return outputs.flatMap((o) => o.output.filter((c): c is Chunk => c.type === 'chunk'));
}

interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}
function size(code: string): Size {
  const buf = Buffer.from(code);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const sum = (sizes: Size[]): Size =>
  sizes.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const row = (name: string, s: Size, note = '') =>
  `| ${name} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |${note ? ` ${note} |` : ''}`;

/** A chunk plus everything it imports statically (what loads together with it). */
function closure(chunks: Chunk[], start: Chunk, seen = new Set<string>()): Chunk[] {
  if (seen.has(start.fileName)) return [];
  seen.add(start.fileName);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  return [start, ...start.imports.flatMap((f) => (byName.has(f) ? closure(chunks, byName.get(f)!, seen) : []))];
}

try {
  const es = await buildMode('production');
  const bundled = await buildMode('bundled');
  const cdn = await buildMode('cdn');

  console.log('\n## Files (ES build, lit external; script-tag file)\n');
  console.log('| file | raw | gzip | brotli |\n|---|---|---|---|');
  const isLocale = (c: Chunk) => c.fileName.startsWith('chunks/locales/');
  for (const c of es.filter((c) => !isLocale(c)).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    console.log(row(`dist/widget/${c.fileName.replace(/-[\w-]{8}\.js$/, '-[hash].js')}`, size(c.code)));
  }
  // 48 languages: the smallest and the largest, by gzip.
  const locales = es.filter(isLocale).map((c) => ({ name: c.fileName, ...size(c.code) }));
  locales.sort((a, b) => a.gzip - b.gzip);
  for (const l of [locales[0]!, locales.at(-1)!]) {
    console.log(row(`dist/widget/${l.name} (${l === locales[0] ? 'smallest' : 'largest'} of ${locales.length})`, l));
  }
  for (const c of cdn) console.log(row(`dist/cdn/${c.fileName}`, size(c.code)));
  for (const a of scriptAssets.filter((a) => a.mode === 'cdn')) {
    console.log(row(`dist/cdn/${a.name} (loaded beside it where the API offers passkeys)`, size(a.code)));
  }

  const entry = bundled.find((c) => c.isEntry && c.name === 'passwordless-login')!;
  const firstLoad = closure(bundled, entry);
  const lazy = (name: string) => {
    const chunk = bundled.find((c) => c.name.includes(name) || c.fileName.startsWith(`chunks/${name}.`));
    if (!chunk) throw new Error(`no ${name} chunk`);
    const loaded = new Set(firstLoad.map((c) => c.fileName));
    return closure(bundled, chunk).filter((c) => !loaded.has(c.fileName));
  };
  const first = sum(firstLoad.map((c) => size(c.code)));
  const lazySizes = (...names: string[]) => [...new Set(names.flatMap(lazy))].map((c) => size(c.code));
  const emailFlow = sum([first, ...lazySizes('requests', 'code-view', 'tokens')]);
  const sms = sum([first, ...lazySizes('requests', 'phone-support', 'code-view', 'tokens')]);
  const link = sum([first, ...lazySizes('requests', 'link-controller', 'oidc-link')]);
  const tag = size(cdn[0]!.code);
  // A Japanese page: the same first load, then the language runtime and the Japanese chunk.
  const japanese = sum([first, ...['runtime', 'locales/ja'].flatMap((n) => lazy(n).map((c) => size(c.code)))]);

  console.log('\n## Usage paths (what a page downloads, lit included)\n');
  console.log('| path | raw | gzip | brotli | budget (gzip) |\n|---|---|---|---|---|');
  const budget = (s: Size, limit: number) =>
    `≤ ${limit / 1000} kB: ${s.gzip <= limit ? 'within' : 'OVER'} (${s.gzip.toLocaleString('en')} B)`;
  console.log(row('email code, first load', first, budget(first, 15_000)));
  console.log(row('email code, first load in Japanese (+ runtime + ja)', japanese, '—'));
  console.log(row('email code, whole sign-in (+ requests, code view, tokens)', emailFlow, '—'));
  console.log(row('sms code, whole sign-in (+ requests, phone, code view, tokens)', sms, '—'));
  console.log(row('email link (+ requests, link controller, oidc chunk)', link, '—'));
  console.log(row('script tag (one file, everything but the languages)', tag, budget(tag, 60_000)));
  console.log(
    `\nfirst load = ${firstLoad.map((c) => c.fileName.replace(/-[\w-]{8}\.js$/, '')).join(' + ')}; ` +
      'chunk sizes are summed per file (each compressed on its own, as served).',
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
