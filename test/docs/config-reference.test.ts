/**
 * The server config reference (docs/config-reference.md) is generated from the config schema
 * (src/server/config-schema.ts). These tests fail when the page and the schema differ: a key added,
 * removed or retyped, a default or a doc comment changed. Regenerate it with
 * `node --import tsx scripts/config-reference.mjs`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PAGE, docComments, keyPaths, renderConfigReference, withBlock } from '../../scripts/config-reference.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const page = readFileSync(resolve(REPO, PAGE), 'utf8');

describe('server config reference (docs/config-reference.md)', () => {
  it('is what the generator writes from the schema today', () => {
    assert.equal(
      withBlock(page, renderConfigReference()),
      page,
      `${PAGE} differs from the config schema: run node --import tsx scripts/config-reference.mjs`,
    );
  });

  it('lists every key of the schema, the operations, passkey and store keys included', () => {
    const rowKeys = new Set([...page.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    const paths = keyPaths();
    const missing = paths.filter((p) => !rowKeys.has(p) && !page.includes(`## \`${p}`));
    assert.deepEqual(missing, []);
    for (const key of [
      'metrics.port',
      'shutdown.grace_ms',
      'signing_key_file',
      'passkeys.rp_id',
      'clients[].web_origins',
      'ipv6_prefix_length',
      'request_timeout_ms',
      'limits.guesses_per_identifier_per_day',
      'store.statement_timeout',
    ]) {
      assert.ok(paths.includes(key), `the schema has ${key}`);
      assert.ok(rowKeys.has(key), `the reference has a row for ${key}`);
    }
  });

  it('places every doc comment of the schema on a key of the config', () => {
    const { docs, orphans } = docComments();
    assert.deepEqual(
      orphans,
      [],
      'a schema constant of config-schema.ts is missing from ROOTS in scripts/config-reference.mjs',
    );
    const paths = new Set(keyPaths());
    const stray = [...docs.keys()].map((k) => k.replace(/@.*$/, '')).filter((k) => !paths.has(k));
    assert.deepEqual(stray, []);
  });
});
