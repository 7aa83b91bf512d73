// The one place that says how this project runs Chromium: Debian's /usr/bin/chromium (CHROME_PATH
// overrides), headless, as root, on a closed network. Used by the widget tests (Web Test Runner),
// the e2e and auth0.js tests (playwright-core) and the screenshot script.
import { existsSync } from 'node:fs';

/**
 * --no-sandbox: Chromium refuses to start as root without it. The background-networking and
 * component-update switches stop it from calling home, which a closed network answers with a
 * flood of refused connections.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** The Chromium binary to run; throws a message naming the install command when it is missing. */
export function chromiumPath() {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it with \`apt-get install -y chromium\` ` +
        '(Debian) or point CHROME_PATH at a Chrome/Chromium binary.',
    );
  }
  return path;
}
