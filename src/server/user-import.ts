/**
 * Users in and out in Auth0's bulk formats. Export writes Auth0's user objects (as its export job
 * and GET /api/v2/users give them), as a JSON array with one user per line: a file Auth0's import
 * job and ours both read. Import reads that, Auth0's import file (a JSON array, `user_id` without
 * the connection prefix) or Auth0's export (NDJSON, one user per line). The whole file is checked
 * before anything is written, and every problem names its line.
 */
import type { Connection } from '../protocol/index.js';
import type { ServerConfig } from './config.js';
import { ApiError } from './errors.js';
import { generateId } from './secrets.js';
import type { Identity, UserRecord, UserStore } from './store/types.js';
import { canonicalIdentifier, toManagementUser } from './users.js';

/** A file that cannot be imported: nothing was written. */
export class ImportFileError extends Error {}

export interface ImportUser {
  /** The line of the file the user starts on (1-based). */
  line: number;
  record: UserRecord;
}

export type { ImportStatus } from './store/types.js';

export interface ImportSummary {
  total: number;
  inserted: number;
  updated: number;
  failed: number;
  /** One entry per user that was not imported. */
  errors: { line: number; user_id: string; code: 'DUPLICATED_USER' | 'CONFLICT'; message: string }[];
}

const CONNECTIONS: readonly Connection[] = ['email', 'sms'];
const ID = /^[^|\s]{1,128}$/;

/** The line (1-based) of each top-level element of a JSON array text that parsed. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expect = false;
  for (const ch of text) {
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expect && !/[\s,\]]/.test(ch)) {
      lines.push(line);
      expect = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 1) expect = true;
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 1) expect = true;
  }
  return lines;
}

/** The line of a character offset. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Parses the file into raw user objects with their lines; a syntax error names its line. */
function parseFile(text: string): { line: number; value: unknown }[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let values: unknown[];
    try {
      values = JSON.parse(text) as unknown[];
    } catch (err) {
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      const where = at ? `line ${lineAt(text, Number(at[1]))}` : 'the file';
      throw new ImportFileError(`${where}: not valid JSON (${message}).`);
    }
    const lines = elementLines(text);
    return values.map((value, i) => ({ line: lines[i] ?? 1, value }));
  }
  const out: { line: number; value: unknown }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      throw new ImportFileError(`line ${i + 1}: not valid JSON (${(err as Error).message}).`);
    }
  });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new Error(`${field} must be an ISO 8601 date.`);
  return t;
}

function flag(u: Record<string, unknown>, field: string): boolean {
  const v = u[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new Error(`${field} must be true or false.`);
  return v;
}

function metadata(u: Record<string, unknown>, field: string): Record<string, unknown> {
  const v = u[field];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new Error(`${field} must be an object.`);
  return v;
}

function identifierOf(config: ServerConfig, connection: Connection, raw: unknown): string {
  const field = connection === 'email' ? 'email' : 'phone_number';
  if (typeof raw !== 'string') throw new Error(`${field} is required for a ${connection} identity.`);
  try {
    return canonicalIdentifier(config, connection, raw);
  } catch (err) {
    throw new Error(err instanceof ApiError ? err.description : String(err));
  }
}

/** One user object of the file as a record (`connection`: the primary when the user does not say). */
function toRecord(config: ServerConfig, u: Record<string, unknown>, connection: Connection | undefined, now: number) {
  const identifiers: Partial<Record<Connection, string>> = {};
  if (u.email !== undefined) identifiers.email = identifierOf(config, 'email', u.email);
  if (u.phone_number !== undefined) identifiers.sms = identifierOf(config, 'sms', u.phone_number);
  const given = u.identities;
  const identities: Identity[] = [];
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length === 0) throw new Error('identities must be a non-empty array.');
    for (const i of given) {
      const c = isObject(i) ? (i.connection ?? i.provider) : undefined;
      if (!CONNECTIONS.includes(c as Connection)) throw new Error('an identity must be of connection email or sms.');
      const id = isObject(i) ? i.user_id : undefined;
      if (typeof id !== 'string' || !ID.test(id)) throw new Error('an identity needs a user_id.');
      if (identities.some((x) => x.connection === c)) throw new Error(`two identities of connection ${String(c)}.`);
      const identifier = identifiers[c as Connection];
      if (!identifier) throw new Error(`identity ${String(c)} has no ${c === 'email' ? 'email' : 'phone_number'}.`);
      identities.push({ connection: c as Connection, user_id: id, identifier });
    }
  } else {
    const prefix = typeof u.user_id === 'string' ? u.user_id.split('|')[0] : undefined;
    const primary =
      (CONNECTIONS.includes(prefix as Connection) && (u.user_id as string).includes('|')
        ? (prefix as Connection)
        : connection) ?? (identifiers.email ? 'email' : 'sms');
    if (!identifiers[primary])
      throw new Error(`a user of connection ${primary} needs ${primary === 'email' ? 'email' : 'phone_number'}.`);
    const rawId = u.user_id ?? generateId();
    if (typeof rawId !== 'string') throw new Error('user_id must be a string.');
    let id = rawId;
    if (id.startsWith(`${primary}|`)) id = id.slice(primary.length + 1);
    if (!ID.test(id)) throw new Error('user_id must be 1 to 128 characters without "|" or spaces.');
    identities.push({ connection: primary, user_id: id, identifier: identifiers[primary]! });
    const other: Connection = primary === 'email' ? 'sms' : 'email';
    if (identifiers[other])
      identities.push({ connection: other, user_id: generateId(), identifier: identifiers[other] });
  }
  if (typeof u.user_id === 'string') {
    const id = u.user_id.includes('|') ? u.user_id : `${identities[0]!.connection}|${u.user_id}`;
    if (id !== `${identities[0]!.connection}|${identities[0]!.user_id}`) {
      throw new Error('user_id is not the id of the first identity.');
    }
  }
  const logins = u.logins_count ?? 0;
  if (!Number.isInteger(logins) || (logins as number) < 0) throw new Error('logins_count must be a whole number.');
  const created = time(u.created_at, 'created_at', now);
  const record: UserRecord = {
    user_id: `${identities[0]!.connection}|${identities[0]!.user_id}`,
    identities,
    email_verified: flag(u, 'email_verified'),
    phone_verified: flag(u, 'phone_verified'),
    created_at: created,
    updated_at: time(u.updated_at, 'updated_at', created),
    last_login: u.last_login === undefined || u.last_login === null ? null : time(u.last_login, 'last_login', now),
    logins_count: logins as number,
    blocked: flag(u, 'blocked'),
    user_metadata: metadata(u, 'user_metadata'),
    app_metadata: metadata(u, 'app_metadata'),
  };
  return record;
}

/**
 * Reads and checks a whole file. Throws ImportFileError naming the first bad line (nothing is
 * written then); `connection` is the primary of users that do not say (the job's connection).
 */
export function parseUsersFile(config: ServerConfig, text: string, now: number, connection?: Connection): ImportUser[] {
  const users: ImportUser[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of parseFile(text)) {
    if (!isObject(value)) throw new ImportFileError(`line ${line}: a user must be a JSON object.`);
    let record: UserRecord;
    try {
      record = toRecord(config, value, connection, now);
    } catch (err) {
      throw new ImportFileError(`line ${line}: ${(err as Error).message}`);
    }
    for (const key of [record.user_id, ...record.identities.map((i) => `${i.connection}:${i.identifier}`)]) {
      const before = seen.get(key);
      if (before !== undefined) throw new ImportFileError(`line ${line}: the same user as line ${before}.`);
      seen.set(key, line);
    }
    users.push({ line, record });
  }
  return users;
}

/** Stores the users (one transaction in the store) and says what happened to each. */
export async function importUsers(store: UserStore, users: ImportUser[], upsert: boolean): Promise<ImportSummary> {
  if (!store.importUsers) {
    throw new ImportFileError('this store cannot import users (PostgreSQL and SQLite can: see docs/postgres.md).');
  }
  const statuses = await store.importUsers(
    users.map((u) => u.record),
    upsert,
  );
  const summary: ImportSummary = { total: users.length, inserted: 0, updated: 0, failed: 0, errors: [] };
  statuses.forEach((status, i) => {
    const { line, record } = users[i]!;
    if (status === 'inserted') summary.inserted++;
    else if (status === 'updated') summary.updated++;
    else if (status === 'exists' || status === 'conflict') {
      summary.failed++;
      summary.errors.push(
        status === 'exists'
          ? { line, user_id: record.user_id, code: 'DUPLICATED_USER', message: 'The user already exists.' }
          : {
              line,
              user_id: record.user_id,
              code: 'CONFLICT',
              message: 'An identifier of this user belongs to another user.',
            },
      );
    }
  });
  return summary;
}

/** Every user, as Auth0's user objects in a JSON array, one user per line (pages of `pageSize`). */
export async function* exportUsers(store: UserStore, pageSize = 500): AsyncGenerator<string> {
  yield '[\n';
  let first = true;
  for (let offset = 0; ; offset += pageSize) {
    const { users } = await store.listUsers(offset, pageSize);
    for (const u of users) {
      yield `${first ? '' : ',\n'}${JSON.stringify(toManagementUser(u))}`;
      first = false;
    }
    if (users.length < pageSize) break;
  }
  yield '\n]\n';
}
