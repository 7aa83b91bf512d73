/**
 * A server whose better-sqlite3 has no usable native binding says what to do instead of
 * "Could not locate the bindings file" (test/e2e/packages.test.ts meets it for real, in an
 * install made with --ignore-scripts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMissingBinding, openSqlite } from '../../src/server/store/sqlite-binding.js';

describe('SQLite store without its native binding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-binding-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a binding that is not a loadable library: the message names npm rebuild and Redis', () => {
    const broken = join(dir, 'better_sqlite3.node');
    writeFileSync(broken, 'not a shared library');
    assert.throws(
      () => openSqlite(':memory:', { nativeBinding: broken }),
      (err: Error) => {
        assert.match(err.message, /^the SQLite store cannot start: better-sqlite3's native binding is missing/);
        assert.match(err.message, /npm rebuild better-sqlite3/);
        assert.match(err.message, /"store": \{"type": "redis"/);
        assert.ok(err.cause instanceof Error, 'the original error is kept as the cause');
        return true;
      },
    );
  });

  it('a missing binding file', () => {
    assert.throws(
      () => openSqlite(':memory:', { nativeBinding: join(dir, 'absent', 'better_sqlite3.node') }),
      /npm rebuild better-sqlite3/,
    );
    assert.equal(
      isMissingBinding(new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node')),
      true,
    );
  });

  it('other errors pass through unchanged, and a working binding opens the file', () => {
    assert.throws(
      () => openSqlite(join(dir, 'no', 'such', 'dir', 'x.sqlite')),
      (err: Error) => {
        assert.doesNotMatch(err.message, /native binding/);
        return true;
      },
    );
    const db = openSqlite(join(dir, 'ok.sqlite'));
    assert.equal((db.prepare('SELECT 1 AS one').get() as { one: number }).one, 1);
    db.close();
  });
});
