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

  for (const file of files) {
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
