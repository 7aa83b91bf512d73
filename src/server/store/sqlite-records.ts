/**
 * Records and values in SQLite: the store's RecordStore (hosted login transactions and sessions,
 * passkey ceremonies, email templates, … by kind and id, with an expiry and an optional owner) and
 * its small key-value table (signing keys, branding settings). SqliteStore forwards to it.
 */
import type Database from 'better-sqlite3';
import type { RecordStore } from './types.js';

export class SqliteRecords implements RecordStore {
  constructor(
    private readonly stmt: (sql: string) => Database.Statement,
    private readonly tx: <T>(fn: () => T) => T,
  ) {}

  putRecord(kind: string, id: string, value: string, expiresAt: number, owner: string | null = null): void {
    this.stmt(
      `INSERT INTO records (kind, id, owner, value, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, value = excluded.value,
           expires_at = excluded.expires_at`,
    ).run(kind, id, owner, value, expiresAt);
  }

  getRecord(kind: string, id: string, now: number): string | null {
    const row = this.stmt('SELECT value FROM records WHERE kind = ? AND id = ? AND expires_at > ?').get(
      kind,
      id,
      now,
    ) as { value: string } | undefined;
    return row?.value ?? null;
  }

  takeRecord(kind: string, id: string, now: number): string | null {
    const row = this.stmt('DELETE FROM records WHERE kind = ? AND id = ? RETURNING value, expires_at').get(kind, id) as
      { value: string; expires_at: number } | undefined;
    return row && row.expires_at > now ? row.value : null;
  }

  deleteRecord(kind: string, id: string): void {
    this.stmt('DELETE FROM records WHERE kind = ? AND id = ?').run(kind, id);
  }

  deleteOwnerRecords(kind: string, owner: string): void {
    this.stmt('DELETE FROM records WHERE kind = ? AND owner = ?').run(kind, owner);
  }

  getValue(key: string): string | null {
    const row = this.stmt('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setValueIfAbsent(key: string, value: string): string {
    return this.tx(() => {
      this.stmt('INSERT OR IGNORE INTO kv (key, value) VALUES (?, ?)').run(key, value);
      return this.getValue(key)!;
    });
  }

  setValue(key: string, value: string): void {
    this.stmt('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }
}
