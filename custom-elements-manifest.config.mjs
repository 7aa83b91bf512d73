// `npm run analyze`: writes custom-elements.json (package.json `customElements`) from the
// element's JSDoc, for IDEs, Storybook and docs, and the JSX, Vue and Svelte types generated from
// it (scripts/framework-types.mjs).
import { generateFrameworkTypes } from './scripts/framework-types.mjs';

/** Event classes, by the event name they carry (src/widget/events.ts). */
const EVENT_TYPES = {
  login: 'LoginEvent',
  sent: 'SentEvent',
  'login-error': 'LoginErrorEvent',
  'state-change': 'StateChangeEvent',
  // A type (CustomEvent<PasskeySavedDetail>), dispatched by the lazy passkey chunk.
  'passkey-saved': 'PasskeySavedEvent',
};

/** Properties only the API's hosted login page sets: not part of the embedding API. */
const HOSTED_ONLY = new Set(['transaction']);

/**
 * The analyzer also lists `dispatchEvent(new LoginEvent(result))` calls as events named after the
 * constructor argument. Keep the documented @fires entries and give them their event class.
 */
function typedEvents() {
  /** Element members tagged `@internal` (the state and helpers its controllers share): not API. */
  const internal = new Set();
  return {
    name: 'passwordless-login:typed-events',
    analyzePhase({ ts, node }) {
      const member = ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node);
      if (member && ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal')) internal.add(node.name.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      // The analyzer lists modules in file-system order, which differs between runs and machines;
      // sorted, the committed manifest only changes when the API does.
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          // `static properties` entries with `state: true` are private state, not attributes.
          const hidden = new Set((decl.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name));
          if (decl.customElement) for (const name of internal) hidden.add(name);
          if (decl.customElement && decl.members) {
            decl.members = decl.members.filter((m) => !HOSTED_ONLY.has(m.name) && !internal.has(m.name));
          }
          for (const name of decl.customElement ? HOSTED_ONLY : []) hidden.add(name);
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
          if (!decl.events) continue;
          decl.events = decl.events
            .filter((e) => e.description && e.name in EVENT_TYPES)
            .map((e) => ({ ...e, type: { text: EVENT_TYPES[e.name] } }));
        }
      }
    },
  };
}

/** The framework types, from the finished manifest (after typedEvents). */
function frameworkTypes() {
  return {
    name: 'passwordless-login:framework-types',
    packageLinkPhase({ customElementsManifest }) {
      generateFrameworkTypes(customElementsManifest);
    },
  };
}

export default {
  globs: ['src/widget/**/*.ts'],
  // Language files are data (49 of them), not API.
  exclude: ['src/widget/**/*.test.ts', 'src/widget/i18n/locales/**'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [typedEvents(), frameworkTypes()],
};
