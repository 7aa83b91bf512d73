/**
 * A diagnostic preload for a server under a bench (`node --import ./bench/server/diag.mjs …`), never
 * part of the product. Within a window it records:
 * - the event loop's delay (perf_hooks.monitorEventLoopDelay at 1 ms resolution): p50, p99, max;
 * - garbage-collection pauses (PerformanceObserver 'gc'): count, total and longest, by kind;
 * - the process's CPU time (user + system).
 * The first SIGUSR2 starts a window and the next one ends it, writing what it saw as one JSON line to
 * PWL_DIAG_FILE, so a bench frames one row (or the soak its run) with two signals and the rest of
 * the process's life pays nothing (the 1 ms delay monitor is a timer of its own). Plain JavaScript,
 * so a compiled server runs it without a loader. With PWL_DIAG_HEAP=1 the window also samples
 * allocations (the inspector's HeapProfiler, collected objects included) and writes them to
 * PWL_DIAG_FILE + '.heapprofile' (Chrome DevTools opens it). PWL_DIAG_HEAP=promoted leaves out what
 * scavenges freed: what is left lived through a scavenge, or was freed by a full collection (which
 * frees young objects too, so a window with full collections in it overcounts: read its GC line).
 * PWL_DIAG_HEAP=live leaves out what any collection freed.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.PWL_DIAG_FILE;
const KINDS = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-cb' };

const heapMode = process.env.PWL_DIAG_HEAP;
const heap = ['1', 'live', 'promoted'].includes(heapMode) ? new Session() : null;

/** The open window, or null between windows. */
let frame = null;

const observer = new PerformanceObserver((list) => {
  if (!frame) return;
  for (const e of list.getEntries()) {
    const kind = KINDS[e.detail?.kind ?? e.kind] ?? 'other';
    const g = (frame.gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0, over5ms: 0 });
    g.count++;
    g.totalMs += e.duration;
    g.maxMs = Math.max(g.maxMs, e.duration);
    if (e.duration > 5) g.over5ms++;
  }
});

const ms = (ns) => Math.round(ns / 1e4) / 100;
const round = (x) => Math.round(x * 10) / 10;

process.on('SIGUSR2', () => {
  if (!frame) {
    const eld = monitorEventLoopDelay({ resolution: 1 });
    eld.enable();
    observer.observe({ entryTypes: ['gc'] });
    frame = { eld, gc: {}, cpu: process.cpuUsage(), since: performance.now() };
    if (heap) {
      heap.connect();
      heap.post('HeapProfiler.startSampling', {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: heapMode !== 'live',
        includeObjectsCollectedByMinorGC: heapMode === '1',
      });
    }
    return;
  }
  const { eld, gc, cpu, since } = frame;
  frame = null;
  eld.disable();
  observer.disconnect();
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - since;
  const line = {
    wallMs: Math.round(wallMs),
    cpuShare: Math.round(((used.user + used.system) / 1000 / wallMs) * 100) / 100,
    eventLoopDelayMs: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
    gc: Object.fromEntries(
      Object.entries(gc).map(([k, g]) => [k, { ...g, totalMs: round(g.totalMs), maxMs: round(g.maxMs) }]),
    ),
  };
  if (file) appendFileSync(file, JSON.stringify(line) + '\n');
  heap?.post('HeapProfiler.stopSampling', (err, res) => {
    if (!err && file) writeFileSync(`${file}.heapprofile`, JSON.stringify(res.profile));
    heap.disconnect();
  });
});
