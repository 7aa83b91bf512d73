// How this project runs Firefox: Debian's firefox-esr (FIREFOX_PATH overrides), headless, driven
// by puppeteer-core over WebDriver BiDi (no download: puppeteer-core never fetches a browser).
// Used by the widget tests (Web Test Runner) and the e2e flows.
import { existsSync } from 'node:fs';

/**
 * --remote-allow-system-access lets the BiDi session reach Firefox's own (chrome) context, the
 * only way to switch the preferences behind prefers-color-scheme and prefers-reduced-motion while
 * a page is open (BiDi has no media emulation). Nothing else uses it.
 */
export const FIREFOX_ARGS = ['--remote-allow-system-access'];

/**
 * Preferences for a closed network: no update checks, telemetry, captive-portal or
 * safe-browsing calls (puppeteer sets most of these itself; these are the ones it leaves on).
 */
export const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
};

/** The Firefox binary to run; throws a message naming the install command when it is missing. */
export function firefoxPath() {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(
      `Firefox not found at ${path}. Install it with \`apt-get install -y firefox-esr\` (Debian) ` +
        'or point FIREFOX_PATH at a Firefox binary.',
    );
  }
  return path;
}

/** puppeteer-core launch options for Debian's Firefox. */
export function firefoxLaunchOptions() {
  return {
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    args: FIREFOX_ARGS,
    extraPrefsFirefox: FIREFOX_PREFS,
  };
}

/**
 * Switches what prefers-color-scheme ('light' | 'dark') and prefers-reduced-motion ('reduce' |
 * 'no-preference') report to every page of `browser` (a puppeteer-core Browser over BiDi), the way
 * the user's own setting would.
 */
export async function emulateFirefoxMedia(browser, { colorScheme, reducedMotion } = {}) {
  const statements = [];
  // layout.css.prefers-color-scheme.content-override: 0 dark, 1 light.
  if (colorScheme) {
    statements.push(
      `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${colorScheme === 'dark' ? 0 : 1});`,
    );
  }
  if (reducedMotion) {
    statements.push(`Services.prefs.setIntPref('ui.prefersReducedMotion', ${reducedMotion === 'reduce' ? 1 : 0});`);
  }
  if (statements.length === 0) return;
  const { result } = await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = result.contexts[0]?.context;
  if (!context) throw new Error('Firefox exposed no chrome context (is --remote-allow-system-access set?)');
  const { result: evaluated } = await browser.connection.send('script.evaluate', {
    expression: `${statements.join(' ')} true`,
    target: { context },
    awaitPromise: false,
  });
  if (evaluated.type !== 'success')
    throw new Error(`Firefox refused the media preferences: ${JSON.stringify(evaluated)}`);
}
