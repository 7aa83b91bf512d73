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
  {
    // A start and an OTP sign-in as one statement each (one round trip instead of six to ten): the
    // same steps, guards and lock order as the transactions they replace (postgres.ts), run inside
    // the database. A refused start raises PW429 (its DETAIL the wait in ms), which rolls back its
    // challenge with the statement: nothing is stored or counted.
    version: 5,
    name: 'start and OTP sign-in in one statement',
    sql: `
CREATE FUNCTION pwl_begin_start(
  p_lock_key TEXT, p_now BIGINT,
  p_id TEXT, p_client_id TEXT, p_connection TEXT, p_identifier TEXT, p_code_hash TEXT, p_link_hash TEXT,
  p_send TEXT, p_auth_params JSONB, p_created_at BIGINT, p_code_expires_at BIGINT, p_link_expires_at BIGINT,
  p_max_attempts INTEGER, p_unknown_code_hash TEXT,
  p_keys TEXT[], p_windows BIGINT[], p_limits BIGINT[],
  OUT outcome TEXT, OUT retry_ms BIGINT, OUT has_account BOOLEAN)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_locked BIGINT;
  v_retry BIGINT;
BEGIN
  SELECT f.locked_until INTO v_locked FROM failures f WHERE f.key = p_lock_key;
  IF v_locked > p_now THEN
    outcome := 'locked';
    retry_ms := v_locked - p_now;
    RETURN;
  END IF;
  -- With disable_signup (an unknown-user hash given) the account decides which hash is stored.
  has_account := p_unknown_code_hash IS NULL OR EXISTS (
    SELECT 1 FROM identities i WHERE i.connection = p_connection AND i.identifier = p_identifier);
  PERFORM pg_advisory_xact_lock(hashtextextended('pwl challenge ' || p_connection || ' ' || p_identifier, 0));
  UPDATE challenges c SET invalidated = true
    WHERE c.connection = p_connection AND c.identifier = p_identifier AND NOT c.invalidated AND c.used_at IS NULL;
  INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send, auth_params,
      created_at, code_expires_at, link_expires_at, max_attempts)
    VALUES (p_id, p_client_id, p_connection, p_identifier,
      CASE WHEN has_account THEN p_code_hash ELSE p_unknown_code_hash END,
      CASE WHEN has_account THEN p_link_hash END,
      p_send, p_auth_params, p_created_at, p_code_expires_at, p_link_expires_at, p_max_attempts);
  -- The rate rules last: the hot counters (one client IP's) are locked from here to the commit only.
  IF cardinality(p_keys) > 0 THEN
    v_retry := pwl_hit_rules(p_keys, p_windows, p_limits, p_now);
    IF v_retry > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'PW429', MESSAGE = 'rate limited', DETAIL = v_retry::text;
    END IF;
  END IF;
  outcome := 'ok';
  retry_ms := 0;
END
$fn$;

CREATE FUNCTION pwl_otp_sign_in(
  p_client_id TEXT, p_connection TEXT, p_identifier TEXT, p_code_hash TEXT,
  p_lock_key TEXT, p_ip_lock_key TEXT, p_now BIGINT,
  p_budget_key TEXT, p_budget_window BIGINT, p_budget_limit BIGINT, p_max_failures BIGINT, p_lock_ms BIGINT,
  p_new_user JSONB, p_refresh JSONB, p_access JSONB,
  OUT outcome TEXT, OUT retry_ms BIGINT, OUT attempts_left INTEGER, OUT lock_until BIGINT,
  OUT budget_spent BOOLEAN, OUT user_sub TEXT, OUT user_created_at BIGINT, OUT user_blocked BOOLEAN,
  OUT user_identities JSON)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_counted BOOLEAN := false;
  v_ip_until BIGINT := 0;
  v_fail RECORD;
  v_code RECORD;
  v_salt TEXT;
  v_owner TEXT;
  v_budget BIGINT;
  v_max BIGINT;
  v_until BIGINT;
  v_count INTEGER;
BEGIN
  FOR v_fail IN SELECT f.key, COALESCE(f.locked_until, 0) AS ends FROM failures f
      WHERE f.key IN (p_lock_key, p_ip_lock_key) LOOP
    IF v_fail.key = p_lock_key THEN
      v_counted := true;
      IF v_fail.ends > p_now THEN
        outcome := 'locked';
        retry_ms := v_fail.ends - p_now;
        RETURN;
      END IF;
    ELSIF v_fail.ends > p_now THEN
      v_ip_until := v_fail.ends;
    END IF;
  END LOOP;
  IF v_ip_until > 0 THEN
    outcome := 'ip_locked';
    retry_ms := v_ip_until - p_now;
    RETURN;
  END IF;
  IF p_code_hash IS NULL THEN
    outcome := 'none';
    RETURN;
  END IF;

  -- The recipient's newest live challenge, locked: a parallel try of the same code waits here and
  -- then finds it used (the guarded UPDATEs re-check the row).
  SELECT c.id, c.client_id, c.code_hash, c.code_expires_at, c.attempts, c.max_attempts INTO v_code
    FROM challenges c
    WHERE c.connection = p_connection AND c.identifier = p_identifier AND NOT c.invalidated AND c.used_at IS NULL
    ORDER BY c.seq DESC LIMIT 1 FOR UPDATE;
  IF NOT FOUND OR v_code.client_id <> p_client_id THEN
    outcome := 'none';
    RETURN;
  END IF;
  IF v_code.code_expires_at <= p_now THEN
    outcome := 'expired';
    RETURN;
  END IF;
  IF v_code.attempts >= v_code.max_attempts THEN
    outcome := 'exhausted';
    RETURN;
  END IF;
  -- Compared blinded: both hashes hashed again with a random salt, so the time the comparison
  -- takes says nothing about the stored hash.
  v_salt := gen_random_uuid()::text;
  IF sha256(convert_to(v_salt || v_code.code_hash, 'UTF8')) <> sha256(convert_to(v_salt || p_code_hash, 'UTF8')) THEN
    UPDATE challenges c SET attempts = c.attempts + 1 WHERE c.id = v_code.id AND c.attempts < c.max_attempts
      RETURNING c.max_attempts - c.attempts INTO attempts_left;
    IF NOT FOUND THEN
      outcome := 'exhausted';
      RETURN;
    END IF;
    outcome := 'wrong';
    IF p_budget_key IS NOT NULL THEN
      -- One event on the identifier's guess budget, then one failure on the lock key (at once a
      -- lock, until the budget's window ends, when the budget is spent).
      v_budget := pwl_hit_rules(ARRAY[p_budget_key], ARRAY[p_budget_window], ARRAY[p_budget_limit], p_now);
      budget_spent := v_budget > 0;
      v_max := CASE WHEN budget_spent THEN 1 ELSE p_max_failures END;
      v_until := p_now + CASE WHEN budget_spent THEN v_budget ELSE p_lock_ms END;
      INSERT INTO failures AS f (key, count, locked_until)
        VALUES (p_lock_key, CASE WHEN 1 >= v_max THEN 0 ELSE 1 END, CASE WHEN 1 >= v_max THEN v_until END)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN f.count + 1 >= v_max THEN 0 ELSE f.count + 1 END,
          locked_until = CASE WHEN f.count + 1 >= v_max THEN v_until ELSE f.locked_until END
        RETURNING f.count INTO v_count;
      lock_until := CASE WHEN v_count = 0 THEN v_until END;
    END IF;
    RETURN;
  END IF;
  UPDATE challenges c SET used_at = p_now
    WHERE c.id = v_code.id AND c.used_at IS NULL AND NOT c.invalidated AND c.attempts < c.max_attempts;
  IF NOT FOUND THEN
    outcome := 'none';
    RETURN;
  END IF;
  outcome := 'ok';
  IF v_counted THEN
    DELETE FROM failures f WHERE f.key = p_lock_key;
  END IF;

  -- The sign-in: a first one claims the identity and creates the user (already logged in) from
  -- p_new_user; a returning user's counters are updated in place; a blocked one is not counted.
  SELECT i.owner INTO v_owner FROM identities i WHERE i.connection = p_connection AND i.identifier = p_identifier;
  IF v_owner IS NULL AND p_new_user IS NOT NULL THEN
    INSERT INTO identities (connection, identifier, user_id, owner, position)
      VALUES (p_connection, p_identifier, p_new_user->>'identity_user_id', p_new_user->>'user_id', 0)
      ON CONFLICT DO NOTHING;
    IF FOUND THEN
      INSERT INTO accounts (user_id, email_verified, phone_verified, created_at, updated_at, last_login,
          logins_count, blocked, user_metadata, app_metadata)
        VALUES (p_new_user->>'user_id', (p_new_user->>'email_verified')::boolean,
          (p_new_user->>'phone_verified')::boolean, (p_new_user->>'created_at')::bigint,
          (p_new_user->>'updated_at')::bigint, (p_new_user->>'last_login')::bigint,
          (p_new_user->>'logins_count')::integer, (p_new_user->>'blocked')::boolean,
          p_new_user->'user_metadata', p_new_user->'app_metadata');
      user_sub := p_new_user->>'user_id';
      user_created_at := (p_new_user->>'created_at')::bigint;
      user_blocked := false;
      user_identities := json_build_array(json_build_object('connection', p_connection,
        'user_id', p_new_user->>'identity_user_id', 'identifier', p_identifier));
    ELSE
      -- Another request signed this identifier up meanwhile: log into its user.
      SELECT i.owner INTO v_owner FROM identities i WHERE i.connection = p_connection AND i.identifier = p_identifier;
    END IF;
  END IF;
  IF v_owner IS NOT NULL THEN
    UPDATE accounts a SET logins_count = a.logins_count + 1, last_login = p_now, updated_at = p_now,
        email_verified = a.email_verified OR p_connection = 'email',
        phone_verified = a.phone_verified OR p_connection = 'sms'
      WHERE a.user_id = v_owner AND NOT a.blocked
      RETURNING a.created_at, COALESCE((SELECT json_agg(json_build_object('connection', i.connection,
          'user_id', i.user_id, 'identifier', i.identifier) ORDER BY i.position)
        FROM identities i WHERE i.owner = a.user_id), '[]')
      INTO user_created_at, user_identities;
    IF FOUND THEN
      user_blocked := false;
    ELSE
      SELECT a.created_at, a.blocked, COALESCE((SELECT json_agg(json_build_object('connection', i.connection,
          'user_id', i.user_id, 'identifier', i.identifier) ORDER BY i.position)
        FROM identities i WHERE i.owner = a.user_id), '[]')
        INTO user_created_at, user_blocked, user_identities
        FROM accounts a WHERE a.user_id = v_owner;
    END IF;
    IF user_identities IS NOT NULL AND json_array_length(user_identities) > 0 THEN
      user_sub := v_owner;
    END IF;
  END IF;

  -- The tokens of the login, for a user who is not blocked.
  IF user_sub IS NOT NULL AND NOT user_blocked THEN
    IF p_refresh IS NOT NULL THEN
      INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, audience, created_at, expires_at, login)
        VALUES (p_refresh->>'hash', p_refresh->>'family_id', p_refresh->>'client_id', user_sub,
          p_refresh->>'scope', p_refresh->>'audience', (p_refresh->>'created_at')::bigint,
          (p_refresh->>'expires_at')::bigint, (p_refresh->'login') || jsonb_build_object('sub', user_sub));
    END IF;
    IF p_access IS NOT NULL THEN
      INSERT INTO access_tokens (hash, grant_id, client_id, sub, scope, created_at, expires_at)
        VALUES (p_access->>'hash', p_access->>'grant_id', p_access->>'client_id', user_sub, p_access->>'scope',
          (p_access->>'created_at')::bigint, (p_access->>'expires_at')::bigint);
    END IF;
  END IF;
END
$fn$;
`,
  },
  {
    // The starts of one event-loop turn as one statement (postgres.ts, PostgresStore.beginStart):
    // they share one transaction and one durable commit instead of taking the client IP's counter
    // row one commit (one WAL flush) at a time. Each item has the outcome pwl_begin_start would give
    // it, run after the items before it. A refused item writes nothing, because its rules are
    // checked before its challenge is written (pwl_hit_rules counts only when every rule allows);
    // a statement that fails for any other reason fails whole, and the store then runs each start
    // alone. Locks: every recipient's advisory lock, in one sorted order, then every counter row,
    // in key order, before any item runs: the order pwl_begin_start takes them in (its recipient's
    // lock, then its counters in key order), so groups and single starts never wait on each other
    // in a cycle. pwl_otp_sign_ins runs pwl_otp_sign_in for each item in order (the store sends
    // them in recipient order, so groups lock recipients' rows in one order); a wrong code is an
    // outcome, not an error, so it never touches the other items.
    version: 6,
    name: 'starts and OTP sign-ins in groups, one statement a group',
    sql: `
CREATE FUNCTION pwl_begin_starts(p_items JSONB)
  RETURNS TABLE (outcome TEXT, retry_ms BIGINT, has_account BOOLEAN)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_lock BIGINT;
  v_item JSONB;
  v_now BIGINT;
  v_locked BIGINT;
  v_retry BIGINT;
BEGIN
  FOR v_lock IN
    SELECT DISTINCT hashtextextended('pwl challenge ' || (i->>'connection') || ' ' || (i->>'identifier'), 0)
      FROM jsonb_array_elements(p_items) AS i ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(v_lock);
  END LOOP;
  INSERT INTO rate_counters AS c (key, count, window_ends_at)
    SELECT DISTINCT k, 0, 0 FROM jsonb_array_elements(p_items) AS i, jsonb_array_elements_text(i->'keys') AS k
    ORDER BY k
    ON CONFLICT (key) DO UPDATE SET count = c.count;

  FOR v_item IN SELECT e.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    v_now := (v_item->>'now')::bigint;
    outcome := 'ok';
    retry_ms := 0;
    has_account := NULL;
    SELECT f.locked_until INTO v_locked FROM failures f WHERE f.key = v_item->>'lock_key';
    IF v_locked > v_now THEN
      outcome := 'locked';
      retry_ms := v_locked - v_now;
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF jsonb_array_length(v_item->'keys') > 0 THEN
      v_retry := pwl_hit_rules(
        ARRAY(SELECT jsonb_array_elements_text(v_item->'keys')),
        ARRAY(SELECT x::bigint FROM jsonb_array_elements_text(v_item->'windows') AS x),
        ARRAY(SELECT x::bigint FROM jsonb_array_elements_text(v_item->'limits') AS x),
        v_now);
      IF v_retry > 0 THEN
        outcome := 'limited';
        retry_ms := v_retry;
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;
    has_account := v_item->>'unknown_code_hash' IS NULL OR EXISTS (
      SELECT 1 FROM identities i WHERE i.connection = v_item->>'connection' AND i.identifier = v_item->>'identifier');
    UPDATE challenges c SET invalidated = true
      WHERE c.connection = v_item->>'connection' AND c.identifier = v_item->>'identifier'
        AND NOT c.invalidated AND c.used_at IS NULL;
    INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send, auth_params,
        created_at, code_expires_at, link_expires_at, max_attempts)
      VALUES (v_item->>'id', v_item->>'client_id', v_item->>'connection', v_item->>'identifier',
        CASE WHEN has_account THEN v_item->>'code_hash' ELSE v_item->>'unknown_code_hash' END,
        CASE WHEN has_account THEN v_item->>'link_hash' END,
        v_item->>'send', NULLIF(v_item->'auth_params', 'null'::jsonb), (v_item->>'created_at')::bigint,
        (v_item->>'code_expires_at')::bigint, (v_item->>'link_expires_at')::bigint,
        (v_item->>'max_attempts')::integer);
    RETURN NEXT;
  END LOOP;
END
$fn$;

CREATE FUNCTION pwl_otp_sign_ins(p_items JSONB)
  RETURNS TABLE (outcome TEXT, retry_ms BIGINT, attempts_left INTEGER, lock_until BIGINT, budget_spent BOOLEAN,
    user_sub TEXT, user_created_at BIGINT, user_blocked BOOLEAN, user_identities JSON)
LANGUAGE plpgsql AS $fn$
DECLARE
  v JSONB;
BEGIN
  FOR v IN SELECT e.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    RETURN QUERY SELECT * FROM pwl_otp_sign_in(v->>0, v->>1, v->>2, v->>3, v->>4, v->>5, (v->>6)::bigint,
      v->>7, (v->>8)::bigint, (v->>9)::bigint, (v->>10)::bigint, (v->>11)::bigint,
      (v->>12)::jsonb, (v->>13)::jsonb, (v->>14)::jsonb);
  END LOOP;
END
$fn$;
`,
  },
  {
    // A counter many starts hit (one client IP's) took two new row versions a start: the upsert that
    // locked it (`DO UPDATE SET count = c.count`) and the count. Its dead versions piled up faster
    // than pruning and autovacuum took them away, and every later lookup of the key walked them: a
    // start's database CPU grew with each start from that IP (measured: 613 µs after 3,000 starts,
    // 2,627 µs after 15,000, bench/store-step.bench.ts). Now the lock writes no version (`DO UPDATE
    // … WHERE false` locks the conflicting row and leaves it), a single start writes each counter
    // once, and a group of starts counts in arrays and writes each counter once for the group. The
    // group's counters are read and written through the key index (`= ANY` of an array): the join
    // with `unnest` it replaces could be planned as a scan of the whole table, whose cost grew with it.
    version: 7,
    name: 'rate counters: one row version a start, one a group',
    sql: `
CREATE OR REPLACE FUNCTION pwl_hit_rules(p_keys TEXT[], p_windows BIGINT[], p_limits BIGINT[], p_now BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $fn$
DECLARE
  retry BIGINT := 0;
  v_keys TEXT[];
  v_counts BIGINT[];
  v_ends BIGINT[];
  v_p INTEGER;
BEGIN
  -- Every key's counter exists and is locked, in key order (two requests never deadlock); a row
  -- that exists is locked without a new version.
  INSERT INTO rate_counters AS c (key, count, window_ends_at)
    SELECT DISTINCT k, 0, 0 FROM unnest(p_keys) AS k ORDER BY k
    ON CONFLICT (key) DO UPDATE SET count = c.count WHERE false;
  -- Read and written through the key index (= ANY of an array), never a scan of the table.
  SELECT array_agg(c.key), array_agg(c.count), array_agg(c.window_ends_at) INTO v_keys, v_counts, v_ends
    FROM rate_counters c WHERE c.key = ANY (p_keys);
  FOR j IN 1 .. coalesce(cardinality(p_keys), 0) LOOP
    v_p := array_position(v_keys, p_keys[j]);
    IF v_ends[v_p] > p_now AND v_counts[v_p] >= p_limits[j] THEN
      retry := GREATEST(retry, v_ends[v_p] - p_now);
    END IF;
  END LOOP;
  IF retry > 0 THEN
    RETURN retry;
  END IF;
  UPDATE rate_counters c SET
      count = CASE WHEN c.window_ends_at > p_now THEN c.count + 1 ELSE 1 END,
      window_ends_at = CASE WHEN c.window_ends_at > p_now THEN c.window_ends_at
        ELSE p_now + p_windows[array_position(p_keys, c.key)] END
    WHERE c.key = ANY (p_keys);
  RETURN 0;
END
$fn$;

CREATE OR REPLACE FUNCTION pwl_begin_starts(p_items JSONB)
  RETURNS TABLE (outcome TEXT, retry_ms BIGINT, has_account BOOLEAN)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_lock BIGINT;
  v_item JSONB;
  v_now BIGINT;
  v_locked BIGINT;
  v_retry BIGINT;
  v_keys TEXT[];
  v_counts BIGINT[];
  v_ends BIGINT[];
  v_item_keys TEXT[];
  v_pos INTEGER[];
  v_seen INTEGER[];
  v_j INTEGER;
  v_p INTEGER;
BEGIN
  FOR v_lock IN
    SELECT DISTINCT hashtextextended('pwl challenge ' || (i->>'connection') || ' ' || (i->>'identifier'), 0)
      FROM jsonb_array_elements(p_items) AS i ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(v_lock);
  END LOOP;
  -- Every counter of the group exists and is locked, in key order, before any start is counted;
  -- the group counts in arrays (the counts of the starts before each start included) and writes
  -- each counter once at the end.
  v_keys := ARRAY(SELECT DISTINCT k FROM jsonb_array_elements(p_items) AS i, jsonb_array_elements_text(i->'keys') AS k
    ORDER BY k);
  INSERT INTO rate_counters AS c (key, count, window_ends_at)
    SELECT k, 0, 0 FROM unnest(v_keys) AS k ORDER BY k
    ON CONFLICT (key) DO UPDATE SET count = c.count WHERE false;
  -- Read by the key index (= ANY of an array), never a scan of the table.
  SELECT array_agg(c.key ORDER BY c.key), array_agg(c.count ORDER BY c.key), array_agg(c.window_ends_at ORDER BY c.key)
    INTO v_keys, v_counts, v_ends
    FROM rate_counters c
    WHERE c.key = ANY (v_keys);

  FOR v_item IN SELECT e.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    v_now := (v_item->>'now')::bigint;
    outcome := 'ok';
    retry_ms := 0;
    has_account := NULL;
    SELECT f.locked_until INTO v_locked FROM failures f WHERE f.key = v_item->>'lock_key';
    IF v_locked > v_now THEN
      outcome := 'locked';
      retry_ms := v_locked - v_now;
      RETURN NEXT;
      CONTINUE;
    END IF;
    -- The rate rules, as pwl_hit_rules: refused when any counter is at its limit in a live window
    -- (the wait: the latest of their ends); otherwise each distinct key counts once.
    v_item_keys := ARRAY(SELECT jsonb_array_elements_text(v_item->'keys'));
    v_pos := '{}';
    v_retry := 0;
    FOR v_j IN 1 .. coalesce(cardinality(v_item_keys), 0) LOOP
      v_p := array_position(v_keys, v_item_keys[v_j]);
      v_pos := v_pos || v_p;
      IF v_ends[v_p] > v_now AND v_counts[v_p] >= (v_item->'limits'->>(v_j - 1))::bigint THEN
        v_retry := GREATEST(v_retry, v_ends[v_p] - v_now);
      END IF;
    END LOOP;
    IF v_retry > 0 THEN
      outcome := 'limited';
      retry_ms := v_retry;
      RETURN NEXT;
      CONTINUE;
    END IF;
    v_seen := '{}';
    FOR v_j IN 1 .. coalesce(cardinality(v_pos), 0) LOOP
      v_p := v_pos[v_j];
      CONTINUE WHEN v_p = ANY (v_seen);
      v_seen := v_seen || v_p;
      IF v_ends[v_p] > v_now THEN
        v_counts[v_p] := v_counts[v_p] + 1;
      ELSE
        v_counts[v_p] := 1;
        v_ends[v_p] := v_now + (v_item->'windows'->>(v_j - 1))::bigint;
      END IF;
    END LOOP;
    has_account := v_item->>'unknown_code_hash' IS NULL OR EXISTS (
      SELECT 1 FROM identities i WHERE i.connection = v_item->>'connection' AND i.identifier = v_item->>'identifier');
    UPDATE challenges c SET invalidated = true
      WHERE c.connection = v_item->>'connection' AND c.identifier = v_item->>'identifier'
        AND NOT c.invalidated AND c.used_at IS NULL;
    INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send, auth_params,
        created_at, code_expires_at, link_expires_at, max_attempts)
      VALUES (v_item->>'id', v_item->>'client_id', v_item->>'connection', v_item->>'identifier',
        CASE WHEN has_account THEN v_item->>'code_hash' ELSE v_item->>'unknown_code_hash' END,
        CASE WHEN has_account THEN v_item->>'link_hash' END,
        v_item->>'send', NULLIF(v_item->'auth_params', 'null'::jsonb), (v_item->>'created_at')::bigint,
        (v_item->>'code_expires_at')::bigint, (v_item->>'link_expires_at')::bigint,
        (v_item->>'max_attempts')::integer);
    RETURN NEXT;
  END LOOP;
  IF v_keys IS NOT NULL THEN
    UPDATE rate_counters c SET
        count = v_counts[array_position(v_keys, c.key)],
        window_ends_at = v_ends[array_position(v_keys, c.key)]
      WHERE c.key = ANY (v_keys)
        AND (c.count, c.window_ends_at) IS DISTINCT FROM
          (v_counts[array_position(v_keys, c.key)], v_ends[array_position(v_keys, c.key)]);
  END IF;
END
$fn$;
`,
  },
  {
    // A group's function ran, besides its writes, a statement per recipient for its advisory lock,
    // one to list the starts, and two a start to list its rate keys and to ask whether its
    // recipient has an account (asked even where the answer changes nothing). A statement inside
    // PL/pgSQL is an executor started and ended; an expression on variables alone is evaluated
    // directly. Now the locks are one statement, the starts and their keys are read by position
    // (expressions), and the account is looked up only for a start with an unknown-user code hash.
    // Same locks in the same order, same reads and writes, same outcomes.
    version: 8,
    name: 'a group of starts runs fewer statements',
    sql: `
CREATE OR REPLACE FUNCTION pwl_begin_starts(p_items JSONB)
  RETURNS TABLE (outcome TEXT, retry_ms BIGINT, has_account BOOLEAN)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_item JSONB;
  v_i INTEGER;
  v_item_keys JSONB;
  v_now BIGINT;
  v_locked BIGINT;
  v_retry BIGINT;
  v_keys TEXT[];
  v_counts BIGINT[];
  v_ends BIGINT[];
  v_pos INTEGER[];
  v_seen INTEGER[];
  v_j INTEGER;
  v_p INTEGER;
BEGIN
  -- The recipients' advisory locks, in hash order, in one statement (the rows of an ordered
  -- subquery are locked in its order).
  PERFORM pg_advisory_xact_lock(l.h)
    FROM (SELECT DISTINCT hashtextextended('pwl challenge ' || (i->>'connection') || ' ' || (i->>'identifier'), 0) AS h
            FROM jsonb_array_elements(p_items) AS i ORDER BY 1) AS l;
  -- Every counter of the group exists and is locked, in key order, before any start is counted;
  -- the group counts in arrays (the counts of the starts before each start included) and writes
  -- each counter once at the end.
  v_keys := ARRAY(SELECT DISTINCT k FROM jsonb_array_elements(p_items) AS i, jsonb_array_elements_text(i->'keys') AS k
    ORDER BY k);
  INSERT INTO rate_counters AS c (key, count, window_ends_at)
    SELECT k, 0, 0 FROM unnest(v_keys) AS k ORDER BY k
    ON CONFLICT (key) DO UPDATE SET count = c.count WHERE false;
  -- Read by the key index (= ANY of an array), never a scan of the table.
  SELECT array_agg(c.key ORDER BY c.key), array_agg(c.count ORDER BY c.key), array_agg(c.window_ends_at ORDER BY c.key)
    INTO v_keys, v_counts, v_ends
    FROM rate_counters c
    WHERE c.key = ANY (v_keys);

  -- The starts in order, by position: each step below that reads only variables is a plain
  -- expression, not a statement.
  FOR v_i IN 0 .. jsonb_array_length(p_items) - 1 LOOP
    v_item := p_items->v_i;
    v_now := (v_item->>'now')::bigint;
    outcome := 'ok';
    retry_ms := 0;
    has_account := NULL;
    SELECT f.locked_until INTO v_locked FROM failures f WHERE f.key = v_item->>'lock_key';
    IF v_locked > v_now THEN
      outcome := 'locked';
      retry_ms := v_locked - v_now;
      RETURN NEXT;
      CONTINUE;
    END IF;
    -- The rate rules, as pwl_hit_rules: refused when any counter is at its limit in a live window
    -- (the wait: the latest of their ends); otherwise each distinct key counts once.
    v_item_keys := v_item->'keys';
    v_pos := '{}';
    v_retry := 0;
    FOR v_j IN 1 .. coalesce(jsonb_array_length(v_item_keys), 0) LOOP
      v_p := array_position(v_keys, v_item_keys->>(v_j - 1));
      v_pos := v_pos || v_p;
      IF v_ends[v_p] > v_now AND v_counts[v_p] >= (v_item->'limits'->>(v_j - 1))::bigint THEN
        v_retry := GREATEST(v_retry, v_ends[v_p] - v_now);
      END IF;
    END LOOP;
    IF v_retry > 0 THEN
      outcome := 'limited';
      retry_ms := v_retry;
      RETURN NEXT;
      CONTINUE;
    END IF;
    v_seen := '{}';
    FOR v_j IN 1 .. coalesce(cardinality(v_pos), 0) LOOP
      v_p := v_pos[v_j];
      CONTINUE WHEN v_p = ANY (v_seen);
      v_seen := v_seen || v_p;
      IF v_ends[v_p] > v_now THEN
        v_counts[v_p] := v_counts[v_p] + 1;
      ELSE
        v_counts[v_p] := 1;
        v_ends[v_p] := v_now + (v_item->'windows'->>(v_j - 1))::bigint;
      END IF;
    END LOOP;
    -- Looked up only where the answer changes the code stored.
    IF v_item->>'unknown_code_hash' IS NULL THEN
      has_account := true;
    ELSE
      has_account := EXISTS (
        SELECT 1 FROM identities i WHERE i.connection = v_item->>'connection' AND i.identifier = v_item->>'identifier');
    END IF;
    UPDATE challenges c SET invalidated = true
      WHERE c.connection = v_item->>'connection' AND c.identifier = v_item->>'identifier'
        AND NOT c.invalidated AND c.used_at IS NULL;
    INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send, auth_params,
        created_at, code_expires_at, link_expires_at, max_attempts)
      VALUES (v_item->>'id', v_item->>'client_id', v_item->>'connection', v_item->>'identifier',
        CASE WHEN has_account THEN v_item->>'code_hash' ELSE v_item->>'unknown_code_hash' END,
        CASE WHEN has_account THEN v_item->>'link_hash' END,
        v_item->>'send', NULLIF(v_item->'auth_params', 'null'::jsonb), (v_item->>'created_at')::bigint,
        (v_item->>'code_expires_at')::bigint, (v_item->>'link_expires_at')::bigint,
        (v_item->>'max_attempts')::integer);
    RETURN NEXT;
  END LOOP;
  IF v_keys IS NOT NULL THEN
    UPDATE rate_counters c SET
        count = v_counts[array_position(v_keys, c.key)],
        window_ends_at = v_ends[array_position(v_keys, c.key)]
      WHERE c.key = ANY (v_keys)
        AND (c.count, c.window_ends_at) IS DISTINCT FROM
          (v_counts[array_position(v_keys, c.key)], v_ends[array_position(v_keys, c.key)]);
  END IF;
END
$fn$;
`,
  },
  {
    // The functions of a start and a sign-in read and write their rows by key (counters, lockouts,
    // codes, identities), and PL/pgSQL keeps a plan for each of their statements for the life of a
    // connection: after five calls, a generic plan, costed with the table's size at that moment. A
    // table that was small then (a new database, or statistics from an ANALYZE while it was empty)
    // got a plan that scans it whole, and kept it as the table grew: each group of starts then read
    // every rate counter twice, and a start's database CPU grew with the table (bench: 156 µs a
    // start in one run, 950–2,580 µs in others; docs/postgres.md, "Two states of the start row,
    // explained"). With sequential scans off inside these functions, their plans use the key
    // indexes whatever the statistics say; a statement with no index still scans.
    version: 9,
    name: 'the sign-in functions plan by their keys, whatever the table statistics',
    sql: `
DO $do$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p
      WHERE p.pronamespace = current_schema()::regnamespace
        AND p.proname IN ('pwl_hit_rules', 'pwl_begin_start', 'pwl_begin_starts', 'pwl_otp_sign_in', 'pwl_otp_sign_ins')
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET enable_seqscan = off', f);
  END LOOP;
END
$do$;
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
