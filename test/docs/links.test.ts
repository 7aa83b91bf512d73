/**
 * The README and the pages under docs/ link to one another and to files of the repository; moving
 * or renaming a page must not leave a link (or a picture) pointing nowhere.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const pages = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('links in README.md and docs/', () => {
  it('point at files that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(REPO, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = target.split('#')[0]!;
        if (!existsSync(resolve(REPO, dirname(page), path))) broken.push(`${page}: ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
