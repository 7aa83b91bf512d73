/**
 * The framework entries of the package (docs/frameworks.md):
 * - the JSX, Vue and Svelte types generated from custom-elements.json name every attribute and
 *   every event of the manifest, with the event's detail type, and the shipped files are what the
 *   generators write from the committed manifest today;
 * - `passwordless-login/react` has one `on…` prop per event of the manifest, and the package's
 *   build of it imports and server-renders in plain Node (no DOM, no `window`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventDetailTypes, FRAMEWORK_TYPES_DIR, generateFrameworkTypes } from '../../scripts/framework-types.mjs';
import { assembleElement, REPO } from '../../scripts/packages.mjs';
import { eventPropName, eventProps } from '../../src/react/index.js';

interface Manifest {
  modules: {
    declarations?: {
      customElement?: boolean;
      attributes?: { name: string; fieldName?: string }[];
      events?: { name: string; type?: { text: string } }[];
    }[];
  }[];
}

const manifest = JSON.parse(readFileSync(join(REPO, 'custom-elements.json'), 'utf8')) as Manifest;
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement)!;
const attributes = element.attributes ?? [];
const events = element.events ?? [];
const details = eventDetailTypes();
const FILES = ['jsx.d.ts', 'vue.d.ts', 'svelte.d.ts'];

describe('framework types generated from custom-elements.json', () => {
  let dir: string;
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pwl-framework-types-'));
    generateFrameworkTypes(structuredClone(manifest), dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the manifest has the attributes and events the checks below go through', () => {
    assert.ok(attributes.length >= 10, `${attributes.length} attributes`);
    assert.deepEqual(events.map((e) => e.name).sort(), ['login', 'login-error', 'passkey-saved', 'sent', 'state-change']);
  });

  it('JSX (React 19, Preact): every attribute, and every event as on<name> with its detail type', () => {
    const jsx = read('jsx.d.ts');
    for (const { name, fieldName } of attributes) {
      assert.match(jsx, new RegExp(`"?${name}"?\\?: PasswordlessLogin\\["${fieldName}"\\];`), name);
    }
    for (const { name, type } of events) {
      const detail = details[type!.text];
      assert.ok(detail, `events.ts gives ${type!.text} a detail type`);
      assert.ok(jsx.includes(`"on${name}"?: (e: CustomEvent<${detail}>) => void;`) || jsx.includes(`on${name}?: (e: CustomEvent<${detail}>) => void;`), name);
      assert.match(jsx, new RegExp(`import type \\{[^}]*\\b${detail}\\b[^}]*\\} from "../widget/passwordless-login.js"`));
    }
  });

  it('Vue: every attribute by the property name and every event as the on… prop templates reach', () => {
    const vue = read('vue.d.ts');
    assert.match(vue, /declare module "vue" \{\s*(\/\/.*\s*)?interface GlobalComponents extends CustomElements/);
    for (const { fieldName } of attributes) assert.ok(vue.includes(`  ${fieldName}?: PasswordlessLogin["${fieldName}"];`), fieldName);
    for (const { name, type } of events) {
      assert.ok(vue.includes(`  ${eventPropName(name)}?: (e: CustomEvent<${details[type!.text]}>) => void;`), name);
    }
  });

  it('Svelte 5: the JSX types registered as svelte/elements', () => {
    const svelte = read('svelte.d.ts');
    assert.match(svelte, /import type \{ CustomElements \} from '\.\/jsx\.js';/);
    assert.match(svelte, /declare module 'svelte\/elements' \{[^}]*interface SvelteHTMLElements extends CustomElements \{\}/);
  });

  it('the built files are what the generators write from the committed manifest', (t) => {
    if (!existsSync(join(FRAMEWORK_TYPES_DIR, 'jsx.d.ts'))) {
      t.skip('no build: npm run build:widget writes them');
      return;
    }
    for (const file of FILES) {
      assert.equal(readFileSync(join(FRAMEWORK_TYPES_DIR, file), 'utf8'), read(file), `${file}: run npm run analyze`);
    }
  });
});

describe('passwordless-login/react', () => {
  it('has one on… prop per event of the manifest, to that event', () => {
    assert.deepEqual(
      Object.entries(eventProps).sort(),
      events.map((e) => [eventPropName(e.name), e.name]).sort(),
    );
    assert.equal(eventPropName('login-error'), 'onLoginError');
  });

  it('the package build imports and server-renders in plain Node (no window)', async () => {
    await assembleElement();
    const script = `
      const wrapper = await import('passwordless-login/react');
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const html = renderToString(createElement(wrapper.PasswordlessLogin, {
        domain: 'https://login.example.com', clientId: 'app', onLogin: () => {},
      }));
      console.log(JSON.stringify({ window: typeof window, html, exports: Object.keys(wrapper).sort() }));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { window: string; html: string; exports: string[] };
    assert.equal(out.window, 'undefined');
    assert.match(out.html, /^<passwordless-login[^>]*><\/passwordless-login>$/);
    for (const name of ['PasswordlessLogin', 'PasswordlessLoginElement', 'LoginEvent', 'eventProps']) {
      assert.ok(out.exports.includes(name), `exports ${name}`);
    }
  });
});
