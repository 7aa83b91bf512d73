/**
 * A real, throwaway redis-server for the tests that need one: on a free loopback port, with no
 * persistence, and a way to wait until it answers. Suites skip with `skipWithoutRedis` when the
 * binary is missing (`.ci/run` installs it, so CI always runs them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../e2e/support/net.js';

export { freePort };

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
/** The `skip` option of a suite that needs redis-server. */
export const skipWithoutRedis: false | string = hasRedis ? false : 'redis-server is not installed';

/** Starts redis-server on 127.0.0.1:`port`; it takes a moment to listen (`untilRedisAnswers`). */
export function spawnRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

/** One raw `PING`: true when the server on `port` answers `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(String(chunk).startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

/** Waits until redis-server on `port` answers PING; throws after `ms`. */
export async function untilRedisAnswers(port: number, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await answersPing(port))) {
    if (Date.now() - t0 > ms) throw new Error(`redis-server on port ${port} did not answer within ${ms} ms`);
    await sleep(50);
  }
}

export interface RedisServer {
  port: number;
  url: string;
  stop(): void;
}

/** A redis-server on a free port, answering by the time this resolves. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const proc = spawnRedis(port);
  try {
    await untilRedisAnswers(port);
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}
