/**
 * The element reference (docs/element-reference.md) must list exactly the public API in
 * custom-elements.json (attributes, properties, methods, events, slots, CSS parts, custom
 * properties). Regenerate it with `node scripts/element-reference.mjs`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { elementDeclaration, PAGE } from '../../scripts/element-reference.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);

interface Named {
  name: string;
  kind?: string;
  static?: boolean;
  privacy?: string;
}

/** The first-column names of every table row in the generated block. */
function namesInReference(): Set<string> {
  const page = readFileSync(resolve(REPO, PAGE), 'utf8');
  const start = page.indexOf('<!-- generated:element-api');
  const end = page.indexOf('<!-- /generated:element-api -->');
  assert.ok(start !== -1 && end > start, `${PAGE} has the generated element reference block`);
  const names = new Set<string>();
  for (const line of page.slice(start, end).split('\n')) {
    const first = line.match(/^\| `([^`]+)` \|/)?.[1];
    if (first) names.add(first.replace(/\(.*\)$/, ''));
  }
  return names;
}

describe('element reference (docs/element-reference.md)', () => {
  it('lists exactly the API of custom-elements.json', () => {
    const manifest = JSON.parse(readFileSync(resolve(REPO, 'custom-elements.json'), 'utf8')) as unknown;
    const element = elementDeclaration(manifest) as Record<string, Named[] | undefined>;
    const publicMembers = (element.members ?? []).filter(
      (m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected',
    );
    const expected = new Set([
      ...(element.attributes ?? []).map((a) => a.name),
      ...publicMembers.filter((m) => m.kind === 'method').map((m) => m.name),
      ...(element.events ?? []).map((e) => e.name),
      ...(element.slots ?? []).map((s) => s.name).filter(Boolean),
      ...(element.cssParts ?? []).map((p) => p.name),
      ...(element.cssProperties ?? []).map((p) => p.name),
    ]);
    const attributeFields = new Set(
      (element.attributes as (Named & { fieldName?: string })[] | undefined)?.map((a) => a.fieldName),
    );
    for (const field of publicMembers.filter((m) => m.kind === 'field' && !attributeFields.has(m.name))) {
      expected.add(field.name);
    }
    const documented = namesInReference();
    const missing = [...expected].filter((name) => !documented.has(name));
    const stale = [...documented].filter((name) => !expected.has(name));
    assert.deepEqual(
      { missing, stale },
      { missing: [], stale: [] },
      `${PAGE} is out of sync with custom-elements.json: run node scripts/element-reference.mjs`,
    );
  });
});
