/**
 * What the benches read about other processes from /proc (Linux; null elsewhere): a process's CPU
 * time, its children, and a PostgreSQL cluster's CPU (the postmaster, its reaped children and its
 * living backends).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** The fields of /proc/<pid>/stat after the parenthesised command name. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** A process's own CPU time (user + system) in µs, null when it cannot be read. */
export function cpuTimeUs(pid: number | undefined): number | null {
  try {
    const f = statFields(pid!);
    return ((Number(f[11]) + Number(f[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** A process and its direct children. */
export function family(pid: number | undefined): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return [pid!, ...children.map(Number)];
  } catch {
    return pid === undefined ? [] : [pid];
  }
}

/** A cluster's CPU time in µs: the postmaster's own and its reaped children's, and its backends'. */
export function clusterCpuUs(postmasterPid: number | undefined): number | null {
  if (postmasterPid === undefined) return null;
  try {
    const f = statFields(postmasterPid);
    let sum = ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1e6) / CLOCK_TICKS;
    for (const p of family(postmasterPid).slice(1)) sum += cpuTimeUs(p) ?? 0;
    return sum;
  } catch {
    return null;
  }
}

/** The postmaster of the cluster at `url`: the parent of a backend. */
export async function postmasterOf(url: string): Promise<number> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    const backend = await probe.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return Number(statFields(backend.rows[0]!.pid)[1]);
  } finally {
    await probe.end();
  }
}
