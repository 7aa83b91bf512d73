// The three engines the widget suite runs in (web-test-runner.config.mjs), chosen with BROWSERS
// (comma-separated: chromium, firefox, webkit; all three by default), and the one command the
// tests need beyond Web Test Runner's own: media emulation that works in all three.
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';
import { emulateFirefoxMedia, firefoxLaunchOptions } from './firefox.mjs';
import { launchWebKit } from './webkit.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines named in BROWSERS (all by default); an unknown name is an error. */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value || !value.trim()) return ENGINES;
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !ENGINES.includes(name));
  if (unknown.length > 0) {
    throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')} (choose from ${ENGINES.join(', ')})`);
  }
  return names;
}

/**
 * WebKit for Web Test Runner: one MiniBrowser window (scripts/lib/webkit.mjs), each test file
 * loaded in turn. `type: 'webdriver'` lets @web/test-runner-commands' sendKeys use sendKeys().
 */
class WebKitLauncher {
  name = 'WebKit';
  type = 'webdriver';
  concurrency = 1;
  #session;
  #starting;
  #urls = new Map();

  async #browser() {
    this.#starting ??= launchWebKit();
    this.#session = await this.#starting;
    return this.#session;
  }

  async initialize() {}

  async startSession(sessionId, url) {
    const browser = await this.#browser();
    this.#urls.set(sessionId, url);
    await browser.navigate(url);
  }

  isActive(sessionId) {
    return this.#urls.has(sessionId);
  }

  getBrowserUrl(sessionId) {
    return this.#session ? this.#session.url() : this.#urls.get(sessionId);
  }

  async stopSession(sessionId) {
    this.#urls.delete(sessionId);
    await this.#session?.navigate('about:blank');
    return {};
  }

  startDebugSession() {
    throw new Error('Debugging is not supported in WebKit here: run BROWSERS=chromium npx web-test-runner --manual');
  }

  async sendKeys(_sessionId, keys) {
    await (await this.#browser()).keys(keys);
  }

  async emulateMedia(_sessionId, media) {
    await (await this.#browser()).emulateMedia(media);
  }

  async stop() {
    if (this.#starting) await (await this.#starting).close();
  }
}

function chromium() {
  const launcher = chromeLauncher({
    launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS },
  });
  launcher.name = 'Chromium';
  launcher.emulateMedia = async (sessionId, { colorScheme, reducedMotion }) => {
    const features = [];
    if (colorScheme) features.push({ name: 'prefers-color-scheme', value: colorScheme });
    if (reducedMotion) features.push({ name: 'prefers-reduced-motion', value: reducedMotion });
    await launcher.getPage(sessionId).emulateMediaFeatures(features);
  };
  return launcher;
}

function firefox() {
  // puppeteer-core speaks WebDriver BiDi to Firefox; it never downloads a browser.
  const launcher = chromeLauncher({ puppeteer, launchOptions: firefoxLaunchOptions() });
  launcher.emulateMedia = async (sessionId, media) => {
    await emulateFirefoxMedia(launcher.getPage(sessionId).browser(), media);
  };
  return launcher;
}

export function widgetBrowsers(engines = selectedEngines()) {
  const make = { chromium, firefox, webkit: () => new WebKitLauncher() };
  return engines.map((engine) => make[engine]());
}

/**
 * `pwl-emulate-media` ({colorScheme?, reducedMotion?}): what the user's system would say for
 * prefers-color-scheme and prefers-reduced-motion, in whichever engine runs the test
 * (test/widget/media.ts). Web Test Runner's emulateMedia only reaches Chromium here.
 */
export function mediaCommandPlugin() {
  return {
    name: 'pwl-emulate-media',
    async executeCommand({ command, payload, session }) {
      if (command !== 'pwl-emulate-media') return undefined;
      await session.browser.emulateMedia(session.id, payload ?? {});
      return true;
    },
  };
}
