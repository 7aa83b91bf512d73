/**
 * Records and values in PostgreSQL: the store's RecordStore (hosted login transactions and sessions,
 * passkey ceremonies, email templates, … by kind and id, with an expiry and an optional owner) and
 * its small key-value table (signing keys, branding settings). PostgresStore forwards to it.
 */
import type { PostgresDb, Q } from './postgres-db.js';
import type { RecordStore } from './types.js';

export class PostgresRecords implements RecordStore {
  constructor(private readonly db: PostgresDb) {}

  private get q(): Q {
    return this.db.q;
  }

  async putRecord(
    kind: string,
    id: string,
    value: string,
    expiresAt: number,
    owner: string | null = null,
  ): Promise<void> {
    await this.q(
      `INSERT INTO records (kind, id, owner, value, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, value = excluded.value,
           expires_at = excluded.expires_at`,
      [kind, id, owner, value, expiresAt],
    );
  }

  async getRecord(kind: string, id: string, now: number): Promise<string | null> {
    const [row] = await this.q<{ value: string }>(
      'SELECT value FROM records WHERE kind = $1 AND id = $2 AND expires_at > $3',
      [kind, id, now],
    );
    return row?.value ?? null;
  }

  async takeRecord(kind: string, id: string, now: number): Promise<string | null> {
    const [row] = await this.q<{ value: string; expires_at: number }>(
      'DELETE FROM records WHERE kind = $1 AND id = $2 RETURNING value, expires_at',
      [kind, id],
    );
    return row && row.expires_at > now ? row.value : null;
  }

  async deleteRecord(kind: string, id: string): Promise<void> {
    await this.q('DELETE FROM records WHERE kind = $1 AND id = $2', [kind, id]);
  }

  async deleteOwnerRecords(kind: string, owner: string): Promise<void> {
    await this.q('DELETE FROM records WHERE kind = $1 AND owner = $2', [kind, owner]);
  }

  async getValue(key: string): Promise<string | null> {
    const [row] = await this.q<{ value: string }>('SELECT value FROM kv WHERE key = $1', [key]);
    return row?.value ?? null;
  }

  async setValueIfAbsent(key: string, value: string): Promise<string> {
    // The no-op update makes the row come back (with the stored value) when it exists.
    const [row] = await this.q<{ value: string }>(
      `INSERT INTO kv AS k (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = k.value
         RETURNING value`,
      [key, value],
    );
    return row!.value;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.q('INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]);
  }
}
