/**
 * The PostgreSQL schema, as numbered migrations. A migration is never edited once released: a
 * change is a new entry at the end. `migrate` applies the missing ones in one transaction under an
 * advisory lock, so many processes starting at once apply each exactly once (the others wait for
 * the lock, then find nothing to do). DDL is transactional in PostgreSQL: a failed migration leaves
 * the schema as it was.
 *
 * Times are epoch milliseconds in BIGINT (the app's clock, as in the SQLite store); JSON values
 * (authorization parameters, logins, metadata) are JSONB.
 */
import type { ClientBase } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tables',
    sql: `
CREATE TABLE challenges (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  connection TEXT NOT NULL,
  identifier TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  link_hash TEXT UNIQUE,
  send TEXT NOT NULL,
  auth_params JSONB,
  created_at BIGINT NOT NULL,
  code_expires_at BIGINT NOT NULL,
  link_expires_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  used_at BIGINT,
  invalidated BOOLEAN NOT NULL DEFAULT false,
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX challenges_recipient ON challenges (connection, identifier, seq);
CREATE TABLE auth_codes (
  hash TEXT PRIMARY KEY,
  challenge_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  nonce TEXT,
  scope TEXT NOT NULL,
  audience TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  grant_id TEXT,
  reuse_detected BOOLEAN NOT NULL DEFAULT false,
  login JSONB
);
CREATE TABLE refresh_tokens (
  hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  sub TEXT NOT NULL,
  scope TEXT NOT NULL,
  audience TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  login JSONB
);
CREATE INDEX refresh_family ON refresh_tokens (family_id);
CREATE INDEX refresh_sub ON refresh_tokens (sub);
CREATE TABLE access_tokens (
  hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  sub TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE revoked_grants (grant_id TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL);
CREATE TABLE failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, locked_until BIGINT);
CREATE TABLE rate_counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, window_ends_at BIGINT NOT NULL);
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  value TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_owner ON records (kind, owner);
CREATE TABLE accounts (
  user_id TEXT PRIMARY KEY,
  email_verified BOOLEAN NOT NULL DEFAULT false,
  phone_verified BOOLEAN NOT NULL DEFAULT false,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_login BIGINT,
  logins_count INTEGER NOT NULL DEFAULT 0,
  blocked BOOLEAN NOT NULL DEFAULT false,
  user_metadata JSONB NOT NULL DEFAULT '{}',
  app_metadata JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX accounts_order ON accounts (created_at, user_id);
CREATE TABLE identities (
  connection TEXT NOT NULL,
  identifier TEXT NOT NULL,
  user_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (connection, identifier),
  UNIQUE (connection, user_id)
);
CREATE INDEX identities_owner ON identities (owner, position);
`,
  },
  {
    // The purge deletes in small batches by expiry: each batch finds its rows by index, never by
    // scanning the table.
    version: 2,
    name: 'expiry indexes for the batched purge',
    sql: `
CREATE INDEX challenges_expiry ON challenges ((GREATEST(code_expires_at, link_expires_at)));
CREATE INDEX auth_codes_expiry ON auth_codes (expires_at);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);
CREATE INDEX rate_counters_expiry ON rate_counters (window_ends_at);
CREATE INDEX revoked_grants_expiry ON revoked_grants (revoked_at);
CREATE INDEX records_expiry ON records (expires_at);
`,
  },
  {
    // Rate limits in one statement: the counters are locked for the function's run only, never
    // across client round trips (a hot counter, such as one client IP's, serialises every request
    // that counts on it). Answers the wait in ms, 0 when every rule allowed and the event counted.
    version: 3,
    name: 'rate limits in one statement',
    sql: `
CREATE FUNCTION pwl_hit_rules(p_keys TEXT[], p_windows BIGINT[], p_limits BIGINT[], p_now BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $fn$
DECLARE
  retry BIGINT;
BEGIN
  -- Every key's counter exists and is locked, in key order (two requests never deadlock).
  WITH locked AS (
    INSERT INTO rate_counters AS c (key, count, window_ends_at)
      SELECT DISTINCT k, 0, 0 FROM unnest(p_keys) AS k ORDER BY k
      ON CONFLICT (key) DO UPDATE SET count = c.count
      RETURNING c.key, c.count, c.window_ends_at
  )
  SELECT COALESCE(MAX(l.window_ends_at - p_now), 0) INTO retry
    FROM locked l JOIN unnest(p_keys, p_limits) AS r(key, lim) ON r.key = l.key
    WHERE l.window_ends_at > p_now AND l.count >= r.lim;
  IF retry > 0 THEN
    RETURN retry;
  END IF;
  UPDATE rate_counters c SET
      count = CASE WHEN c.window_ends_at > p_now THEN c.count + 1 ELSE 1 END,
      window_ends_at = CASE WHEN c.window_ends_at > p_now THEN c.window_ends_at ELSE p_now + r.window_ms END
    FROM (SELECT DISTINCT ON (key) key, window_ms FROM unnest(p_keys, p_windows) AS u(key, window_ms)) r
    WHERE c.key = r.key;
  RETURN 0;
END
$fn$;
`,
  },
  {
    // Passkeys (WebAuthn credentials), one row each; a user's go with its account.
    version: 4,
    name: 'passkeys',
    sql: `
CREATE TABLE passkeys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
  public_key TEXT NOT NULL,
  counter BIGINT NOT NULL,
  transports TEXT[] NOT NULL,
  device_type TEXT NOT NULL,
  backed_up BOOLEAN NOT NULL,
  user_handle TEXT NOT NULL,
  aaguid TEXT NOT NULL,
  rp_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The lock every process migrating this schema takes (one per schema, so schemas never wait on each other). */
const LOCK = `pg_advisory_xact_lock(hashtextextended('passwordless-login migrations ' || current_schema(), 0))`;

export interface MigrateResult {
  /** Versions this call applied (empty when another process had applied them, or none were due). */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

/**
 * Applies the migrations up to `upTo` (default: all) that the schema lacks, in one transaction under
 * the advisory lock. `client` must not be in a transaction; it is not released here. A schema of a
 * newer release (versions this code does not know) is left alone: migrations only add, so an
 * older server runs on it during a rolling deployment.
 */
export async function migrate(client: ClientBase, upTo = LATEST_VERSION): Promise<MigrateResult> {
  await client.query('BEGIN');
  try {
    // Building an index on a large table may take longer than a request's statement timeout.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query(`SELECT ${LOCK}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version > upTo || done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
      done.add(m.version);
    }
    await client.query('COMMIT');
    return { applied, version: Math.max(0, ...done) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
