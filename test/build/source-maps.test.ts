/**
 * The shipped source maps point devtools at the right file and line. Reads the built dist/
 * (`npm run build:widget`; `npm run test:e2e` builds first) with @jridgewell/trace-mapping.
 *
 * - Each shipped chunk has a map whose embedded sources are the files as they are in the repo
 *   (a plugin returning `map: null` used to leave a 21-line code-view.ts in a map of a 59-line
 *   file).
 * - A known line of each chunk maps back to its source line: a string literal that survives
 *   minification is found in the chunk and traced to the file and line that hold it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { parseAst } from 'vite';

const REPO = resolve(import.meta.dirname, '../..');
const DIST = join(REPO, 'dist');

interface Chunk {
  /** Path under dist/, hash replaced by `[hash]`. */
  name: string;
  file: string;
  code: string;
  map: TraceMap;
}

function shippedChunks(): Chunk[] {
  const files = [
    ...readdirSync(join(DIST, 'widget'), { recursive: true, encoding: 'utf8' }).map((f) => join(DIST, 'widget', f)),
    join(DIST, 'cdn', 'passwordless-login.js'),
  ].filter((f) => f.endsWith('.js'));
  return files.map((file) => {
    assert.ok(existsSync(`${file}.map`), `${relative(REPO, file)} has a source map`);
    return {
      name: relative(DIST, file).replace(/-[\w-]{8}\.js$/, '-[hash].js'),
      file,
      code: readFileSync(file, 'utf8'),
      map: new TraceMap(readFileSync(`${file}.map`, 'utf8')),
    };
  });
}

/** 1-based line and 0-based column of `index` in `text`. */
function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length };
}

/** Where the generated position at `index` comes from: a repo-relative path, line and column. */
function trace(chunk: Chunk, index: number): { source: string; line: number; column: number } | undefined {
  const original = originalPositionFor(chunk.map, position(chunk.code, index));
  if (!original.source || original.line == null) return undefined;
  const source = relative(REPO, resolve(dirname(chunk.file), original.source));
  return { source, line: original.line, column: original.column };
}

const quoted = (text: string) => new RegExp(`["'\`]${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\`]`);

/** Lines of the code of `file` holding `text` (comments aside), with line and column. */
function occurrences(file: string, text: RegExp): { source: string; line: number; column: number }[] {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const column = /^\s*(\*|\/\*|\/\/)/.test(line) ? undefined : text.exec(line)?.index;
    return column === undefined ? [] : [{ source: file, line: i + 1, column }];
  });
}

/** Where `text` is in the code of `file` (on exactly one line, comments aside): line and column. */
function find(file: string, text: RegExp): { source: string; line: number; column: number } {
  const hits = occurrences(file, text);
  assert.equal(hits.length, 1, `${text} is on exactly one line of ${file}`);
  return hits[0]!;
}

/**
 * The JavaScript strings of `code`: string literals and untagged templates without `${}` (what
 * minifiers turn strings into). Tagged templates (html``, css``) are left out: a template minifier
 * maps each of their parts as a whole, not each line in them.
 */
function stringLiterals(code: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, parent: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parent));
    const n = node as {
      type?: string;
      value?: unknown;
      expressions?: unknown[];
      quasis?: { value: { cooked: string } }[];
    };
    if (n.type === 'Literal' && typeof n.value === 'string') found.push(n.value);
    const tagged = (parent as { type?: string } | undefined)?.type === 'TaggedTemplateExpression';
    if (n.type === 'TemplateLiteral' && !tagged && n.expressions?.length === 0) found.push(n.quasis![0]!.value.cooked);
    for (const value of Object.values(n)) walk(value, n);
  };
  walk(parseAst(code), undefined);
  return found;
}

/**
 * A known line for a chunk KNOWN does not list (a lazy chunk added later, such as a language):
 * its longest string literal that is on exactly one line of exactly one of its own sources.
 */
function derivedKnownLine(chunk: Chunk): { file: string; text: RegExp } | undefined {
  const sources = chunk.map.sources
    .filter((s): s is string => !!s && /src\/(widget|protocol|react)\//.test(s))
    .map((s) => relative(REPO, resolve(dirname(chunk.file), s)));
  const literals = stringLiterals(chunk.code)
    .filter((s) => s.length >= 8 && !/[\\\n`'"]/.test(s))
    .sort((a, b) => b.length - a.length);
  for (const literal of literals) {
    const text = quoted(literal);
    const hits = sources.flatMap((file) => occurrences(file, text));
    if (hits.length === 1) return { file: hits[0]!.source, text };
  }
  return undefined;
}

const ENTRY = /^(widget\/passwordless-login|cdn\/passwordless-login)\.js$/;
const COMPONENT = /^(widget\/passwordless-login\.component|cdn\/passwordless-login)\.js$/;
const OIDC = /^(widget\/chunks\/oidc-link-\[hash\]|cdn\/passwordless-login)\.js$/;
const PHONE = /^(widget\/chunks\/phone-support-\[hash\]|cdn\/passwordless-login)\.js$/;
const CODE_VIEW = /^(widget\/chunks\/code-view-\[hash\]|cdn\/passwordless-login)\.js$/;
const TOKENS = /^(widget\/chunks\/tokens-\[hash\]|cdn\/passwordless-login)\.js$/;
const RUNTIME = /^(widget\/chunks\/runtime-\[hash\]|cdn\/passwordless-login)\.js$/;

/**
 * Known lines: which chunks ship them, the file, and a text found both in the chunk (minified
 * code keeps string literals and global names) and on one line of the file.
 */
const KNOWN: { chunks: RegExp; file: string; text: RegExp }[] = [
  { chunks: ENTRY, file: 'src/widget/passwordless-login.ts', text: /customElements\.define\(/ },
  { chunks: COMPONENT, file: 'src/widget/passwordless-login.component.ts', text: quoted('data-light-page') },
  { chunks: CODE_VIEW, file: 'src/widget/views/code-view.ts', text: quoted('one-time-code') },
  { chunks: TOKENS, file: 'src/widget/tokens.ts', text: quoted('The ID token is not a JWT.') },
  { chunks: RUNTIME, file: 'src/protocol/languages.ts', text: quoted('Hant') },
  { chunks: OIDC, file: 'src/widget/link/oidc-link.ts', text: quoted('passwordless-login.oidc.') },
  // oidc-client-ts passes through stripOidcLogs, which removes statements above this line.
  {
    chunks: OIDC,
    file: 'node_modules/oidc-client-ts/dist/esm/oidc-client-ts.js',
    text: quoted('A DPoPStore is required when dpop is enabled'),
  },
  { chunks: PHONE, file: 'src/widget/phone/phone-support.ts', text: quoted('region') },
  // passwordless-login/react, built on its own (scripts/build-react.mjs).
  { chunks: /^widget\/react\.js$/, file: 'src/react/index.ts', text: quoted('passwordless-login') },
  // The error-body check, shared by the requests and passkey chunks (the script-tag file has it inline).
  { chunks: /^widget\/chunks\/errors-\[hash\]\.js$/, file: 'src/protocol/errors.ts', text: quoted('object') },
];

describe('shipped source maps', () => {
  assert.ok(existsSync(join(DIST, 'cdn')), 'dist/ is built (npm run build:widget)');
  const chunks = shippedChunks();

  /** The known lines of each chunk: KNOWN's, else one derived from the chunk itself. */
  const knownLines = (chunk: Chunk) => {
    const listed = KNOWN.filter((k) => k.chunks.test(chunk.name));
    const derived = listed.length ? undefined : derivedKnownLine(chunk);
    return derived ? [derived] : listed;
  };

  it('every shipped chunk is checked against a known line', () => {
    const unchecked = chunks.filter((c) => knownLines(c).length === 0).map((c) => c.name);
    assert.deepEqual(unchecked, [], 'no known line found: add one to KNOWN above');
  });

  for (const chunk of chunks) {
    it(`${chunk.name}: embedded sources are the files of the repo`, () => {
      const ours = chunk.map.sources.flatMap((s, i) => (s && /src\/(widget|protocol|react)\//.test(s) ? [i] : []));
      assert.ok(ours.length > 0, 'the map names our sources');
      for (const i of ours) {
        const path = resolve(dirname(chunk.file), chunk.map.sources[i]!);
        assert.equal(chunk.map.sourcesContent?.[i], readFileSync(path, 'utf8'), relative(REPO, path));
      }
    });

    for (const { file, text } of knownLines(chunk)) {
      it(`${chunk.name}: ${text} maps to its line and column in ${file}`, () => {
        const at = text.exec(chunk.code)?.index;
        assert.ok(at !== undefined, `the chunk holds ${text}`);
        assert.deepEqual(trace(chunk, at), find(file, text));
      });
    }
  }
});
