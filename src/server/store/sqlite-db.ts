/**
 * The connection side of the SQLite store (better-sqlite3, WAL): the file and its pragmas, the
 * schema (with the columns added since the first release), the WAL checkpointer on a worker
 * thread, and what counts as an outage.
 */
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openSqlite } from './sqlite-binding.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS challenges (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  connection TEXT NOT NULL,
  identifier TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  link_hash TEXT UNIQUE,
  send TEXT NOT NULL,
  auth_params TEXT,
  created_at INTEGER NOT NULL,
  code_expires_at INTEGER NOT NULL,
  link_expires_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  used_at INTEGER,
  invalidated INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS challenges_recipient ON challenges (connection, identifier, seq);
CREATE TABLE IF NOT EXISTS auth_codes (
  hash TEXT PRIMARY KEY,
  challenge_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  nonce TEXT,
  scope TEXT NOT NULL,
  audience TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  grant_id TEXT,
  reuse_detected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  sub TEXT NOT NULL,
  scope TEXT NOT NULL,
  audience TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS refresh_family ON refresh_tokens (family_id);
CREATE TABLE IF NOT EXISTS access_tokens (
  hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  sub TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS revoked_grants (grant_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  locked_until INTEGER
);
DROP TABLE IF EXISTS rate_events;
CREATE TABLE IF NOT EXISTS rate_counters (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  window_ends_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  value TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS records_owner ON records (kind, owner);
`;

/** Columns added after the first release: added to older database files on open. */
const ADDED_COLUMNS: [table: string, column: string, type: string][] = [
  ['auth_codes', 'login', 'TEXT'],
  ['refresh_tokens', 'login', 'TEXT'],
];

/** Opens the store's database (`path` ':memory:' gives a private in-memory one, for tests) with its schema. */
export function openStoreDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite(path);
  // The busy timeout first: another process opening the same file may hold a lock right now.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // The schema and the added columns in one write transaction: two processes opening a new file
  // at once would otherwise both find a column missing and both add it (one fails).
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SCHEMA);
    for (const [table, column, type] of ADDED_COLUMNS) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return db;
}

/** Pages the WAL may grow to before a committing request checkpoints it itself (the fallback). */
const FALLBACK_CHECKPOINT_PAGES = 10_000;

/**
 * WAL checkpoints on a worker thread with its own connection. SQLite's automatic checkpoint runs
 * inside whichever commit crosses 1,000 WAL pages: it copies them into the database file and
 * fsyncs twice, several milliseconds during which the event loop stands still, every hundred or
 * so requests (the p99 of a busy server). A PASSIVE checkpoint every CHECKPOINT_MS on the worker
 * never blocks a writer; the writer's own automatic checkpoint stays as a fallback at
 * FALLBACK_CHECKPOINT_PAGES, should the worker fall behind or die.
 */
const CHECKPOINT_MS = 200;
const CHECKPOINTER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round (or the writer's fallback) checkpoints.
  }
}, workerData.intervalMs);
`;

function startCheckpointer(db: Database.Database, path: string): Worker {
  db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs: CHECKPOINT_MS },
  });
  // A failing checkpointer leaves the fallback in charge; it never stops the server or its exit.
  worker.on('error', () => db.open && db.pragma('wal_autocheckpoint = 1000'));
  worker.unref();
  return worker;
}

/**
 * WAL size at which the checkpointer starts: above what a new store's first start writes (the
 * schema and the signing keys, ~160 KB), far below SQLite's own automatic checkpoint (1,000 pages,
 * ~4 MB), so no request's commit checkpoints before the worker runs.
 */
const START_WAL_BYTES = 512 * 1024;

/**
 * The checkpointer starts once the WAL has grown past START_WAL_BYTES, not with the store: a worker
 * thread is a V8 isolate of its own (~8 MiB of RSS measured), which a server that has written
 * little (a new store's schema and keys, nothing since) does not need. Until then SQLite's own
 * automatic checkpoint stands in. The check is one `stat` of the WAL file per CHECKPOINT_MS, and
 * stops once the worker runs. Answers the function that stops both (the store's close).
 */
export function checkpointOnceWritten(db: Database.Database, path: string): () => void {
  const walBytes = () => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  let checkpointer: Worker | null = null;
  const awaitingChange = setInterval(() => {
    if (!db.open) return clearInterval(awaitingChange);
    if (walBytes() < START_WAL_BYTES) return;
    clearInterval(awaitingChange);
    checkpointer = startCheckpointer(db, path);
  }, CHECKPOINT_MS).unref();
  return () => {
    clearInterval(awaitingChange);
    void checkpointer?.terminate();
  };
}

/** SQLite result codes that mean the file cannot be written now (docs/operations.md, fault drills). */
const SQLITE_OUTAGE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN)/;

/** A full disk, an I/O error or a lock held past the busy timeout: the store answers 503 while it lasts. */
export const isOutage = (err: unknown): boolean => err instanceof Database.SqliteError && SQLITE_OUTAGE.test(err.code);
