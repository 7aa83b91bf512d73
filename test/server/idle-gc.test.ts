/**
 * The idle collection (src/server/idle-gc.ts): it drops the bytecode of code that is not running,
 * which a forced collection alone never does, and that code runs again, compiled anew, after it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { collect } from '../../src/server/idle-gc.js';

const bytecodeBytes = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;

/** 400 distinct functions, each run once, so each has its own bytecode. */
function compiled(): ((n: number) => number)[] {
  const fns = Array.from(
    { length: 400 },
    (_, i) => new Function('n', `let s = ${i}; for (let j = 0; j < n; j++) s += j * ${i + 1}; return s;`),
  ) as ((n: number) => number)[];
  for (const f of fns) f(3);
  return fns;
}

describe('idle collection', () => {
  it('drops the bytecode of code that is not running, and that code still runs after', () => {
    const fns = compiled();
    v8.setFlagsFromString('--expose-gc');
    const plainGc = runInNewContext('gc') as () => void;
    plainGc();
    const before = bytecodeBytes();
    // A plain forced collection keeps it: V8 ages bytecode only in collections it starts itself.
    plainGc();
    assert.ok(bytecodeBytes() > before * 0.9, `a plain collection kept the bytecode (${before} → ${bytecodeBytes()})`);
    collect();
    const after = bytecodeBytes();
    assert.ok(after < before * 0.5, `the idle collection dropped most bytecode (${before} → ${after} bytes)`);
    fns.forEach((f, i) => assert.equal(f(3), i + (i + 1) * 3, `function ${i} runs again`));
    assert.ok(bytecodeBytes() > after, 'and is compiled again');
  });
});
