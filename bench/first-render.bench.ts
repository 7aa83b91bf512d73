/**
 * First render: how much later a page shows the element's input than the same page with a plain
 * `<input>`, in headless Chromium with the CPU throttled 4× over CDP (about a mid-range phone).
 * Builds the current source into a temporary directory (dist/ is left alone), serves it from
 * loopback, loads each page 7 times in a fresh page (cache off) and prints the medians.
 *
 * A page records `performance.now()` at the first animation frame where its input is in the
 * layout (has a box), the same inline probe script first in every page's head, counted from when
 * that script ran; see PROBE for why it asks for the box (it counts each page's own style and
 * layout of the input, wherever the browser ran them) and why it counts from the head.
 * Cases: the script-tag build
 * with `connection="email"` and `"sms"` (for sms: the phone field, with its country select showing
 * the selected country; the whole list, which follows when the page is idle, is printed apart),
 * and the ES build with lit shared: lit is one module the app already loads (an import map points
 * `lit` at it), so that row's baseline is the plain page loading the same lit module; the page
 * preloads the element's static imports as a bundler's HTML would (`<link rel="modulepreload">`).
 *
 * The machine is shared and noisy, so the pages are loaded in rounds (each round loads every page
 * once, one after the other) after one discarded warm-up round: a busy spell then slows every
 * page alike instead of one row. Under the table it lists the files each page fetched, to show
 * that no locale file or unbundled module was counted. Prints a table; never fails on a time.
 *
 * Peers, from their npm packages (bench/first-render-peers.ts): Auth0 Lock (bundled here, its client
 * settings served from loopback) gets a row; Hanko Elements draws no input without its API, so the
 * bench prints what it drew instead. Nothing leaves loopback: other requests are aborted in the page
 * and listed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/lib/chromium.mjs';
import {
  blockNonLoopback,
  buildPeers,
  HANKO_VERSION,
  hankoOffline,
  LOCK_PAGE,
  LOCK_VERSION,
} from './first-render-peers.js';
import { benchPages, buildBenchFiles, page } from './first-render-pages.js';

const tmp = mkdtempSync(join(tmpdir(), 'pwl-first-render-'));
const LOADS = 7;
const THROTTLE = 4;

const PAGES: Record<string, string> = {
  ...benchPages(),
  'lock-email.html': page(LOCK_PAGE.body, LOCK_PAGE.head),
};

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

async function serve(): Promise<{ origin: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path.slice(1);
    if (PAGES[name]) return void res.writeHead(200, { 'content-type': TYPES['.html']! }).end(PAGES[name]);
    const file = normalize(join(tmp, path));
    if (!file.startsWith(tmp)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  await buildBenchFiles(tmp);
  await buildPeers(tmp);
  writeFileSync(join(tmp, 'index.html'), '');
  const server = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const names = Object.keys(PAGES);
    const times = new Map<string, number[]>(names.map((n) => [n, []]));
    /** When the frame that timed the input began, before its pending style and layout. */
    const inDomTimes = new Map<string, number[]>(names.map((n) => [n, []]));
    const fetched = new Map<string, string[]>();
    const blocked = new Set<string>();
    /** sms: when the whole country list was in the select (it follows the first frame). */
    const listedTimes: number[] = [];
    const load = async (name: string): Promise<{ shown: number; inDom: number; listed?: number }> => {
      const context = await browser.newContext();
      try {
        await blockNonLoopback(context, blocked);
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
        await tab.goto(`${server.origin}/${name}`);
        const sms = name.includes('sms');
        await tab.waitForFunction(
          (sms) => {
            const w = window as { __shown?: number; __listed?: number };
            return w.__shown !== undefined && (!sms || w.__listed !== undefined);
          },
          sms,
          { timeout: 30_000 },
        );
        // From the probe's start, the first script of the head (see PROBE).
        const { shown, inDom, listed, files } = await tab.evaluate(() => {
          const w = window as unknown as { __start: number; __shown: number; __inDom: number; __listed?: number };
          return {
            shown: w.__shown - w.__start,
            inDom: w.__inDom - w.__start,
            listed: w.__listed === undefined ? undefined : w.__listed - w.__start,
            files: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname),
          };
        });
        fetched.set(name, files);
        return { shown, inDom, listed };
      } finally {
        await context.close();
      }
    };
    for (const name of names) await load(name); // warm-up round, not counted
    for (let i = 0; i < LOADS; i++) {
      for (const name of names) {
        const { shown, inDom, listed } = await load(name);
        times.get(name)!.push(shown);
        inDomTimes.get(name)!.push(inDom);
        if (name === 'cdn-sms.html') listedTimes.push(listed!);
      }
    }
    const results = new Map(names.map((n) => [n, median(times.get(n)!)]));
    const plain = results.get('plain.html')!;
    const ms = (n: number) => `${Math.round(n)} ms`;
    const row = (label: string, name: string, goal: string, base = plain) => {
      const t = results.get(name)!;
      console.log(`| ${label} | ${ms(t)} | ${ms(t - base)} | ${goal} |`);
    };
    console.log(`\n## First render (headless Chromium, CPU ${THROTTLE}× throttled, median of ${LOADS} loads)\n`);
    console.log('| page | input shown (from the head) | minus plain input | goal (minus plain) |\n|---|---|---|---|');
    console.log(`| plain \`<input>\` | ${ms(plain)} | — | — |`);
    row('email, script-tag build', 'cdn-email.html', '≤ 120 ms');
    row('sms, script-tag build (phone field and its country)', 'cdn-sms.html', '≤ 200 ms');
    console.log(`| plain \`<input>\`, lit loaded | ${ms(results.get('plain-lit.html')!)} | — | — |`);
    row('email, ES build, lit shared (minus plain + lit)', 'es-email.html', '≤ 80 ms', results.get('plain-lit.html')!);
    row(
      'a minimal Lit element: the same input in one template, no styles (minus plain + lit)',
      'lit-min.html',
      '—',
      results.get('plain-lit.html')!,
    );
    row(
      'email, ES build, in an app that renders with Lit (minus that app alone: the row above)',
      'es-in-lit-app.html',
      '—',
      results.get('lit-min.html')!,
    );
    row(`Auth0 Lock ${LOCK_VERSION}, passwordless email (client settings from loopback)`, 'lock-email.html', '—');
    console.log(
      `\nsms: the whole country list was in the select at ${ms(median(listedTimes))} (median; ` +
        `${ms(median(listedTimes) - results.get('cdn-sms.html')!)} after the field was shown). The element fills ` +
        'it after the first frame when the page is idle, or at once when the select is focused or pressed.',
    );
    // The same loads timed as this bench did before 2026-11-26: at the start of the frame that
    // finds the input in the DOM, before that frame's style and layout (see PROBE).
    const early = (n: string) => median(inDomTimes.get(n)!);
    const minus = (n: string, base: string) => `+${Math.round(early(n) - early(base))}`;
    console.log(
      `\nThe same loads timed before the input's layout (at the start of its frame, as this bench did until ` +
        `2026-11-26): email ${minus('cdn-email.html', 'plain.html')}, sms ${minus('cdn-sms.html', 'plain.html')}, ` +
        `ES build ${minus('es-email.html', 'plain-lit.html')} ms (plain ${Math.round(early('plain.html'))}, ` +
        `plain + lit ${Math.round(early('plain-lit.html'))} ms).`,
    );
    console.log('\nFiles each page fetched (resource timing):\n');
    for (const name of names) console.log(`- ${name}: ${fetched.get(name)!.join(', ') || '(none)'}`);
    const hanko = await hankoOffline(browser, server.origin, blocked);
    console.log(
      `\nHanko Elements ${HANKO_VERSION} has no row: ${hanko.inputs} input(s) after 5 s offline. It asked its API ` +
        `first (${hanko.requests.filter((r) => r.includes('/hanko-api/')).join(', ') || 'nothing'}; 404 here) ` +
        `and drew "${hanko.text}" instead of a form. Auth0 Lock without its client settings draws ` +
        '"Something went wrong. Please contact technical support." and no input, so its row serves a ' +
        'minimal settings file (one email connection) from loopback: its best case.',
    );
    console.log(`Requests aborted (not loopback): ${[...blocked].sort().join(', ') || 'none'}.`);
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
