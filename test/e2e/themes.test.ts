/**
 * The theming gallery's four looks, rendered: the script-tag build in Chromium with each theme's
 * stylesheet, read back from the element's shadow DOM. Each look must change what its CSS says it
 * changes (a page without a theme keeps the defaults) and stay accessible (axe). That the looks
 * use only `--pwl-*` and `::part()` is checked without a browser, in test/docs/themes.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { axeViolations } from './support/axe.js';

const REPO = resolve(import.meta.dirname, '../..');
const SCRIPT = resolve(REPO, 'dist/cdn/passwordless-login.js');
const THEMES = resolve(REPO, 'demo/themes');

/** Computed styles of the host and some parts, as the browser draws them. */
interface Look {
  host: { fontFamily: string; maxWidth: string };
  base: { backgroundColor: string; borderTopWidth: string };
  title: { color: string };
  hint: { display: string };
  label: { fontWeight: string };
  button: {
    backgroundColor: string;
    color: string;
    textTransform: string;
    borderTopLeftRadius: string;
    fontSize: string;
  };
  /** Is the country select right of the phone field (right-to-left)? null without a phone row. */
  countryOnTheRight: boolean | null;
}

/** Renders one element with `theme`'s stylesheet (none: the defaults) and reads its look. */
async function render(page: Page, theme: string | undefined, attrs: string, wrap = ''): Promise<Look> {
  await page.setContent(`<!doctype html><html lang="en"><head><title>Theme ${theme ?? 'none'}</title></head>
    <body><main><h1>Sign in</h1><div class="${theme ? `theme-${theme}` : ''}"><div ${wrap}>
      <passwordless-login domain="http://127.0.0.1:9" client-id="demo" passkeys="off" ${attrs}></passwordless-login>
    </div></div></main></body></html>`);
  if (theme) await page.addStyleTag({ path: resolve(THEMES, `${theme}.css`) });
  await page.addScriptTag({ path: SCRIPT });
  // Strings, not functions: tsx would wrap a function in a helper the page lacks.
  await page.waitForFunction(`(() => {
    const root = document.querySelector('passwordless-login')?.shadowRoot;
    return !!root?.querySelector('[part~=send-button]') &&
      (!root.querySelector('#country') || !!root.querySelector('#country option'));
  })()`);
  return (await page.evaluate(`(() => {
    const el = document.querySelector('passwordless-login');
    const style = (name) => getComputedStyle(el.shadowRoot.querySelector('[part~=' + name + ']'));
    const host = getComputedStyle(el);
    const button = style('send-button');
    const country = el.shadowRoot.querySelector('#country');
    const phone = el.shadowRoot.querySelector('#phone');
    return {
      host: { fontFamily: host.fontFamily, maxWidth: host.maxWidth },
      base: { backgroundColor: style('base').backgroundColor, borderTopWidth: style('base').borderTopWidth },
      title: { color: style('title').color },
      hint: { display: style('hint').display },
      label: { fontWeight: style('label').fontWeight },
      button: {
        backgroundColor: button.backgroundColor,
        color: button.color,
        textTransform: button.textTransform,
        borderTopLeftRadius: button.borderTopLeftRadius,
        fontSize: button.fontSize,
      },
      countryOnTheRight:
        country && phone ? country.getBoundingClientRect().left > phone.getBoundingClientRect().left : null,
    };
  })()`)) as Look;
}

describe('theming gallery, rendered', () => {
  let browser: Browser;
  let page: Page;
  const guard = new PageGuard();
  let plain: Look;

  before(async () => {
    browser = await launchChromium();
    page = await (await newGuardedContext(browser, guard)).newPage();
    plain = await render(page, undefined, '');
  });
  after(async () => {
    await browser.close();
    guard.assertClean();
  });

  it('brand: its purple, a serif font, rounder corners and an upper-case main button', async () => {
    const look = await render(page, 'brand', '');
    assert.equal(look.button.backgroundColor, 'rgb(122, 31, 162)');
    assert.equal(look.title.color, 'rgb(122, 31, 162)');
    assert.equal(look.base.backgroundColor, 'rgb(253, 248, 255)');
    assert.match(look.host.fontFamily, /^Georgia/);
    assert.equal(look.button.borderTopLeftRadius, '20px');
    assert.equal(look.button.textTransform, 'uppercase');
    assert.equal(plain.button.textTransform, 'none');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('dark: a dark surface, light text, a bright accent and a border around the form', async () => {
    const look = await render(page, 'dark', '');
    assert.equal(look.base.backgroundColor, 'rgb(15, 17, 21)');
    assert.notEqual(plain.base.backgroundColor, look.base.backgroundColor);
    assert.equal(look.button.backgroundColor, 'rgb(79, 209, 197)');
    assert.equal(look.button.color, 'rgb(6, 32, 29)');
    assert.equal(look.base.borderTopWidth, '1px');
    assert.equal(plain.base.borderTopWidth, '0px');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('compact: smaller type, a narrower element, square corners and no hints', async () => {
    const look = await render(page, 'compact', 'connection="email sms"');
    assert.equal(look.button.fontSize, '14px');
    assert.equal(plain.button.fontSize, '16px');
    assert.equal(look.host.maxWidth, '288px');
    assert.equal(look.button.borderTopLeftRadius, '2px');
    assert.equal(look.hint.display, 'none');
    assert.equal(plain.hint.display, 'block');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('Arabic, right to left: a mirrored phone row, a green accent, an Arabic font, bold labels', async () => {
    const look = await render(page, 'rtl', 'lang="ar" connection="sms" default-country="EG"', 'dir="rtl" lang="ar"');
    assert.equal(look.countryOnTheRight, true);
    assert.equal(look.button.backgroundColor, 'rgb(11, 110, 79)');
    assert.equal(look.label.fontWeight, '700');
    assert.match(look.host.fontFamily, /Noto Naskh Arabic/);
    assert.deepEqual(await axeViolations(page), []);
    const ltr = await render(page, undefined, 'connection="sms" default-country="EG"');
    assert.equal(ltr.countryOnTheRight, false);
    assert.equal(ltr.label.fontWeight, '600');
  });
});
