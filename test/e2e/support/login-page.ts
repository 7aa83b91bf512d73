/**
 * Driving the test app like a user: open it, type into the element's fields (found by their
 * accessible names, through the shadow root), and read what it emitted.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { LoginResult } from '../../../src/protocol/index.js';
import type { Environment, Build } from './environment.js';
import { PAGE } from './environment.js';
import { waitUntil } from './process.js';

export interface ElementOptions {
  connection?: string;
  send?: string;
  'default-country'?: string;
  countries?: string;
  lang?: string;
}

export async function openLoginPage(
  context: BrowserContext,
  env: Environment,
  build: Build,
  options: ElementOptions = {},
): Promise<Page> {
  const page = await context.newPage();
  const query = new URLSearchParams(options as Record<string, string>).toString();
  await page.goto(`${env.pages.origin}${PAGE[build]}${query ? `?${query}` : ''}`);
  await page.locator('passwordless-login[state="identifier"]').waitFor();
  return page;
}

export function waitForState(page: Page, state: string, timeout = 15_000): Promise<void> {
  return page.locator(`passwordless-login[state="${state}"]`).waitFor({ timeout });
}

/** Resolves with the `count`-th login detail the page recorded. */
export async function waitForLogin(page: Page, count = 1, timeout = 15_000): Promise<LoginResult> {
  await page.waitForFunction((n) => window.e2e?.logins.length >= n, count, { timeout });
  return page.evaluate((n) => window.e2e.logins[n - 1]!, count);
}

export function recordedLogins(page: Page): Promise<number> {
  return page.evaluate(() => window.e2e.logins.length);
}

/**
 * Presses the resend button `name` until the server takes it. A press that comes before the
 * server's resend interval is over is answered 429, and the element counts its Retry-After down
 * with the button disabled; the next press waits for the button, as a person would. Resolves when
 * the element emits `sent` again; fails on any other error, or after `timeout`.
 */
export async function resendWhenAllowed(page: Page, name: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const left = () => Math.max(1, deadline - Date.now());
  for (;;) {
    const before = await page.evaluate(() => ({ sent: window.e2e.sent.length, errors: window.e2e.errors.length }));
    await page.getByRole('button', { name }).click({ timeout: left() });
    await page.waitForFunction((b) => window.e2e.sent.length > b.sent || window.e2e.errors.length > b.errors, before, {
      timeout: left(),
    });
    const refused = await page.evaluate(
      (b) => (window.e2e.sent.length > b.sent ? null : window.e2e.errors.at(-1)!.error),
      before,
    );
    if (refused === null) return;
    assert.equal(refused, 'too_many_requests', 'a resend is refused only while the resend interval runs');
  }
}

/**
 * Waits until the server holds `link` (a magic link) dead. Opening a link consumes nothing (a GET
 * only mints a code for the browser that asked), so it can be asked until its redirect says
 * access_denied, "expired". Fails after `timeout`.
 */
export async function untilLinkExpired(link: string, timeout = 30_000): Promise<void> {
  await waitUntil(
    async () => {
      const res = await fetch(link, { redirect: 'manual' });
      const to = new URL(res.headers.get('location') ?? '', link);
      return (
        to.searchParams.get('error') === 'access_denied' &&
        /expired/.test(to.searchParams.get('error_description') ?? '')
      );
    },
    timeout,
    200,
  );
}

export async function requestEmail(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Email', { exact: true }).press('Enter');
}

export async function typeCode(page: Page, code: string): Promise<void> {
  const field = page.getByLabel('Verification code');
  await field.fill('');
  // Typed key by key like a person (the element submits on the 6th digit).
  await field.pressSequentially(code);
}

/**
 * Text the element shows, shadow DOM and slotted content included (what a user reads).
 * A string, not a function: tsx would wrap a named function in a helper the page lacks.
 */
export const VISIBLE_TEXT = `(host) => {
  const collect = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent || '';
    if (node instanceof HTMLStyleElement) return '';
    let text = '';
    for (const child of (node.shadowRoot || node).childNodes) text += ' ' + collect(child);
    if (node instanceof HTMLSlotElement) for (const n of node.assignedNodes()) text += ' ' + collect(n);
    return text;
  };
  return collect(host).replace(/\\s+/g, ' ').trim();
}`;

export function elementText(page: Page): Promise<string> {
  return page.evaluate(`(${VISIBLE_TEXT})(document.querySelector('passwordless-login'))`) as Promise<string>;
}

/** The accessible label of the focused field inside the element ('' when focus is elsewhere). */
export function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const field = document.querySelector('passwordless-login')?.shadowRoot?.activeElement;
    if (!field) return '';
    const byFor = field.id ? field.getRootNode().querySelector('label[for="' + field.id + '"]') : null;
    return ((field.labels && field.labels[0]) || byFor || field.closest('label'))?.textContent.trim() ?? field.getAttribute('aria-label') ?? '';
  })()`) as Promise<string>;
}
