/**
 * docs/architecture.md describes the layout: every folder under src/ and every top-level folder of
 * the repository has a row in its tables, and every folder a row names exists. A folder added or
 * removed without the page fails here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const page = readFileSync(resolve(REPO, 'docs/architecture.md'), 'utf8');

/** Folders the checkout has but the repository does not hold (.gitignore's folder entries). */
const ignored = new Set(
  readFileSync(resolve(REPO, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/'))
    .map((line) => line.replace(/^\/|\/$/g, '')),
);

function folders(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(resolve(REPO, dir), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || ignored.has(entry.name)) continue;
    const path = dir ? join(dir, entry.name) : entry.name;
    out.push(`${path}/`);
    if (recursive) out.push(...folders(path, true));
  }
  return out.sort();
}

/** The folders named in the first column of the page's tables. */
const described = new Set([...page.matchAll(/^\| `([^`]+\/)` \|/gm)].map((m) => m[1]));

describe('docs/architecture.md', () => {
  it('describes every folder under src/', () => {
    assert.deepEqual(
      folders('src', true).filter((f) => !described.has(f)),
      [],
    );
  });

  it('describes every top-level folder of the repository', () => {
    assert.deepEqual(
      folders('', false).filter((f) => !described.has(f)),
      [],
    );
  });

  it('names no folder that is gone', () => {
    const existing = new Set([...folders('src', true), ...folders('', false)]);
    assert.deepEqual(
      [...described].filter((f) => !existing.has(f)),
      [],
    );
  });
});
