/**
 * The build's own Vite plugins (vite.config.ts), on their inputs: each returns a source map that
 * traces edited code back to its line, and stripOidcLogs is pinned to the installed
 * oidc-client-ts (it edits that package's build by pattern, so an upgrade that changes the
 * pattern must fail here, not silently ship the debug strings again).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { originalPositionFor, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';
import { parseAst, type Plugin } from 'vite';
import {
  inlineLazyChunks,
  logStatements,
  minifyTemplates,
  OIDC_STUB_ERROR,
  OIDC_STUBBED_METHODS,
  OIDC_UNUSED_METHODS,
  oidcMethods,
  stripOidcLogs,
  trimOidcClient,
} from '../../vite.config.js';

const require = createRequire(import.meta.url);
const OIDC_DIR = join(require.resolve('oidc-client-ts'), '../../..');
const OIDC_BUILD = join(OIDC_DIR, 'dist/esm/oidc-client-ts.js');

interface Out {
  code: string;
  map: SourceMapInput;
}

/** Runs a plugin's transform hook the way Rollup/Rolldown would. */
async function transform(plugin: Plugin, code: string, id: string): Promise<Out | null> {
  const hook = plugin.transform as unknown as (
    this: unknown,
    code: string,
    id: string,
  ) => Promise<Out | null> | Out | null;
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
    warn(message: string): void {
      throw new Error(`unexpected warning: ${message}`);
    },
  };
  return (await hook.call(context, code, id)) ?? null;
}

/** The original 1-based line of the first occurrence of `text` in the output. */
function tracedLine(out: Out, text: string): number | null {
  const index = out.code.indexOf(text);
  assert.ok(index >= 0, `the output holds ${text}`);
  const before = out.code.slice(0, index).split('\n');
  return originalPositionFor(new TraceMap(out.map), { line: before.length, column: before.at(-1)!.length }).line;
}

describe('stripOidcLogs', () => {
  const code = readFileSync(OIDC_BUILD, 'utf8');

  it('is pinned to oidc-client-ts 3.5.0: its 171 logging statements, and nothing else', async () => {
    const { version } = JSON.parse(readFileSync(join(OIDC_DIR, 'package.json'), 'utf8')) as { version: string };
    // After an upgrade: check the build still logs with `logger.debug(…);` statements in braced
    // blocks only and still starts with a no-op logger, then
    // update the version and the count here.
    assert.equal(version, '3.5.0', 'stripOidcLogs was checked against this oidc-client-ts');
    const calls = (text: string, method: string) => text.split(`.${method}(`).length - 1;
    assert.equal(logStatements(code).length, 171);
    const out = await transform(stripOidcLogs(), code, OIDC_BUILD);
    assert.ok(out);
    for (const method of ['debug', 'info', 'warn', 'error']) {
      assert.equal(calls(out.code, method), 0, `no ${method} call is left`);
    }
    assert.equal(calls(out.code, 'throw'), calls(code, 'throw'), 'every logger.throw(err) stays');
    assert.doesNotThrow(() => parseAst(out.code), 'the result is still valid JavaScript');
  });

  it('maps the code after a removed statement back to its line', async () => {
    const out = await transform(stripOidcLogs(), code, OIDC_BUILD);
    assert.ok(out);
    const text = 'A DPoPStore is required when dpop is enabled';
    const line = code.slice(0, code.indexOf(text)).split('\n').length;
    assert.equal(tracedLine(out, text), line);
  });

  it('leaves every other module alone', async () => {
    assert.equal(await transform(stripOidcLogs(), 'logger.debug("x");', '/app/src/widget/x.ts'), null);
  });
});

describe('trimOidcClient', () => {
  const code = readFileSync(OIDC_BUILD, 'utf8');
  const names = (methods: Record<string, string[]>) =>
    Object.entries(methods).flatMap(([c, ms]) => ms.map((m) => `${c}.${m}`));

  it('is pinned to oidc-client-ts 3.5.0: finds each method it removes or stubs, once', () => {
    const { version } = JSON.parse(readFileSync(join(OIDC_DIR, 'package.json'), 'utf8')) as { version: string };
    // After an upgrade: check in the new build that the element's two calls (createSigninRequest,
    // processSigninResponse) still reach none of OIDC_UNUSED_METHODS, then update the version.
    assert.equal(version, '3.5.0', 'trimOidcClient was checked against this oidc-client-ts');
    const found = oidcMethods(code, OIDC_UNUSED_METHODS).map((r) => r.name);
    assert.deepEqual(found.sort(), names(OIDC_UNUSED_METHODS).sort());
    const stubbed = oidcMethods(code, OIDC_STUBBED_METHODS).map((r) => r.name);
    assert.deepEqual(stubbed.sort(), names(OIDC_STUBBED_METHODS).sort());
  });

  it('removes the unused methods, stubs the others to throw, and keeps valid JavaScript', async () => {
    const out = await transform(trimOidcClient(), code, OIDC_BUILD);
    assert.ok(out);
    assert.doesNotThrow(() => parseAst(out.code), 'the result is still valid JavaScript');
    assert.deepEqual(oidcMethods(out.code, OIDC_UNUSED_METHODS), [], 'no removed method is left');
    const stubs = oidcMethods(out.code, OIDC_STUBBED_METHODS);
    assert.equal(stubs.length, names(OIDC_STUBBED_METHODS).length);
    for (const stub of stubs) {
      assert.ok(out.code.slice(stub.bodyStart, stub.bodyEnd).includes(OIDC_STUB_ERROR), `${stub.name} throws`);
    }
    for (const kept of ['async createSigninRequest(', 'async processSigninResponse(', 'async exchangeCode(']) {
      assert.ok(out.code.includes(kept), `${kept} stays`);
    }
    const text = 'A DPoPStore is required when dpop is enabled';
    const line = code.slice(0, code.indexOf(text)).split('\n').length;
    assert.equal(tracedLine(out, text), line, 'the map traces code after an edit to its line');
  });

  it("the element's client never enables what the stubs stand for (DPoP, client_secret_jwt)", () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/widget/link/oidc-link.ts'), 'utf8');
    for (const setting of ['dpop', 'client_authentication', 'client_secret']) {
      assert.ok(!new RegExp(`\\b${setting}\\b`).test(source), `oidc-link.ts does not set ${setting}`);
    }
  });

  it('leaves every other module alone', async () => {
    assert.equal(await transform(trimOidcClient(), 'class A { revoke() {} }', '/app/src/widget/x.ts'), null);
  });
});

describe('minifyTemplates (Lit minify-html-literals)', () => {
  const id = '/repo/src/widget/views/example.ts';

  it('collapses template markup and CSS, past regex literals and comments holding quotes', async () => {
    const source = [
      "import { css, html } from 'lit';",
      "// a comment's quote and a backtick ` must not derail the scanner",
      'const re = /[`\'"]/g;',
      'export const styles = css`',
      '  :host {',
      '    display: block; /* a comment */',
      '  }',
      '`;',
      'export const view = (name: string) => html`',
      '  <p part="message">',
      '    Hello ${name.replace(re, "")}',
      '  </p>',
      '`;',
      'export const after = "kept as is";',
      '',
    ].join('\n');
    const out = await transform(minifyTemplates(), source, id);
    assert.ok(out);
    assert.match(out.code, /css`:host\{display:block\}`/);
    assert.match(out.code, /html`<p part="message">Hello \$\{name\.replace\(re, ""\)\}<\/p>`/);
    assert.ok(out.code.includes('const re = /[`\'"]/g;'), 'the regex literal is untouched');
    assert.equal(tracedLine(out, 'export const after'), 14);
  });

  it('only touches our widget sources', async () => {
    const source = 'import { html } from "lit";\nexport const v = html`\n  <p>x</p>\n`;\n';
    assert.equal(await transform(minifyTemplates(), source, '/repo/node_modules/x/index.ts'), null);
  });
});

describe('inlineLazyChunks', () => {
  it('turns import() into a static namespace import, with a map', async () => {
    const source = [
      "import { a } from './a.js';",
      'export function load() {',
      "  return import('./views/code-view.js');",
      '}',
      'export const marker = 1;',
      '',
    ].join('\n');
    const out = await transform(inlineLazyChunks(), source, '/repo/src/widget/x.ts');
    assert.ok(out);
    assert.match(out.code, /^import \* as __pwlInlined0 from '\.\/views\/code-view\.js';/);
    assert.ok(out.code.includes('return Promise.resolve(__pwlInlined0);'));
    assert.ok(!out.code.includes('import('));
    assert.equal(tracedLine(out, 'export const marker'), 5);
  });

  it('keeps phone support a dynamic import, for Rolldown to wrap and run on first use', async () => {
    const source = "export const load = () => import('../phone/phone-support.js');\n";
    assert.equal(await transform(inlineLazyChunks(), source, '/repo/src/widget/controllers/phone.ts'), null);
  });
});
