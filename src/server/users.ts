/**
 * User management, as Auth0's Management API v2 does it: validation of what an administrator
 * sends, the store calls, Auth0's user object, and one audit log line per change naming the actor
 * (a client_id, or `cli` for the operator CLI) with identifiers masked. The HTTP routes
 * (routes/management.ts) and the operator CLI (cli-users.ts) both go through here, so they
 * canonicalize identifiers exactly as /passwordless/start does and answer the same errors.
 */
import {
  CONNECTIONS,
  type Connection,
  type ManagementIdentity,
  type ManagementUser,
  type ManagementUserPage,
} from '../protocol/index.js';
import { Type, type Static } from '@sinclair/typebox';
import type { ServerConfig } from './config.js';
import { conflict, invalidBody, invalidQueryString, invalidRequest, notFound, userExists } from './errors.js';
import { maskIdentifier, normalizeEmail, normalizePhone } from './identifiers.js';
import type { Metadata, TokenStore, UserPatch, UserRecord, UserStore } from './store/types.js';
import { sameCode, type SchemaErrorTable } from './request-schema.js';

/** Where audit lines go: the request's logger for HTTP, stderr for the CLI. */
export type AuditLog = (entry: Record<string, unknown>, message: string) => void;

export interface UsersDeps {
  store: UserStore & Pick<TokenStore, 'revokeUserGrants'>;
  config: ServerConfig;
  now: () => number;
  audit: AuditLog;
  /** Revokes a user's server-side sessions, where the server keeps them. */
  revokeSessions?: (userId: string) => Promise<void> | void;
}

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

const invalidQuery = invalidQueryString;
const noUser = () => notFound('The user does not exist.');

/** Auth0's user object from a stored record. */
export function toManagementUser(r: UserRecord): ManagementUser {
  const email = r.identities.find((i) => i.connection === 'email');
  const phone = r.identities.find((i) => i.connection === 'sms');
  const u: ManagementUser = {
    user_id: r.user_id,
    ...(email ? { email: email.identifier, email_verified: r.email_verified } : {}),
    ...(phone ? { phone_number: phone.identifier, phone_verified: r.phone_verified } : {}),
    identities: toIdentities(r),
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
    logins_count: r.logins_count,
    blocked: r.blocked,
    user_metadata: r.user_metadata,
    app_metadata: r.app_metadata,
  };
  if (r.last_login !== null) u.last_login = new Date(r.last_login).toISOString();
  return u;
}

export function toIdentities(r: UserRecord): ManagementIdentity[] {
  return r.identities.map((i) => ({
    connection: i.connection,
    provider: i.connection,
    user_id: i.user_id,
    isSocial: false,
  }));
}

/** What a log line may say about a user: the user id and masked identifiers. */
function who(r: UserRecord): Record<string, unknown> {
  return { user_id: r.user_id, identities: r.identities.map((i) => `${i.connection}:${maskIdentifier(i.identifier)}`) };
}

/**
 * The canonical identifier, exactly as /passwordless/start makes it (same module, same country
 * allowlist), or a 400 that says what is wrong.
 */
export function canonicalIdentifier(config: ServerConfig, connection: Connection, raw: string): string {
  if (connection === 'email') {
    const email = normalizeEmail(raw);
    if (!email) throw invalidBody('email is not a valid email address.');
    return email;
  }
  const phone = normalizePhone(raw, {
    allowedCountries: config.sms.allowed_countries,
    allowPremium: config.sms.allow_premium_numbers === true,
  });
  if (!phone.ok) {
    throw invalidBody(
      {
        format: 'phone_number must be E.164, like +14155550100.',
        country: 'phone_number is in a country the sms connection does not allow.',
        invalid: 'phone_number is not a valid phone number.',
        premium: 'phone_number is a premium-rate, shared-cost or satellite number, which cannot receive codes.',
      }[phone.reason],
    );
  }
  return phone.e164;
}

function optConnection(raw: unknown, what: string): Connection {
  if (typeof raw !== 'string' || !(CONNECTIONS as readonly string[]).includes(raw)) {
    throw invalidBody(`${what} must be "email" or "sms".`);
  }
  return raw as Connection;
}

// The Management API's request shapes (routes/management.ts puts them on its routes) and the
// answers to a body or query that does not fit them: Auth0's invalid_body / invalid_query_string.

const Bool = () => Type.Optional(Type.Boolean());
const Meta = () => Type.Optional(Type.Object({}, { additionalProperties: true }));

/** The body of POST /api/v2/users; which identifier a connection needs is checked by createUser. */
export const CreateUserBody = Type.Object(
  {
    connection: Type.Optional(Type.String()),
    email: Type.Optional(Type.Unknown()),
    phone_number: Type.Optional(Type.Unknown()),
    email_verified: Bool(),
    phone_verified: Bool(),
    blocked: Bool(),
    user_metadata: Meta(),
    app_metadata: Meta(),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const PatchUserBody = Type.Object(
  { blocked: Bool(), email_verified: Bool(), phone_verified: Bool(), user_metadata: Meta(), app_metadata: Meta() },
  { additionalProperties: false },
);
export type PatchUserBody = Static<typeof PatchUserBody>;

/** POST /api/v2/users/{id}/identities: `{provider, user_id}` or `{link_with}`. */
export const LinkBody = Type.Object(
  {
    provider: Type.Optional(Type.Unknown()),
    user_id: Type.Optional(Type.Unknown()),
    link_with: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type LinkBody = Static<typeof LinkBody>;

const bodyErrors = (keys: readonly string[], messages: Record<string, string>): SchemaErrorTable => ({
  fields: sameCode('invalid_body', ...keys),
  unknown: { code: 'invalid_body' },
  root: 'The body must be a JSON object.',
  unknownMessage: (names) =>
    `The following properties are not allowed: ${names.join(', ')} (allowed: ${keys.join(', ')}).`,
  messages,
});
const BOOL_MESSAGES = Object.fromEntries(
  ['blocked', 'email_verified', 'phone_verified'].map((k) => [`${k}.type`, `${k} must be true or false.`]),
);
const META_MESSAGES = Object.fromEntries(
  ['user_metadata', 'app_metadata'].map((k) => [`${k}.type`, `${k} must be a JSON object.`]),
);
export const CREATE_USER_ERRORS = bodyErrors(Object.keys(CreateUserBody.properties), {
  'connection.type': 'connection must be "email" or "sms".',
  ...BOOL_MESSAGES,
  ...META_MESSAGES,
});
export const PATCH_USER_ERRORS = bodyErrors(Object.keys(PatchUserBody.properties), {
  ...BOOL_MESSAGES,
  ...META_MESSAGES,
});
export const LINK_ERRORS = bodyErrors(Object.keys(LinkBody.properties), {});

/** A query parameter given once (a repeated one arrives as an array). */
const Once = () => Type.Optional(Type.String());

export const ListUsersQuery = Type.Object(
  { page: Once(), per_page: Once(), include_totals: Once(), q: Once(), search_engine: Once() },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuery>;
export const UsersByEmailQuery = Type.Object({ email: Once() }, { additionalProperties: false });
export type UsersByEmailQuery = Static<typeof UsersByEmailQuery>;

const queryErrors = (keys: readonly string[], unknownMessage: (names: string[]) => string): SchemaErrorTable => ({
  fields: sameCode('invalid_query_string', ...keys),
  unknown: { code: 'invalid_query_string' },
  unknownMessage,
  messages: Object.fromEntries(keys.map((k) => [`${k}.type`, `${k} must be given once.`])),
});
const LIST_KEYS = Object.keys(ListUsersQuery.properties);
export const LIST_USERS_ERRORS = queryErrors(
  LIST_KEYS,
  (names) => `Unsupported query parameters: ${names.join(', ')} (supported: ${LIST_KEYS.join(', ')}).`,
);
export const USERS_BY_EMAIL_ERRORS = queryErrors(
  ['email'],
  (names) => `Unsupported query parameters: ${names.join(', ')}.`,
);

/** POST /api/v2/users. */
export async function createUser(deps: UsersDeps, actor: string, body: CreateUserBody): Promise<ManagementUser> {
  const connection = optConnection(body.connection, 'connection');
  const field = connection === 'email' ? 'email' : 'phone_number';
  const other = connection === 'email' ? 'phone_number' : 'email';
  if (body[other] !== undefined) throw invalidBody(`${other} is not used by the ${connection} connection.`);
  if (typeof body[field] !== 'string' || body[field] === '') {
    throw invalidBody(`${field} is required for the ${connection} connection.`);
  }
  const { email_verified, phone_verified } = body;
  if (connection === 'email' && phone_verified !== undefined) throw invalidBody('phone_verified is for sms users.');
  if (connection === 'sms' && email_verified !== undefined) throw invalidBody('email_verified is for email users.');
  const identifier = canonicalIdentifier(deps.config, connection, body[field] as string);
  const outcome = await deps.store.createUser({
    connection,
    identifier,
    email_verified: email_verified ?? false,
    phone_verified: phone_verified ?? false,
    blocked: body.blocked ?? false,
    user_metadata: (body.user_metadata as Metadata | undefined) ?? {},
    app_metadata: (body.app_metadata as Metadata | undefined) ?? {},
    created_at: deps.now(),
  });
  if (outcome.status === 'exists') {
    deps.audit({ audit: 'users.create.exists', actor, connection, to: maskIdentifier(identifier) }, 'user exists');
    throw userExists();
  }
  deps.audit({ audit: 'users.create', actor, ...who(outcome.user) }, 'user created');
  return toManagementUser(outcome.user);
}

function queryInt(v: string | undefined, key: string, min: number, max: number, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw invalidQuery(`${key} must be an integer from ${min} to ${max}.`);
  }
  return Number(v);
}

function queryBool(v: string | undefined, key: string): boolean {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw invalidQuery(`${key} must be true or false.`);
}

const Q = /^(email|phone_number|user_id):(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))$/;

/**
 * The supported part of Auth0's user search (query syntax v3): one exact field match,
 * `email:"…"`, `phone_number:"…"` or `user_id:"…"` (quotes optional). Identifiers are
 * canonicalized first, so `email:"Ann@EXAMPLE.com"` finds ann@example.com.
 */
async function search(deps: UsersDeps, q: string): Promise<UserRecord[]> {
  const m = Q.exec(q.trim());
  if (!m) {
    throw invalidQuery('q supports one exact match: email:"…", phone_number:"…" or user_id:"…".');
  }
  const field = m[1]!;
  const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  if (field === 'user_id') {
    const r = await deps.store.getUserRecord(value);
    return r ? [r] : [];
  }
  const connection: Connection = field === 'email' ? 'email' : 'sms';
  let identifier: string;
  try {
    identifier = canonicalIdentifier(deps.config, connection, value);
  } catch {
    return []; // Not a valid identifier: no user can have it.
  }
  const r = await deps.store.findUserRecord(connection, identifier);
  return r ? [r] : [];
}

/** GET /api/v2/users. */
export async function listUsers(
  deps: UsersDeps,
  query: ListUsersQuery,
): Promise<ManagementUser[] | ManagementUserPage> {
  const engine = query.search_engine;
  if (engine !== undefined && engine !== 'v3') throw invalidQuery('search_engine must be v3.');
  const page = queryInt(query.page, 'page', 0, 1_000_000, 0);
  const perPage = queryInt(query.per_page, 'per_page', 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
  const totals = queryBool(query.include_totals, 'include_totals');
  const q = query.q;
  let records: UserRecord[];
  let total: number;
  const start = page * perPage;
  if (q !== undefined && q.trim() !== '') {
    const all = await search(deps, q);
    total = all.length;
    records = all.slice(start, start + perPage);
  } else {
    ({ users: records, total } = await deps.store.listUsers(start, perPage));
  }
  const users = records.map(toManagementUser);
  return totals ? { start, limit: perPage, length: users.length, total, users } : users;
}

/** GET /api/v2/users-by-email: every user with this email (one at most here), as an array. */
export async function usersByEmail(deps: UsersDeps, query: UsersByEmailQuery): Promise<ManagementUser[]> {
  const raw = query.email;
  if (!raw) throw invalidQuery('email is required.');
  const email = normalizeEmail(raw);
  if (!email) throw invalidQuery('email is not a valid email address.');
  const r = await deps.store.findUserRecord('email', email);
  return r ? [toManagementUser(r)] : [];
}

/** GET /api/v2/users/{id}. */
export async function getUser(deps: UsersDeps, userId: string): Promise<ManagementUser> {
  const r = await deps.store.getUserRecord(userId);
  if (!r) throw noUser();
  return toManagementUser(r);
}

/** Resolves a user given as a user id or, for the CLI, as an email or phone number. */
export async function resolveUser(deps: UsersDeps, ref: string): Promise<UserRecord> {
  if (ref.includes('|')) {
    const r = await deps.store.getUserRecord(ref);
    if (r) return r;
    throw noUser();
  }
  const connection: Connection = ref.startsWith('+') ? 'sms' : 'email';
  const r = await deps.store.findUserRecord(connection, canonicalIdentifier(deps.config, connection, ref));
  if (!r) throw noUser();
  return r;
}

const PATCH_KEYS = Object.keys(PatchUserBody.properties);

/** PATCH /api/v2/users/{id}: metadata merged one level deep; blocking revokes refresh tokens and sessions. */
export async function updateUser(
  deps: UsersDeps,
  actor: string,
  userId: string,
  body: PatchUserBody,
): Promise<ManagementUser> {
  const patch: UserPatch = {};
  for (const key of ['blocked', 'email_verified', 'phone_verified'] as const) {
    const v = body[key];
    if (v !== undefined) patch[key] = v;
  }
  for (const key of ['user_metadata', 'app_metadata'] as const) {
    const v = body[key];
    if (v !== undefined) patch[key] = v as Metadata;
  }
  if (Object.keys(patch).length === 0) throw invalidBody(`Send at least one of ${PATCH_KEYS.join(', ')}.`);
  const now = deps.now();
  const after = await deps.store.updateUser(userId, patch, now);
  if (!after) throw noUser();
  if (patch.blocked === true) {
    await deps.store.revokeUserGrants(userId, now);
    await deps.revokeSessions?.(userId);
  }
  const changed = Object.keys(patch).join(',');
  const event = patch.blocked === true ? 'users.block' : patch.blocked === false ? 'users.unblock' : 'users.update';
  deps.audit({ audit: event, actor, ...who(after), changed }, 'user updated');
  return toManagementUser(after);
}

/** DELETE /api/v2/users/{id}: the user, its identities, refresh tokens and sessions go. */
export async function deleteUser(deps: UsersDeps, actor: string, userId: string): Promise<void> {
  const r = await deps.store.getUserRecord(userId);
  if (!r || !(await deps.store.deleteUser(userId, deps.now()))) throw noUser();
  await deps.revokeSessions?.(userId);
  deps.audit({ audit: 'users.delete', actor, ...who(r) }, 'user deleted');
}

/** POST /api/v2/users/{primary}/identities with the secondary identity already resolved. */
export async function linkUser(
  deps: UsersDeps,
  actor: string,
  primaryId: string,
  connection: Connection,
  identityId: string,
): Promise<ManagementIdentity[]> {
  const outcome = await deps.store.linkIdentity(primaryId, connection, identityId, deps.now());
  switch (outcome.status) {
    case 'ok':
      deps.audit(
        { audit: 'users.link', actor, ...who(outcome.user), linked: `${connection}|${identityId}` },
        'identity linked',
      );
      return toIdentities(outcome.user);
    case 'no_primary':
      throw noUser();
    case 'no_identity':
      throw notFound(`No user has the identity ${connection}|${identityId.slice(0, 100)}.`);
    case 'linked_elsewhere':
      throw conflict('This identity is already linked to a user.');
    case 'same_connection':
      throw conflict(
        `The user already has a ${connection} identity; a user has at most one email and one phone number.`,
      );
    case 'secondary_has_links':
      throw conflict('The secondary user has linked identities of its own; unlink them first.');
  }
}

/** DELETE /api/v2/users/{primary}/identities/{provider}/{user_id}: answers the remaining identities. */
export async function unlinkUser(
  deps: UsersDeps,
  actor: string,
  primaryId: string,
  provider: string,
  identityId: string,
): Promise<ManagementIdentity[]> {
  if (!(CONNECTIONS as readonly string[]).includes(provider)) {
    throw invalidRequest('provider must be "email" or "sms".');
  }
  const outcome = await deps.store.unlinkIdentity(primaryId, provider as Connection, identityId, deps.now());
  switch (outcome.status) {
    case 'ok':
      deps.audit(
        { audit: 'users.unlink', actor, ...who(outcome.user), unlinked: outcome.unlinked.user_id },
        'identity unlinked',
      );
      return toIdentities(outcome.user);
    case 'no_primary':
      throw noUser();
    case 'not_linked':
      throw notFound('This identity is not linked to the user.');
    case 'main_identity':
      throw invalidRequest('The main identity of a user cannot be unlinked.');
  }
}

/** The secondary of a link body `{provider, user_id}` (user_id with or without `provider|`). */
export function parseLinkTarget(body: LinkBody): { connection: Connection; identityId: string } | { idToken: string } {
  if (body.link_with !== undefined) {
    if (body.provider !== undefined || body.user_id !== undefined) {
      throw invalidBody('Send either link_with or provider and user_id, not both.');
    }
    if (typeof body.link_with !== 'string' || body.link_with === '')
      throw invalidBody('link_with must be an ID token.');
    return { idToken: body.link_with };
  }
  const connection = optConnection(body.provider, 'provider');
  if (typeof body.user_id !== 'string' || body.user_id === '') throw invalidBody('user_id is required.');
  const prefix = `${connection}|`;
  const identityId = body.user_id.startsWith(prefix) ? body.user_id.slice(prefix.length) : body.user_id;
  if (identityId.includes('|')) throw invalidBody(`user_id belongs to another provider than ${connection}.`);
  return { connection, identityId };
}
