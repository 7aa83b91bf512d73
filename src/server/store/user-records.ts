/**
 * Pure rules on user records that every store applies the same way: the signed-in view of a
 * record, Auth0's one-level metadata merge, and what a login or a PATCH changes.
 */
import type { Connection } from '../../protocol/index.js';
import { generateId } from '../secrets.js';
import type { Identity, Metadata, NewUser, User, UserPatch, UserRecord } from './types.js';

export const userIdOf = (i: Pick<Identity, 'connection' | 'user_id'>) => `${i.connection}|${i.user_id}`;

/** The identity id inside a user id `email|abc` (`abc`), or null when it has no provider part. */
export function identityIdOf(userId: string): { connection: string; id: string } | null {
  const bar = userId.indexOf('|');
  if (bar <= 0 || bar === userId.length - 1) return null;
  return { connection: userId.slice(0, bar), id: userId.slice(bar + 1) };
}

export function toUser(r: Pick<UserRecord, 'user_id' | 'identities' | 'created_at' | 'blocked'>): User {
  const primary = r.identities[0]!;
  return {
    sub: r.user_id,
    connection: primary.connection,
    identifier: primary.identifier,
    created_at: r.created_at,
    email: r.identities.find((i) => i.connection === 'email')?.identifier ?? null,
    phone_number: r.identities.find((i) => i.connection === 'sms')?.identifier ?? null,
    blocked: r.blocked,
  };
}

export function newRecord(u: NewUser): UserRecord {
  const identity: Identity = { connection: u.connection, user_id: generateId(), identifier: u.identifier };
  return {
    user_id: userIdOf(identity),
    identities: [identity],
    email_verified: u.email_verified,
    phone_verified: u.phone_verified,
    created_at: u.created_at,
    updated_at: u.created_at,
    last_login: null,
    logins_count: 0,
    blocked: u.blocked,
    user_metadata: u.user_metadata,
    app_metadata: u.app_metadata,
  };
}

/** A user made by a first sign-in (sign-up). */
export function signupRecord(connection: Connection, identifier: string, now: number): UserRecord {
  return newRecord({
    connection,
    identifier,
    email_verified: false,
    phone_verified: false,
    blocked: false,
    user_metadata: {},
    app_metadata: {},
    created_at: now,
  });
}

/** Auth0's merge: top-level keys of `patch` replace the stored ones; a null value removes the key. */
export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const out: Metadata = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function applyPatch(r: UserRecord, p: UserPatch, now: number): UserRecord {
  return {
    ...r,
    blocked: p.blocked ?? r.blocked,
    email_verified: p.email_verified ?? r.email_verified,
    phone_verified: p.phone_verified ?? r.phone_verified,
    user_metadata: p.user_metadata ? mergeMetadata(r.user_metadata, p.user_metadata) : r.user_metadata,
    app_metadata: p.app_metadata ? mergeMetadata(r.app_metadata, p.app_metadata) : r.app_metadata,
    updated_at: now,
  };
}

/**
 * What a successful sign-in through `connection` records. (SqliteUsers.loginUser makes the same
 * change to a returning user in one UPDATE; the user store contract tests hold both to it.)
 */
export function applyLogin(r: UserRecord, connection: Connection, now: number): UserRecord {
  return {
    ...r,
    logins_count: r.logins_count + 1,
    last_login: now,
    updated_at: now,
    email_verified: connection === 'email' ? true : r.email_verified,
    phone_verified: connection === 'sms' ? true : r.phone_verified,
  };
}

/**
 * The identity leaving the primary becomes its own user again, as it was: `${connection}|${id}`,
 * with the verification state of its identifier and no metadata.
 */
export function unlinkedRecord(primary: UserRecord, identity: Identity, now: number): UserRecord {
  return {
    user_id: userIdOf(identity),
    identities: [identity],
    email_verified: identity.connection === 'email' ? primary.email_verified : false,
    phone_verified: identity.connection === 'sms' ? primary.phone_verified : false,
    created_at: now,
    updated_at: now,
    last_login: null,
    logins_count: 0,
    blocked: false,
    user_metadata: {},
    app_metadata: {},
  };
}

/** The primary after taking over `identity` from the secondary user. */
export function linkedRecord(primary: UserRecord, secondary: UserRecord, now: number): UserRecord {
  const identity = secondary.identities[0]!;
  return {
    ...primary,
    identities: [...primary.identities, identity],
    email_verified: identity.connection === 'email' ? secondary.email_verified : primary.email_verified,
    phone_verified: identity.connection === 'sms' ? secondary.phone_verified : primary.phone_verified,
    updated_at: now,
  };
}
