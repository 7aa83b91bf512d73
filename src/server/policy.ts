/** Account rules shared by /passwordless/start and /oauth/token. */
import type { Connection } from '../protocol/index.js';
import type { ServerConfig } from './config.js';

/** The store key of an identifier's lockout (consecutive failed verifications). */
export const lockoutKey = (connection: Connection, identifier: string) => `lock:${connection}:${identifier}`;

/** True when `disable_signup` is set for the connection: unknown identifiers never get an account. */
export const signupDisabled = (config: Pick<ServerConfig, 'email' | 'sms'>, connection: Connection) =>
  config[connection].disable_signup === true;
