/**
 * Where a first-render page's time goes (a diagnostic beside bench/first-render.bench.ts, not part
 * of `npm run bench`): loads the bench's pages with a Chromium trace running (CPU throttled 4×,
 * cache off, the bench's probe) and sums the renderer main thread's work up to the probe's mark by
 * kind (HTML parse, compile, module evaluation, other script, style, layout, paint, idle, and
 * "task (other)": navigation and the browser's own tasks), plus the thread (CPU) time from the end
 * of parsing to the mark: module evaluation, microtasks (Lit's first update), DOMContentLoaded
 * (Document::FinishedParsing, where Chromium lays the page out), style, layout, rAF callbacks.
 * Thread time is less sensitive to the shared machine's load than wall time, not immune to it:
 * compare builds in the same run (`--vs`), whose loads are interleaved.
 *
 * Usage: node --import tsx bench/first-render-trace.ts [page.html …] [options]
 *   pages          plain.html, plain-lit.html, es-email.html, cdn-email.html, cdn-sms.html (default:
 *                  plain-lit, es-email)
 *   --loads=N      measured loads per page after a warm-up round (default 5)
 *   --dir=D        build into D and keep it (or reuse it if it holds es/): for --vs
 *   --vs=D1,D2     other builds (directories made by --dir) whose es-* and cdn-* pages load in the
 *                  same rounds
 *   --tasks        print the first measured load's requests and main-thread events in order
 *                  (TRACE_ALL=1: every event, TRACE_MIN=µs: the shortest one printed)
 *   --profile      a sampled CPU profile (V8's, --interval=µs, default 100) from the end of parsing
 *                  to the mark: self time by script and by function (sampling inflates JS time)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/lib/chromium.mjs';
import { benchPages, buildBenchFiles } from './first-render-pages.js';

const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const LOADS = Number(opt('loads') ?? 5);
const verbose = args.includes('--tasks');
const wanted = args.filter((a) => !a.startsWith('--'));
const tmp = opt('dir') ?? mkdtempSync(join(tmpdir(), 'pwl-trace-'));
const prebuilt = !!opt('dir') && existsSync(join(tmp, 'es'));
const profile = args.includes('--profile');

/** Other builds to compare with (`--vs=dirB,dirC`): their pages are `es-email@1.html`, … */
const variants = (opt('vs') ?? '').split(',').filter(Boolean);
const dirOf = (v: number) => (v === 0 ? tmp : variants[v - 1]!);
const pagesOf = (v: number): Record<string, string> => benchPages(v === 0 ? '' : `/v${v}`, v === 0 ? '' : `@${v}`);
const PAGES: Record<string, string> = Object.assign({}, ...[0, ...variants.map((_, i) => i + 1)].map(pagesOf));

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event: without the throttler's pauses or the host's preemption. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'loading',
  'toplevel',
  'blink',
].join(',');

/** Kind of a main-thread event for the summary (the innermost kind wins, see summarize). */
function kind(e: TraceEvent): string | undefined {
  switch (e.name) {
    case 'ParseHTML':
      return 'parse HTML';
    case 'v8.compileModule':
    case 'v8.compile':
    case 'V8.CompileCode':
    case 'v8.parseOnBackground':
      return 'compile';
    case 'v8.evaluateModule':
      return 'module evaluation';
    case 'EvaluateScript':
      return 'classic script';
    case 'FunctionCall':
    case 'FireAnimationFrame':
    case 'RunMicrotasks':
    case 'TimerFire':
    case 'EventDispatch':
    case 'V8.Execute':
      return 'other script';
    case 'UpdateLayoutTree':
    case 'ParseAuthorStyleSheet':
      return 'style';
    case 'Layout':
      return 'layout';
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
    case 'UpdateLayer':
    case 'CompositeLayers':
    case 'Commit':
    case 'PaintImage':
      return 'paint/composite';
    case 'RunTask':
      return 'task (other)';
  }
  return undefined;
}

/** Self time per kind of complete events on one thread in [start, end]. */
function summarize(events: TraceEvent[], start: number, end: number): Map<string, number> {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && kind(e) && e.ts < end && e.ts + e.dur! > start)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  // Sweep: a stack of open spans; each microsecond counts for the innermost one.
  const stack: Array<{ end: number; kind: string }> = [];
  let t = start;
  const charge = (until: number) => {
    const top = stack[stack.length - 1];
    const k = top ? top.kind : 'idle';
    const d = Math.max(0, Math.min(until, end) - t);
    self.set(k, (self.get(k) ?? 0) + d);
    t = Math.max(t, Math.min(until, end));
  };
  for (const e of spans) {
    while (stack.length && stack[stack.length - 1]!.end <= e.ts) {
      charge(stack[stack.length - 1]!.end);
      stack.pop();
    }
    charge(Math.max(e.ts, start));
    stack.push({ end: e.ts + e.dur!, kind: kind(e)! });
  }
  while (stack.length) {
    charge(stack[stack.length - 1]!.end);
    stack.pop();
  }
  charge(end);
  return self;
}

async function serve(): Promise<{ origin: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path.slice(1);
    if (PAGES[name]) return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES[name]);
    const v = /^\/v(\d+)\//.exec(path);
    const dir = dirOf(v ? Number(v[1]) : 0);
    const file = normalize(join(dir, v ? path.slice(v[0].length - 1) : path));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  if (!prebuilt) await buildBenchFiles(tmp);
  writeFileSync(join(tmp, 'index.html'), '');
  const server = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const names = (wanted.length ? wanted : ['plain-lit.html', 'es-email.html']).flatMap((n) =>
    /^(es|cdn)-/.test(n) ? [n, ...variants.map((_, i) => n.replace('.html', `@${i + 1}.html`))] : [n],
  );
  const sums = new Map<string, Array<Map<string, number>>>(names.map((n) => [n, []]));
  const profiles = new Map<string, Array<{ p: CpuProfile; from: number; end: number }>>(names.map((n) => [n, []]));
  try {
    const load = async (name: string, round: number) => {
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        if (profile) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: Number(opt('interval') ?? 100) });
          await cdp.send('Profiler.start');
        }
        await browser.startTracing(tab, { categories: CATEGORIES.split(',') });
        await tab.goto(`${server.origin}/${name}`);
        await tab.waitForFunction(() => typeof (window as { __shown?: number }).__shown === 'number');
        const [shown, interactive] = await tab.evaluate(() => [
          (window as unknown as { __shown: number }).__shown,
          (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive,
        ]);
        await tab.waitForTimeout(100);
        let stopped: CpuProfile | undefined;
        if (profile) {
          const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          stopped = p;
        }
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
        const events = trace.traceEvents;
        const main = events.find(
          (e) =>
            e.name === 'thread_name' &&
            e.args?.name === 'CrRendererMain' &&
            events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'),
        );
        if (!main) throw new Error('no renderer main thread');
        const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
        // The probe's mark is at performance.now() = shown, counted from this document's time origin.
        const mark = events.find((e) => e.name === 'shown' && e.pid === main.pid);
        if (!mark) {
          console.error(`${name}: no mark in the trace, load skipped`);
          return;
        }
        const end = mark.ts;
        const start = end - shown * 1000;
        const self = summarize(mine, start, end);
        // Thread time (tdur) on the main thread from the end of parsing to the probe's mark: the part
        // of the page that runs the element's modules.
        const from = start + interactive * 1000;
        // A script-tag page can show its input before parsing ends: its profile then starts at navigation.
        if (stopped && round >= 0) profiles.get(name)!.push({ p: stopped, from: from < end ? from : start, end });
        const cpu = (names: string[]) =>
          mine
            .filter((e) => e.ph === 'X' && names.includes(e.name) && e.ts >= from && e.ts < end)
            .reduce((sum, e) => sum + (e.tdur ?? 0), 0);
        self.set('wall: parse end → shown', end - from);
        self.set('cpu: parse end → shown, all tasks', cpu(['RunTask']));
        self.set('cpu: module evaluation', cpu(['v8.evaluateModule']));
        self.set('cpu: microtasks', cpu(['RunMicrotasks']));
        self.set('cpu: Document::FinishedParsing', cpu(['Document::FinishedParsing']));
        self.set('cpu: style', cpu(['UpdateLayoutTree']));
        self.set('cpu: layout', cpu(['Layout']));
        self.set('cpu: animation frame callbacks', cpu(['FireAnimationFrame']));
        self.set('shown (probe)', shown * 1000);
        if (round >= 0) sums.get(name)!.push(self);
        if (verbose && round === 0) {
          console.log(`\n### ${name}: shown ${shown.toFixed(1)} ms`);
          const rel = (ts: number) => ((ts - start) / 1000).toFixed(1).padStart(7);
          for (const e of events.filter((e) => e.pid === main.pid && e.name.startsWith('Resource'))) {
            const d = e.args?.data as { url?: string; requestId?: string } | undefined;
            console.log(`${rel(e.ts)}  ${e.name} ${d?.url ?? d?.requestId ?? ''}`);
          }
          const all = process.env.TRACE_ALL === '1';
          for (const e of mine.filter(
            (e) =>
              e.ph === 'X' &&
              e.ts >= start &&
              e.ts <= end &&
              (all || kind(e)) &&
              (e.dur ?? 0) > (all ? Number(process.env.TRACE_MIN ?? 100) : 300),
          )) {
            const d = e.args?.data as { url?: string; functionName?: string; stackTrace?: unknown } | undefined;
            console.log(
              `${rel(e.ts)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(5)}  ${e.name} ${d?.url ?? d?.functionName ?? ''}${all && (e.args as { beginData?: { stackTrace?: unknown } })?.beginData?.stackTrace ? ' STACK ' + JSON.stringify((e.args as { beginData: { stackTrace: unknown } }).beginData.stackTrace).slice(0, 300) : ''}`,
            );
          }
        }
      } finally {
        await context.close();
      }
    };
    for (const name of names) await load(name, -1); // warm-up, not counted
    for (let i = 0; i < LOADS; i++) for (const name of names) await load(name, i);
    const kinds = [...new Set([...sums.values()].flatMap((runs) => runs.flatMap((r) => [...r.keys()])))];
    console.log(`\n| main thread (ms, median of ${LOADS}) | ${names.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---').join('|')}|`);
    for (const k of kinds) {
      console.log(
        `| ${k} | ${names.map((n) => (median(sums.get(n)!.map((r) => r.get(k) ?? 0)) / 1000).toFixed(1)).join(' | ')} |`,
      );
    }
    if (profile) {
      for (const name of names) {
        const self = new Map<string, number>();
        let total = 0;
        const byUrl = new Map<string, number>();
        for (const { p, from, end } of profiles.get(name)!) {
          const byId = new Map(p.nodes.map((n) => [n.id, n]));
          let ts = p.startTime;
          p.samples.forEach((id, i) => {
            ts += p.timeDeltas[i]!;
            if (ts < from || ts > end) return;
            const n = byId.get(id)!;
            const f = n.callFrame;
            const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/\/[^/]+/, '')}:${f.lineNumber}:${f.columnNumber}`;
            const d = p.timeDeltas[i + 1] ?? 0;
            if (f.functionName === '(idle)') return;
            self.set(key, (self.get(key) ?? 0) + d);
            const url = f.url
              ? f.url.replace(/^.*\/\/[^/]+/, '')
              : f.functionName.startsWith('(')
                ? f.functionName
                : '(native)';
            byUrl.set(url, (byUrl.get(url) ?? 0) + d);
            total += d;
          });
        }
        const runs = profiles.get(name)!.length;
        console.log(
          `\n### CPU profile ${name}, parse end (or navigation) → shown: ${(total / runs / 1000).toFixed(1)} ms sampled (not idle) per load, self time`,
        );
        for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]))
          console.log(`${(v / runs / 1000).toFixed(2).padStart(7)} ms  ${k}`);
        console.log('');
        for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(opt('rows') ?? 40))) {
          console.log(`${(v / runs / 1000).toFixed(2).padStart(7)} ms  ${k}`);
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  if (!opt('dir')) rmSync(tmp, { recursive: true, force: true });
  else if (!prebuilt) console.log(`built into ${tmp} (kept)`);
}
