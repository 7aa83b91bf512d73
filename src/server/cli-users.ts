/**
 * `passwordless-server users <command> … --config server.json [--json]`: user management for an
 * operator, straight on the configured store (SQLite, Redis or PostgreSQL), so day-one setup needs no token.
 * It goes through the same code as `/api/v2/users*` (./users.ts): the same checks, the same
 * canonical identifiers, Auth0's user object under `--json`, and an audit line per change on
 * stderr with the actor `cli:<os user>`.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ManagementUser } from '../protocol/index.js';
import { ConfigError, parseConfig, type ServerConfig } from './config.js';
import { ApiError, notFound } from './errors.js';
import { deleteUserPasskey, userPasskeys } from './passkeys.js';
import { SESSION_KIND } from './sessions.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';
import { identityIdOf } from './store/user-records.js';
import { exportUsers, ImportFileError, importUsers, parseUsersFile } from './user-import.js';
import {
  canonicalIdentifier,
  createUser,
  deleteUser,
  linkUser,
  listUsers,
  resolveUser,
  toManagementUser,
  unlinkUser,
  updateUser,
  type UsersDeps,
} from './users.js';

export const USERS_USAGE = `Usage: passwordless-server users <command> [arguments] --config <server.json> [--json]

Commands (<user> is a user id like "email|…", an email address, or a +E.164 phone number):
  list [--page N] [--per-page N] [--q 'email:"ann@example.com"']
  get <user>
  create <email or +phone> [--verified] [--blocked] [--user-metadata JSON] [--app-metadata JSON]
  block <user>
  unblock <user>
  delete <user>
  link <primary user> <secondary user>      the secondary's identity moves under the primary
  unlink <primary user> <identity>          identity: "sms|…" / "email|…", or its email or phone
  passkeys <user>                           the user's passkeys (method id, name, created, last used)
  delete-passkey <user> <method id>         "passkey|…", as passkeys lists it
  export [--out FILE]                       every user as Auth0's user objects (a JSON array, one per line)
  import FILE [--upsert] [--connection email|sms]
                                            Auth0's bulk import file (JSON array) or export (NDJSON), checked
                                            whole first; --upsert updates users that exist (PostgreSQL, SQLite)

--json prints Auth0's user object (list: {start, limit, length, total, users}).
Exit status: 0 done, 1 refused (not found, exists, conflict), 2 bad usage or config.`;

/** A usage problem: exit status 2 with the usage text. */
export class UsageError extends Error {}

export function readConfig(file: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigError('--config', `cannot read ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('--config', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(raw);
}

function parseJsonObject(flag: string, value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`${flag} must be a JSON object, like '{"plan":"pro"}'.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag} must be a JSON object, like '{"plan":"pro"}'.`);
  }
  return parsed as Record<string, unknown>;
}

function line(u: ManagementUser): string {
  const ids = [u.email, u.phone_number].filter(Boolean).join(' ');
  const flags = [u.blocked ? 'BLOCKED' : null, `logins ${u.logins_count}`].filter(Boolean).join(', ');
  return `${u.user_id}  ${ids}  (${flags})`;
}

function describe(u: ManagementUser): string {
  const rows: [string, string][] = [
    ['user_id', u.user_id],
    ...(u.email !== undefined
      ? ([['email', `${u.email}${u.email_verified ? ' (verified)' : ''}`]] as [string, string][])
      : []),
    ...(u.phone_number !== undefined
      ? ([['phone_number', `${u.phone_number}${u.phone_verified ? ' (verified)' : ''}`]] as [string, string][])
      : []),
    ['identities', u.identities.map((i) => `${i.provider}|${i.user_id}`).join(', ')],
    ['blocked', String(u.blocked)],
    ['logins_count', String(u.logins_count)],
    ['last_login', u.last_login ?? '-'],
    ['created_at', u.created_at],
    ['user_metadata', JSON.stringify(u.user_metadata)],
    ['app_metadata', JSON.stringify(u.app_metadata)],
  ];
  return rows.map(([k, v]) => `${k.padEnd(14)}${v}`).join('\n');
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs one `users` command; returns the exit status. */
export async function runUsersCli(argv: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        page: { type: 'string' },
        'per-page': { type: 'string' },
        q: { type: 'string' },
        verified: { type: 'boolean' },
        blocked: { type: 'boolean' },
        'user-metadata': { type: 'string' },
        'app-metadata': { type: 'string' },
        out: { type: 'string' },
        upsert: { type: 'boolean' },
        connection: { type: 'string' },
      },
    }));
  } catch (err) {
    io.err(`passwordless-server users: ${(err as Error).message}\n\n${USERS_USAGE}`);
    return 2;
  }
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USERS_USAGE);
    return values.help ? 0 : 2;
  }
  const json = values.json === true;
  const need = (n: number, what: string) => {
    if (args.length !== n) throw new UsageError(`users ${command} takes ${what}.`);
  };

  let store: Store | undefined;
  try {
    if (typeof values.config !== 'string') throw new UsageError('--config <server.json> is required.');
    const config = readConfig(values.config);
    store = await openStore(config);
    let actor = 'cli';
    try {
      actor = `cli:${userInfo().username}`;
    } catch {
      /* no user name on this system */
    }
    const deps: UsersDeps = {
      store,
      config,
      now: Date.now,
      audit: (entry, message) => io.err(JSON.stringify({ time: new Date().toISOString(), ...entry, msg: message })),
      revokeSessions: (userId) => store!.deleteOwnerRecords(SESSION_KIND, userId),
    };
    const print = (u: ManagementUser, verb: string) => io.out(json ? JSON.stringify(u, null, 2) : `${verb} ${line(u)}`);

    switch (command) {
      case 'list': {
        need(0, 'no arguments (use --page, --per-page, --q)');
        const query: Record<string, unknown> = { include_totals: 'true' };
        if (typeof values.page === 'string') query.page = values.page;
        if (typeof values['per-page'] === 'string') query.per_page = values['per-page'];
        if (typeof values.q === 'string') query.q = values.q;
        const page = (await listUsers(deps, query)) as Exclude<Awaited<ReturnType<typeof listUsers>>, ManagementUser[]>;
        if (json) io.out(JSON.stringify(page, null, 2));
        else {
          for (const u of page.users) io.out(line(u));
          io.out(
            page.length === 0
              ? `no users (total ${page.total})`
              : `users ${page.start + 1}-${page.start + page.length} of ${page.total}`,
          );
        }
        return 0;
      }
      case 'get': {
        need(1, 'one <user>');
        const u = toManagementUser(await resolveUser(deps, args[0]!));
        io.out(json ? JSON.stringify(u, null, 2) : describe(u));
        return 0;
      }
      case 'create': {
        need(1, 'one email address or +E.164 phone number');
        const identifier = args[0]!;
        const sms = identifier.startsWith('+');
        const body: Record<string, unknown> = sms
          ? { connection: 'sms', phone_number: identifier }
          : { connection: 'email', email: identifier };
        if (values.verified) body[sms ? 'phone_verified' : 'email_verified'] = true;
        if (values.blocked) body.blocked = true;
        const um = parseJsonObject('--user-metadata', values['user-metadata'] as string | undefined);
        const am = parseJsonObject('--app-metadata', values['app-metadata'] as string | undefined);
        if (um) body.user_metadata = um;
        if (am) body.app_metadata = am;
        print(await createUser(deps, actor, body), 'created');
        return 0;
      }
      case 'block':
      case 'unblock': {
        need(1, 'one <user>');
        const r = await resolveUser(deps, args[0]!);
        print(await updateUser(deps, actor, r.user_id, { blocked: command === 'block' }), `${command}ed`);
        return 0;
      }
      case 'delete': {
        need(1, 'one <user>');
        const r = await resolveUser(deps, args[0]!);
        await deleteUser(deps, actor, r.user_id);
        io.out(json ? JSON.stringify({ deleted: r.user_id }) : `deleted ${r.user_id}`);
        return 0;
      }
      case 'link': {
        need(2, '<primary user> <secondary user>');
        const primary = await resolveUser(deps, args[0]!);
        const secondary = await resolveUser(deps, args[1]!);
        const main = secondary.identities[0]!;
        await linkUser(deps, actor, primary.user_id, main.connection, main.user_id);
        print(toManagementUser((await store.getUserRecord(primary.user_id))!), 'linked');
        return 0;
      }
      case 'unlink': {
        need(2, '<primary user> <identity>');
        const primary = await resolveUser(deps, args[0]!);
        const ref = args[1]!;
        const parsed = identityIdOf(ref);
        const connection = ref.trim().startsWith('+') ? 'sms' : 'email';
        const identity = parsed
          ? primary.identities.find((i) => i.connection === parsed.connection && i.user_id === parsed.id)
          : primary.identities.find(
              (i) => i.connection === connection && i.identifier === canonicalIdentifier(config, connection, ref),
            );
        if (!identity) throw notFound(`${primary.user_id} has no identity ${ref}.`);
        await unlinkUser(deps, actor, primary.user_id, identity.connection, identity.user_id);
        print(toManagementUser((await store.getUserRecord(primary.user_id))!), 'unlinked from');
        return 0;
      }
      case 'passkeys': {
        need(1, 'one <user>');
        const r = await resolveUser(deps, args[0]!);
        const methods = await userPasskeys(store, r.user_id);
        if (json) io.out(JSON.stringify(methods, null, 2));
        else {
          for (const m of methods) {
            io.out(`${m.id}  ${m.name}  created ${m.created_at}  last used ${m.last_auth_at ?? 'never'}`);
          }
          io.out(`${methods.length} passkey${methods.length === 1 ? '' : 's'} of ${r.user_id}`);
        }
        return 0;
      }
      case 'delete-passkey': {
        need(2, '<user> <method id>');
        const r = await resolveUser(deps, args[0]!);
        await deleteUserPasskey(store, r.user_id, args[1]!, deps.audit, actor);
        io.out(json ? JSON.stringify({ deleted: args[1] }) : `deleted ${args[1]} of ${r.user_id}`);
        return 0;
      }
      case 'export': {
        need(0, 'no arguments (use --out FILE)');
        const out = typeof values.out === 'string' ? createWriteStream(resolve(values.out)) : null;
        let n = 0;
        for await (const chunk of exportUsers(store)) {
          if (chunk.startsWith('{') || chunk.startsWith(',')) n++;
          if (out) out.write(chunk);
          else process.stdout.write(chunk);
        }
        if (out) await new Promise<void>((done, fail) => out.end(() => done()).once('error', fail));
        io.err(`exported ${n} users`);
        return 0;
      }
      case 'import': {
        need(1, 'one file');
        const connection = values.connection;
        if (connection !== undefined && connection !== 'email' && connection !== 'sms') {
          throw new UsageError('--connection is email or sms.');
        }
        let text: string;
        try {
          text = readFileSync(resolve(args[0]!), 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${args[0]}: ${(err as Error).message}`);
        }
        const users = parseUsersFile(config, text, Date.now(), connection);
        const summary = await importUsers(store, users, values.upsert === true);
        if (json) io.out(JSON.stringify(summary, null, 2));
        else {
          for (const e of summary.errors) io.out(`line ${e.line}: ${e.user_id}: ${e.code}: ${e.message}`);
          io.out(
            `imported ${summary.total} users: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.failed} failed`,
          );
        }
        io.err(
          JSON.stringify({
            time: new Date().toISOString(),
            actor,
            audit: 'users.import',
            ...summary,
            errors: undefined,
            msg: 'users imported',
          }),
        );
        return summary.failed > 0 ? 1 : 0;
      }
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`passwordless-server users: ${err.message}\n\n${USERS_USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(`passwordless-server users: invalid configuration: ${err.message}`);
      return 2;
    }
    if (err instanceof ImportFileError) {
      io.err(`passwordless-server users: nothing imported: ${err.message}`);
      return 1;
    }
    if (err instanceof ApiError) {
      io.err(
        json
          ? JSON.stringify({ error: err.code, error_description: err.description })
          : `passwordless-server users: ${err.description}`,
      );
      return 1;
    }
    throw err;
  } finally {
    await store?.close();
  }
}
