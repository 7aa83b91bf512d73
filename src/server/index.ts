/**
 * The programmatic API of the `passwordless-login-server` package (its `exports["."]`): the app
 * factory and the one config schema the CLI uses. `buildApp()` returns a Fastify instance that is
 * not listening yet; pass it a config checked by `parseConfig()` (defaults filled in, a bad key
 * throws a ConfigError naming it). docs/packages.md shows it in use.
 */
export { buildApp, loggerOptions, type BuildOptions } from './app.js';
export {
  ConfigError,
  ConfigSchema,
  DEFAULT_SQLITE_PATH,
  parseConfig,
  type ClientConfig,
  type EmailConfig,
  type Limits,
  type ServerConfig,
  type ServerConfigInput,
  type SmsConfig,
} from './config.js';
export type { AppContext } from './context.js';
export type { DeliveryProvider, OutgoingMessage } from './delivery/index.js';
export type { Store } from './store/types.js';
