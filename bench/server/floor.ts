/**
 * The floors of the bench's open rows: the least a request of each kind does, on the parts ours is
 * built on, as its own process (PORT from the env, `GET /health` when listening). Each floor has
 * what the product requires of that request and nothing else: no config, no client lookup or
 * authentication, no rate limits or lockouts, no schema validation, no audit line, no metrics.
 * What every floor has, as ours has it (src/server/access-log.ts, src/server/cli.ts): Fastify,
 * pino with one access line per request when it is answered, written asynchronously (sonic-boom,
 * batched) to stdout, which the bench sends to a file.
 *
 * FLOOR (the env) picks the floor:
 * - `cc`: `POST /oauth/token` (form body, @fastify/formbody): one ES256 JWT access token with the
 *   claims of ours' client_credentials token, signed as src/server/jwt.ts signs (`crypto.sign` with a
 *   callback: libuv's thread pool), and a token response.
 * - `refresh`: `POST /oauth/token` (form body): refresh with rotation, as ours' refresh grant does it
 *   on SQLite (FLOOR_SQLITE_PATH, opened as below): the presented token's HMAC, one `BEGIN IMMEDIATE`
 *   transaction with a guarded `UPDATE … RETURNING` that marks it used (a used, expired or unknown
 *   token gets 400 invalid_grant) and two `INSERT`s (the next refresh token and an opaque access
 *   token, both stored as HMACs), then one RS256 ID token signed in the thread pool, and a token
 *   response. No client lookup, no scope or user check, no reuse detection (a reused token is only
 *   refused, its family not revoked). `POST /bench/mint?n=N` stores N refresh tokens in one
 *   transaction, checkpoints them into the file, and answers them as a JSON array (as the peer's).
 * - `sqlite`: `POST /passwordless/start` (JSON): a code, its HMAC, one durable INSERT of the code row
 *   (better-sqlite3, WAL, `synchronous = NORMAL`, a busy timeout, checkpoints from a worker thread
 *   as ours' store does them: src/server/store/sqlite-db.ts) in its own transaction, a webhook POST
 *   of a small signed JSON message to FLOOR_HOOK_URL through an undici Pool, awaited before the
 *   answer, and an `{_id, email, email_verified}` answer. FLOOR_SQLITE_PATH is the file.
 * - `postgres`: the same with the INSERT through a `pg` Pool (10 connections, ours' default) to
 *   FLOOR_PG_URL, in autocommit (one statement, one transaction; the cluster's synchronous_commit is
 *   its default, on).
 * The start floors answer a second route, `POST /passwordless/start-grouped`: the same, but the
 * inserts are committed in groups the way ours' stores commit starts (SQLite: those asked for in
 * one turn of the event loop in one transaction; PostgreSQL: those of one turn in one multi-row
 * statement, and while one is in the database the next wait for it and go together, 64 at most).
 * At a steady 500 req/s the groups are mostly of one; unthrottled they are what ours does.
 */
import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomInt,
  sign,
} from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import formbody from '@fastify/formbody';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { Pool } from 'undici';
import { AccessLog, requestSerializer, stdoutDestination } from '../../src/server/access-log.js';

const kind = process.env.FLOOR;
if (kind !== 'cc' && kind !== 'refresh' && kind !== 'sqlite' && kind !== 'postgres') {
  throw new Error('FLOOR must be cc, refresh, sqlite or postgres');
}

const destination = stdoutDestination();
const app = Fastify({
  logger: {
    level: 'info',
    serializers: { req: requestSerializer },
    stream: destination,
  },
  logController: new AccessLog(),
});
app.get('/health', async () => ({ status: 'ok' }));

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const id = () => randomBytes(16).toString('hex');

/**
 * better-sqlite3 as ours' store opens it (src/server/store/sqlite-db.ts): WAL, `synchronous =
 * NORMAL`, a busy timeout, checkpoints off the request path (a PASSIVE checkpoint every 200 ms on a
 * worker thread with its own connection; the writer's own automatic one only as a fallback).
 */
function openSqlite(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 10000');
  new Worker(
    `const { workerData } = require('node:worker_threads');
     const db = new (require(workerData.module))(workerData.path);
     db.pragma('synchronous = NORMAL');
     setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 200);`,
    { eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path } },
  ).unref();
  return db;
}

/** A compact JWS signed in the thread pool, as src/server/jwt.ts signs. */
const signJws = (input: string, key: KeyObject) =>
  new Promise<string>((resolve, reject) => {
    sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }, (err, signature) => {
      if (err) reject(err);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });

if (kind === 'cc') {
  await app.register(formbody);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // The header never changes: encoded once (jwt.ts does the same).
  const header = b64({ alg: 'ES256', kid: 'floor', typ: 'at+jwt' });
  const ttl = 86_400;
  app.post('/oauth/token', async (req) => {
    const body = req.body as Record<string, string>;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      scope: body.scope,
      gty: 'client-credentials',
      azp: body.client_id,
      client_id: body.client_id,
      iss: 'http://127.0.0.1/',
      sub: `${body.client_id}@clients`,
      aud: body.audience,
      iat: now,
      exp: now + ttl,
      jti: id(),
    };
    const input = `${header}.${b64(claims)}`;
    const access_token = await signJws(input, privateKey);
    return { access_token, token_type: 'Bearer', expires_in: ttl, scope: body.scope };
  });
} else if (kind === 'refresh') {
  await app.register(formbody);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = b64({ alg: 'RS256', kid: 'floor', typ: 'JWT' });
  const hashKey = createSecretKey(randomBytes(32));
  const hmac = (purpose: string, value: string) =>
    createHmac('sha256', hashKey).update(`${purpose}\0${value}`).digest('base64url');
  const db = openSqlite(process.env.FLOOR_SQLITE_PATH!);
  db.exec(`CREATE TABLE IF NOT EXISTS refresh_tokens (hash TEXT PRIMARY KEY, family_id TEXT NOT NULL,
             client_id TEXT NOT NULL, sub TEXT NOT NULL, scope TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0,
             expires_at INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS access_tokens (hash TEXT PRIMARY KEY, sub TEXT NOT NULL,
             scope TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
  const take = db.prepare<[string, number], { family_id: string; client_id: string; sub: string; scope: string }>(
    `UPDATE refresh_tokens SET used = 1 WHERE hash = ? AND used = 0 AND expires_at > ?
     RETURNING family_id, client_id, sub, scope`,
  );
  const putRefresh = db.prepare(
    'INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const putAccess = db.prepare('INSERT INTO access_tokens (hash, sub, scope, expires_at) VALUES (?, ?, ?, ?)');
  const ttl = 86_400;
  const rotate = db.transaction((presented: string, now: number) => {
    const row = take.get(hmac('refresh', presented), now);
    if (!row) return null;
    const refresh_token = randomBytes(32).toString('base64url');
    const access_token = randomBytes(32).toString('base64url');
    putRefresh.run(
      hmac('refresh', refresh_token),
      row.family_id,
      row.client_id,
      row.sub,
      row.scope,
      now + 30 * 86_400_000,
    );
    putAccess.run(hmac('access', access_token), row.sub, row.scope, now + ttl * 1000);
    return { row, refresh_token, access_token };
  });
  const mint = db.transaction((n: number, now: number) => {
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) {
      const token = randomBytes(32).toString('base64url');
      putRefresh.run(hmac('refresh', token), id(), 'bench', `floor|${id()}`, 'openid offline_access', now + 86_400_000);
      tokens.push(token);
    }
    return tokens;
  });
  app.post('/bench/mint', async (req) => {
    const tokens = mint.immediate(Number((req.query as { n?: string }).n ?? 1), Date.now());
    // Into the database file now, as the bench does for ours' minted tokens.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return tokens;
  });
  app.post('/oauth/token', async (req, reply) => {
    const body = req.body as Record<string, string>;
    const now = Date.now();
    const rotated = body.grant_type === 'refresh_token' ? rotate.immediate(body.refresh_token ?? '', now) : null;
    if (!rotated) {
      return reply.code(400).send({ error: 'invalid_grant', error_description: 'Unknown or used refresh token.' });
    }
    const { row, refresh_token, access_token } = rotated;
    const iat = Math.floor(now / 1000);
    const id_token = await signJws(
      `${header}.${b64({ iss: 'http://127.0.0.1/', sub: row.sub, aud: row.client_id, iat, exp: iat + 36_000 })}`,
      privateKey,
    );
    return { access_token, refresh_token, id_token, token_type: 'Bearer', expires_in: ttl, scope: row.scope };
  });
} else {
  /** What one start writes: the code's row. */
  interface CodeRow {
    id: string;
    identifier: string;
    code_hash: string;
    expires_at: number;
  }
  const hashKey = createSecretKey(randomBytes(32));
  const hookKey = createSecretKey(randomBytes(32));
  const hook = new URL(process.env.FLOOR_HOOK_URL!);
  const hookPath = `${hook.pathname}${hook.search}`;
  const hookPool = new Pool(hook.origin, { connections: 16, keepAliveTimeout: 30_000 });

  let insert: (row: CodeRow) => Promise<void>;
  let insertGrouped: (row: CodeRow) => Promise<void>;
  if (kind === 'sqlite') {
    const db = openSqlite(process.env.FLOOR_SQLITE_PATH!);
    db.exec(`CREATE TABLE IF NOT EXISTS codes (id TEXT PRIMARY KEY, identifier TEXT NOT NULL,
               code_hash TEXT NOT NULL, expires_at INTEGER NOT NULL);
             CREATE INDEX IF NOT EXISTS codes_identifier ON codes (identifier)`);
    const stmt = db.prepare('INSERT INTO codes (id, identifier, code_hash, expires_at) VALUES (?, ?, ?, ?)');
    const write = (r: CodeRow) => stmt.run(r.id, r.identifier, r.code_hash, r.expires_at);
    const one = db.transaction(write);
    const many = db.transaction((rows: CodeRow[]) => rows.forEach(write));
    insert = async (row) => {
      one.immediate(row);
    };
    let group: { row: CodeRow; done: () => void }[] = [];
    insertGrouped = (row) =>
      new Promise<void>((done) => {
        if (group.push({ row, done }) === 1) {
          setImmediate(() => {
            const g = group;
            group = [];
            many.immediate(g.map((p) => p.row));
            for (const p of g) p.done();
          });
        }
      });
  } else {
    const pool = new pg.Pool({ connectionString: process.env.FLOOR_PG_URL, max: 10 });
    await pool.query(`CREATE TABLE IF NOT EXISTS codes (id TEXT PRIMARY KEY, identifier TEXT NOT NULL,
                        code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL);
                      CREATE INDEX IF NOT EXISTS codes_identifier ON codes (identifier)`);
    insert = async (r) => {
      await pool.query({
        name: 'insert-code',
        text: 'INSERT INTO codes (id, identifier, code_hash, expires_at) VALUES ($1, $2, $3, $4)',
        values: [r.id, r.identifier, r.code_hash, r.expires_at],
      });
    };
    const GROUP_MAX = 64;
    const queue: { row: CodeRow; resolve: () => void; reject: (err: Error) => void }[] = [];
    let inFlight = false;
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const g = queue.splice(0, GROUP_MAX);
      inFlight = true;
      pool
        .query({
          name: 'insert-codes',
          text: `INSERT INTO codes (id, identifier, code_hash, expires_at)
                   SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])`,
          values: [
            g.map((p) => p.row.id),
            g.map((p) => p.row.identifier),
            g.map((p) => p.row.code_hash),
            g.map((p) => p.row.expires_at),
          ],
        })
        .then(
          () => g.forEach((p) => p.resolve()),
          (err: Error) => g.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          inFlight = false;
          if (queue.length > 0) flush();
        });
    };
    insertGrouped = (row) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!inFlight && !scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
  }

  const start = (write: (row: CodeRow) => Promise<void>) => async (req: { body: unknown }) => {
    const email = (req.body as { email: string }).email;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = Date.now();
    const row = {
      id: id(),
      identifier: email,
      code_hash: createHmac('sha256', hashKey).update(`otp\0${code}`).digest('base64url'),
      expires_at: now + 300_000,
    };
    await write(row);
    const message = JSON.stringify({
      channel: 'email',
      to: email,
      text: `Your code is ${code}`,
      code,
      locale: 'en',
    });
    const timestamp = String(Math.floor(now / 1000));
    const res = await hookPool.request({
      method: 'POST',
      path: hookPath,
      headers: {
        'content-type': 'application/json',
        'x-passwordless-timestamp': timestamp,
        'x-passwordless-signature': `sha256=${createHmac('sha256', hookKey).update(`${timestamp}.${message}`).digest('hex')}`,
      },
      body: message,
    });
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`webhook answered ${res.statusCode}`);
    return { _id: row.id, email, email_verified: false };
  };
  app.post('/passwordless/start', start(insert));
  app.post('/passwordless/start-grouped', start(insertGrouped));
}

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => {
    destination.flushSync();
    process.exit(0);
  });
});
