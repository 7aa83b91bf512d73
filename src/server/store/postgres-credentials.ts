/**
 * Passkeys in PostgreSQL: one `passkeys` row per credential (migration 4), tied to its account by
 * a foreign key, so deleting a user deletes its passkeys in the same statement. Linking moves a
 * secondary user's passkeys before its account goes (postgres-users.ts). The counter
 * compare-and-set carries its guard in the UPDATE, so two processes never accept one value twice.
 */
import type { AddCredentialOutcome, CredentialStore, PasskeyCredential, UseCredentialOutcome } from './credentials.js';
import { counterRegressed, CREDENTIAL_COLUMNS, credentialRow } from './credentials.js';
import type { PostgresDb, Q } from './postgres-db.js';

interface Row extends Omit<PasskeyCredential, 'counter' | 'created_at' | 'last_used_at' | 'device_type'> {
  counter: string | number;
  created_at: string | number;
  last_used_at: string | number | null;
  device_type: string;
}

const toCredential = (r: Row): PasskeyCredential => ({
  ...r,
  counter: Number(r.counter),
  created_at: Number(r.created_at),
  last_used_at: r.last_used_at === null ? null : Number(r.last_used_at),
  device_type: r.device_type === 'multi_device' ? 'multi_device' : 'single_device',
});

export class PostgresCredentials implements CredentialStore {
  constructor(private readonly db: PostgresDb) {}

  private get q(): Q {
    return this.db.q;
  }

  addCredential(c: PasskeyCredential): Promise<AddCredentialOutcome> {
    return this.db.tx(async (q): Promise<AddCredentialOutcome> => {
      // The account is held until the commit, so it cannot be deleted between check and insert.
      if ((await q('SELECT 1 FROM accounts WHERE user_id = $1 FOR SHARE', [c.user_id])).length === 0) return 'no_user';
      const added = await q(
        `INSERT INTO passkeys (${CREDENTIAL_COLUMNS.join(', ')})
           VALUES (${CREDENTIAL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
           ON CONFLICT (id) DO NOTHING RETURNING 1`,
        credentialRow(c),
      );
      return added.length > 0 ? 'ok' : 'exists';
    });
  }

  async getCredential(id: string): Promise<PasskeyCredential | null> {
    const [row] = await this.q<Row>('SELECT * FROM passkeys WHERE id = $1', [id]);
    return row ? toCredential(row) : null;
  }

  async listCredentials(userId: string): Promise<PasskeyCredential[]> {
    return (await this.q<Row>('SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, id', [userId])).map(
      toCredential,
    );
  }

  async useCredential(id: string, counter: number, backedUp: boolean, now: number): Promise<UseCredentialOutcome> {
    const [row] = await this.q<Row>('SELECT * FROM passkeys WHERE id = $1', [id]);
    if (!row) return { status: 'unknown' };
    const stored = Number(row.counter);
    if (counterRegressed(stored, counter)) return { status: 'counter', stored };
    const [updated] = await this.q<Row>(
      `UPDATE passkeys SET counter = $1, backed_up = $2, last_used_at = $3
         WHERE id = $4 AND counter = $5 RETURNING *`,
      [counter, backedUp, now, id, stored],
    );
    // Another use of the same value got there first.
    if (!updated) return { status: 'counter', stored };
    return { status: 'ok', credential: toCredential(updated) };
  }

  async deleteCredential(userId: string, id: string): Promise<boolean> {
    return (await this.q('DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING 1', [id, userId])).length > 0;
  }
}
