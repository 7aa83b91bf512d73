/**
 * Each store keeps its users and passkeys in helper objects of their own (SqliteUsers,
 * RedisCredentials, …) and answers most of those methods by calling the helper unchanged.
 * `forward` defines such methods once on the store class's prototype, instead of a hand-written
 * one-line method each; the class declares them by an interface of its own name that picks them
 * from the helper's type, so they type-check as the helper's.
 */
export function forward<K extends string>(cls: { prototype: object }, field: string, names: readonly K[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      writable: true,
      value(this: Record<string, Record<string, (...args: unknown[]) => unknown>>, ...args: unknown[]) {
        return this[field]![name]!(...args);
      },
    });
  }
}

/** The user methods every store forwards to its users object unchanged (each adds its own). */
export const USER_CALLS = [
  'getUser',
  'createUser',
  'getUserRecord',
  'findUserRecord',
  'listUsers',
  'updateUser',
  'unlinkIdentity',
] as const;

/** The passkey methods every store forwards to its credentials object unchanged. */
export const CREDENTIAL_CALLS = [
  'addCredential',
  'getCredential',
  'listCredentials',
  'useCredential',
  'deleteCredential',
] as const;

/** The record and value methods a store forwards to its records object unchanged. */
export const RECORD_CALLS = [
  'putRecord',
  'getRecord',
  'takeRecord',
  'deleteRecord',
  'deleteOwnerRecords',
  'getValue',
  'setValueIfAbsent',
  'setValue',
] as const;

/** The user methods a store forwards: USER_CALLS and its `Own`. */
export type ForwardedUsers<Users, Own extends keyof Users> = Pick<
  Users,
  Extract<(typeof USER_CALLS)[number] | Own, keyof Users>
>;

/** The passkey methods a store forwards (CREDENTIAL_CALLS). */
export type ForwardedCredentials<Credentials> = Pick<
  Credentials,
  Extract<(typeof CREDENTIAL_CALLS)[number], keyof Credentials>
>;

/** The record and value methods a store forwards (RECORD_CALLS). */
export type ForwardedRecords<Records> = Pick<Records, Extract<(typeof RECORD_CALLS)[number], keyof Records>>;
