#!/usr/bin/env node
/**
 * `npm start`: builds the widget if its sources changed, then runs the companion API on its dev
 * defaults (SQLite under .data/, outbox delivery, client `demo`) and the demo on Vite's dev
 * server, prints the URLs, and stops both on Ctrl-C.
 *
 * Environment: API_PORT (default 3000 or the next free port), DEMO_PORT (default 5173 or the
 * next free port), PWL_HOME (the folder whose .data/ holds the API's data, default the repo: a second start
 * reuses it; a different PWL_HOME means a fresh state), PWL_SKIP_BUILD=1 (use dist/ as it is),
 * PWL_LOG=json (the API's raw JSON log instead of one readable line per entry).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickPort } from './lib/ports.mjs';
import { buildWidget, widgetBuildIsFresh } from './lib/widget-build.mjs';
import { createApiLogFormatter } from './lib/api-log.mjs';
import { waitForHealth } from './lib/health.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const say = (line) => process.stdout.write(`${line}\n`);

async function startApi({ port, demoOrigins, home }) {
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PWL_DEMO_ORIGINS: demoOrigins.join(','),
  };
  // The server's dev defaults keep data in ./.data, so its working directory picks the data.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), resolve(repo, 'src/server/cli.ts')], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const format = createApiLogFormatter();
  const prefix = (stream, target) => {
    let pending = '';
    stream.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const text = format(line);
        if (text !== undefined) target.write(`[api] ${text}\n`);
      }
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  let spawnError;
  child.once('error', (error) => (spawnError = error));
  try {
    // Ready when GET /health answers 200 (it listens and its store answers), not when a log line says so.
    await waitForHealth(`http://127.0.0.1:${port}`, {
      timeoutMs: 30_000,
      exited: () => (spawnError ? spawnError.message : (child.exitCode ?? child.signalCode ?? undefined)),
    });
  } catch (error) {
    child.kill('SIGTERM');
    throw spawnError ? new Error(`could not start the API: ${spawnError.message}`) : error;
  }
  return child;
}

async function main() {
  if (process.env.PWL_SKIP_BUILD === '1') {
    say('Skipping the widget build (PWL_SKIP_BUILD=1).');
  } else if (widgetBuildIsFresh(repo)) {
    say('Widget build is up to date (dist/widget, dist/cdn).');
  } else {
    say('Building the widget (dist/widget for the ES import, dist/cdn for the script tag)…');
    await buildWidget(repo);
  }

  const apiPort = await pickPort(process.env.API_PORT, 3000, 'API_PORT');
  const demoPort = await pickPort(process.env.DEMO_PORT, 5173, 'DEMO_PORT');
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const demoUrl = `http://127.0.0.1:${demoPort}`;
  const demoOrigins = [demoUrl, `http://localhost:${demoPort}`];
  const home = resolve(process.env.PWL_HOME ?? repo);
  const dataDir = resolve(home, '.data');
  mkdirSync(home, { recursive: true });

  const api = await startApi({ port: apiPort, demoOrigins, home });

  process.env.PWL_API_URL = apiUrl;
  const { createServer } = await import('vite');
  let vite;
  try {
    vite = await createServer({
      configFile: resolve(repo, 'demo/vite.config.ts'),
      server: { host: '127.0.0.1', port: demoPort, strictPort: true },
      logLevel: 'warn',
    });
    await vite.listen();
  } catch (error) {
    api.kill('SIGTERM');
    throw error;
  }

  say('');
  say('  passwordless-login is running');
  say('');
  say(`  Demo         ${demoUrl}/`);
  say(
    `  Passkeys     http://localhost:${demoPort}/   (the same demo; browsers allow passkeys on localhost, not on an IP)`,
  );
  say(`  Dev mailbox  ${demoUrl}/mailbox.html   (codes and links land here)`);
  say(`  API          ${apiUrl}   (data in ${dataDir})`);
  say('');
  say('  Press Ctrl-C to stop.');
  say('');

  let stopping = false;
  const stop = async (exitCode) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping…');
    const apiExited = api.exitCode !== null ? Promise.resolve() : new Promise((done) => api.once('exit', done));
    api.kill('SIGTERM');
    const forceKill = setTimeout(() => api.kill('SIGKILL'), 5000);
    await Promise.allSettled([vite.close(), apiExited]);
    clearTimeout(forceKill);
    say('Stopped.');
    process.exit(exitCode);
  };
  // `on`, not `once`: Ctrl-C reaches this process twice, from the terminal (the process group) and
  // forwarded by npm a moment later. With the listener gone, the second one would kill the process
  // in the middle of its shutdown.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  api.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`The API stopped (${signal ?? `exit ${code}`}); stopping the demo too.\n`);
    void stop(1);
  });
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
