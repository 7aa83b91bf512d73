/**
 * Debian Chromium through playwright-core, with a guard on every page: a Content Security Policy
 * violation, an uncaught exception or a console error fails the test that caused it.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  type Page,
} from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/lib/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** Problems seen on the pages of one test. */
export class PageGuard {
  readonly problems: string[] = [];
  /** HTTP statuses the test provokes on purpose (Chromium logs each failed fetch as an error). */
  private allowedStatuses = new Set<number>();

  allowHttpErrors(...statuses: number[]): void {
    for (const status of statuses) this.allowedStatuses.add(status);
  }

  /** Watches every page the context opens, now and later (second tabs included). */
  watch(context: BrowserContext): void {
    for (const page of context.pages()) this.watchPage(page);
    context.on('page', (page) => this.watchPage(page));
  }

  private watchPage(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const status = text.match(/the server responded with a status of (\d{3})/)?.[1];
      if (status && this.allowedStatuses.has(Number(status))) return;
      this.problems.push(`console error on ${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) =>
      this.problems.push(`uncaught exception on ${page.url()}: ${error.stack ?? error.message}`),
    );
  }

  /**
   * Waits until every console message `page` wrote so far has reached the guard (Chromium's own
   * "Refused to …" line of a CSP violation included): a marker is logged last, and console
   * messages arrive in order. For a test that checks the guard with nothing else left to wait for.
   */
  async settle(page: Page): Promise<void> {
    const marker = `guard settled ${Math.random()}`;
    const seen = page.waitForEvent('console', (message) => message.text() === marker);
    await page.evaluate((text) => console.log(text), marker);
    await seen;
  }

  /** Throws when anything went wrong; call at the end of each test. */
  assertClean(): void {
    if (this.problems.length > 0) {
      throw new Error(`the page reported ${this.problems.length} problem(s):\n- ${this.problems.join('\n- ')}`);
    }
  }
}

/**
 * Runs in every document before its own scripts. CSP violations (including those inside shadow
 * roots: the event is composed) are reported as console errors, which the guard turns into
 * failures; Chromium's own "Refused to …" console line is caught as well.
 */
const REPORT_CSP_VIOLATIONS = `
  addEventListener('securitypolicyviolation', (event) => {
    console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
      ' at ' + event.sourceFile + ':' + event.lineNumber);
  }, true);
`;

export async function newGuardedContext(
  browser: Browser,
  guard: PageGuard,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 800 }, ...options });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  guard.watch(context);
  return context;
}

/**
 * Adds Chromium's virtual platform authenticator to the page of `cdp` (the caller has sent
 * `WebAuthn.enable`): resident keys, user verification that succeeds, presence given by itself. Its id.
 */
export async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/**
 * Runs `run` in a fresh browser context (cookies and storage of its own) with a guard over all its
 * pages; the pages must stay clean, and the context is closed after.
 */
export async function withGuardedContext(
  browser: Browser,
  run: (context: BrowserContext, guard: PageGuard) => Promise<void>,
): Promise<void> {
  const guard = new PageGuard();
  const context = await newGuardedContext(browser, guard);
  try {
    await run(context, guard);
    guard.assertClean();
  } finally {
    await context.close();
  }
}
