/**
 * Server-side state of universal login: pending authorization requests (one per visit of the
 * hosted page), the browser cookie that binds them to the browser that made them, and sign-in
 * sessions (single sign-on). Everything lives in the Store as records; cookies carry only random
 * values whose HMAC is the record id, so a copy of the store cannot be replayed as a cookie.
 *
 * Cookies are HttpOnly and SameSite=Lax; when the issuer is https they are Secure and use the
 * `__Host-` prefix (no Domain, Path=/), so no sibling host can set or read them.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection } from '../protocol/index.js';
import type { AppContext } from './context.js';
import { constantTimeEqual, generateId, generateToken } from './secrets.js';
import type { LoginInfo } from './store/types.js';

/** What /authorize was asked, kept while the user signs in on the hosted page. */
export interface AuthorizationRequest {
  client_id: string;
  redirect_uri: string;
  scope: string;
  state: string | null;
  nonce: string | null;
  /** '' when a confidential client asked without PKCE. */
  code_challenge: string;
  audience: string | null;
  /** The browser that asked (hash of its browser cookie). */
  browser: string;
  connection: Connection | null;
  login_hint: string | null;
  /** The languages the app asked for (`ui_locales`), for the pages a magic link returns to. */
  ui_locales?: string[];
  /** PKCE verifier of the hosted page's magic links: kept here, never sent to any browser. */
  link_verifier?: string;
  /** `code` when absent; an implicit type (`id_token token`, sorted) for clients with `implicit`. */
  response_type?: string;
  /** `query` when absent (code), else `fragment` or Auth0's `web_message`. */
  response_mode?: 'query' | 'fragment' | 'web_message';
}

/** The magic-link part of a transaction: the link's `state` and PKCE challenge. */
export interface TransactionLink {
  state: string;
  code_challenge: string;
}

export interface Session extends LoginInfo {
  sid: string;
  created_at: number;
  expires_at: number;
}

const TRANSACTION_KIND = 'authz';
/** A magic link's `state` → the id of the transaction record it may complete. */
const LINK_STATE_KIND = 'authzlink';
export const SESSION_KIND = 'session';
/** A hosted sign-in must finish within this time (a magic link's default lifetime). */
export const TRANSACTION_TTL_MS = 30 * 60_000;

export function cookieNames(ctx: AppContext): { session: string; browser: string; secure: boolean } {
  const secure = ctx.issuer().startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}pwl_session`, browser: `${prefix}pwl_browser`, secure };
}

function cookieOptions(ctx: AppContext, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: cookieNames(ctx).secure,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/**
 * The browser cookie is `<random>.<HMAC of it under the server secret>`: only a value this server
 * issued is believed. On an http issuer the cookie has no `__Host-` prefix, so another page of the
 * same host, or anyone on the network, can plant one; a planted value fails the check and is
 * replaced by a fresh one, so it never binds a sign-in to a browser the planter knows.
 */
const BROWSER_COOKIE = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

function browserCookieValue(ctx: AppContext, random: string): string {
  return `${random}.${ctx.hash('browsercookie', random)}`;
}

/** The random part of a browser cookie this server issued, or null (absent, malformed, planted). */
function issuedBrowserCookie(ctx: AppContext, value: string | undefined): string | null {
  const m = value === undefined ? null : BROWSER_COOKIE.exec(value);
  if (!m) return null;
  return constantTimeEqual(ctx.hash('browsercookie', m[1]!), m[2]!) ? m[1]! : null;
}

/** The hash identifying this browser, setting a fresh browser cookie unless it has one of ours. */
export function browserId(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): string {
  const name = cookieNames(ctx).browser;
  let random = issuedBrowserCookie(ctx, request.cookies[name]);
  if (random === null) {
    random = generateToken();
    // A browser-session cookie: it lives until the browser closes.
    reply.setCookie(name, browserCookieValue(ctx, random), cookieOptions(ctx));
  }
  return ctx.hash('browser', random);
}

/** The hash of the browser cookie, or null when the request has none this server issued. */
export function existingBrowserId(ctx: AppContext, request: FastifyRequest): string | null {
  const random = issuedBrowserCookie(ctx, request.cookies[cookieNames(ctx).browser]);
  return random === null ? null : ctx.hash('browser', random);
}

/**
 * Stores a pending request. With `link`, it also gets a magic-link `state` and PKCE pair: the
 * verifier stays in the record, the state finds the record again when the link comes back.
 */
export async function createTransaction(
  ctx: AppContext,
  req: AuthorizationRequest,
  link = false,
): Promise<{ id: string; link: TransactionLink | null }> {
  const id = generateToken();
  const key = ctx.hash('tx', id);
  const expires = ctx.now() + TRANSACTION_TTL_MS;
  let out: TransactionLink | null = null;
  if (link) {
    const verifier = generateToken();
    out = { state: generateToken(), code_challenge: createHash('sha256').update(verifier).digest('base64url') };
    req = { ...req, link_verifier: verifier };
    // The record id (an HMAC), not the transaction id: a copy of the store completes nothing.
    await ctx.store.putRecord(LINK_STATE_KIND, ctx.hash('txlink', out.state), key, expires);
  }
  await ctx.store.putRecord(TRANSACTION_KIND, key, JSON.stringify(req), expires);
  return { id, link: out };
}

export async function getTransaction(ctx: AppContext, id: string): Promise<AuthorizationRequest | null> {
  const raw = await ctx.store.getRecord(TRANSACTION_KIND, ctx.hash('tx', id), ctx.now());
  return raw ? (JSON.parse(raw) as AuthorizationRequest) : null;
}

/** Consumes the transaction: only one completion wins. */
export async function takeTransaction(ctx: AppContext, id: string): Promise<AuthorizationRequest | null> {
  return takeTransactionRecord(ctx, ctx.hash('tx', id));
}

/** The pending request a magic link's `state` belongs to (`key` takes it), or null. */
export async function findLinkTransaction(
  ctx: AppContext,
  state: string,
): Promise<{ key: string; request: AuthorizationRequest } | null> {
  const now = ctx.now();
  const key = await ctx.store.getRecord(LINK_STATE_KIND, ctx.hash('txlink', state), now);
  const raw = key ? await ctx.store.getRecord(TRANSACTION_KIND, key, now) : null;
  return key && raw ? { key, request: JSON.parse(raw) as AuthorizationRequest } : null;
}

export async function takeTransactionRecord(ctx: AppContext, key: string): Promise<AuthorizationRequest | null> {
  const raw = await ctx.store.takeRecord(TRANSACTION_KIND, key, ctx.now());
  return raw ? (JSON.parse(raw) as AuthorizationRequest) : null;
}

/** Opens a session for a sign-in that just happened and sets its cookie. */
export async function openSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  sub: string,
  amr: string[],
): Promise<Session> {
  await closeSession(ctx, request, reply);
  const now = ctx.now();
  const ttl = ctx.config.limits.session_ttl_seconds;
  const session: Session = {
    sub,
    auth_time: Math.floor(now / 1000),
    amr,
    sid: generateId(),
    created_at: now,
    expires_at: now + ttl * 1000,
  };
  const value = generateToken();
  await ctx.store.putRecord(SESSION_KIND, ctx.hash('session', value), JSON.stringify(session), session.expires_at, sub);
  reply.setCookie(cookieNames(ctx).session, value, cookieOptions(ctx, ttl));
  return session;
}

/** The store id of this browser's session cookie (whether or not the session lives), or null. */
export function sessionKey(ctx: AppContext, request: FastifyRequest): string | null {
  const value = request.cookies[cookieNames(ctx).session];
  return value ? ctx.hash('session', value) : null;
}

/** The live session of this browser, or null. */
export async function currentSession(ctx: AppContext, request: FastifyRequest): Promise<Session | null> {
  const key = sessionKey(ctx, request);
  if (!key) return null;
  const raw = await ctx.store.getRecord(SESSION_KIND, key, ctx.now());
  return raw ? (JSON.parse(raw) as Session) : null;
}

/** Ends this browser's session (store and cookie). */
export async function closeSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const name = cookieNames(ctx).session;
  const value = request.cookies[name];
  if (!value) return;
  await ctx.store.deleteRecord(SESSION_KIND, ctx.hash('session', value));
  reply.clearCookie(name, cookieOptions(ctx));
}

/** Ends every session of a user (account deleted or blocked). */
export async function closeUserSessions(ctx: AppContext, sub: string): Promise<void> {
  await ctx.store.deleteOwnerRecords(SESSION_KIND, sub);
}
