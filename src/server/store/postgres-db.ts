/**
 * The connection side of the PostgreSQL store (node-postgres): the pool, its timeouts and TLS,
 * prepared statements, short transactions, migrations on first use, and what counts as an outage.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrate, type MigrateResult } from './postgres-migrations.js';

const { Pool, DatabaseError } = pg;

/** Runs one statement (prepared once per connection) and answers its rows. */
export type Q = <R = Record<string, unknown>>(sql: string, values?: unknown[]) => Promise<R[]>;

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  pool?: number;
  /** TLS for managed databases. `ca`: PEM text, or the path of a PEM file. */
  ssl?: { ca?: string; rejectUnauthorized?: boolean };
  /** A statement running longer is cancelled by the server and the request answers 503 (default 1000 ms). */
  statementTimeoutMs?: number;
  /** Tables live in this schema (created when absent) instead of the connection's default. */
  schema?: string;
  /** Apply missing migrations on first use (default true). */
  migrate?: boolean;
  /** Told once when the database becomes unreachable and once when it is back. */
  onStatus?: (status: 'down' | 'up', err?: Error) => void;
}

/** BIGINT (epoch milliseconds, counts) as a number: every value here stays below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SQLSTATE classes that mean "the database cannot answer now", not "this request is wrong". */
const OUTAGE_SQLSTATE = /^(08|53|57)/;
const OUTAGE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|connection timeout|Client was closed/i;

/** A lost, refused or hanging connection, a cancelled (too slow) statement, or a database shutting down. */
export function isOutage(err: unknown): boolean {
  if (err instanceof DatabaseError) return OUTAGE_SQLSTATE.test(err.code ?? '');
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code) && !code.startsWith('ERR_')) return true;
  return OUTAGE_MESSAGE.test(err.message);
}

/** Deadlock or serialization failure: the transaction is safe to run again. */
export const isRetryable = (err: unknown) => err instanceof DatabaseError && (err.code === '40P01' || err.code === '40001');

function sslOption(ssl: PostgresOptions['ssl']): pg.PoolConfig['ssl'] {
  if (!ssl) return undefined;
  const ca = ssl.ca === undefined || ssl.ca.includes('-----BEGIN') ? ssl.ca : readFileSync(ssl.ca, 'utf8');
  return { ca, rejectUnauthorized: ssl.rejectUnauthorized ?? true };
}

export class PostgresDb {
  readonly pool: pg.Pool;
  private readonly names = new Map<string, string>();
  private ready: Promise<void> | null = null;
  private migrated: boolean;
  private down = false;
  private probe: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly options: PostgresOptions = {},
  ) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new Error(`schema "${options.schema}" must be a lower-case SQL name`);
    }
    this.pool = new Pool(this.clientConfig(true));
    // An idle connection that dies (database restarted) is dropped by the pool; without a listener
    // the error would end the process.
    this.pool.on('error', (err) => this.markDown(err));
    this.migrated = options.migrate === false;
  }

  /** `forRequests`: with the statement and read timeouts that turn a hang into a 503. */
  clientConfig(forRequests: boolean): pg.PoolConfig {
    const statementTimeout = this.options.statementTimeoutMs ?? 1000;
    return {
      connectionString: this.url,
      ssl: sslOption(this.options.ssl),
      max: this.options.pool ?? 10,
      types,
      application_name: 'passwordless-login',
      // Connecting, or waiting for a free connection, longer than this is an outage.
      connectionTimeoutMillis: 1000,
      ...(forRequests
        ? {
            statement_timeout: statementTimeout,
            // The server cancels a slow statement; this catches a server that stopped answering.
            query_timeout: statementTimeout + 250,
            idle_in_transaction_session_timeout: statementTimeout * 5,
          }
        : {}),
      ...(this.options.schema ? { options: `-c search_path=${this.options.schema}` } : {}),
    };
  }

  private markDown(err: Error): void {
    if (this.closed) return;
    if (!this.down) this.options.onStatus?.('down', err);
    this.down = true;
    // While down, a ping every half second says when it is back (requests would too, but an idle
    // server should log its recovery).
    this.probe ??= setInterval(() => {
      this.pool.query('SELECT 1').then(
        () => this.markUp(),
        () => {},
      );
    }, 500).unref();
  }

  private markUp(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    if (this.down) {
      this.down = false;
      this.options.onStatus?.('up');
    }
  }

  private observe(err: unknown): void {
    if (isOutage(err)) this.markDown(err as Error);
  }

  /** True while this store applies its migrations (it may be waiting for another process's lock). */
  get migrating(): boolean {
    return this.ready !== null && !this.migrated;
  }

  /**
   * Migrations once per store, before its first statement (again after a failed attempt). Called
   * at start by the server to begin them before any request; every statement waits for them.
   */
  ensureReady(): Promise<void> {
    if (this.migrated) return Promise.resolve();
    this.ready ??= this.runMigrations().then(
      () => {
        this.migrated = true;
      },
      (err: unknown) => {
        this.ready = null;
        throw err;
      },
    );
    return this.ready;
  }

  private async runMigrations(): Promise<void> {
    await this.migrate();
  }

  /**
   * Applies the missing migrations (up to `upTo`) on a connection of its own, without the request
   * timeouts (building an index may take a while). Safe to run from many processes at once.
   */
  async migrate(upTo?: number): Promise<MigrateResult> {
    const client = new pg.Client(this.clientConfig(false));
    client.on('error', () => {});
    await client.connect();
    try {
      // Concurrent CREATE SCHEMA IF NOT EXISTS can still collide: the loser finds it made.
      if (this.options.schema) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.options.schema}`).catch((err: unknown) => {
          if (!(err instanceof DatabaseError && err.code === '23505')) throw err;
        });
      }
      return await migrate(client, upTo);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /**
   * `SELECT 1` on a pooled connection, without waiting for the migrations: whether the database
   * answers, even while this store migrates (/health, /ready).
   */
  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      if (this.down) this.markUp();
    } catch (err) {
      this.observe(err);
      throw err;
    }
  }

  private named(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `pwl${this.names.size}`;
      this.names.set(sql, name);
    }
    return name;
  }

  private runner(client: pg.Pool | pg.PoolClient): Q {
    return async <R>(sql: string, values: unknown[] = []) => {
      const result = await client.query({ name: this.named(sql), text: sql, values });
      return result.rows as R[];
    };
  }

  /** One statement on any pooled connection. */
  readonly q: Q = async <R>(sql: string, values: unknown[] = []) => {
    await this.ensureReady();
    try {
      const result = await this.pool.query({ name: this.named(sql), text: sql, values });
      if (this.down) this.markUp();
      return result.rows as R[];
    } catch (err) {
      this.observe(err);
      throw err;
    }
  };

  /**
   * `fn` in one READ COMMITTED transaction on one connection; its row locks (FOR UPDATE, guarded
   * UPDATEs) make check-then-write steps atomic. Run again on a deadlock.
   */
  async tx<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    await this.ensureReady();
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        this.observe(err);
        throw err;
      }
      let broken: unknown = null;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(this.runner(client));
        await client.query('COMMIT');
        if (this.down) this.markUp();
        return out;
      } catch (err) {
        // After an outage the connection is closed instead (the server then rolls back): a ROLLBACK
        // on a hanging connection would wait out another read timeout.
        if (isOutage(err)) broken ??= err;
        if (!broken) await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        this.observe(err);
        if (!isRetryable(err) || attempt >= 3) throw err;
      } finally {
        client.off('error', onError);
        // A connection in doubt is closed rather than given to the next request.
        client.release(broken ? (broken as Error) : undefined);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    await this.pool.end();
  }
}
