/**
 * Passkeys (WebAuthn credentials) in the store: a sub-interface of its own, so a store can be
 * written first and gain passkeys after. SQLite, Redis and PostgreSQL implement it; the app offers passkeys
 * only on a store that does (see `credentialStore`). test/server/credential-store-contract.ts is
 * the suite every implementation must pass.
 *
 * The ceremony challenges themselves need nothing new: they are single-use records
 * (`putRecord`/`takeRecord` of kind `passkey`), which every store already has.
 */
import type { Awaitable, Store } from './types.js';

/** One passkey of a user (Auth0's authentication method of type `passkey`). */
export interface PasskeyCredential {
  /** The credential id, base64url; unique across every user. */
  id: string;
  /** The user's `sub`. */
  user_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter at the last use (0 when it keeps none). */
  counter: number;
  /** `AuthenticatorTransport` values the browser reported (`internal`, `hybrid`, `usb`, …). */
  transports: string[];
  /** `multi_device`: the key is synced (a passkey manager); `single_device`: bound to one authenticator. */
  device_type: 'single_device' | 'multi_device';
  /** The backup state flag (BS) of the last ceremony. */
  backed_up: boolean;
  /** The WebAuthn user handle (user.id) it was created for, base64url. */
  user_handle: string;
  /** The authenticator model (AAGUID), or all zeros. */
  aaguid: string;
  /** The RP ID it is bound to. */
  rp_id: string;
  /** A label the user can read ("Passkey", or what they named it). */
  name: string;
  created_at: number;
  last_used_at: number | null;
}

export type AddCredentialOutcome = 'ok' | 'exists' | 'no_user';

export type UseCredentialOutcome =
  | { status: 'ok'; credential: PasskeyCredential }
  /** No such credential (deleted meanwhile). */
  | { status: 'unknown' }
  /** The signature counter did not go up: a cloned authenticator, or a replayed assertion. */
  | { status: 'counter'; stored: number };

export interface CredentialStore {
  /** Stores a new credential, atomically checking its user exists and that its id is new. */
  addCredential(c: PasskeyCredential): Awaitable<AddCredentialOutcome>;
  getCredential(id: string): Awaitable<PasskeyCredential | null>;
  /** The user's credentials, oldest first. */
  listCredentials(userId: string): Awaitable<PasskeyCredential[]>;
  /**
   * Records a successful assertion in one atomic step: refused when the authenticator keeps a
   * counter (either value non-zero) and `counter` is not above the stored one (WebAuthn §6.1.1),
   * else stores the counter, the backup state and `last_used_at`.
   */
  useCredential(id: string, counter: number, backedUp: boolean, now: number): Awaitable<UseCredentialOutcome>;
  /** Deletes one credential of this user; false when the user has no such credential. */
  deleteCredential(userId: string, id: string): Awaitable<boolean>;
}

/** The store's credentials, or null when this store has none (then no passkey is offered). */
export function credentialStore(store: Store): (Store & CredentialStore) | null {
  const s = store as Store & Partial<CredentialStore>;
  return typeof s.addCredential === 'function' ? (s as Store & CredentialStore) : null;
}

/** WebAuthn §6.1.1: a counter that does not go up, when the authenticator keeps one, is refused. */
export const counterRegressed = (stored: number, next: number) => (stored > 0 || next > 0) && next <= stored;

/** The columns of a `passkeys` row, in the order the SQL stores insert them. */
export const CREDENTIAL_COLUMNS = [
  'id',
  'user_id',
  'public_key',
  'counter',
  'transports',
  'device_type',
  'backed_up',
  'user_handle',
  'aaguid',
  'rp_id',
  'name',
  'created_at',
  'last_used_at',
] as const satisfies readonly (keyof PasskeyCredential)[];

/**
 * A credential as the values of one `passkeys` row, in CREDENTIAL_COLUMNS order; `encoded` replaces
 * the fields a database stores in another form (SQLite: transports as JSON, backed_up as 0/1).
 */
export function credentialRow(
  c: PasskeyCredential,
  encoded: Partial<Record<keyof PasskeyCredential, unknown>> = {},
): unknown[] {
  return CREDENTIAL_COLUMNS.map((k) => (k in encoded ? encoded[k] : c[k]));
}
