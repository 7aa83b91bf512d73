/**
 * A real, throwaway PostgreSQL cluster for the tests that need one: `initdb` into a temp folder,
 * `pg_ctl start` on a free loopback port (its socket in that folder too), removed by `stop()`.
 * Never a system service, never a fixed port. initdb refuses to run as root, so as root the
 * cluster belongs to the `postgres` user the Debian package creates (`runuser`). Suites skip with
 * `skipWithoutPostgres` when the binaries are missing (`.ci/run` installs them, so CI runs them).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../e2e/support/net.js';

const run = promisify(execFile);

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
function findBin(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(root, majors[0], 'bin') : null;
}

const bin = findBin();
const asRoot = userInfo().uid === 0;

/** The `skip` option of a suite that needs PostgreSQL. */
export const skipWithoutPostgres: false | string = bin ? false : 'PostgreSQL (initdb, pg_ctl) is not installed';

export interface PostgresServer {
  port: number;
  /** postgres://postgres@127.0.0.1:port/postgres (trust authentication on loopback). */
  url: string;
  /** A URL of a new, empty database on this cluster. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (its connections are cut at once); the data stays. */
  halt(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops (SIGSTOP) or continues (SIGCONT) the server and its backends: a database that hangs. */
  freeze(on: boolean): void;
  /** Stops it and removes the folder. */
  stop(): Promise<void>;
}

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function pg(program: string, args: string[]): Promise<{ stdout: string }> {
  const path = join(bin!, program);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
}

/**
 * A cluster answering by the time this resolves. `durable: false` (tests) turns fsync off: a
 * crash would lose it, which a throwaway cluster does not mind. Benchmarks keep the defaults.
 */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<PostgresServer> {
  if (!bin) throw new Error('PostgreSQL is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'pwl-pg-'));
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const start = () => pg('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'log'), '-o', settings]);
  const halt = async () => {
    await pg('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]);
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    url,
    async createDatabase(name) {
      await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    halt,
    freeze(on) {
      // The postmaster (first line of postmaster.pid) and its children, found by their parent pid.
      const main = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const children = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((d) => {
          try {
            return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === main;
          } catch {
            return false;
          }
        })
        .map(Number);
      for (const pid of [main, ...children]) process.kill(pid, on ? 'SIGSTOP' : 'SIGCONT');
    },
    resume: async () => {
      await start();
    },
    async stop() {
      await halt().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
