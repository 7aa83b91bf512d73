/**
 * Gives the young generation back when the server goes quiet. Under load (and while a server
 * starts: every module, schema and key passes through it) V8 grows the young generation's
 * semi-spaces from 1 MiB to 16 MiB each, and keeps them: an idle server then holds ~32 MiB of empty
 * young space, the largest single part of its RSS. V8 shrinks it only in a full collection made
 * while the allocation rate is low, which an idle process never gets. So: every CHECK_MS, when the
 * process used almost no CPU since the last check, twice in a row, and the young generation has
 * grown, one full collection. It costs one GC (~10 ms) per transition from load to quiet, never
 * runs under load, and needs no per-request work.
 *
 * That collection also compacts every page of the old generation. A plain full GC compacts only the
 * most fragmented pages, and after start (modules, schemas, keys) the old generation idled at
 * 19.5–23 MiB of pages for 15.8 MiB of live objects; compacting all of them brought it to 17 MiB, and
 * the idle RSS of the bench's server down by 7–8 MiB (docs/performance.md, "Idle footprint").
 *
 * And it drops the bytecode of every function not running at that moment (V8's
 * --stress-flush-code). V8 drops bytecode that has not run for a while only in the collections it
 * starts itself; a forced collection, as these are, ages nothing. So the code that ran once at
 * start (config checks, schema compilation, migrations) kept its bytecode for the process's life.
 * A function whose bytecode was dropped is compiled again from its source (which V8 keeps) when it
 * next runs: the first requests after a quiet spell pay that, once (measured: none of it shows in a
 * token request's time, docs/performance.md).
 *
 * V8 reads both flags at each full GC, so they are set for these collections only and cleared after.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHECK_MS = 5_000;
/** CPU time (user + system) a quiet interval may use, in µs: 1 % of it. */
const QUIET_CPU_US = CHECK_MS * 10;
/** The young generation's size at start (two 1 MiB semi-spaces); above twice that, it has grown. */
const GROWN_BYTES = 4 * 1024 * 1024;

let gc: (() => void) | undefined;
/**
 * A full, fully compacting collection that drops idle bytecode: V8's gc() without starting node
 * with --expose-gc (the flag applies to contexts made after it), with --compact-on-every-full-gc
 * and --stress-flush-code for this collection only.
 */
export function collect(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  v8.setFlagsFromString('--compact-on-every-full-gc');
  v8.setFlagsFromString('--stress-flush-code');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
    v8.setFlagsFromString('--no-stress-flush-code');
  }
}

const youngBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/** Starts the watch; the returned function stops it. The timer never keeps the process alive. */
export function reduceMemoryWhenIdle(): () => void {
  let last = process.cpuUsage();
  let quietChecks = 0;
  const timer = setInterval(() => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    quietChecks = used.user + used.system < QUIET_CPU_US ? quietChecks + 1 : 0;
    if (quietChecks >= 2 && youngBytes() > GROWN_BYTES) {
      // V8 reads the allocation rate from its collections: the first one records the quiet
      // interval, and the second, seeing a low rate, shrinks the young generation.
      collect();
      if (youngBytes() > GROWN_BYTES) collect();
      quietChecks = 0;
    }
  }, CHECK_MS).unref();
  return () => clearInterval(timer);
}
