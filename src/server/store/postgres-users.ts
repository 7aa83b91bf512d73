/**
 * Users in PostgreSQL, laid out as in SQLite: one `accounts` row per user, one `identities` row per
 * identity (`(connection, identifier)` is what sign-in looks up, `owner` the user it belongs to).
 * A first sign-in claims the identity with `INSERT … ON CONFLICT DO NOTHING`, so of many parallel
 * first sign-ins one creates the user and the others log into it; changes that read first lock the
 * account rows (`FOR UPDATE`) in their transaction.
 */
import type { Connection } from '../../protocol/index.js';
import type { Q } from './postgres-db.js';
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

/** The identities of the account `a`, in order, as one JSON array (one round trip per read). */
const IDENTITIES = `COALESCE((SELECT json_agg(json_build_object('connection', i.connection, 'user_id', i.user_id,
    'identifier', i.identifier) ORDER BY i.position) FROM identities i WHERE i.owner = a.user_id), '[]')`;

const RECORD_COLUMNS = `a.user_id, a.email_verified, a.phone_verified, a.created_at, a.updated_at, a.last_login,
  a.logins_count, a.blocked, a.user_metadata, a.app_metadata, ${IDENTITIES} AS identities`;

type Tx = <T>(fn: (q: Q) => Promise<T>) => Promise<T>;

const toRecord = (r: UserRecord): UserRecord => ({
  user_id: r.user_id,
  identities: r.identities,
  email_verified: r.email_verified,
  phone_verified: r.phone_verified,
  created_at: r.created_at,
  updated_at: r.updated_at,
  last_login: r.last_login,
  logins_count: r.logins_count,
  blocked: r.blocked,
  user_metadata: r.user_metadata,
  app_metadata: r.app_metadata,
});

export class PostgresUsers {
  constructor(
    private readonly q: Q,
    private readonly tx: Tx,
  ) {}

  private async read(q: Q, userId: string, lock = false): Promise<UserRecord | null> {
    const [row] = await q<UserRecord>(
      `SELECT ${RECORD_COLUMNS} FROM accounts a WHERE a.user_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    return row ? toRecord(row) : null;
  }

  async ownerOf(q: Q, connection: Connection, identifier: string): Promise<string | null> {
    const [row] = await q<{ owner: string }>('SELECT owner FROM identities WHERE connection = $1 AND identifier = $2', [
      connection,
      identifier,
    ]);
    return row?.owner ?? null;
  }

  /** Writes the account row (not the identities). */
  private async save(q: Q, r: UserRecord): Promise<void> {
    await q(
      `INSERT INTO accounts (user_id, email_verified, phone_verified, created_at, updated_at, last_login,
           logins_count, blocked, user_metadata, app_metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)
         ON CONFLICT (user_id) DO UPDATE SET email_verified = excluded.email_verified,
           phone_verified = excluded.phone_verified, created_at = excluded.created_at,
           updated_at = excluded.updated_at, last_login = excluded.last_login,
           logins_count = excluded.logins_count, blocked = excluded.blocked,
           user_metadata = excluded.user_metadata, app_metadata = excluded.app_metadata`,
      [
        r.user_id,
        r.email_verified,
        r.phone_verified,
        r.created_at,
        r.updated_at,
        r.last_login,
        r.logins_count,
        r.blocked,
        JSON.stringify(r.user_metadata),
        JSON.stringify(r.app_metadata),
      ],
    );
  }

  /** Claims the record's primary identity and writes it; false (nothing written) when the identity is taken. */
  private async insert(q: Q, r: UserRecord): Promise<boolean> {
    const i = r.identities[0]!;
    const claimed = await q(
      `INSERT INTO identities (connection, identifier, user_id, owner, position) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT DO NOTHING RETURNING 1`,
      [i.connection, i.identifier, i.user_id, r.user_id],
    );
    if (claimed.length === 0) return false;
    await this.save(q, r);
    return true;
  }

  async hasIdentity(q: Q, connection: Connection, identifier: string): Promise<boolean> {
    return (await this.ownerOf(q, connection, identifier)) !== null;
  }

  /**
   * A sign-in: a first one creates the user already logged in; a returning user's counters are
   * updated in place by one UPDATE (what applyLogin does, without touching metadata).
   */
  async loginUser(
    q: Q,
    connection: Connection,
    identifier: string,
    now: number,
    create: boolean,
  ): Promise<User | null> {
    let owner = await this.ownerOf(q, connection, identifier);
    if (!owner) {
      if (!create) return null;
      const record = applyLogin(signupRecord(connection, identifier, now), connection, now);
      if (await this.insert(q, record)) return toUser(record);
      owner = await this.ownerOf(q, connection, identifier);
      if (!owner) return null;
    }
    const [row] = await q<{ created_at: number; identities: Identity[] }>(
      `UPDATE accounts a SET logins_count = logins_count + 1, last_login = $1, updated_at = $1,
           email_verified = email_verified OR $2, phone_verified = phone_verified OR $3
         WHERE user_id = $4 AND NOT blocked RETURNING created_at, ${IDENTITIES} AS identities`,
      [now, connection === 'email', connection === 'sms', owner],
    );
    // Blocked: nothing is counted.
    if (!row) return this.getUser(owner, q);
    return toUser({ user_id: owner, identities: row.identities, created_at: row.created_at, blocked: false });
  }

  /** The signed-in view only. */
  async getUser(sub: string, q: Q = this.q): Promise<User | null> {
    const [row] = await q<{ created_at: number; blocked: boolean; identities: Identity[] }>(
      `SELECT a.created_at, a.blocked, ${IDENTITIES} AS identities FROM accounts a WHERE a.user_id = $1`,
      [sub],
    );
    if (!row || row.identities.length === 0) return null;
    return toUser({ user_id: sub, identities: row.identities, created_at: row.created_at, blocked: row.blocked });
  }

  async createUser(u: NewUser): Promise<CreateUserOutcome> {
    const record = newRecord(u);
    return (await this.tx((q) => this.insert(q, record))) ? { status: 'ok', user: record } : { status: 'exists' };
  }

  getUserRecord(userId: string): Promise<UserRecord | null> {
    return this.read(this.q, userId);
  }

  async findUserRecord(connection: Connection, identifier: string): Promise<UserRecord | null> {
    const [row] = await this.q<UserRecord>(
      `SELECT ${RECORD_COLUMNS} FROM identities o JOIN accounts a ON a.user_id = o.owner
         WHERE o.connection = $1 AND o.identifier = $2`,
      [connection, identifier],
    );
    return row ? toRecord(row) : null;
  }

  async listUsers(offset: number, limit: number): Promise<{ users: UserRecord[]; total: number }> {
    const rows = await this.q<UserRecord & { total: number }>(
      `SELECT ${RECORD_COLUMNS}, (SELECT COUNT(*) FROM accounts) AS total FROM accounts a
         ORDER BY a.created_at, a.user_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = rows[0]?.total ?? Number((await this.q<{ n: number }>('SELECT COUNT(*) AS n FROM accounts'))[0]!.n);
    return { users: rows.map(toRecord), total };
  }

  updateUser(userId: string, patch: UserPatch, now: number): Promise<UserRecord | null> {
    return this.tx(async (q) => {
      const r = await this.read(q, userId, true);
      if (!r) return null;
      const after = applyPatch(r, patch, now);
      await this.save(q, after);
      return after;
    });
  }

  deleteUser(userId: string, now: number, revoke: (q: Q, sub: string, now: number) => Promise<void>): Promise<boolean> {
    return this.tx(async (q) => {
      const gone = await q('DELETE FROM accounts WHERE user_id = $1 RETURNING 1', [userId]);
      if (gone.length === 0) return false;
      await q('DELETE FROM identities WHERE owner = $1', [userId]);
      await revoke(q, userId, now);
      return true;
    });
  }

  linkIdentity(primaryId: string, connection: Connection, identityId: string, now: number): Promise<LinkOutcome> {
    return this.tx(async (q): Promise<LinkOutcome> => {
      const secondaryId = userIdOf({ connection, user_id: identityId });
      // Both accounts locked, always in the same order, so two links cannot deadlock.
      await q('SELECT 1 FROM accounts WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE', [[primaryId, secondaryId]]);
      const primary = await this.read(q, primaryId);
      if (!primary) return { status: 'no_primary' };
      const [row] = await q<{ owner: string }>('SELECT owner FROM identities WHERE connection = $1 AND user_id = $2', [
        connection,
        identityId,
      ]);
      if (!row) return { status: 'no_identity' };
      if (row.owner !== secondaryId || secondaryId === primaryId) return { status: 'linked_elsewhere' };
      if (primary.identities.some((i) => i.connection === connection)) return { status: 'same_connection' };
      const secondary = (await this.read(q, secondaryId))!;
      if (secondary.identities.length > 1) return { status: 'secondary_has_links' };
      const after = linkedRecord(primary, secondary, now);
      // The secondary's passkeys follow its identity (its account, and their cascade, go next).
      await q('UPDATE passkeys SET user_id = $1 WHERE user_id = $2', [primaryId, secondaryId]);
      await q('DELETE FROM accounts WHERE user_id = $1', [secondaryId]);
      await q('UPDATE identities SET owner = $1, position = $2 WHERE connection = $3 AND user_id = $4', [
        primaryId,
        primary.identities.length,
        connection,
        identityId,
      ]);
      await this.save(q, after);
      return { status: 'ok', user: after };
    });
  }

  /** See Store.importUsers: every user in one transaction; identities are claimed by ON CONFLICT. */
  importUsers(users: UserRecord[], upsert: boolean): Promise<ImportStatus[]> {
    return this.tx(async (q) => {
      const out: ImportStatus[] = [];
      for (const u of users) {
        const [existing] = await q<{ user_id: string }>('SELECT user_id FROM accounts WHERE user_id = $1 FOR UPDATE', [
          u.user_id,
        ]);
        const owners = await q<{ owner: string }>(
          `SELECT owner FROM identities i JOIN unnest($1::text[], $2::text[], $3::text[]) AS f(connection, identifier, user_id)
             ON i.connection = f.connection AND (i.identifier = f.identifier OR i.user_id = f.user_id)`,
          [
            u.identities.map((i) => i.connection),
            u.identities.map((i) => i.identifier),
            u.identities.map((i) => i.user_id),
          ],
        );
        if (owners.some((o) => o.owner !== u.user_id)) {
          out.push('conflict');
          continue;
        }
        if (existing && !upsert) {
          out.push('exists');
          continue;
        }
        if (!existing) {
          for (const [position, i] of u.identities.entries()) {
            await q(
              'INSERT INTO identities (connection, identifier, user_id, owner, position) VALUES ($1, $2, $3, $4, $5)',
              [i.connection, i.identifier, i.user_id, u.user_id, position],
            );
          }
          await this.save(q, u);
          out.push('inserted');
          continue;
        }
        // Upsert: the account's fields as the file has them; identities it lacks are added after its own.
        const current = (await this.read(q, u.user_id))!;
        for (const i of u.identities) {
          if (current.identities.some((c) => c.connection === i.connection)) continue;
          await q(
            'INSERT INTO identities (connection, identifier, user_id, owner, position) VALUES ($1, $2, $3, $4, $5)',
            [i.connection, i.identifier, i.user_id, u.user_id, current.identities.length],
          );
          current.identities.push(i);
        }
        await this.save(q, { ...u, identities: current.identities });
        out.push('updated');
      }
      return out;
    });
  }

  unlinkIdentity(primaryId: string, connection: Connection, identityId: string, now: number): Promise<UnlinkOutcome> {
    return this.tx(async (q): Promise<UnlinkOutcome> => {
      const primary = await this.read(q, primaryId, true);
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
      await q('UPDATE identities SET owner = $1, position = 0 WHERE connection = $2 AND user_id = $3', [
        unlinked.user_id,
        connection,
        identityId,
      ]);
      await this.save(q, unlinked);
      await this.save(q, after);
      return { status: 'ok', user: after, unlinked };
    });
  }
}
