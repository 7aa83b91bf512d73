/** What every route plugin receives: config, store, clock, hashing, keys, delivery. */
import type { ClientConfig, ServerConfig } from './config.js';
import type { Deliveries } from './delivery/index.js';
import type { Keys, SigningKey } from './keys.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics.js';
import type { Hasher } from './secrets.js';
import type { Store } from './store/types.js';

export interface AppContext {
  config: ServerConfig;
  store: Store;
  /** Epoch milliseconds; injectable so tests can move time. */
  now: () => number;
  hash: Hasher;
  /** Both signing keys (RS256, ES256), all in the JWKS. */
  keys: Keys;
  /** The access-token key: `keys.ES256` (see keys.ts). */
  key: SigningKey;
  deliveries: Deliveries;
  clients: Map<string, ClientConfig>;
  /** The public base URL; links and token `iss` come from here, never from the Host header. */
  issuer: () => string;
  /** Counters the flows bump (limit refusals, lockouts); a no-op when metrics are off. */
  metrics: Metrics;
  /** Draining, in-flight requests and deliveries (readiness, graceful shutdown). */
  lifecycle: Lifecycle;
}

/**
 * An endpoint of this server: the issuer joined with `path` (which starts with `/`). Auth0's
 * issuer form ends in a slash (`https://tenant.example.com/`); both forms give one slash here.
 */
export function endpointUrl(ctx: Pick<AppContext, 'issuer'>, path: string): string {
  return ctx.issuer().replace(/\/$/, '') + path;
}
