/**
 * Users in SQLite: one `accounts` row per user and one `identities` row per identity (the
 * `(connection, identifier)` key is what sign-in looks up; `owner` is the user it belongs to).
 * Every change runs in one IMMEDIATE transaction of the store, so a check and its write never
 * interleave with another request's. The sign-up-only `users` table of earlier versions is
 * migrated once, keeping every `sub`.
 */
import type Database from 'better-sqlite3';
import type { Connection } from '../../protocol/index.js';
import {
  applyLogin,
  applyPatch,
  linkedRecord,
  newRecord,
  signupRecord,
  toUser,
  unlinkedRecord,
  userIdOf,
} from './user-records.js';
import type {
  CreateUserOutcome,
  Identity,
  ImportStatus,
  LinkOutcome,
  NewUser,
  UnlinkOutcome,
  User,
  UserPatch,
  UserRecord,
} from './types.js';

export const USERS_SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  user_id TEXT PRIMARY KEY,
  email_verified INTEGER NOT NULL DEFAULT 0,
  phone_verified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_login INTEGER,
  logins_count INTEGER NOT NULL DEFAULT 0,
  blocked INTEGER NOT NULL DEFAULT 0,
  user_metadata TEXT NOT NULL DEFAULT '{}',
  app_metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS accounts_order ON accounts (created_at, user_id);
CREATE TABLE IF NOT EXISTS identities (
  connection TEXT NOT NULL,
  identifier TEXT NOT NULL,
  user_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (connection, identifier),
  UNIQUE (connection, user_id)
);
CREATE INDEX IF NOT EXISTS identities_owner ON identities (owner, position);
CREATE INDEX IF NOT EXISTS refresh_sub ON refresh_tokens (sub);
`;

/** Earlier versions kept one row per sign-up in `users (sub, connection, identifier, created_at)`. */
const MIGRATE_LEGACY = `
INSERT OR IGNORE INTO accounts (user_id, email_verified, phone_verified, created_at, updated_at)
  SELECT sub, connection = 'email', connection = 'sms', created_at, created_at FROM users;
INSERT OR IGNORE INTO identities (connection, identifier, user_id, owner, position)
  SELECT connection, identifier, substr(sub, instr(sub, '|') + 1), sub, 0 FROM users;
DROP TABLE users;
`;

interface AccountRow {
  user_id: string;
  email_verified: number;
  phone_verified: number;
  created_at: number;
  updated_at: number;
  last_login: number | null;
  logins_count: number;
  blocked: number;
  user_metadata: string;
  app_metadata: string;
}

type Stmt = (sql: string) => Database.Statement;
type Tx = <T>(fn: () => T) => T;

export class SqliteUsers {
  constructor(
    db: Database.Database,
    private readonly stmt: Stmt,
    private readonly tx: Tx,
  ) {
    // Checked and migrated in one write transaction: two processes opening an old file at once
    // must not both migrate it.
    tx(() => {
      db.exec(USERS_SCHEMA);
      const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get();
      if (legacy) db.exec(MIGRATE_LEGACY);
    });
  }

  private identities(owner: string): Identity[] {
    return this.stmt('SELECT connection, user_id, identifier FROM identities WHERE owner = ? ORDER BY position').all(
      owner,
    ) as Identity[];
  }

  private read(userId: string): UserRecord | null {
    const row = this.stmt('SELECT * FROM accounts WHERE user_id = ?').get(userId) as AccountRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  private toRecord(row: AccountRow): UserRecord {
    return {
      user_id: row.user_id,
      identities: this.identities(row.user_id),
      email_verified: row.email_verified === 1,
      phone_verified: row.phone_verified === 1,
      created_at: row.created_at,
      updated_at: row.updated_at,
      last_login: row.last_login,
      logins_count: row.logins_count,
      blocked: row.blocked === 1,
      user_metadata: JSON.parse(row.user_metadata) as UserRecord['user_metadata'],
      app_metadata: JSON.parse(row.app_metadata) as UserRecord['app_metadata'],
    };
  }

  private ownerOf(connection: Connection, identifier: string): string | null {
    const row = this.stmt('SELECT owner FROM identities WHERE connection = ? AND identifier = ?').get(
      connection,
      identifier,
    ) as { owner: string } | undefined;
    return row?.owner ?? null;
  }

  /** Writes the account row (not the identities). */
  private save(r: UserRecord): void {
    this.stmt(
      `INSERT OR REPLACE INTO accounts (user_id, email_verified, phone_verified, created_at, updated_at,
           last_login, logins_count, blocked, user_metadata, app_metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.user_id,
      r.email_verified ? 1 : 0,
      r.phone_verified ? 1 : 0,
      r.created_at,
      r.updated_at,
      r.last_login,
      r.logins_count,
      r.blocked ? 1 : 0,
      JSON.stringify(r.user_metadata),
      JSON.stringify(r.app_metadata),
    );
  }

  private insert(r: UserRecord): void {
    this.save(r);
    const i = r.identities[0]!;
    this.stmt('INSERT INTO identities (connection, identifier, user_id, owner, position) VALUES (?, ?, ?, ?, 0)').run(
      i.connection,
      i.identifier,
      i.user_id,
      r.user_id,
    );
  }

  /** True when some user (primary or linked) signs in by this identifier. */
  hasIdentity(connection: Connection, identifier: string): boolean {
    return this.ownerOf(connection, identifier) !== null;
  }

  /**
   * A sign-in: a first one creates the user already logged in (one insert); a returning user's
   * counters are updated in place (what applyLogin does, without reading or rewriting metadata).
   */
  loginUser(connection: Connection, identifier: string, now: number, create: boolean): User | null {
    return this.tx(() => {
      const owner = this.ownerOf(connection, identifier);
      if (!owner) {
        if (!create) return null;
        const record = applyLogin(signupRecord(connection, identifier, now), connection, now);
        this.insert(record);
        return toUser(record);
      }
      const row = this.stmt(
        `UPDATE accounts SET logins_count = logins_count + 1, last_login = ?, updated_at = ?,
             email_verified = email_verified OR ?, phone_verified = phone_verified OR ?
           WHERE user_id = ? AND blocked = 0 RETURNING created_at`,
      ).get(now, now, connection === 'email' ? 1 : 0, connection === 'sms' ? 1 : 0, owner) as
        { created_at: number } | undefined;
      // Blocked: nothing is counted.
      if (!row) return this.getUser(owner);
      return toUser({ user_id: owner, identities: this.identities(owner), created_at: row.created_at, blocked: false });
    });
  }

  /** The signed-in view only: no metadata is read or parsed. */
  getUser(sub: string): User | null {
    const row = this.stmt('SELECT created_at, blocked FROM accounts WHERE user_id = ?').get(sub) as
      { created_at: number; blocked: number } | undefined;
    if (!row) return null;
    return toUser({
      user_id: sub,
      identities: this.identities(sub),
      created_at: row.created_at,
      blocked: row.blocked === 1,
    });
  }

  createUser(u: NewUser): CreateUserOutcome {
    return this.tx(() => {
      if (this.ownerOf(u.connection, u.identifier)) return { status: 'exists' };
      const record = newRecord(u);
      this.insert(record);
      return { status: 'ok', user: record };
    });
  }

  getUserRecord(userId: string): UserRecord | null {
    return this.read(userId);
  }

  findUserRecord(connection: Connection, identifier: string): UserRecord | null {
    const owner = this.ownerOf(connection, identifier);
    return owner ? this.read(owner) : null;
  }

  listUsers(offset: number, limit: number): { users: UserRecord[]; total: number } {
    return this.tx(() => {
      const rows = this.stmt('SELECT * FROM accounts ORDER BY created_at, user_id LIMIT ? OFFSET ?').all(
        limit,
        offset,
      ) as AccountRow[];
      const { n } = this.stmt('SELECT COUNT(*) AS n FROM accounts').get() as { n: number };
      return { users: rows.map((r) => this.toRecord(r)), total: n };
    });
  }

  updateUser(userId: string, patch: UserPatch, now: number): UserRecord | null {
    return this.tx(() => {
      const r = this.read(userId);
      if (!r) return null;
      const after = applyPatch(r, patch, now);
      this.save(after);
      return after;
    });
  }

  deleteUser(userId: string, now: number, revoke: (sub: string, now: number) => void): boolean {
    return this.tx(() => {
      const gone = this.stmt('DELETE FROM accounts WHERE user_id = ?').run(userId).changes > 0;
      if (!gone) return false;
      this.stmt('DELETE FROM identities WHERE owner = ?').run(userId);
      revoke(userId, now);
      return true;
    });
  }

  linkIdentity(primaryId: string, connection: Connection, identityId: string, now: number): LinkOutcome {
    return this.tx(() => {
      const primary = this.read(primaryId);
      if (!primary) return { status: 'no_primary' };
      const row = this.stmt('SELECT owner FROM identities WHERE connection = ? AND user_id = ?').get(
        connection,
        identityId,
      ) as { owner: string } | undefined;
      if (!row) return { status: 'no_identity' };
      const secondaryId = userIdOf({ connection, user_id: identityId });
      if (row.owner !== secondaryId || secondaryId === primaryId) return { status: 'linked_elsewhere' };
      if (primary.identities.some((i) => i.connection === connection)) return { status: 'same_connection' };
      const secondary = this.read(secondaryId)!;
      if (secondary.identities.length > 1) return { status: 'secondary_has_links' };
      const after = linkedRecord(primary, secondary, now);
      this.stmt('DELETE FROM accounts WHERE user_id = ?').run(secondaryId);
      this.stmt('UPDATE identities SET owner = ?, position = ? WHERE connection = ? AND user_id = ?').run(
        primaryId,
        primary.identities.length,
        connection,
        identityId,
      );
      this.save(after);
      return { status: 'ok', user: after };
    });
  }

  /** See Store.importUsers: every user in one transaction. */
  importUsers(users: UserRecord[], upsert: boolean): ImportStatus[] {
    return this.tx(() =>
      users.map((u): ImportStatus => {
        const existing = this.read(u.user_id);
        const owners = u.identities.flatMap((i) =>
          (
            this.stmt('SELECT owner FROM identities WHERE connection = ? AND (identifier = ? OR user_id = ?)').all(
              i.connection,
              i.identifier,
              i.user_id,
            ) as { owner: string }[]
          ).map((r) => r.owner),
        );
        if (owners.some((o) => o !== u.user_id)) return 'conflict';
        if (existing && !upsert) return 'exists';
        const identities = existing ? [...existing.identities] : [];
        for (const i of u.identities) {
          if (identities.some((c) => c.connection === i.connection)) continue;
          this.stmt(
            'INSERT INTO identities (connection, identifier, user_id, owner, position) VALUES (?, ?, ?, ?, ?)',
          ).run(i.connection, i.identifier, i.user_id, u.user_id, identities.length);
          identities.push(i);
        }
        this.save({ ...u, identities });
        return existing ? 'updated' : 'inserted';
      }),
    );
  }

  unlinkIdentity(primaryId: string, connection: Connection, identityId: string, now: number): UnlinkOutcome {
    return this.tx(() => {
      const primary = this.read(primaryId);
      if (!primary) return { status: 'no_primary' };
      const index = primary.identities.findIndex((i) => i.connection === connection && i.user_id === identityId);
      if (index < 0) return { status: 'not_linked' };
      if (index === 0) return { status: 'main_identity' };
      const identity = primary.identities[index]!;
      const unlinked = unlinkedRecord(primary, identity, now);
      const after: UserRecord = {
        ...primary,
        identities: primary.identities.filter((_, i) => i !== index),
        updated_at: now,
      };
      this.stmt('UPDATE identities SET owner = ?, position = 0 WHERE connection = ? AND user_id = ?').run(
        unlinked.user_id,
        connection,
        identityId,
      );
      this.save(unlinked);
      this.save(after);
      return { status: 'ok', user: after, unlinked };
    });
  }
}
