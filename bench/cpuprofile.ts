/**
 * Sums up a V8 CPU profile (`node --cpu-prof`, e.g. the server's under BENCH_CPU_PROF): the
 * functions with the most self time and with the most inclusive time (itself plus what it calls,
 * each function counted once per stack), as shares of the sampled time, and per request when
 * given the request count. Start-up (module loading) is left out: counting begins with the first
 * HTTP request the process parses. The profiler samples wall time, so a function that waits in a
 * system call (a write, an fsync) or whose thread was preempted is charged for the wait too.
 * Usage: node --import tsx bench/cpuprofile.ts <file.cpuprofile> [requests] [rows]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, requestsArg, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/cpuprofile.ts <file.cpuprofile> [requests] [rows]');
  process.exit(2);
}
const requests = requestsArg ? Number(requestsArg) : 0;
const shown = rowsArg ? Number(rowsArg) : 30;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};

const stackOf = (id: number) => {
  const out: ProfileNode[] = [];
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) out.push(byId.get(n)!);
  return out;
};
const firstRequest = profile.samples.findIndex((id) =>
  stackOf(id).some((n) => n.callFrame.functionName === 'parserOnIncoming'),
);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, i) => {
  if (i < firstRequest) return;
  const dt = profile.timeDeltas[i] ?? 0;
  const node = byId.get(id)!;
  if (node.callFrame.functionName === '(idle)') {
    idle += dt;
    return;
  }
  total += dt;
  const name = label(node);
  self.set(name, (self.get(name) ?? 0) + dt);
  const seen = new Set<string>();
  for (const n of stackOf(id)) {
    const l = label(n);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
});

const table = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, shown)
    .map(([name, us]) => ({
      function: name.slice(0, 110),
      '%': ((us / total) * 100).toFixed(1),
      ...(requests ? { 'µs/req': (us / requests).toFixed(1) } : {}),
    }));

console.log(
  `${file}: from the first request, ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle` +
    (requests ? `, ${requests} requests: ${(total / requests).toFixed(0)} µs busy per request` : ''),
);
console.log('\nself time');
console.table(table(self));
console.log('\ninclusive time');
console.table(table(inclusive));
