/**
 * Browser tests for the widget: Web Test Runner + @open-wc/testing in the system Chromium.
 * TypeScript goes through esbuild with tsconfig.json (experimentalDecorators,
 * useDefineForClassFields: false: without it Lit's reactive properties silently break).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(
    `Chromium not found at ${executablePath}. Install it with \`apt-get install -y chromium\` ` +
      '(Debian) or point CHROME_PATH at a Chrome/Chromium binary.',
  );
}

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
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
        ],
      },
    }),
  ],
};
