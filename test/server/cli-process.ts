/**
 * The API as an operator runs it, for the shutdown and fault-drill tests: the CLI with a JSON
 * config file in its own process, on a free loopback port, with its output kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHealth } from '../../scripts/lib/health.mjs';
import { freePort } from '../e2e/support/net.js';
import { startProcess, type StartedProcess } from '../e2e/support/process.js';
import { SECRET } from './helpers.js';

const REPO = join(import.meta.dirname, '..', '..');

export interface CliServer {
  url: string;
  port: number;
  dir: string;
  proc: StartedProcess;
  /** Resolves with the exit code (a signal counts as 128) once the process is gone. */
  exited: Promise<number | null>;
  /** Kills what is left and removes the directory. */
  cleanup(): Promise<void>;
}

/** A temporary directory for a CLI server's config and data (removed by `cleanup`). */
export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `pwl-${name}-`));

export function cliConfig(dir: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    secret: SECRET,
    store: { type: 'sqlite', path: join(dir, 'passwordless.sqlite') },
    clients: [{ client_id: 'demo', name: 'Demo App', connections: ['email', 'sms'] }],
    // Every start comes from 127.0.0.1.
    limits: { starts_per_ip_per_hour: 1_000_000 },
    ...overrides,
  };
}

/**
 * Writes `config` to `dir` and starts the CLI on it (`spawn` wraps the command, e.g. in a shell
 * that sets a ulimit). Waits for /health unless `wait` is false.
 */
export async function startCli(
  dir: string,
  config: Record<string, unknown>,
  options: { wait?: boolean; port?: number; wrap?: (argv: string[]) => [string, string[]] } = {},
): Promise<CliServer> {
  const port = options.port ?? (await freePort());
  const file = join(dir, `config-${port}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const argv = [process.execPath, '--import', 'tsx', 'src/server/cli.ts', '--config', file];
  const [command, args] = options.wrap ? options.wrap(argv) : [argv[0]!, argv.slice(1)];
  const proc = startProcess(command, args, {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1' },
  });
  const exited = new Promise<number | null>((resolve) => {
    if (proc.child.exitCode !== null) resolve(proc.child.exitCode);
    proc.child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
  });
  const server: CliServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    proc,
    exited,
    async cleanup() {
      await proc.stop(2000, 'SIGKILL');
    },
  };
  if (options.wait !== false) {
    try {
      await waitForHealth(server.url, {
        timeoutMs: 60_000,
        exited: () => proc.child.exitCode ?? proc.child.signalCode ?? undefined,
      });
    } catch (error) {
      await server.cleanup();
      throw new Error(`${(error as Error).message}\n${proc.output()}`);
    }
  }
  return server;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
