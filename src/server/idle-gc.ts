/**
 * Gives the young generation back when the server goes quiet. Under load (and while a server
 * starts: every module, schema and key passes through it) V8 grows the young generation's
 * semi-spaces from 1 MiB to 16 MiB each, and keeps them: an idle server then holds ~32 MiB of empty
 * young space, the largest single part of its RSS. V8 shrinks it only in a full collection made
 * while the allocation rate is low, which an idle process never gets. So: every CHECK_MS, when the
 * process used almost no CPU since the last check, twice in a row, and it worked since its last
 * such collection (starting counts) or its young generation has grown, one full collection. It
 * costs one GC (~10 ms) per transition from work to quiet, never runs under load, and needs no
 * per-request work. (It once waited for a grown young generation alone; the bundled server starts
 * without growing it, and so kept its start's fragmentation and code, ~2 MiB.)
 *
 * That collection also compacts every page of the old generation. A plain full GC compacts only the
 * most fragmented pages, and after start (modules, schemas, keys) the old generation idled at
 * 19.5–23 MiB of pages for 15.8 MiB of live objects; compacting all of them brought it to 17 MiB, and
 * the idle RSS of the bench's server down by 7–8 MiB (docs/performance.md, "Idle footprint").
 *
 * And it drops the bytecode of every function not running at that moment (V8's
 * --stress-flush-code), and the baseline machine code of those that had some
 * (--flush-baseline-code, off by default). V8 drops bytecode that has not run for a while only in
 * the collections it starts itself; a forced collection, as these are, ages nothing. So the code
 * that ran once at start (config checks, schema compilation, migrations) kept its bytecode for the
 * process's life. A function whose code was dropped is compiled again from its source (which V8
 * keeps) when it next runs: the first requests after a quiet spell pay that, once
 * (docs/performance.md, "Idle footprint", has what it costs).
 *
 * V8 reads these flags at each full GC, so they are set for these collections only and cleared after.
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
  v8.setFlagsFromString('--flush-baseline-code');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
    v8.setFlagsFromString('--no-stress-flush-code');
    v8.setFlagsFromString('--no-flush-baseline-code');
  }
}

const youngBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/**
 * The decision made every CHECK_MS, from the CPU time used since the last check and the young
 * generation's size: collect now? Yes after two quiet checks in a row, if the process worked since
 * its last collection (starting counts) or its young generation has grown; so once per spell of
 * quiet after work, and never again while it stays quiet.
 */
export function idleWatch(): (cpuUsedUs: number, youngSize: number) => boolean {
  let quietChecks = 0;
  let workedSinceCollection = true;
  return (cpuUsedUs, youngSize) => {
    const quiet = cpuUsedUs < QUIET_CPU_US;
    quietChecks = quiet ? quietChecks + 1 : 0;
    if (!quiet) workedSinceCollection = true;
    if (quietChecks < 2 || !(workedSinceCollection || youngSize > GROWN_BYTES)) return false;
    quietChecks = 0;
    workedSinceCollection = false;
    return true;
  };
}

/** Starts the watch; the returned function stops it. The timer never keeps the process alive. */
export function reduceMemoryWhenIdle(): () => void {
  let last = process.cpuUsage();
  const due = idleWatch();
  const timer = setInterval(() => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    if (due(used.user + used.system, youngBytes())) {
      // V8 reads the allocation rate from its collections: the first one records the quiet
      // interval, and the second, seeing a low rate, shrinks the young generation.
      collect();
      if (youngBytes() > GROWN_BYTES) collect();
    }
  }, CHECK_MS).unref();
  return () => clearInterval(timer);
}
