/**
 * Child processes for end-to-end tests: start a command in its own process group, wait for a
 * log line that says it is ready, and stop the whole group on teardown so nothing is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (waits for it). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /**
   * `signal` (SIGTERM unless told) to the whole process group, as a terminal's Ctrl-C does with
   * SIGINT; SIGKILL after `graceMs`. Resolves with the leader's exit code once the group is gone.
   */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<{ code: number | null; forced: boolean }>;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Echo the child's output to this process's stderr (debugging). */
  echo?: boolean;
}

/** Every process group started here, so an unexpected exit of the test process still kills them. */
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function startProcess(command: string, args: string[], options: StartOptions = {}): StartedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: `npm start` spawns grandchildren, and we must be able to stop them all.
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.add(pid);
  let text = '';
  let exitCode: number | null | undefined;
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    if (options.echo || process.env.E2E_ECHO) process.stderr.write(chunk);
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? 128 : null);
    for (const wake of waiters) wake();
  });
  // 'close', not 'exit': it comes after the last output was read, and only once every process
  // holding the pipes (grandchildren included) is gone.
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code, signal) => {
      live.delete(pid);
      resolve(code ?? (signal ? 128 : null));
    });
  });

  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = text.match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (exitCode !== undefined) {
            done();
            reject(new Error(`${command} exited (${exitCode}) before printing ${pattern}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from ${command}:\n${text}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000, signal: NodeJS.Signals = 'SIGTERM') {
      if (exitCode !== undefined && !groupAlive(pid)) return { code: exitCode, forced: false };
      let forced = false;
      const kill = (): void => {
        forced = true;
        signalGroup(pid, 'SIGKILL');
      };
      signalGroup(pid, signal);
      const timer = setTimeout(kill, graceMs);
      const code = await exited;
      clearTimeout(timer);
      // The leader is gone; give its children the same grace, then make sure none outlives it.
      await waitUntil(() => !groupAlive(pid), graceMs).catch(kill);
      return { code, forced };
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** True while any process of the group `pid` is alive (signal 0 checks without sending). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
