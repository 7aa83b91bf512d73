/**
 * Passkeys in SQLite: one `passkeys` row per credential, indexed by user. Checks and their writes
 * run in one IMMEDIATE transaction of the store (the counter compare-and-set carries its guard in
 * the UPDATE too, so two processes on one file cannot both accept one counter value).
 */
import type Database from 'better-sqlite3';
import type { AddCredentialOutcome, CredentialStore, PasskeyCredential, UseCredentialOutcome } from './credentials.js';
import { counterRegressed, CREDENTIAL_COLUMNS, credentialRow } from './credentials.js';

export const CREDENTIALS_SCHEMA = `
CREATE TABLE IF NOT EXISTS passkeys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  counter INTEGER NOT NULL,
  transports TEXT NOT NULL,
  device_type TEXT NOT NULL,
  backed_up INTEGER NOT NULL,
  user_handle TEXT NOT NULL,
  aaguid TEXT NOT NULL,
  rp_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX IF NOT EXISTS passkeys_user ON passkeys (user_id, created_at);
`;

interface Row extends Omit<PasskeyCredential, 'transports' | 'backed_up' | 'device_type'> {
  transports: string;
  backed_up: number;
  device_type: string;
}

const toCredential = (r: Row): PasskeyCredential => ({
  ...r,
  transports: JSON.parse(r.transports) as string[],
  backed_up: r.backed_up === 1,
  device_type: r.device_type === 'multi_device' ? 'multi_device' : 'single_device',
});

type Stmt = (sql: string) => Database.Statement;
type Tx = <T>(fn: () => T) => T;

export class SqliteCredentials implements CredentialStore {
  constructor(
    db: Database.Database,
    private readonly stmt: Stmt,
    private readonly tx: Tx,
  ) {
    tx(() => db.exec(CREDENTIALS_SCHEMA));
  }

  addCredential(c: PasskeyCredential): AddCredentialOutcome {
    return this.tx(() => {
      if (!this.stmt('SELECT 1 FROM accounts WHERE user_id = ?').get(c.user_id)) return 'no_user';
      const added = this.stmt(
        `INSERT OR IGNORE INTO passkeys (${CREDENTIAL_COLUMNS.join(', ')})
           VALUES (${CREDENTIAL_COLUMNS.map(() => '?').join(', ')})`,
      ).run(credentialRow(c, { transports: JSON.stringify(c.transports), backed_up: c.backed_up ? 1 : 0 })).changes;
      return added > 0 ? 'ok' : 'exists';
    });
  }

  getCredential(id: string): PasskeyCredential | null {
    const row = this.stmt('SELECT * FROM passkeys WHERE id = ?').get(id) as Row | undefined;
    return row ? toCredential(row) : null;
  }

  listCredentials(userId: string): PasskeyCredential[] {
    return (this.stmt('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id').all(userId) as Row[]).map(
      toCredential,
    );
  }

  useCredential(id: string, counter: number, backedUp: boolean, now: number): UseCredentialOutcome {
    return this.tx(() => {
      const row = this.stmt('SELECT * FROM passkeys WHERE id = ?').get(id) as Row | undefined;
      if (!row) return { status: 'unknown' } as const;
      if (counterRegressed(row.counter, counter)) return { status: 'counter', stored: row.counter } as const;
      const updated = this.stmt(
        'UPDATE passkeys SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ? AND counter = ? RETURNING *',
      ).get(counter, backedUp ? 1 : 0, now, id, row.counter) as Row | undefined;
      if (!updated) return { status: 'counter', stored: row.counter } as const;
      return { status: 'ok', credential: toCredential(updated) } as const;
    });
  }

  deleteCredential(userId: string, id: string): boolean {
    return this.stmt('DELETE FROM passkeys WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
  }

  /** Every credential of a user goes with it (called inside the user's deletion). */
  deleteAll(userId: string): void {
    this.stmt('DELETE FROM passkeys WHERE user_id = ?').run(userId);
  }

  /** A linked-away user's passkeys follow its identity to the primary user. */
  move(fromUserId: string, toUserId: string): void {
    this.stmt('UPDATE passkeys SET user_id = ? WHERE user_id = ?').run(toUserId, fromUserId);
  }
}
