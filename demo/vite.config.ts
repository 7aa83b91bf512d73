/**
 * Vite config of the demo (root `demo/`), used by `npm start` (scripts/start.mjs) and
 * `vite build --config demo/vite.config.ts`.
 *
 * - `passwordless-login` resolves to the package's ES build in dist/widget, exactly what an app
 *   gets from `npm install passwordless-login`.
 * - `/cdn/passwordless-login.js` (and `/cdn/passkeys.js`, which it loads from beside itself)
 *   serves the script-tag build from dist/cdn, for script-tag.html (copied into dist/demo by
 *   `vite build --config demo/vite.config.ts`).
 * - `<!-- site-header -->` in the HTML becomes the shared header, the current page marked.
 * - `%PWL_API_URL%` in the HTML is replaced by the API's URL (env PWL_API_URL), so pages stay
 *   plain HTML with no inline script and still find the API whatever port it got.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = resolve(demoDir, '..');
const PAGES = ['index', 'script-tag', 'spa', 'hosted', 'themes', 'mailbox', 'callback'];

const NAV: [page: string, label: string][] = [
  ['index', 'Try it'],
  ['script-tag', 'Script tag'],
  ['spa', 'SPA'],
  ['hosted', 'Hosted login'],
  ['themes', 'Themes'],
  ['mailbox', 'Dev mailbox'],
];

/** The header every page shares (`<!-- site-header -->`), with the page at `path` marked current. */
function siteHeader(path: string): string {
  const here = path === '/' ? '/index.html' : path;
  const links = NAV.map(([page, label]) => {
    const href = `/${page}.html`;
    return `<a href="${href}"${href === here ? ' aria-current="page"' : ''}>${label}</a>`;
  });
  return `<header class="site-header">
      <a class="brand" href="/index.html">&lt;passwordless-login&gt;</a>
      <nav class="site-nav" aria-label="Demo pages">
        ${links.join('\n        ')}
      </nav>
    </header>`;
}

function passwordlessDemo(apiUrl: string): Plugin {
  return {
    name: 'passwordless-demo',
    // `vite build`: the script-tag page's two classic scripts are copied as they are.
    generateBundle() {
      const copies: [string, string][] = [
        [resolve(repoDir, 'dist/cdn/passwordless-login.js'), 'cdn/passwordless-login.js'],
        // The passkey UI, which the script-tag file loads from beside itself.
        [resolve(repoDir, 'dist/cdn/passkeys.js'), 'cdn/passkeys.js'],
        [resolve(demoDir, 'src/show-source.js'), 'src/show-source.js'],
      ];
      for (const [from, fileName] of copies) {
        if (existsSync(from)) this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
      }
    },
    // 'pre', so the placeholder is gone before Vite's own %ENV% replacement looks at the HTML.
    transformIndexHtml: {
      order: 'pre',
      handler: (html, { path }) =>
        html.replaceAll('%PWL_API_URL%', apiUrl).replace('<!-- site-header -->', siteHeader(path)),
    },
    configureServer(server) {
      server.middlewares.use('/cdn/', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        if (!/^(passwordless-login|passkeys)\.js(\.map)?$/.test(name)) return next();
        const file = resolve(repoDir, 'dist/cdn', name);
        if (!existsSync(file)) {
          res.statusCode = 404;
          res.end('dist/cdn is missing: run `npm run build:widget` (npm start does it for you)');
          return;
        }
        res.setHeader('content-type', name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig((): UserConfig => {
  const apiUrl = (process.env.PWL_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  return {
    root: demoDir,
    publicDir: false,
    clearScreen: false,
    plugins: [passwordlessDemo(apiUrl)],
    resolve: {
      alias: [{ find: /^passwordless-login$/, replacement: resolve(repoDir, 'dist/widget/passwordless-login.js') }],
    },
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
    build: {
      outDir: resolve(repoDir, 'dist/demo'),
      emptyOutDir: true,
      rolldownOptions: { input: Object.fromEntries(PAGES.map((p) => [p, resolve(demoDir, `${p}.html`)])) },
    },
  };
});
