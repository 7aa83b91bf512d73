/**
 * The three engines as the visual suite needs them: open a URL, evaluate an expression, and take a
 * PNG of one element. Chromium through playwright-core, Firefox through puppeteer-core over
 * WebDriver BiDi, WebKit through WebKitWebDriver on its own Xvfb (scripts/lib). Every engine
 * draws at device pixel ratio 1, in the light colour scheme, with reduced motion.
 */
import { PNG } from 'pngjs';
import puppeteer from 'puppeteer-core';
import { launchChromium } from './browser.js';
import { emulateFirefoxMedia, firefoxLaunchOptions } from '../../../scripts/lib/firefox.mjs';
import { launchWebKit } from '../../../scripts/lib/webkit.mjs';

export type VisualEngine = 'chromium' | 'firefox' | 'webkit';
export const VISUAL_ENGINES: VisualEngine[] = ['chromium', 'firefox', 'webkit'];

export interface ShotTab {
  /** The engine's version, for the report. */
  readonly version: string;
  goto(url: string): Promise<void>;
  /** Evaluates a JS expression (a string: tsx would wrap a function in helpers the page lacks). */
  evaluate<T>(expression: string): Promise<T>;
  /** PNG of the first element matching `selector`, clipped to its border box. */
  screenshot(selector: string): Promise<Buffer>;
  /**
   * Chromium only (the others draw a select's list outside the page, where no screenshot of the
   * page reaches): opens the focused select's list with Alt+ArrowDown, a real key press, waits
   * until the select matches `:open`, and returns a PNG of `selector`'s box and `below` pixels
   * under it, where the list hangs.
   */
  openListAndShoot?(select: string, selector: string, below: number): Promise<Buffer>;
  close(): Promise<void>;
}

const VIEWPORT = { width: 800, height: 900 };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `box` (CSS pixels at ratio 1, rounded as the engines round an element screenshot) cut out of a PNG. */
function crop(png: Buffer, box: Box): Buffer {
  const whole = PNG.sync.read(png);
  const x = Math.round(box.x);
  const y = Math.round(box.y);
  const width = Math.min(Math.round(box.width), whole.width - x);
  const height = Math.min(Math.round(box.height), whole.height - y);
  const part = new PNG({ width, height });
  PNG.bitblt(whole, part, x, y, width, height, 0, 0);
  return PNG.sync.write(part);
}

async function chromiumTab(): Promise<ShotTab> {
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme: 'light',
    reducedMotion: 'reduce',
    locale: 'en-US',
  });
  const page = await context.newPage();
  return {
    version: browser.version(),
    goto: async (url) => void (await page.goto(url)),
    evaluate: (expression) => page.evaluate(expression),
    screenshot: (selector) => page.locator(selector).screenshot({ animations: 'disabled', caret: 'hide' }),
    async openListAndShoot(select, selector, below) {
      await page.keyboard.press('Alt+ArrowDown');
      await page.waitForFunction(`${select}.matches(':open')`);
      const box = await page.locator(selector).boundingBox();
      if (!box) throw new Error(`${selector} is not drawn`);
      // The whole viewport, cropped here: a screenshot with a clip leaves the list out.
      const viewport = await page.screenshot({ animations: 'disabled', caret: 'hide' });
      return crop(viewport, { ...box, height: box.height + below });
    },
    close: () => browser.close(),
  };
}

async function firefoxTab(): Promise<ShotTab> {
  const browser = await puppeteer.launch(firefoxLaunchOptions());
  try {
    await emulateFirefoxMedia(browser, { colorScheme: 'light', reducedMotion: 'reduce' });
    const page = await browser.newPage();
    await page.setViewport({ ...VIEWPORT, deviceScaleFactor: 1 });
    const version = (await browser.version()).replace(/^firefox\//i, '');
    return {
      version,
      goto: async (url) => void (await page.goto(url)),
      evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
      async screenshot(selector) {
        const element = await page.$(selector);
        if (!element) throw new Error(`no ${selector} on the page`);
        return Buffer.from(await element.screenshot());
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function webkitTab(): Promise<ShotTab> {
  const session = await launchWebKit();
  try {
    await session.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    return {
      version: session.version ?? 'unknown',
      goto: (url) => session.navigate(url),
      evaluate: (expression) => session.execute(`return (${expression});`),
      async screenshot(selector) {
        const box = await session.execute<Box>(
          `const r = document.querySelector(arguments[0]).getBoundingClientRect();
           return { x: r.x, y: r.y, width: r.width, height: r.height };`,
          [selector],
        );
        return crop(await session.screenshot(), box);
      },
      close: () => session.close(),
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}

export function openShotTab(engine: VisualEngine): Promise<ShotTab> {
  return engine === 'chromium' ? chromiumTab() : engine === 'firefox' ? firefoxTab() : webkitTab();
}
