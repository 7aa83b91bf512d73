#!/usr/bin/env node
/**
 * passwordless-server [--config file.json]
 * Env PORT and HOST override the file. Without a config it runs on dev defaults (SQLite and a
 * generated secret under .data/, outbox delivery, the `demo` client) and says so first.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { isClusterWorker, parseWorkers, runPrimary } from './cluster.js';
import { reduceMemoryWhenIdle } from './idle-gc.js';
import { ConfigError, DEFAULT_SQLITE_PATH, parseConfig, type ServerConfig } from './config.js';
import { DEV_PASSKEYS, demoClient, demoOrigins } from './dev-defaults.js';
import { shutdown } from './lifecycle.js';

const USAGE = `Usage: passwordless-server [--config <file.json>] [--workers <N|auto>]
       passwordless-server users <list|get|create|block|unblock|delete|link|unlink> … --config <file.json> [--json]
       passwordless-server migrate --config <file.json> [--json]

Without --config: dev defaults (SQLite .data/passwordless.sqlite, outbox delivery, client "demo"
for PWL_DEMO_ORIGINS, generated secret in .data/secret). PORT and HOST override the config.`;

function devSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv): { config: ServerConfig; summary: string } {
  let raw: Record<string, unknown>;
  let summary: string;
  if (file) {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (err) {
      throw new ConfigError('--config', `cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError('--config', `${file} is not valid JSON: ${(err as Error).message}`);
    }
    summary = `config from ${file}`;
  } else {
    const origins = demoOrigins(env);
    raw = {
      secret: devSecret('.data/secret'),
      store: { type: 'sqlite', path: DEFAULT_SQLITE_PATH },
      email: { provider: 'outbox' },
      sms: { provider: 'outbox' },
      clients: [demoClient(origins)],
      passkeys: { ...DEV_PASSKEYS },
    };
    summary =
      `no --config: dev defaults (SQLite .data/passwordless.sqlite, outbox delivery for email and sms, ` +
      `secret in .data/secret, client "demo" for ${origins.join(', ')}, passkeys for localhost)`;
  }
  if (env.PORT !== undefined) {
    const port = Number(env.PORT);
    if (!/^\d+$/.test(env.PORT) || port > 65535) throw new ConfigError('PORT', 'must be an integer from 0 to 65535');
    raw = { ...raw, port };
  }
  if (env.HOST) raw = { ...raw, host: env.HOST };
  return { config: parseConfig(raw), summary };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') {
    // Imported here: the server itself never loads the migrate subcommand (nor the PostgreSQL client).
    const { runMigrateCli } = await import('./cli-migrate.js');
    process.exitCode = await runMigrateCli(process.argv.slice(3), {
      out: (text) => console.log(text),
      err: (text) => console.error(text),
    });
    return;
  }
  if (process.argv[2] === 'users') {
    // Imported here: the server itself never loads the users subcommand.
    const { runUsersCli } = await import('./cli-users.js');
    process.exitCode = await runUsersCli(process.argv.slice(3), {
      out: (text) => console.log(text),
      err: (text) => console.error(text),
    });
    return;
  }
  const { values } = parseArgs({
    options: {
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
      // One process per core (cluster.ts): `--workers N` or `--workers auto`.
      workers: { type: 'string', short: 'w' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`${USAGE}\n\n--workers <N|auto>: N processes (auto: one per core) sharing the port and the store.`);
    return;
  }
  const { config, summary } = loadConfig(values.config, process.env);
  const workers = parseWorkers(values.workers);
  if (workers !== undefined && !isClusterWorker()) {
    const log = pino({ level: config.log_level, name: 'primary' });
    log.info(summary);
    await runPrimary(config, workers, log);
    return;
  }
  // Imported here, not at the top: a `--workers` primary never serves, so never loads Fastify.
  const { buildApp, loggerOptions } = await import('./app.js');
  const destination = (await import('./access-log.js')).stdoutDestination();
  // A PostgreSQL store migrates after the listener opens: /ready says 503 until it is done.
  const app = await buildApp({ config, logger: loggerOptions(config, destination), openWhileMigrating: true });
  app.log.info(summary);
  app.log.info(
    'logging: pino JSON lines to stdout, asynchronous (sonic-boom, batched, flushed every 100 ms and on exit)',
  );
  await app.listen({ port: config.port, host: config.host });
  // Young-generation space back to the system once the server is quiet (idle-gc.ts).
  reduceMemoryWhenIdle();
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  app.log.info(`listening on http://${host}:${address.port} (issuer ${app.passwordless.issuer()})`);
  // Graceful shutdown (lifecycle.ts): drain, let requests in flight finish within the grace
  // period, close the store. A second signal while draining changes nothing.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    const code = await shutdown(app, {
      graceMs: config.shutdown.grace_ms,
      drainDelayMs: config.shutdown.drain_delay_ms,
    });
    destination.flushSync();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`passwordless-server: invalid configuration: ${err.message}`);
  } else {
    console.error(`passwordless-server: ${(err as Error).message ?? err}`);
  }
  process.exit(2);
});
