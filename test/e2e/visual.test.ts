/**
 * Visual regression: every state of the element × every demo theme, drawn by Chromium, Firefox
 * and WebKit, compared pixel by pixel (pixelmatch) with the PNGs committed under
 * test/visual/baselines/<engine>/. The page (test/visual/site/) fakes the API inside itself and
 * freezes the clock, carets and animations, and draws with fonts from Debian's fonts-dejavu-core,
 * so a picture changes only when the element's look does (docs/visual-testing.md).
 *
 * A mismatch writes the new picture and a diff (changed pixels in red) under .tmp/visual/ and
 * names them. After an intended change: `npm run test:visual:update` (UPDATE_BASELINES=1)
 * rewrites the baselines; look at them, then commit them. BROWSERS=firefox (or a list) runs some
 * engines only. The three engines run at the same time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { openShotTab, VISUAL_ENGINES, type ShotTab, type VisualEngine } from './support/visual-engines.js';

const REPO = resolve(import.meta.dirname, '../..');
const BASELINES = resolve(REPO, 'test/visual/baselines');
const OUT = resolve(REPO, '.tmp/visual');
/** Debian's fonts-dejavu-core (.ci/run installs it). */
const FONTS = '/usr/share/fonts/truetype/dejavu';

export const THEMES = ['default', 'dark', 'brand', 'compact', 'rtl'] as const;
/** What each picture shows (test/visual/site/visual.js drives the element there). */
export const STATES = {
  identifier: 'an address typed, focus in the field',
  'identifier-error': 'the server refused the address: the message under the field',
  sending: 'waiting for /passwordless/start: the spinner in the button',
  code: 'three digits of the code typed, the resend countdown',
  'code-error': 'a wrong code: the message under the code field',
  'link-sent': 'a magic link was sent',
  done: 'signed in',
  country: 'SMS: focus on the country list',
} as const;
/** Chromium only: the country list open (Firefox and WebKit draw it outside the page). */
const LIST_OPEN = 'country-open';
/** The country select, from the page. */
const COUNTRY_SELECT = `document.querySelector('passwordless-login').shadowRoot.querySelector('#country')`;
/** Room under the element for the open list. */
const LIST_ROOM = 320;

/** Per-pixel colour distance pixelmatch ignores (0–1; anti-aliasing is ignored apart). */
const THRESHOLD = 0.1;
/** Pixels that may differ beyond THRESHOLD before a picture fails: rounding noise, not a change. */
const MAX_DIFF_PIXELS = 10;

const UPDATE = process.env.UPDATE_BASELINES === '1';
const wanted = (process.env.BROWSERS ?? '').toLowerCase();
const ENGINES = VISUAL_ENGINES.filter((engine) => !wanted.trim() || wanted.includes(engine));

interface Outcome {
  failure?: string;
  updated?: boolean;
}

/** Compares `actual` with its baseline (or writes the baseline when updating). */
async function compare(engine: VisualEngine, name: string, actual: Buffer): Promise<Outcome> {
  const baselinePath = resolve(BASELINES, engine, `${name}.png`);
  const actualPath = resolve(OUT, engine, `${name}.actual.png`);
  const diffPath = resolve(OUT, engine, `${name}.diff.png`);
  const show = (path: string) => relative(REPO, path);
  const keep = async (path: string, data: Buffer) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  };
  if (UPDATE) {
    const old = existsSync(baselinePath) ? await readFile(baselinePath) : undefined;
    if (old && old.equals(actual)) return {};
    if (old && count(PNG.sync.read(old), PNG.sync.read(actual)).pixels === 0) return {};
    await keep(baselinePath, actual);
    return { updated: true };
  }
  if (!existsSync(baselinePath)) {
    await keep(actualPath, actual);
    return { failure: `${name}: no baseline ${show(baselinePath)} (new picture: ${show(actualPath)})` };
  }
  const expected = PNG.sync.read(await readFile(baselinePath));
  const got = PNG.sync.read(actual);
  if (expected.width !== got.width || expected.height !== got.height) {
    await keep(actualPath, actual);
    return {
      failure:
        `${name}: size ${got.width}×${got.height}, baseline ${expected.width}×${expected.height}` +
        ` (new picture: ${show(actualPath)})`,
    };
  }
  const { pixels, diff } = count(expected, got);
  if (pixels <= MAX_DIFF_PIXELS) return {};
  await keep(actualPath, actual);
  await keep(diffPath, PNG.sync.write(diff));
  return { failure: `${name}: ${pixels} pixels differ; diff: ${show(diffPath)}, new picture: ${show(actualPath)}` };
}

function count(expected: PNG, got: PNG): { pixels: number; diff: PNG } {
  const diff = new PNG({ width: expected.width, height: expected.height });
  if (expected.width !== got.width || expected.height !== got.height) return { pixels: Infinity, diff };
  const pixels = pixelmatch(expected.data, got.data, diff.data, expected.width, expected.height, {
    threshold: THRESHOLD,
  });
  return { pixels, diff };
}

describe('visual regression: every state × demo theme × engine', { concurrency: true }, () => {
  let site: StaticServer;

  before(async () => {
    assert.ok(existsSync(resolve(REPO, 'dist/cdn/passwordless-login.js')), 'run `npm run build:widget` first');
    assert.ok(existsSync(resolve(FONTS, 'DejaVuSans.ttf')), `no ${FONTS}: apt-get install fonts-dejavu-core`);
    site = await startStaticServer({
      mounts: {
        '/dist/': resolve(REPO, 'dist'),
        '/themes/': resolve(REPO, 'demo/themes'),
        '/fonts/': FONTS,
        '/': resolve(REPO, 'test/visual/site'),
      },
    });
  });
  after(async () => {
    await site?.close();
  });

  for (const engine of ENGINES) {
    it(`${engine}: ${THEMES.length} themes × ${Object.keys(STATES).length} states look as their baselines`, async (t) => {
      // The last run's new pictures and diffs go: what is there after this run is this run's.
      await rm(resolve(OUT, engine), { recursive: true, force: true });
      const tab: ShotTab = await openShotTab(engine);
      const failures: string[] = [];
      const updated: string[] = [];
      try {
        // One page load; each picture then replaces the element (no reload of script and fonts).
        await tab.goto(`${site.origin}/`);
        for (const theme of THEMES) {
          for (const state of Object.keys(STATES)) {
            const name = `${theme}-${state}`;
            await tab.evaluate(`(visualShow(${JSON.stringify(theme)}, ${JSON.stringify(state)}), true)`);
            const status = await waitForPage(tab);
            assert.equal(status, 'ready', `${engine} ${name}: ${status}`);
            const problems = await tab.evaluate<string[]>(`JSON.parse(sessionStorage.getItem('e2e-problems') || '[]')`);
            assert.deepEqual(problems, [], `${engine} ${name}: the page reported problems`);
            const outcome = await compare(engine, name, await tab.screenshot('#shot'));
            if (outcome.failure) failures.push(outcome.failure);
            if (outcome.updated) updated.push(name);
            if (state === 'country' && tab.openListAndShoot) {
              const open = `${theme}-${LIST_OPEN}`;
              const shot = await tab.openListAndShoot(COUNTRY_SELECT, '#shot', LIST_ROOM);
              const listed = await compare(engine, open, shot);
              if (listed.failure) failures.push(listed.failure);
              if (listed.updated) updated.push(open);
            }
          }
        }
        t.diagnostic(`${engine} ${tab.version}`);
      } finally {
        await tab.close();
      }
      if (updated.length) t.diagnostic(`${engine}: wrote ${updated.length} baseline(s): ${updated.join(', ')}`);
      assert.deepEqual(failures, [], `${engine}: ${failures.length} picture(s) changed:\n${failures.join('\n')}`);
    });
  }
});

/**
 * Waits until the page reached its state or gave up (its own waits end after 15 s):
 * `<html data-visual>` says which.
 */
async function waitForPage(tab: ShotTab, timeout = 60_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = await tab.evaluate<string | null>(`document.documentElement.dataset.visual ?? null`);
    if (status) return status;
    if (Date.now() > deadline) return 'no answer from the page';
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
