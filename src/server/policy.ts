/** Account rules shared by /passwordless/start and /oauth/token. */
import type { Connection } from '../protocol/index.js';
import type { ServerConfig } from './config.js';

/**
 * The store key of one requester's lockout on an identifier (its consecutive failed verifications):
 * a lock refuses the requester (a client network, see client-address.ts) that failed, never the
 * identifier's owner elsewhere. See docs/security.md, "Lockout".
 */
export const lockoutKey = (connection: Connection, identifier: string, requester: string) =>
  `lock:${connection}:${identifier}@${requester}`;

/** The rate key of an identifier's daily guessing budget (wrong codes against its live codes). */
export const guessKey = (connection: Connection, identifier: string) => `guess:${connection}:${identifier}`;

/** The length of the guessing budget's window: a day. */
export const GUESS_WINDOW_MS = 86_400_000;

/** True when `disable_signup` is set for the connection: unknown identifiers never get an account. */
export const signupDisabled = (config: Pick<ServerConfig, 'email' | 'sms'>, connection: Connection) =>
  config[connection].disable_signup === true;
