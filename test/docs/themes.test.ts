/**
 * The theming gallery's claim: each look is made only with `--pwl-*` custom properties on the
 * element and `::part()` rules. A theme reaching into the shadow DOM any other way (or styling
 * the host with ordinary properties) would not be what we tell users to do. Needs no browser, so
 * it runs in `npm run lint`; test/e2e/themes.test.ts renders the looks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const THEMES = resolve(new URL('../../demo/themes', import.meta.url).pathname);

/** Rules of a flat stylesheet (no nesting, no at-rules), comments removed. */
function rules(css: string): { selector: string; declarations: string[] }[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({
    selector: m[1]!.trim(),
    declarations: m[2]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean),
  }));
}

describe('theming gallery', () => {
  const files = readdirSync(THEMES).filter((f) => f.endsWith('.css'));

  it('has at least four looks: brand, dark, compact, RTL', () => {
    for (const look of ['brand', 'dark', 'compact', 'rtl']) assert.ok(files.includes(`${look}.css`), `${look}.css`);
  });

  /** The palette (docs/accessibility.md, "The theme contract"). */
  const PALETTE = ['background', 'surface', 'text', 'muted', 'border', 'primary', 'primary-text', 'error', 'success'];

  for (const file of files) {
    it(`${file} gives its colours for both schemes, or the whole palette`, () => {
      const colours = new Map<string, string>();
      for (const { declarations } of rules(readFileSync(resolve(THEMES, file), 'utf8'))) {
        for (const d of declarations) {
          const m = /^--pwl-color-([a-z-]+)\s*:\s*(.+)$/.exec(d);
          if (m) colours.set(m[1]!, m[2]!);
        }
      }
      if (PALETTE.every((name) => colours.has(name))) return;
      for (const [name, value] of colours) {
        assert.match(value, /^light-dark\(/, `--pwl-color-${name} without the whole palette needs light-dark()`);
      }
    });

    it(`${file} uses only --pwl-* properties and ::part()`, () => {
      const found = rules(readFileSync(resolve(THEMES, file), 'utf8'));
      assert.ok(found.length > 0, 'the theme has rules');
      for (const { selector, declarations } of found) {
        assert.match(selector, /passwordless-login(::part\([a-z-]+\))?$/, `selector "${selector}"`);
        if (!selector.includes('::part(')) {
          for (const declaration of declarations) {
            assert.match(declaration, /^--pwl-[a-z-]+\s*:/, `on the element itself only --pwl-* ("${declaration}")`);
          }
        }
      }
    });
  }
});
