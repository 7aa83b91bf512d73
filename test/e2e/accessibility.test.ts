/**
 * The accessibility suite beyond the widget tests (docs/accessibility.md), in Chromium with the
 * script-tag build, on one page per check:
 * - axe-core (WCAG 2.0–2.2 A and AA rules) on every state of the element × every demo theme
 *   (none, brand, dark, compact, Arabic) × light and dark × left-to-right (English) and
 *   right-to-left (Arabic);
 * - 320 px reflow with a 64-character address: the element in every state, the hosted login page,
 *   and every demo page (Vite's dev server);
 * - the focus ring measured from screenshot pixels: at least 3:1 against the background around
 *   it, for each theme in light and dark;
 * - forced colours (emulated): the six code boxes and the focus stay visible.
 * The API is faked with Playwright routes on a loopback origin nothing listens on, so no request
 * leaves the browser. Pixels are read in the page (a canvas), so no image library is needed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { brandingCss, renderHostedPage } from '../../src/server/hosted/page.js';
import type { ClientConfig } from '../../src/server/config.js';

const REPO = resolve(import.meta.dirname, '../..');
const CDN = resolve(REPO, 'dist/cdn');
const THEMES = ['none', 'brand', 'dark', 'compact', 'rtl'] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Nothing listens on port 1: every request to it is answered by the routes below. */
const ORIGIN = 'http://127.0.0.1:1';
const ADDRESS = `${'a'.repeat(52)}@example.com`;
const AXE = readFileSync(resolve(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const ID_TOKEN = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: ORIGIN, sub: 'u1', aud: 'demo', iat: 1, exp: 2 })}.c2ln`;

/** In the page: waiting, typing and driving one element to a state (plain JS, served as /drive.js). */
const DRIVE = `
const until = (test, what, ms = 15000) => new Promise((ok, fail) => {
  const start = performance.now();
  (function poll() {
    if (test()) return ok();
    if (performance.now() - start > ms) return fail(new Error('timeout: ' + what));
    setTimeout(poll, 10);
  })();
});
const $ = (el, selector) => el.shadowRoot && el.shadowRoot.querySelector(selector);
const type = (input, value) => {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
};
const STEPS = {
  async send(el, address) { type($(el, '#email'), address); $(el, '[part~=send-button]').click(); },
  async code(el, code) { await until(() => el.state === 'code', 'code state'); type($(el, '#code'), code); },
};
/** data-drive: "send ADDRESS", "send ADDRESS; code 123456"; data-until: the state to reach; data-invalid: a field id. */
window.drive = async () => {
  await customElements.whenDefined('passwordless-login');
  const all = [...document.querySelectorAll('passwordless-login')];
  await until(() => all.every((el) => $(el, '[part~=title]')), 'first render');
  await Promise.all(all.map(async (el) => {
    if ($(el, '#country')) await until(() => $(el, '#country').options.length > 1, 'countries');
    for (const step of (el.dataset.drive || '').split(';').map((s) => s.trim()).filter(Boolean)) {
      const [name, arg] = step.split(' ');
      await STEPS[name](el, arg);
    }
    if (el.dataset.until) await until(() => el.state === el.dataset.until, el.dataset.until + ' (is ' + el.state + ')');
    if (el.dataset.invalid) await until(() => $(el, '#' + el.dataset.invalid).getAttribute('aria-invalid') === 'true', 'error shown');
    await el.updateComplete;
  }));
};
/** Sets every element's language and waits for its title in that language. */
window.language = async (lang) => {
  const all = [...document.querySelectorAll('passwordless-login')];
  for (const el of all) el.lang = lang;
  const title = lang === 'ar' ? 'تسجيل الدخول' : 'Sign in';
  await until(() => all.every((el) => $(el, '[part~=title]').textContent.trim() === title), 'language ' + lang);
};
/**
 * Pixels of two PNG screenshots (base64): the focus ring is what changed between them, drawn in its
 * most frequent colour. Its neighbours are the colours touching ring pixels (inside and outside).
 */
window.ring = async (before, after) => {
  const read = async (png) => {
    const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + png)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
  };
  const [a, b] = await Promise.all([read(before), read(after)]);
  const { width, height } = b;
  const colour = (img, x, y) => { const i = (y * width + x) * 4; return img.data[i] + ',' + img.data[i + 1] + ',' + img.data[i + 2]; };
  const changed = new Map();
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const c = colour(b, x, y);
    if (c !== colour(a, x, y)) changed.set(c, (changed.get(c) || 0) + 1);
  }
  const count = [...changed.values()].reduce((s, n) => s + n, 0);
  if (!count) return { count, ring: null, neighbours: [] };
  const ring = [...changed].sort((p, q) => q[1] - p[1])[0][0];
  const neighbours = new Map();
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) {
    if (colour(b, x, y) !== ring) continue;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const n = colour(b, x + dx, y + dy);
      if (n !== ring) neighbours.set(n, (neighbours.get(n) || 0) + 1);
    }
  }
  return { count, ring, ringPixels: changed.get(ring), neighbours: [...neighbours] };
};
/** Colours along the middle row of a PNG (base64), left to right. */
window.row = async (png) => {
  const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + png)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  const data = context.getImageData(0, Math.floor(bitmap.height / 2), bitmap.width, 1).data;
  const out = [];
  for (let i = 0; i < data.length; i += 4) out.push(data[i] + ',' + data[i + 1] + ',' + data[i + 2]);
  return out;
};
`;

/** The states of the element, each on its own element (data-drive / data-until, see DRIVE). */
const STATES: [name: string, attributes: string][] = [
  ['identifier', ''],
  ['identifier, email or phone', 'connection="email sms"'],
  ['identifier, phone', 'connection="sms" default-country="GB"'],
  ['identifier with an error', 'data-drive="send bad@example.com" data-invalid="email"'],
  ['sending', 'data-drive="send pending@example.com" data-until="sending"'],
  ['code', `data-drive="send ${ADDRESS}" data-until="code"`],
  ['verifying', `data-drive="send ${ADDRESS}; code 999999" data-until="verifying"`],
  ['code with an error', `data-drive="send ${ADDRESS}; code 000000" data-invalid="code"`],
  ['link sent', `send="link" data-drive="send ${ADDRESS}" data-until="link-sent"`],
  ['done', `data-drive="send ${ADDRESS}; code 123456" data-until="done"`],
];

function page(title: string, body: string): string {
  const themes = THEMES.filter((t) => t !== 'none')
    .map((t) => `<link rel="stylesheet" href="/themes/${t}.css">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${themes}
    <style>
      :root { color-scheme: light dark; }
      body { margin: 0; background: Canvas; color: CanvasText; font-family: system-ui, sans-serif; }
      main { padding: 8px; }
      .states { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(min(24rem, 100%), 1fr)); }
      h2 { font-size: 1rem; margin: 0 0 4px; }
    </style>
    <script src="/drive.js"></script><script src="/passwordless-login.js" defer></script></head>
    <body><main><h1>${title}</h1><div id="theme" class="states">${body}</div></main></body></html>`;
}

const section = (name: string, attributes: string) =>
  `<section aria-label="${name}"><h2>${name}</h2>
    <passwordless-login domain="${ORIGIN}" client-id="demo" ${attributes}></passwordless-login></section>`;

/** Everything the pages load, and the fake API. `html` is what `/` (any query) answers. */
class Site {
  html = '';
  /** The `state` of the last magic link asked for (its callback page needs it). */
  linkState = '';

  async install(context: BrowserContext): Promise<void> {
    const json = (route: Route, status: number, body: unknown) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    await context.route(`${ORIGIN}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const file = (path: string, type: string) => route.fulfill({ path, contentType: type });
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: this.html });
      if (url.pathname === '/drive.js') return route.fulfill({ contentType: 'text/javascript', body: DRIVE });
      if (url.pathname === '/hosted.css') {
        return route.fulfill({
          contentType: 'text/css',
          body: brandingCss({ client_id: 'demo', name: 'Demo app' } as ClientConfig),
        });
      }
      if (/^\/(authorize\/assets\/)?passwordless-login\.js$/.test(url.pathname)) {
        return file(resolve(CDN, 'passwordless-login.js'), 'text/javascript');
      }
      const locale = /\/locales\/([\w-]+)\.js$/.exec(url.pathname);
      if (locale) return file(resolve(CDN, 'locales', `${locale[1]}.js`), 'text/javascript');
      const theme = /^\/themes\/(\w+)\.css$/.exec(url.pathname);
      if (theme) return file(resolve(REPO, 'demo/themes', `${theme[1]}.css`), 'text/css');
      const body = (request.postDataJSON() ?? {}) as Record<string, unknown>;
      if (url.pathname === '/passwordless/start') {
        const email = String(body.email ?? '');
        if (email.startsWith('pending@')) return; // never answered: the element stays "sending"
        if (email.startsWith('bad@')) return json(route, 400, { error: 'bad.email', error_description: 'x' });
        const authParams = body.authParams as { state?: string } | undefined;
        if (authParams?.state) this.linkState = authParams.state;
        return json(route, 200, { _id: 'x', email, email_verified: false });
      }
      if (url.pathname === '/oauth/token' || url.pathname === '/authorize/complete') {
        const otp = String(body.otp ?? new URLSearchParams(request.postData() ?? '').get('otp') ?? '');
        if (otp === '999999' || url.searchParams.has('hang') || body.grant_type === 'authorization_code') return;
        if (otp === '000000') {
          return json(route, 403, { error: 'invalid_grant', error_description: 'Wrong email or verification code.' });
        }
        return json(route, 200, { access_token: 'a', id_token: ID_TOKEN, token_type: 'Bearer', expires_in: 60 });
      }
      return route.fulfill({ status: 404, body: 'not found' });
    });
  }
}

describe('accessibility suite (Chromium, script-tag build)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let tab: Page;
  const site = new Site();

  before(async () => {
    assert.ok(existsSync(resolve(CDN, 'passwordless-login.js')), 'run `npm run build:widget` first');
    browser = await launchChromium();
    context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1200, height: 900 },
      reducedMotion: 'reduce',
    });
    await site.install(context);
    tab = await context.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  /** Loads `html` at `/` (with `query`) and drives its elements to their states. */
  async function open(html: string, query = ''): Promise<void> {
    site.html = html;
    await tab.goto(`${ORIGIN}/${query}`);
    await tab.evaluate('drive()');
  }

  async function axe(where: string): Promise<string[]> {
    if (!(await tab.evaluate('typeof axe'))?.toString().includes('object')) await tab.addScriptTag({ content: AXE });
    const found = (await tab.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | ')))`)) as string[];
    return found.map((v) => `${where}: ${v}`);
  }

  /** axe in every theme × scheme × direction, on the page as it is. */
  async function everyLook(what: string): Promise<string[]> {
    const problems: string[] = [];
    for (const lang of ['en', 'ar']) {
      await tab.evaluate(`language(${JSON.stringify(lang)})`);
      for (const theme of THEMES) {
        await tab.evaluate(`document.getElementById('theme').className = 'states theme-${theme}'`);
        for (const colorScheme of SCHEMES) {
          await tab.emulateMedia({ colorScheme });
          problems.push(...(await axe(`${what}, theme ${theme}, ${colorScheme}, ${lang}`)));
        }
      }
    }
    await tab.emulateMedia({ colorScheme: 'light' });
    return problems;
  }

  it('axe finds nothing in any state, theme, colour scheme or direction', async () => {
    await open(page('Every state', STATES.map(([name, attrs]) => section(name, attrs)).join('')));
    const problems = await everyLook('states');
    // The magic-link redirect page: signing in (callback), and a link opened elsewhere (error).
    assert.ok(site.linkState, 'the link-sent element asked for a link');
    await open(page('Callback', section('callback', 'data-until="callback"')), `?code=c1&state=${site.linkState}`);
    problems.push(...(await everyLook('callback')));
    await open(page('Link failure', section('error', 'data-until="error"')), '?code=c2&state=unknown');
    problems.push(...(await everyLook('error')));
    assert.deepEqual(problems, []);
  });

  /**
   * A11Y_SHOTS=dir saves what the reflow test sees (light and dark), to look at as a user would.
   */
  async function shoot(name: string): Promise<void> {
    const dir = process.env.A11Y_SHOTS;
    if (!dir) return;
    const height = (await tab.evaluate('document.documentElement.scrollHeight')) as number;
    for (const colorScheme of SCHEMES) {
      await tab.emulateMedia({ colorScheme });
      // In slices a viewer can show at full size.
      for (let y = 0, n = 1; y < height; y += 1200, n++) {
        const clip = { x: 0, y, width: 320, height: Math.min(1200, height - y) };
        await tab.screenshot({ path: resolve(dir, `${name}-${colorScheme}-${n}.png`), fullPage: true, clip });
      }
    }
    await tab.emulateMedia({ colorScheme: 'light' });
  }

  /** Nothing wider than the viewport: the page, and every part inside each element. */
  async function overflow(): Promise<string[]> {
    return (await tab.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const out = [];
      if (document.documentElement.scrollWidth > width) out.push('page is ' + document.documentElement.scrollWidth + ' px wide');
      for (const el of document.querySelectorAll('passwordless-login')) {
        for (const part of el.shadowRoot.querySelectorAll('[part]')) {
          const box = part.getBoundingClientRect();
          if (box.width && (box.right > width + 0.5 || box.left < -0.5)) out.push((el.state) + ' ' + part.getAttribute('part') + ' ends at ' + Math.round(box.right));
        }
      }
      return out;
    })()`)) as string[];
  }

  it('reflows at 320 px with a 64-character address: element in every state, hosted page', async () => {
    await tab.setViewportSize({ width: 320, height: 800 });
    try {
      await open(page('Every state', STATES.map(([name, attrs]) => section(name, attrs)).join('')));
      const problems = (await overflow()).map((p) => `element: ${p}`);
      for (const theme of THEMES) {
        await tab.evaluate(`document.getElementById('theme').className = 'states theme-${theme}'`);
        problems.push(...(await overflow()).map((p) => `element, theme ${theme}: ${p}`));
        await shoot(`320-${theme}`);
      }
      // The country select keeps the whole country name and calling code.
      const cut = await tab.evaluate(`(() => {
        const select = [...document.querySelectorAll('passwordless-login')].map((el) => el.shadowRoot.querySelector('#country')).find(Boolean);
        const style = getComputedStyle(select);
        const context = new OffscreenCanvas(1, 1).getContext('2d');
        context.font = style.font;
        const text = context.measureText(select.selectedOptions[0].textContent).width;
        return { text: select.selectedOptions[0].textContent, needed: text + parseFloat(style.paddingLeft) + 20, width: select.clientWidth };
      })()`);
      const select = cut as { text: string; needed: number; width: number };
      assert.match(select.text, /\(\+44\)/);
      assert.ok(
        select.needed <= select.width,
        `"${select.text}" needs ${select.needed} px, the select has ${select.width}`,
      );

      // The hosted login page, its address filled in from login_hint, then the code state.
      site.html = renderHostedPage({
        issuer: ORIGIN,
        client: { client_id: 'demo', name: 'Demo app' } as ClientConfig,
        transaction: { id: 't1', login_hint: ADDRESS },
        connection: 'email',
        lang: 'en',
      }).replace(/https?:\/\/[^"]+\/authorize\/branding\/[^"]+/, '/hosted.css');
      await tab.goto(`${ORIGIN}/`);
      // The page's script gives the element its transaction: wait until login_hint is in the field.
      await tab.waitForFunction(
        `document.querySelector('passwordless-login')?.shadowRoot?.querySelector('input[type=email]')?.value === ${JSON.stringify(ADDRESS)}`,
      );
      await tab.evaluate(
        `document.querySelector('passwordless-login').shadowRoot.querySelector('[part~=send-button]').click()`,
      );
      await tab.waitForFunction(`document.querySelector('passwordless-login').state === 'code'`);
      problems.push(...(await overflow()).map((p) => `hosted page: ${p}`));
      await shoot('320-hosted');
      assert.deepEqual(problems, []);
    } finally {
      await tab.setViewportSize({ width: 1200, height: 900 });
    }
  });

  it('reflows at 320 px: every demo page', async () => {
    assert.ok(existsSync(resolve(REPO, 'dist/widget/passwordless-login.js')), 'run `npm run build:widget` first');
    process.env.PWL_API_URL = ORIGIN;
    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: resolve(REPO, 'demo/vite.config.ts'),
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1', hmr: false },
    });
    await vite.listen();
    const demo = vite.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const narrow = await context.newPage();
    try {
      await narrow.setViewportSize({ width: 320, height: 800 });
      const problems: string[] = [];
      for (const name of ['index', 'script-tag', 'spa', 'hosted', 'themes', 'mailbox', 'callback']) {
        await narrow.goto(`${demo}/${name}.html`);
        await narrow.waitForFunction(`[...document.querySelectorAll('passwordless-login')].every((el) =>
          el.shadowRoot && el.shadowRoot.querySelector('[part~=base]'))`);
        const wide = (await narrow.evaluate('document.documentElement.scrollWidth')) as number;
        if (wide > 320) problems.push(`${name}.html is ${wide} px wide`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await narrow.close();
      await vite.close();
    }
  });

  /** Screenshots of `selector` (inside the `index`th element) unfocused, then focused from the keyboard. */
  async function focusPixels(index: number, selector: string) {
    const target = `document.querySelectorAll('passwordless-login')[${index}].shadowRoot.querySelector('${selector}')`;
    await tab.evaluate(`document.activeElement && document.activeElement.blur()`);
    const box = (await tab.evaluate(
      `(() => { const r = ${target}.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
    )) as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
    const clip = { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 };
    const before = (await tab.screenshot({ clip })).toString('base64');
    await tab.evaluate(`${target}.focus()`);
    assert.equal(await tab.evaluate(`${target}.matches(':focus-visible')`), true, `${selector} shows its focus`);
    const after = (await tab.screenshot({ clip })).toString('base64');
    return { before, after };
  }

  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.split(',').map((c) => {
      const v = Number(c) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };

  const FOCUS_TARGETS: [element: number, selector: string][] = [
    [0, 'input[value=email]'],
    [0, '#email'],
    [0, '[part~=send-button]'],
    [1, '#code'],
    [1, '[part~=change-button]'],
  ];

  it('draws every focus ring at 3:1 or more against what is around it, in every theme, light and dark', async () => {
    await open(
      page(
        'Focus',
        section('identifier', 'connection="email sms"') +
          section('code', `data-drive="send ${ADDRESS}" data-until="code"`),
      ),
    );
    // Keyboard modality: focus() from here on shows :focus-visible, as after a Tab.
    await tab.keyboard.press('Tab');
    const measured: string[] = [];
    const problems: string[] = [];
    for (const theme of THEMES) {
      await tab.evaluate(`document.getElementById('theme').className = 'states theme-${theme}'`);
      for (const colorScheme of SCHEMES) {
        await tab.emulateMedia({ colorScheme });
        for (const [index, selector] of FOCUS_TARGETS) {
          const { before, after } = await focusPixels(index, selector);
          const { count, ring, ringPixels, neighbours } = (await tab.evaluate(
            `ring(${JSON.stringify(before)}, ${JSON.stringify(after)})`,
          )) as { count: number; ring: string | null; ringPixels: number; neighbours: [string, number][] };
          const where = `${theme}, ${colorScheme}, ${selector}`;
          if (!ring || count < 20) {
            problems.push(`${where}: no focus ring drawn`);
            continue;
          }
          // What the ring touches along its length (anti-aliased corners are too few to count).
          const adjacent = neighbours.filter(([, n]) => n >= ringPixels * 0.1).map(([c]) => c);
          const ratio = Math.min(...adjacent.map((c) => contrast(ring, c)));
          measured.push(
            `${where}: ring rgb(${ring}) next to ${adjacent.map((c) => `rgb(${c})`).join(', ')}: ${ratio.toFixed(2)}:1`,
          );
          if (ratio < 3) problems.push(`${where}: ${ratio.toFixed(2)}:1`);
        }
      }
    }
    await tab.emulateMedia({ colorScheme: 'light' });
    if (process.env.A11Y_ECHO) console.log(measured.join('\n'));
    assert.deepEqual(problems, []);
  });

  it('keeps the code boxes and the focus visible in forced colours', async () => {
    await open(page('Forced colours', section('code', `data-drive="send ${ADDRESS}" data-until="code"`)));
    await tab.keyboard.press('Tab');
    try {
      for (const colorScheme of SCHEMES) {
        await tab.emulateMedia({ forcedColors: 'active', colorScheme });
        assert.equal(await tab.evaluate(`matchMedia('(forced-colors: active)').matches`), true);
        // The boxes: five separators along the middle of the empty code field.
        const code = `document.querySelector('passwordless-login').shadowRoot.querySelector('#code')`;
        await tab.evaluate(`${code}.blur()`);
        const box = (await tab.evaluate(
          `(() => { const r = ${code}.getBoundingClientRect(); return { x: r.x + 2, y: r.y + 2, width: r.width - 4, height: r.height - 4 }; })()`,
        )) as {
          x: number;
          y: number;
          width: number;
          height: number;
        };
        const row = (await tab.evaluate(
          `row(${JSON.stringify((await tab.screenshot({ clip: box })).toString('base64'))})`,
        )) as string[];
        const counts = new Map<string, number>();
        for (const c of row) counts.set(c, (counts.get(c) ?? 0) + 1);
        const fill = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
        let separators = 0;
        for (let i = 1; i < row.length; i++) if (row[i] !== fill && row[i - 1] === fill) separators++;
        assert.ok(separators >= 5, `${colorScheme}: ${separators} box separators seen in forced colours`);
        for (const [index, selector] of [
          [0, '#code'],
          [0, '[part~=verify-button]'],
        ] as const) {
          const { before, after } = await focusPixels(index, selector);
          const { count } = (await tab.evaluate(`ring(${JSON.stringify(before)}, ${JSON.stringify(after)})`)) as {
            count: number;
          };
          assert.ok(count >= 20, `${colorScheme}: focus on ${selector} changes ${count} pixels in forced colours`);
        }
        if (process.env.A11Y_SHOTS) {
          await tab.screenshot({ path: resolve(process.env.A11Y_SHOTS, `forced-colours-${colorScheme}.png`) });
        }
      }
    } finally {
      await tab.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
    }
  });
});
