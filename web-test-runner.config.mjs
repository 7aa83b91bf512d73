/**
 * Browser tests for the widget: Web Test Runner + @open-wc/testing in the system Chromium.
 * TypeScript goes through esbuild with tsconfig.json (experimentalDecorators,
 * useDefineForClassFields: false: without it Lit's reactive properties silently break).
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';

const executablePath = chromiumPath();

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: a second page is a background tab, where requestAnimationFrame (which
  // @open-wc's fixture() awaits) is throttled and tests time out.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'auto',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
};
