/**
 * Browser tests for the widget: Web Test Runner + @open-wc/testing in Chromium, Firefox and WebKit
 * (Debian's chromium, firefox-esr and WebKitGTK; scripts/lib/wtr-browsers.mjs). BROWSERS=firefox
 * (or a comma-separated list) runs only those engines.
 * TypeScript goes through esbuild with tsconfig.json (experimentalDecorators,
 * useDefineForClassFields: false: without it Lit's reactive properties silently break).
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { mediaCommandPlugin, widgetBrowsers } from './scripts/lib/wtr-browsers.mjs';

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time per engine: a second page is a background tab, where
  // requestAnimationFrame (which @open-wc's fixture() awaits) is throttled and tests time out.
  concurrency: 1,
  // A busy machine (CI beside other jobs) can take longer than the default 30 s to open a page,
  // above all in Firefox over WebDriver BiDi.
  browserStartTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'auto',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    mediaCommandPlugin(),
  ],
  browsers: widgetBrowsers(),
};
