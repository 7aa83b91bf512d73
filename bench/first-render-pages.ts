/**
 * The pages and the probe of the first-render bench (bench/first-render.bench.ts), shared with its
 * diagnostic (bench/first-render-trace.ts) so both time the same pages the same way.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';

const root = join(import.meta.dirname, '..');

/**
 * Builds what the pages load into `dir`: the current source's script-tag build (`cdn/`), its ES
 * build (`es/`) and lit as one module (`vendor/lit.js`). dist/ is left alone.
 */
export async function buildBenchFiles(dir: string): Promise<void> {
  for (const [mode, out] of [
    ['cdn', 'cdn'],
    ['production', 'es'],
  ] as const) {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      mode,
      logLevel: 'silent',
      build: { outDir: join(dir, out), sourcemap: false },
    });
  }
  await esbuild({
    stdin: { contents: "export * from 'lit';", resolveDir: root },
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    outfile: join(dir, 'vendor', 'lit.js'),
    logLevel: 'silent',
  });
  // The floor of the ES row: the least a Lit element does, the same input in one template, with no
  // styles and no properties (the bench's row "a minimal Lit element").
  writeFileSync(
    join(dir, 'vendor', 'min-element.js'),
    "import { LitElement, html } from 'lit';\n" +
      "customElements.define('min-login', class extends LitElement {\n" +
      '  render() { return html`<label>Email <input type="email" autocomplete="email"></label>`; }\n' +
      '});\n',
  );
}

/**
 * Marks the first frame where the input is in the layout. The same inline script first in every
 * page's head (until 2026-11-26 it was a file, /probe.js: a parser-blocking fetch that took 0–150 ms
 * at 4× throttling, the largest source of noise in the bench; see docs/performance.md).
 * Animation frame callbacks run at the start of a frame, before its style and layout: asking for
 * the input's boxes there runs the style and layout still pending (the frame then has none left),
 * so every page is timed up to the moment its input has a box, wherever its layout ran. Until
 * 2026-11-26 the probe only checked that the input was in the DOM at that point: a page the browser
 * had already laid out when parsing ended (Chromium lays out at DOMContentLoaded; the plain page
 * and the ES page, whose module scripts run just before it) was charged its layout, a page laid
 * out in that frame (plain + lit, whose DOMContentLoaded waits for lit; the script-tag pages) was
 * not. The bench prints those figures too (`__inDom`), under the table. The user timing mark
 * `shown` is for traces.
 *
 * Times are taken from `__start`, when the probe itself runs (the first script of the head), not
 * from navigation: what comes before (the renderer's start, the response, the first bytes of the
 * head) is the same for every page, and under 4× throttling on a busy two-core machine it wandered
 * by up to 150 ms from one load to the next, more than the differences the bench is for.
 *
 * An sms page is shown when its phone field has a box and its country select shows a country. Until
 * 2026-11-26 it waited for the whole country list; the element now fills the list after the first
 * frame, when the page is idle (see PhoneField.fill), and the probe records that frame as
 * `__listed`, which the bench prints beside the table.
 */
export const PROBE = `(() => {
  window.__start = performance.now();
  const sms = () => document.querySelector('passwordless-login[connection=sms]')?.shadowRoot;
  const input = () => {
    const el = document.querySelector('passwordless-login') ?? document.querySelector('min-login');
    if (!el) return document.querySelector('input');
    const root = el.shadowRoot;
    if (!root) return null;
    if (el.localName === 'min-login') return root.querySelector('input');
    if (sms()) return root.querySelector('#country')?.selectedOptions.length ? root.querySelector('#phone') : null;
    return root.querySelector('input[type=email]');
  };
  const tick = () => {
    const found = window.__shown === undefined ? input() : null;
    if (found) window.__inDom ??= performance.now();
    if (found?.getClientRects().length) (window.__shown = performance.now()), performance.mark('shown');
    if ((sms()?.querySelector('#country')?.options.length ?? 0) > 1) window.__listed ??= performance.now();
    if (window.__shown === undefined || (sms() && window.__listed === undefined)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
`;

export const page = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first render</title>` +
  `<script>${PROBE}</script>${head}</head><body>${body}</body></html>`;

const PLAIN_INPUT = '<label>Email <input type="email" autocomplete="email"></label>';

const element = (connection: string) =>
  `<passwordless-login domain="http://127.0.0.1:9" client-id="bench" connection="${connection}"></passwordless-login>`;

/**
 * The bench's own pages, for a build served under `at` (`''`: the root), named with `suffix`
 * before `.html`: the plain input, the script-tag build (email, sms), the plain input with lit
 * loaded and the ES build with lit shared as an app shares it (one module, `lit` mapped to it by an
 * import map; the element's static imports preloaded, as a bundler's HTML does).
 */
export function benchPages(at = '', suffix = ''): Record<string, string> {
  const lit =
    `<script type="importmap">{"imports":{"lit":"${at}/vendor/lit.js"}}</script>` +
    `<link rel="modulepreload" href="${at}/vendor/lit.js">`;
  const cdn = `<script src="${at}/cdn/passwordless-login.js"></script>`;
  return {
    [`plain${suffix}.html`]: page(PLAIN_INPUT),
    [`cdn-email${suffix}.html`]: page(element('email'), cdn),
    [`cdn-sms${suffix}.html`]: page(element('sms'), cdn),
    [`plain-lit${suffix}.html`]: page(PLAIN_INPUT, `${lit}<script type="module" src="${at}/vendor/lit.js"></script>`),
    [`lit-min${suffix}.html`]: page(
      '<min-login></min-login>',
      `${lit}<script type="module" src="${at}/vendor/min-element.js"></script>`,
    ),
    // An app that renders with Lit (the minimal element) and shows the element too.
    [`es-in-lit-app${suffix}.html`]: page(
      `<min-login></min-login>${element('email')}`,
      `${lit}<link rel="modulepreload" href="${at}/es/passwordless-login.component.js">` +
        `<script type="module" src="${at}/vendor/min-element.js"></script>` +
        `<script type="module" src="${at}/es/passwordless-login.js"></script>`,
    ),
    [`es-email${suffix}.html`]: page(
      element('email'),
      `${lit}<link rel="modulepreload" href="${at}/es/passwordless-login.component.js">` +
        `<script type="module" src="${at}/es/passwordless-login.js"></script>`,
    ),
  };
}
