/**
 * Framework types generated from custom-elements.json by the custom-elements-manifest
 * integrations (kept generators, not hand-written types), into dist/widget/types/frameworks/:
 *   - jsx.d.ts     `CustomElements` for JSX `IntrinsicElements` (React 19, Preact, Solid…)
 *     (custom-element-jsx-integration);
 *   - vue.d.ts     Vue's `GlobalComponents` (custom-element-vuejs-integration);
 *   - svelte.d.ts  Svelte 5's `SvelteHTMLElements` (module `svelte/elements`), from jsx.d.ts: Svelte 5
 *     event attributes are the JSX generator's `onlogin`, `onlogin-error`…, while
 *     custom-element-svelte-integration (1.2) writes Svelte 4's `on:login` directives, which
 *     Svelte 5 deprecates; only the module augmentation below is written by hand.
 * The package exports them as `passwordless-login/jsx`, `/vue` and `/svelte` (docs/frameworks.md).
 * Run by `npm run analyze` (custom-elements-manifest.config.mjs), the last step of build:widget,
 * after tsc has written the declarations they import.
 *
 * The generators type an event `name` as `CustomEvent<type.text>`: `type.text` is its detail type
 * to them, while our manifest names the event class (`LoginEvent`). They get a copy of the
 * manifest whose events carry the detail type of their class, read from src/widget/events.ts
 * (`class LoginEvent extends CustomEvent<LoginResult>`), so an event added there needs nothing
 * here. The types are imported from the registering entry, which exports them all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FRAMEWORK_TYPES_DIR = join(REPO, 'dist/widget/types/frameworks');
/** From dist/widget/types/frameworks/ to the registering entry's declarations. */
const ENTRY_TYPES = '../widget/passwordless-login.js';

/** `{LoginEvent: 'LoginResult', …}`: each event type of events.ts and its detail type. */
export function eventDetailTypes(source = readFileSync(join(REPO, 'src/widget/events.ts'), 'utf8')) {
  return Object.fromEntries(
    [
      // A class of its own (`export class LoginEvent extends CustomEvent<LoginResult>`), or a plain
      // CustomEvent's type (`export type PasskeySavedEvent = CustomEvent<PasskeySavedDetail>`).
      ...source.matchAll(/export (?:class (\w+) extends|type (\w+) =) CustomEvent<(\w+)>/g),
    ].map((m) => [m[1] ?? m[2], m[3]]),
  );
}

/** A copy of the manifest with each event's `type` its detail type (what the generators expect). */
export function withDetailTypes(manifest, details = eventDetailTypes()) {
  const copy = structuredClone(manifest);
  for (const mod of copy.modules) {
    for (const decl of mod.declarations ?? []) {
      for (const event of decl.events ?? []) {
        const detail = details[event.type?.text];
        if (!detail) throw new Error(`event ${event.name}: no detail type for ${event.type?.text} in events.ts`);
        event.type = { text: detail };
      }
    }
  }
  return copy;
}

/**
 * Vue matches a template's `:client-id` and `@login-error` to the props `clientId` and
 * `onLoginError` (it camelizes both, and vue-tsc checks them so under `strictTemplates`). The Vue
 * generator writes the manifest's names as they are (`"client-id"`, `"onlogin-error"`), which no
 * template reaches: its copy names each attribute by its property and each event in PascalCase.
 */
export function forVue(manifest) {
  const pascal = (name) => name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase());
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      for (const attr of decl.attributes ?? []) if (attr.fieldName) attr.name = attr.fieldName;
      for (const event of decl.events ?? []) event.name = pascal(event.name);
    }
  }
  return manifest;
}

/** The generators print through console.log; keep the build's output to what matters. */
const quiet = { hideLogs: true, globalTypePath: ENTRY_TYPES };

const SVELTE_TYPES = `// Svelte 5: <passwordless-login>'s attributes and event attributes (onlogin, onlogin-error, …),
// the generated JSX types (jsx.d.ts) registered as Svelte's elements. Reference this file once
// (\`/// <reference types="passwordless-login/svelte" />\` or tsconfig \`types\`).
import type { CustomElements } from './jsx.js';

declare module 'svelte/elements' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SvelteHTMLElements extends CustomElements {}
}

export type { CustomElements };
`;

/** Writes jsx.d.ts, vue.d.ts and svelte.d.ts into `outdir` (types only: no JavaScript). */
export function generateFrameworkTypes(manifest, outdir = FRAMEWORK_TYPES_DIR) {
  const m = () => withDetailTypes(manifest);
  generateJsxTypes(m(), { ...quiet, outdir, fileName: 'jsx.d.ts' });
  generateVuejsTypes(forVue(m()), { ...quiet, outdir, fileName: 'vue.d.ts' });
  writeFileSync(join(outdir, 'svelte.d.ts'), SVELTE_TYPES);
}
