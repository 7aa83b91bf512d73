/**
 * Firefox and WebKit behind one small page abstraction, for the core flows of engines.test.ts:
 * Debian's firefox-esr through puppeteer-core over WebDriver BiDi, WebKitGTK's MiniBrowser
 * through WebKitWebDriver (scripts/lib/webkit.mjs). Chromium stays on playwright-core (flows.test.ts).
 * Keys are real key events in both (BiDi input actions, WebDriver actions).
 */
import puppeteer, { type Browser, type KeyInput, type Page } from 'puppeteer-core';
import { firefoxLaunchOptions } from '../../../scripts/lib/firefox.mjs';
import { launchWebKit, type WebKitSession } from '../../../scripts/lib/webkit.mjs';

export type Engine = 'firefox' | 'webkit';
export const ENGINE_NAME: Record<Engine, string> = { firefox: 'Firefox', webkit: 'WebKit' };

/** One tab. */
export interface EnginePage {
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Evaluates a JS expression (a string: tsx would wrap a function in helpers the page lacks). */
  evaluate<T>(expression: string): Promise<T>;
  /** Types text into whatever has focus, key by key. */
  type(text: string): Promise<void>;
  press(key: 'Enter' | 'Tab'): Promise<void>;
  /** Presses `key` with Control held (Control+a, Control+c, Control+v). */
  withControl(key: string): Promise<void>;
  /** What the page guard recorded in this tab (CSP violations, exceptions, console errors). */
  problems(): Promise<string[]>;
}

/** One browser profile (fresh storage) for one test; its tabs share storage and BroadcastChannel. */
export interface EngineSession {
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly version: string;
  newSession(): Promise<EngineSession>;
  close(): Promise<void>;
}

/** The page guard's record (support/static-server.ts); all test pages share one origin, so one tab's record survives its redirects. */
const GUARD_PROBLEMS = `JSON.parse(sessionStorage.getItem('e2e-problems') || '[]')`;

export class FirefoxPage implements EnginePage {
  /** Console errors and uncaught exceptions seen over BiDi, besides the page guard's record. */
  private readonly seen: string[] = [];

  constructor(private readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.seen.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.seen.push(`uncaught exception on ${page.url()}: ${String(error)}`));
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  evaluate<T>(expression: string): Promise<T> {
    return this.page.evaluate(expression) as Promise<T>;
  }

  /** Runs `script` in every document the page loads from now on, before the page's own scripts. */
  async beforeScripts(script: string): Promise<void> {
    await this.page.evaluateOnNewDocument(script);
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  async press(key: 'Enter' | 'Tab'): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async withControl(key: string): Promise<void> {
    await this.page.keyboard.down('Control');
    await this.page.keyboard.press(key as KeyInput);
    await this.page.keyboard.up('Control');
  }

  async problems(): Promise<string[]> {
    return [...this.seen, ...(await this.evaluate<string[]>(GUARD_PROBLEMS))];
  }
}

async function launchFirefox(): Promise<EngineBrowser> {
  const browser: Browser = await puppeteer.launch(firefoxLaunchOptions());
  const version = (await browser.version()).replace(/^firefox\//i, '');
  return {
    version,
    async newSession() {
      const context = await browser.createBrowserContext();
      return {
        newPage: async () => new FirefoxPage(await context.newPage()),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** A WebKit tab: every command first switches the WebDriver session to it. */
class WebKitPage implements EnginePage {
  constructor(
    private readonly session: WebKitSession,
    private readonly handle: string,
  ) {}

  private async here(): Promise<WebKitSession> {
    await this.session.switchTo(this.handle);
    return this.session;
  }

  async goto(url: string): Promise<void> {
    await (await this.here()).navigate(url);
  }

  async url(): Promise<string> {
    return (await this.here()).url();
  }

  async evaluate<T>(expression: string): Promise<T> {
    return (await this.here()).execute<T>(`return (${expression});`);
  }

  async type(text: string): Promise<void> {
    await (await this.here()).keys([...text]);
  }

  async press(key: 'Enter' | 'Tab'): Promise<void> {
    await (await this.here()).keys([key]);
  }

  async withControl(key: string): Promise<void> {
    await (await this.here()).chord('Control', key);
  }

  async problems(): Promise<string[]> {
    return this.evaluate<string[]>(GUARD_PROBLEMS);
  }
}

async function startWebKit(): Promise<EngineBrowser> {
  // A MiniBrowser per test: nothing of one test's storage reaches the next.
  const probe = await launchWebKit();
  const version = probe.version ?? 'unknown';
  await probe.close();
  return {
    version,
    async newSession() {
      const session = await launchWebKit();
      let first = true;
      return {
        async newPage() {
          if (first) {
            first = false;
            return new WebKitPage(session, await session.windowHandle());
          }
          return new WebKitPage(session, await session.newTab());
        },
        close: () => session.close(),
      };
    },
    close: async () => undefined,
  };
}

export function launchEngine(engine: Engine): Promise<EngineBrowser> {
  return engine === 'firefox' ? launchFirefox() : startWebKit();
}

/** Polls `expression` in the page until it is truthy. */
export async function waitUntil(page: EnginePage, expression: string, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate<boolean>(`!!(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
