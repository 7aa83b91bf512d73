/**
 * The companion API as an operator runs it: the CLI with a JSON config file, in its own process.
 * Delivery goes to the test's SMTP receiver (email) and webhook receiver (SMS).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startProcess, type StartedProcess } from './process.js';
import { freePort } from './net.js';
import { waitForHealth } from '../../../scripts/lib/health.mjs';

export const E2E_CLIENT_ID = 'e2e';

export interface ApiServerOptions {
  smtpUrl: string;
  smsWebhookUrl: string;
  smsWebhookSecret: string;
  /** Origin of the pages that embed the element. */
  appOrigin: string;
  /** Paths on `appOrigin` registered as redirect URIs. */
  redirectPaths: string[];
  /** Overrides of `config.limits` (e.g. a short `link_ttl_seconds`). */
  limits?: Record<string, number>;
  /** More entries of `config.clients` (relying parties of the hosted login page). */
  extraClients?: Record<string, unknown>[];
  /** Merged into the e2e client (e.g. `grant_types` with the passkey grant). */
  client?: Record<string, unknown>;
  /** Top-level config keys to set or replace (e.g. `passkeys`, an outbox `email`). */
  config?: Record<string, unknown>;
  /**
   * The issuer for the chosen port instead of `http://127.0.0.1:port`, e.g. on `localhost` (a
   * passkey's RP ID must be a host name). `origin` is then `http://` and the issuer's host.
   */
  issuer?: (port: number) => string;
}

export interface ApiServer {
  readonly origin: string;
  readonly clientId: string;
  readonly process: StartedProcess;
  stop(): Promise<void>;
}

const REPO = new URL('../../..', import.meta.url).pathname;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pwl-e2e-api-'));
  const port = await freePort();
  const config = {
    host: '127.0.0.1',
    port,
    secret: randomBytes(32).toString('base64url'),
    store: { type: 'sqlite', path: join(dir, 'passwordless.sqlite') },
    email: { provider: 'smtp', url: options.smtpUrl, from: 'Sign-in <login@e2e.test>' },
    sms: { provider: 'webhook', url: options.smsWebhookUrl, secret: options.smsWebhookSecret },
    clients: [
      {
        client_id: E2E_CLIENT_ID,
        name: 'E2E App',
        allowed_origins: [options.appOrigin],
        redirect_uris: options.redirectPaths.map((p) => options.appOrigin + p),
        connections: ['email', 'sms'],
        ...options.client,
      },
      ...(options.extraClients ?? []),
    ],
    // Every test uses fresh recipients, but all starts come from 127.0.0.1.
    limits: { starts_per_ip_per_hour: 10_000, ...options.limits },
    // The log stays in memory and is shown when a test fails.
    log_level: 'info',
    ...(options.issuer ? { issuer: options.issuer(port) } : {}),
    ...options.config,
  };
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child = startProcess(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--config', configFile], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1' },
  });
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, {
      timeoutMs: 20_000,
      exited: () => child.child.exitCode ?? child.child.signalCode ?? undefined,
    });
  } catch (error) {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return {
    origin: `http://${options.issuer ? new URL(options.issuer(port)).host : `127.0.0.1:${port}`}`,
    clientId: E2E_CLIENT_ID,
    process: child,
    async stop() {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
