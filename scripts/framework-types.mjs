/**
 * Framework types generated from custom-elements.json by the custom-elements-manifest
 * integrations (kept generators, not hand-written types), into dist/widget/types/frameworks/:
 *   - jsx.d.ts     `CustomElements` for JSX `IntrinsicElements` (React 19, Preact, Solid…)
 *     (custom-element-jsx-integration);
 *   - vue.d.ts     Vue's `GlobalComponents` (custom-element-vuejs-integration);
 *   - svelte.d.ts  `svelte/elements`' `SvelteHTMLElements` (custom-element-svelte-integration).
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
import { generateSvelteTypes } from 'custom-element-svelte-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FRAMEWORK_TYPES_DIR = join(REPO, 'dist/widget/types/frameworks');
/** From dist/widget/types/frameworks/ to the registering entry's declarations. */
const ENTRY_TYPES = '../widget/passwordless-login.js';

/** `{LoginEvent: 'LoginResult', …}`: each event class of events.ts and its detail type. */
export function eventDetailTypes(source = readFileSync(join(REPO, 'src/widget/events.ts'), 'utf8')) {
  return Object.fromEntries(
    [...source.matchAll(/export class (\w+) extends CustomEvent<(\w+)>/g)].map((m) => [m[1], m[2]]),
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

/** The generators print through console.log; keep the build's output to what matters. */
const quiet = { hideLogs: true, globalTypePath: ENTRY_TYPES };

/** Writes jsx.d.ts, vue.d.ts and svelte.d.ts (and an empty module beside each) into `outdir`. */
export function generateFrameworkTypes(manifest, outdir = FRAMEWORK_TYPES_DIR) {
  const m = () => withDetailTypes(manifest);
  generateJsxTypes(m(), { ...quiet, outdir, fileName: 'jsx.d.ts' });
  generateVuejsTypes(m(), { ...quiet, outdir, fileName: 'vue.d.ts' });
  generateSvelteTypes(m(), { ...quiet, outdir, fileName: 'svelte.d.ts' });
  // Types-only entries: a module for `import 'passwordless-login/vue'` to resolve to.
  for (const name of ['jsx', 'vue', 'svelte']) writeFileSync(join(outdir, `${name}.js`), 'export {};\n');
}
