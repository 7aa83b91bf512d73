/**
 * What `passwordless-server` runs on without `--config`: the `demo` client for the demo pages.
 * Only the CLI uses this; a real deployment lists its clients in its config file.
 */
import { GRANT_WEBAUTHN } from '../protocol/index.js';
import { ConfigError, DEFAULT_GRANT_TYPES, originProblem, type ClientConfig } from './config.js';

/** Demo origins for the dev client: env PWL_DEMO_ORIGINS (comma-separated) or Vite's defaults. */
export function demoOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.PWL_DEMO_ORIGINS?.trim();
  const list = raw
    ? raw
        .split(',')
        .map((s) => s.trim().replace(/\/+$/, ''))
        .filter(Boolean)
    : ['http://localhost:5173', 'http://127.0.0.1:5173'];
  list.forEach((o, i) => {
    const problem = originProblem(o);
    if (problem) throw new ConfigError(`PWL_DEMO_ORIGINS[${i}]`, problem);
  });
  return list;
}

const DEMO_PAGES = [
  '/',
  '/index.html',
  '/script-tag.html',
  '/spa.html',
  '/hosted.html',
  '/themes.html',
  '/callback.html',
];

/**
 * The dev defaults' passkey settings: browsers refuse an IP address as the WebAuthn RP ID, so the
 * demo's passkeys belong to `localhost` (open the demo at http://localhost:…, not 127.0.0.1).
 */
export const DEV_PASSKEYS = { rp_id: 'localhost' } as const;

/** The dev default client `demo` (see docs/server.md, "Running it"). */
export function demoClient(origins: string[]): ClientConfig {
  return {
    client_id: 'demo',
    name: 'Demo App',
    allowed_origins: origins,
    redirect_uris: origins.flatMap((o) => DEMO_PAGES.map((p) => o + p)),
    post_logout_redirect_uris: origins.flatMap((o) => DEMO_PAGES.map((p) => o + p)),
    connections: ['email', 'sms'],
    id_token_signed_response_alg: 'RS256',
    // Passkeys too (docs/passkeys.md): they work on the localhost pages, never on 127.0.0.1.
    grant_types: [...DEFAULT_GRANT_TYPES, GRANT_WEBAUTHN],
    client_grants: [],
    web_origins: [],
  };
}
