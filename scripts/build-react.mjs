#!/usr/bin/env node
/**
 * Builds `passwordless-login/react` (src/react/index.ts) into dist/widget/react.js, after
 * `vite build` has written the element's ES build there (part of `npm run build:widget`).
 *
 * Its own entry, not one more input of the element's Vite build: the element's chunks and size
 * budgets stay exactly what they were. React and @lit/react stay imports (the app's copies), and
 * the element comes from the registering entry beside it (`./passwordless-login.js`), so an app
 * that imports both `passwordless-login` and `passwordless-login/react` loads the element once.
 * Any other runtime import of src/widget would be a second copy of element code: the build fails.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** vite.config.ts's COMPILE_HINT (a TypeScript file this script cannot import). */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ELEMENT_ENTRY = resolve(REPO, 'src/widget/passwordless-login.js');

/** `../widget/passwordless-login.js` → `./passwordless-login.js` (external); nothing else of src/widget. */
const elementFromEntry = {
  name: 'element-from-entry',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      if (path === ELEMENT_ENTRY) return { path: './passwordless-login.js', external: true };
      return { errors: [{ text: `src/react may import only ../widget/passwordless-login.js at run time, not ${args.path}` }] };
    });
  },
};

export async function buildReact(outfile = resolve(REPO, 'dist/widget/react.js')) {
  await build({
    entryPoints: [resolve(REPO, 'src/react/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    sourcesContent: true,
    external: ['react', '@lit/react'],
    plugins: [elementFromEntry],
    logLevel: 'warning',
    // V8's compile hint, first line like every script of the ES build (vite.config.ts).
    banner: { js: COMPILE_HINT },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildReact();
}
