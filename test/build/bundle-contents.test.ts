/**
 * What the built files carry, read from dist/ (`npm run build:widget`; `npm run test:e2e` builds
 * first). These are the size and first-render decisions of vite.config.ts and the element's lazy
 * imports: each test fails when a change quietly pulls code back into the first load or undoes a
 * build plugin. Markers are string literals, which survive minification.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { COMPILE_HINT, OIDC_UNUSED_METHODS } from '../../vite.config.js';

const DIST = resolve(import.meta.dirname, '../../dist');
const read = (file: string) => readFileSync(join(DIST, file), 'utf8');

/** Markers of code the first state of an email page does not need. */
const NOT_IN_FIRST_LOAD: Record<string, string> = {
  'the API calls (requests chunk)': '/passwordless/start',
  'the email rule (requests chunk)': '\\p{L}\\p{M}\\p{N}',
  'libphonenumber-js metadata (phone chunk)': 'country_calling_codes',
  'oidc-client-ts (magic-link chunk)': 'A DPoPStore is required when dpop is enabled',
  'the code view': 'one-time-code',
  'the language table (runtime chunk)': 'zh-TW',
};

/** The ES build's registering entry and every file it imports statically, as a page loads them. */
function firstLoad(): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = read(join('widget', file));
    files.set(file, code);
    for (const m of code.matchAll(
      /(?:^|[;}\s])(?:import|export)\s*(?:[\w${},*\s]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      visit(join(dirname(file), m[1]!));
    }
  };
  visit('passwordless-login.js');
  return files;
}

describe('built files', () => {
  it('dist/ is built', () => {
    assert.ok(existsSync(join(DIST, 'widget', 'passwordless-login.js')), 'npm run build:widget first');
    assert.ok(existsSync(join(DIST, 'cdn', 'passwordless-login.js')));
  });

  it('the ES first load is only what the first state shows', () => {
    const files = firstLoad();
    assert.deepEqual([...files.keys()].sort(), ['passwordless-login.component.js', 'passwordless-login.js']);
    const code = [...files.values()].join('\n');
    assert.ok(code.includes('invalidEmail'), 'the marker search reads the component');
    for (const [what, marker] of Object.entries(NOT_IN_FIRST_LOAD)) {
      assert.ok(!code.includes(marker), `${what} is not in the first load`);
    }
  });

  it("starts every script but the languages with V8's compile hint, and its source map still lines up", () => {
    const scripts = [
      'cdn/passwordless-login.js',
      ...readdirSync(join(DIST, 'widget'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.js'))
        .map((f) => join('widget', f)),
    ];
    assert.ok(scripts.length > 8, 'the chunks are there');
    for (const file of scripts) {
      const first = read(file).split('\n', 1)[0];
      if (file.includes('locales')) assert.notEqual(first, COMPILE_HINT, `${file}: data, no hint`);
      else {
        assert.equal(first, COMPILE_HINT, file);
        const map = JSON.parse(read(`${file}.map`)) as { mappings: string };
        assert.ok(map.mappings.startsWith(';'), `${file}: its map skips the hint's line`);
      }
    }
  });

  it('the script-tag file carries every lazy part itself (no chunk files beside it but languages)', () => {
    const code = read('cdn/passwordless-login.js');
    for (const [what, marker] of Object.entries(NOT_IN_FIRST_LOAD)) {
      if (what.startsWith('the language table')) continue;
      assert.ok(code.includes(marker), `${what} is in the script-tag file`);
    }
    assert.ok(!/\bimport\(\s*["']\.{1,2}\//.test(code), 'no relative import() of a chunk file');
  });

  it('ships the phone metadata as JSON.parse(String.raw`…`), not an object literal', () => {
    const esChunk = readdirSync(join(DIST, 'widget', 'chunks')).find((f) => f.startsWith('phone-support-'));
    assert.ok(esChunk, 'the ES build has a phone-support chunk');
    for (const code of [read('cdn/passwordless-login.js'), read(join('widget', 'chunks', esChunk))]) {
      assert.match(code, /JSON\.parse\(String\.raw`\{"version":4,"country_calling_codes":/);
    }
  });

  it("uses libphonenumber-js's modern build (no Babel class helpers)", () => {
    const code = read('cdn/passwordless-login.js');
    assert.ok(code.includes('country_calling_codes'));
    assert.ok(!code.includes('Cannot call a class as a function'), 'no _classCallCheck');
    assert.ok(!code.includes('Invalid attempt to iterate non-iterable instance'), 'no _slicedToArray');
  });

  it("carries one JWT decoder (the element's) and none of oidc-client-ts's log lines", () => {
    const code = read('cdn/passwordless-login.js');
    assert.ok(code.includes('The ID token could not be read.'), "the element's decoder is there");
    assert.ok(!code.includes('Invalid token specified'), 'no jwt-decode');
    assert.ok(!code.includes('Error parsing JSON response'), 'no oidc-client-ts log line');
  });

  it('calls none of the oidc-client-ts methods the build removes (trimOidcClient)', () => {
    const chunk = readdirSync(join(DIST, 'widget', 'chunks')).find((f) => f.startsWith('oidc-link-'));
    assert.ok(chunk, 'the ES build has a magic-link chunk');
    for (const file of [join('widget', 'chunks', chunk), 'cdn/passwordless-login.js']) {
      const code = read(file);
      assert.ok(code.includes('code_challenge'), `${file} carries oidc-client-ts`);
      for (const method of Object.values(OIDC_UNUSED_METHODS).flat()) {
        assert.ok(!new RegExp(`\\.${method}\\(`).test(code), `${file}: nothing calls ${method}`);
      }
    }
  });
});
