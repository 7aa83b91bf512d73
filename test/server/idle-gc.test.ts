/**
 * The idle collection (src/server/idle-gc.ts): when it runs (once per quiet spell after work), and
 * what it does: it drops the bytecode and the baseline machine code of code that is not running,
 * which a forced collection alone never does, and that code runs again, compiled anew, after it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { collect, idleWatch } from '../../src/server/idle-gc.js';

const bytecodeBytes = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
const codeSpaceBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'code_space')!.space_used_size;

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

  it('drops the baseline machine code of code that is not running too', () => {
    // Sparkplug's baseline code, made here at each function's first call, lives in the code space.
    v8.setFlagsFromString('--always-sparkplug');
    let fns: ((n: number) => number)[];
    try {
      fns = compiled();
    } finally {
      v8.setFlagsFromString('--no-always-sparkplug');
    }
    const plainGc = runInNewContext('gc') as () => void;
    plainGc();
    const before = codeSpaceBytes();
    plainGc();
    assert.ok(codeSpaceBytes() > before * 0.9, `a plain collection kept it (${before} → ${codeSpaceBytes()})`);
    collect();
    const after = codeSpaceBytes();
    // The 400 functions' code is only part of the code space (Node's own is there too).
    assert.ok(before - after > 100_000, `the idle collection dropped baseline code (${before} → ${after} bytes)`);
    fns.forEach((f, i) => assert.equal(f(3), i + (i + 1) * 3, `function ${i} runs again`));
  });

  it('runs once per quiet spell after work: after start, after load, and when the young generation grew', () => {
    const BUSY = 1_000_000; // µs of CPU in a 5 s check: 20 %
    const QUIET = 1_000;
    const SMALL = 2 * 1024 * 1024;
    const GROWN = 32 * 1024 * 1024;
    const due = idleWatch();
    // Starting is work: the second quiet check after it collects, then nothing while quiet.
    assert.deepEqual(
      [QUIET, QUIET, QUIET, QUIET, QUIET].map((cpu) => due(cpu, SMALL)),
      [false, true, false, false, false],
    );
    // Load, then quiet: one collection, two checks into the quiet.
    assert.deepEqual(
      [BUSY, BUSY, QUIET, QUIET, QUIET, QUIET].map((cpu) => due(cpu, SMALL)),
      [false, false, false, true, false, false],
    );
    // A quiet check between busy ones is not a quiet spell.
    assert.deepEqual(
      [BUSY, QUIET, BUSY, QUIET].map((cpu) => due(cpu, SMALL)),
      [false, false, false, false],
    );
    const grown = idleWatch();
    grown(QUIET, SMALL);
    grown(QUIET, SMALL);
    // No work since, but a young generation that grew is given back.
    assert.deepEqual([grown(QUIET, GROWN), grown(QUIET, GROWN)], [false, true]);
  });
});
