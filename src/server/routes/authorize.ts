/**
 * Universal login: GET /authorize (OIDC Core 3.1.2, RFC 6749 4.1, RFC 7636 S256, RFC 9207 `iss`)
 * and the hosted page it serves, which renders the same `<passwordless-login>` element.
 *
 * - An unknown client or an unregistered redirect_uri gets a plain 400 page, never a redirect.
 * - Every other problem redirects back with `error`, `error_description`, `state` and `iss`.
 * - A live session answers at once with a code (single sign-on), unless `prompt=login` or an
 *   exceeded `max_age` asks for a new sign-in; `prompt=none` without one gives `login_required`.
 * - Otherwise the hosted page opens with a pending authorization request (`transaction`). The
 *   element completes it at POST /authorize/complete with the one-time code; the answer carries the
 *   URL to go to: `redirect_uri?code&state&iss`, with a session cookie set on the way. For a
 *   client with passkeys (docs/passkeys.md), POST /authorize/passkey completes it with a passkey.
 * - For a client with `magic_link`, the element sends links that return to GET /authorize/link,
 *   which completes the request only in the browser that opened the page (its browser cookie).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import {
  CONNECTIONS,
  GRANT_IMPLICIT,
  LANGUAGES,
  languageChain,
  type Connection,
  type HostedStatus,
  type HostedTransaction,
} from '../../protocol/index.js';
import { readBody, reqString } from '../body.js';
import type { ClientConfig } from '../config.js';
import { endpointUrl, type AppContext } from '../context.js';
import { hostedLinkCallback } from '../clients.js';
import { ApiError, invalidRequest, unauthorizedClient } from '../errors.js';
import { resolveBranding } from '../branding.js';
import { brandingCss, HOSTED_CSS, hostedPageCsp, renderHostedPage, widgetAsset } from '../hosted/page.js';
import { sendWebMessage, WEB_MESSAGE_SCRIPT } from '../hosted/web-message.js';
import { pageLocale, pageText, pickLocale } from '../messages.js';
import { plainPage } from '../plain-page.js';
import { constantTimeEqual, generateToken } from '../secrets.js';
import {
  browserId,
  createTransaction,
  currentSession,
  existingBrowserId,
  findLinkTransaction,
  getTransaction,
  openSession,
  takeTransaction,
  takeTransactionRecord,
  type AuthorizationRequest,
} from '../sessions.js';
import type { LoginInfo, User } from '../store/types.js';
import { grantedScope, issueTokens, newGrantId, normalizeScope } from '../tokens.js';
import { passkeysOnHostedPage, readCredential } from '../passkeys.js';
import { takeLoginTicket } from './co-authenticate.js';
import { amrOf, linkUser, passkeySignIn, verifyOtpLogin } from './token.js';

const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

/** The plain 400 page: nothing to redirect to, so the person reads what went wrong. */
function plainErrorPage(reply: FastifyReply, title: string, message: string, lang?: string) {
  reply.header('cache-control', 'no-store');
  return plainPage(reply, { status: 400, lang, title, heading: title, message });
}

/** Where and how an answer goes: the client's redirect_uri, in the request's response mode. */
type Destination = Pick<AuthorizationRequest, 'client_id' | 'redirect_uri' | 'response_mode'>;

/**
 * Answers the app with these parameters and the issuer (RFC 9207): a redirect (query, or fragment
 * for implicit), or for `web_message` the page that posts them to the app's web origin.
 */
function respond(ctx: AppContext, reply: FastifyReply, to: Destination, params: Record<string, string | null>) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  if (to.response_mode === 'web_message') {
    return sendWebMessage(reply, endpointUrl(ctx, ''), new URL(to.redirect_uri).origin, withIssuer(ctx, params));
  }
  return reply.redirect(resultUrl(ctx, to, params), 302);
}

function withIssuer(ctx: AppContext, params: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null) out[k] = v;
  out.iss = ctx.issuer();
  return out;
}

/** The redirect_uri carrying the answer: in the query, or in the fragment (implicit). */
function resultUrl(ctx: AppContext, to: Destination, params: Record<string, string | null>): string {
  const url = new URL(to.redirect_uri);
  const all = withIssuer(ctx, params);
  if (to.response_mode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  }
  return url.toString();
}

const WEB_MESSAGE_KIND = 'webmessage';
const WEB_MESSAGE_TTL_MS = 60_000;

/**
 * The URL a finished hosted sign-in goes to: the redirect_uri with its answer, or for a
 * `web_message` request (a popup) a one-time page of this server that posts the answer.
 */
async function responseUrl(ctx: AppContext, req: AuthorizationRequest, login: LoginInfo): Promise<string> {
  const params = await responseParams(ctx, req, login);
  if (req.response_mode !== 'web_message') return resultUrl(ctx, req, params);
  const id = generateToken();
  const record = { client_id: req.client_id, redirect_uri: req.redirect_uri, params };
  await ctx.store.putRecord(
    WEB_MESSAGE_KIND,
    ctx.hash('webmessage', id),
    JSON.stringify(record),
    ctx.now() + WEB_MESSAGE_TTL_MS,
  );
  return `${endpointUrl(ctx, '/authorize/respond')}?${new URLSearchParams({ id })}`;
}

const isImplicit = (responseType: string | undefined) => responseType !== undefined && responseType !== 'code';

/**
 * The answer to a finished sign-in: an authorization code, or for an implicit request (a client
 * with the `implicit` grant) the tokens themselves, never a refresh token.
 */
async function responseParams(
  ctx: AppContext,
  req: AuthorizationRequest,
  login: LoginInfo,
): Promise<Record<string, string | null>> {
  if (!isImplicit(req.response_type)) {
    const code = generateToken();
    const now = ctx.now();
    await ctx.store.createAuthCode({
      hash: ctx.hash('authcode', code),
      challenge_id: '',
      client_id: req.client_id,
      redirect_uri: req.redirect_uri,
      code_challenge: req.code_challenge,
      nonce: req.nonce,
      scope: req.scope,
      audience: req.audience,
      created_at: now,
      expires_at: now + ctx.config.limits.authorization_code_ttl_seconds * 1000,
      login,
    });
    return { code, state: req.state };
  }
  const client = ctx.clients.get(req.client_id);
  const user = await ctx.store.getUser(login.sub);
  if (!client || !user || user.blocked) {
    return { error: 'access_denied', error_description: 'The user may not sign in.', state: req.state };
  }
  if (req.audience !== null && !ctx.config.apis.some((a) => a.audience === req.audience)) {
    // What /oauth/token answers for an unknown audience (checkAudience), here as a redirect.
    return { error: 'access_denied', error_description: 'Service not found.', state: req.state };
  }
  const types = req.response_type!.split(' ');
  const scope = grantedScope(
    ctx,
    req.scope
      .split(' ')
      .filter((s) => s !== 'offline_access')
      .join(' '),
    req.audience,
  );
  const tokens = await issueTokens(ctx, {
    client,
    user,
    scope,
    audience: req.audience,
    nonce: req.nonce,
    grantId: newGrantId(),
    login,
    atHash: types.includes('token'),
  });
  const out: Record<string, string | null> = { state: req.state };
  if (types.includes('token')) {
    Object.assign(out, {
      access_token: tokens.access_token,
      token_type: tokens.token_type,
      expires_in: String(tokens.expires_in),
      scope: tokens.scope,
    });
  }
  if (types.includes('id_token')) out.id_token = tokens.id_token;
  return out;
}

class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

type Query = Record<string, string | undefined>;

/** One value per parameter (RFC 6749 3.1: parameters must not repeat). */
function readQuery(raw: unknown): Query | string {
  const out: Query = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) return k;
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

const IMPLICIT_TYPES = new Set(['token', 'id_token', 'id_token token']);

/** `code`, or an implicit response type in one spelling (its words sorted), else null. */
function responseTypeOf(raw: string): string | null {
  const sorted = raw.split(' ').filter(Boolean).sort().join(' ');
  return sorted === 'code' || IMPLICIT_TYPES.has(sorted) ? sorted : null;
}

/**
 * The response mode: `query` for code, `fragment` for implicit (tokens never go in a query), or
 * Auth0's `web_message`; null when not allowed. Errors go back the same way.
 */
function responseModeOf(q: Query): 'query' | 'fragment' | 'web_message' | null {
  const type = responseTypeOf(q.response_type ?? 'code') ?? 'code';
  const mode = q.response_mode ?? (type === 'code' ? 'query' : 'fragment');
  if (mode === 'query') return type === 'code' ? 'query' : null;
  return mode === 'fragment' || mode === 'web_message' ? mode : null;
}

interface Parsed {
  req: Omit<AuthorizationRequest, 'browser'>;
  prompt: Set<string>;
  maxAge: number | null;
  uiLocales: string[];
}

function parseRequest(client: ClientConfig, redirectUri: string, q: Query): Parsed {
  const fail = (error: string, description: string) => new AuthorizeError(error, description);
  const tooLong = Object.entries(q).find(([, v]) => (v ?? '').length > 2048);
  if (tooLong) throw fail('invalid_request', `${tooLong[0]} is too long.`);
  if (q.request !== undefined) throw fail('request_not_supported', 'Request objects are not supported.');
  if (q.request_uri !== undefined) throw fail('request_uri_not_supported', 'request_uri is not supported.');
  if (q.registration !== undefined) throw fail('registration_not_supported', 'registration is not supported.');
  if (q.response_type === undefined) throw fail('invalid_request', 'Missing required parameter: response_type');
  const responseType = responseTypeOf(q.response_type);
  if (responseType === null) {
    throw fail('unsupported_response_type', 'response_type must be code (or token, id_token, id_token token).');
  }
  const implicit = responseType !== 'code';
  if (implicit && !client.grant_types.includes(GRANT_IMPLICIT)) {
    throw fail('unauthorized_client', "Grant type 'implicit' not allowed for the client.");
  }
  const responseMode = responseModeOf(q);
  if (responseMode === null) {
    throw fail('invalid_request', 'response_mode must be query (code only), fragment or web_message.');
  }
  if (implicit && responseType.includes('id_token') && !q.nonce) {
    throw fail('invalid_request', 'nonce is required with an id_token from /authorize.');
  }
  const scope = normalizeScope(q.scope);
  if (scope === null) throw fail('invalid_scope', 'The scope is malformed.');
  let codeChallenge = '';
  if (q.code_challenge !== undefined) {
    if (q.code_challenge_method !== 'S256') throw fail('invalid_request', 'code_challenge_method must be S256.');
    if (!PKCE_CHALLENGE.test(q.code_challenge)) {
      throw fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters).');
    }
    codeChallenge = q.code_challenge;
  } else if (q.code_challenge_method !== undefined) {
    throw fail('invalid_request', 'code_challenge_method was given without code_challenge.');
  } else if (client.client_secret === undefined && !implicit) {
    throw fail('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.');
  }
  const prompt = new Set((q.prompt ?? '').split(' ').filter(Boolean));
  for (const p of prompt) if (!PROMPTS.has(p)) throw fail('invalid_request', `Unsupported prompt value: ${p}`);
  if (prompt.has('none') && prompt.size > 1) throw fail('invalid_request', 'prompt=none cannot be combined.');
  let maxAge: number | null = null;
  if (q.max_age !== undefined) {
    if (!/^\d{1,10}$/.test(q.max_age)) throw fail('invalid_request', 'max_age must be a number of seconds.');
    maxAge = Number(q.max_age);
  }
  let connection: Connection | null = null;
  if (q.connection !== undefined) {
    if (!(CONNECTIONS as readonly string[]).includes(q.connection)) {
      throw fail('invalid_request', 'connection must be email or sms.');
    }
    connection = q.connection as Connection;
    if (!client.connections.includes(connection)) {
      throw fail('invalid_request', 'The connection is not enabled for this client.');
    }
  }
  const uiLocales = (q.ui_locales ?? '').split(' ').filter((t) => /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(t));
  return {
    req: {
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope,
      state: q.state ?? null,
      nonce: q.nonce ?? null,
      code_challenge: codeChallenge,
      audience: q.audience || null,
      connection,
      login_hint: q.login_hint ? q.login_hint.slice(0, 320) : null,
      response_type: responseType,
      response_mode: responseMode,
    },
    prompt,
    maxAge,
    uiLocales,
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The hosted page's language: the first of `ui_locales` (OIDC Core 3.1.2.1, best first) that the
 * element ships, through the element's own chain (`pt` → `pt-BR`); else the browser's
 * Accept-Language; else English.
 */
export function hostedLanguage(uiLocales: string[], acceptLanguage: string | undefined): string {
  const shipped = (tag: string) => (LANGUAGES as readonly string[]).includes(tag);
  for (const tag of uiLocales) for (const candidate of languageChain(tag)) if (shipped(candidate)) return candidate;
  return pickLocale(undefined, acceptLanguage);
}

/**
 * Sends the hosted page: the element for `client`, in the language of `uiLocales` or the browser,
 * drawn with the branding as it stands now (read from the store on each page).
 */
async function sendHostedPage(
  ctx: AppContext,
  reply: FastifyReply,
  client: ClientConfig,
  transaction: HostedTransaction,
  connection: string,
  uiLocales: string[],
  request: FastifyRequest,
) {
  const branding = await resolveBranding(ctx, client.client_id);
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', hostedPageCsp(client, branding))
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(
      renderHostedPage({
        issuer: ctx.issuer(),
        client,
        transaction,
        connection,
        lang: hostedLanguage(uiLocales, headerValue(request.headers['accept-language'])),
        branding,
      }),
    );
}

export function authorizeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/authorize', async (request, reply) => {
      const q = readQuery(request.query);
      if (typeof q === 'string') {
        return plainErrorPage(reply, 'Invalid sign-in request', `The parameter ${q} was given more than once.`);
      }
      const client = ctx.clients.get(q.client_id ?? '');
      if (!client) {
        return plainErrorPage(
          reply,
          'Unknown application',
          'This sign-in request names no application known here. Start again from the application you were using.',
        );
      }
      const redirectUri = q.redirect_uri;
      if (!redirectUri || !client.redirect_uris.includes(redirectUri)) {
        return plainErrorPage(
          reply,
          'Invalid sign-in request',
          `The address to return to is not registered for ${client.name}. Start again from the application.`,
        );
      }
      const mode = responseModeOf(q) ?? 'query';
      // A web message goes only to a registered web origin: any other page gets nothing posted.
      if (mode === 'web_message' && !client.web_origins.includes(new URL(redirectUri).origin)) {
        return plainErrorPage(
          reply,
          'Invalid sign-in request',
          `The page asking is not an allowed web origin of ${client.name}, so it gets no answer.`,
        );
      }
      const destination: Destination = { client_id: client.client_id, redirect_uri: redirectUri, response_mode: mode };
      let parsed: Parsed;
      try {
        parsed = parseRequest(client, redirectUri, q);
      } catch (e) {
        if (!(e instanceof AuthorizeError)) throw e;
        return respond(ctx, reply, destination, {
          error: e.error,
          error_description: e.description,
          state: q.state ?? null,
        });
      }
      const { req, prompt, maxAge } = parsed;

      if (q.login_ticket !== undefined) {
        // Auth0's cross-origin sign-in (POST /co/authenticate) finishes here, without any UI.
        const ticket = await takeLoginTicket(ctx, client.client_id, q.login_ticket);
        const ticketUser = ticket ? await ctx.store.getUser(ticket.sub) : null;
        if (!ticket || !ticketUser || ticketUser.blocked) {
          return respond(ctx, reply, destination, {
            error: 'access_denied',
            error_description: 'The login ticket is invalid, expired or already used.',
            state: req.state,
          });
        }
        const session = await openSession(ctx, request, reply, ticket.sub, ticket.amr);
        const login: LoginInfo = { sub: ticket.sub, auth_time: session.auth_time, amr: session.amr, sid: session.sid };
        request.log.info(
          { audit: 'authorize.login', client_id: client.client_id, sub: ticket.sub, via: 'login_ticket' },
          'cross-origin sign-in completed',
        );
        return respond(ctx, reply, destination, await responseParams(ctx, { ...req, browser: '' }, login));
      }

      const session = await currentSession(ctx, request);
      const user = session ? await ctx.store.getUser(session.sub) : null;
      // max_age=0 always asks for a new sign-in (OIDC Core 3.1.2.1), even in the second of the last one.
      const fresh =
        session !== null &&
        (maxAge === null || (maxAge > 0 && Math.floor(ctx.now() / 1000) - session.auth_time <= maxAge));
      if (session && user && fresh && !prompt.has('login')) {
        request.log.info(
          { audit: 'authorize.sso', client_id: client.client_id, sub: session.sub },
          'signed in by session',
        );
        const login: LoginInfo = { sub: session.sub, auth_time: session.auth_time, amr: session.amr, sid: session.sid };
        return respond(ctx, reply, destination, await responseParams(ctx, { ...req, browser: '' }, login));
      }
      if (prompt.has('none')) {
        return respond(ctx, reply, destination, {
          error: 'login_required',
          error_description: session ? 'The session is too old for max_age.' : 'No one is signed in.',
          state: req.state,
        });
      }

      const browser = browserId(ctx, request, reply);
      const connections = req.connection ? [req.connection] : client.connections;
      const offersLink = client.magic_link === true && connections.includes('email');
      const created = await createTransaction(ctx, { ...req, browser, ui_locales: parsed.uiLocales }, offersLink);
      const transaction: HostedTransaction = {
        id: created.id,
        ...(req.login_hint ? { login_hint: req.login_hint } : {}),
        ...(passkeysOnHostedPage(ctx, client) ? { passkey: true } : {}),
      };
      if (created.link) {
        transaction.link = {
          response_type: 'code',
          redirect_uri: hostedLinkCallback(ctx),
          state: created.link.state,
          scope: 'openid',
          code_challenge: created.link.code_challenge,
          code_challenge_method: 'S256',
        };
      }
      return sendHostedPage(ctx, reply, client, transaction, connections.join(' '), parsed.uiLocales, request);
    });

    /** The page a finished popup sign-in (`web_message`) goes to: it posts the answer, once. */
    app.get('/authorize/respond', async (request, reply) => {
      const q = readQuery(request.query);
      const id = typeof q === 'string' ? undefined : q.id;
      const raw = id ? await ctx.store.takeRecord(WEB_MESSAGE_KIND, ctx.hash('webmessage', id), ctx.now()) : null;
      const record = raw
        ? (JSON.parse(raw) as { client_id: string; redirect_uri: string; params: Record<string, string | null> })
        : null;
      const client = record ? ctx.clients.get(record.client_id) : undefined;
      if (!record || !client || !client.web_origins.includes(new URL(record.redirect_uri).origin)) {
        const lang = pageLocale(request.headers['accept-language']);
        return plainErrorPage(
          reply,
          pageText(lang, 'pageLinkExpiredTitle'),
          pageText(lang, 'pageLinkExpiredMessage'),
          lang,
        );
      }
      return respond(ctx, reply, { ...record, response_mode: 'web_message' }, record.params);
    });

    app.get('/authorize/web-message.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(WEB_MESSAGE_SCRIPT),
    );

    /**
     * Where the hosted page's magic links return (through /passwordless/verify_redirect, which
     * appends `code` and `state`). In the browser that opened the hosted page (its browser cookie),
     * the link's code is redeemed here with the verifier the transaction keeps, the transaction is
     * taken (once), a session opens and the browser goes back to the app with a code of its own.
     * Anywhere else (another browser, a mail scanner) nothing is consumed and the element says to
     * open the link where it was asked for.
     */
    app.get('/authorize/link', async (request, reply) => {
      const q = readQuery(request.query);
      const state = typeof q === 'string' ? undefined : q.state;
      const found = state ? await findLinkTransaction(ctx, state) : null;
      const client = found ? ctx.clients.get(found.request.client_id) : undefined;
      if (!found || !client || typeof q === 'string') {
        const lang = pageLocale(request.headers['accept-language']);
        return plainErrorPage(
          reply,
          pageText(lang, 'pageLinkExpiredTitle'),
          pageText(lang, 'pageLinkExpiredMessage'),
          lang,
        );
      }
      const pending = found.request;
      const failure = (code: NonNullable<HostedTransaction['failure']>) =>
        sendHostedPage(
          ctx,
          reply,
          client,
          { failure: code },
          client.connections.join(' '),
          pending.ui_locales ?? [],
          request,
        );
      const browser = existingBrowserId(ctx, request);
      if (!browser || browser !== pending.browser) {
        request.log.info(
          { audit: 'authorize.link_elsewhere', client_id: client.client_id },
          'hosted magic link opened in another browser',
        );
        return failure('link_state_missing');
      }
      const code = q.code;
      const verifier = pending.link_verifier;
      const hash = code ? ctx.hash('authcode', code) : '';
      const stored = code ? await ctx.store.getAuthCode(hash) : null;
      if (
        !stored ||
        !verifier ||
        stored.used_at !== null ||
        stored.client_id !== client.client_id ||
        stored.redirect_uri !== hostedLinkCallback(ctx) ||
        !constantTimeEqual(stored.code_challenge, createHash('sha256').update(verifier).digest('base64url'))
      ) {
        return failure('link_expired');
      }
      const now = ctx.now();
      const outcome = await ctx.store.redeemAuthCode(hash, now);
      if (outcome.status !== 'ok' || !outcome.challenge) return failure('link_expired');
      let user: User | null;
      try {
        user = await linkUser(ctx, request, client, outcome.challenge, now);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'unauthorized') return failure('unauthorized');
        throw e;
      }
      // The code entered on the hosted page may have won meanwhile: only one completion.
      if (!user || !(await takeTransactionRecord(ctx, found.key))) return failure('link_expired');
      const session = await openSession(ctx, request, reply, user.sub, amrOf('email'));
      const login: LoginInfo = { sub: user.sub, auth_time: session.auth_time, amr: session.amr, sid: session.sid };
      request.log.info(
        { audit: 'authorize.login', client_id: client.client_id, sub: user.sub, connection: 'email', via: 'link' },
        'hosted sign-in completed by magic link',
      );
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.redirect(await responseUrl(ctx, pending, login), 302);
    });

    /** The hosted page's own requests come from the issuer's origin (or send no Origin). */
    const hostedPageOnly = (request: FastifyRequest): void => {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== new URL(ctx.issuer()).origin) {
        throw unauthorizedClient('Only the hosted login page may complete a sign-in.');
      }
    };
    const expired = () =>
      invalidRequest('This sign-in page has expired. Go back to the application and sign in again.');

    /** The pending request `id` of this browser (its cookie) and its client, else "expired". */
    async function thisBrowsersTransaction(request: FastifyRequest, id: string) {
      const pending = await getTransaction(ctx, id);
      const browser = existingBrowserId(ctx, request);
      if (!pending || !browser || pending.browser !== browser) throw expired();
      const client = ctx.clients.get(pending.client_id);
      if (!client) throw expired();
      return { pending, client };
    }

    /**
     * A verified sign-in completes the pending request: only one completion of a transaction wins
     * (a double submit, a code in another tab); a session opens; the answer is where to go back to.
     */
    async function completeTransaction(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      pending: NonNullable<Awaited<ReturnType<typeof getTransaction>>>,
      sub: string,
      amr: string[],
      how: Record<string, string>,
    ) {
      if (!(await takeTransaction(ctx, id))) throw expired();
      const session = await openSession(ctx, request, reply, sub, amr);
      const login: LoginInfo = { sub, auth_time: session.auth_time, amr: session.amr, sid: session.sid };
      request.log.info({ audit: 'authorize.login', client_id: pending.client_id, sub, ...how }, 'hosted sign-in completed');
      reply.header('cache-control', 'no-store');
      return { redirect_to: await responseUrl(ctx, pending, login) };
    }

    /** The element on the hosted page finishes a sign-in with the code the user received. */
    app.post('/authorize/complete', async (request: FastifyRequest, reply) => {
      hostedPageOnly(request);
      const body = readBody(request.body, ['transaction', 'connection', 'username', 'otp']);
      const id = reqString(body, 'transaction', 'invalid_request');
      const connection = reqString(body, 'connection', 'invalid_request');
      const username = reqString(body, 'username', 'invalid_request');
      const otp = reqString(body, 'otp', 'invalid_request');
      const { pending, client } = await thisBrowsersTransaction(request, id);
      if (!(CONNECTIONS as readonly string[]).includes(connection)) {
        throw invalidRequest('connection must be email or sms.');
      }
      if (pending.connection && pending.connection !== connection) {
        throw unauthorizedClient('The connection is not enabled for this sign-in.');
      }
      const user = await verifyOtpLogin(ctx, request, client, connection as Connection, username, otp);
      return completeTransaction(request, reply, id, pending, user.sub, amrOf(connection as Connection), { connection });
    });

    /**
     * The element on the hosted page finishes a sign-in with a passkey: the assertion of a
     * ceremony begun at POST /passkey/challenge for this transaction's client. Checked as
     * /authorize/complete is (same origin, this browser's transaction, one completion), and as the
     * webauthn grant is (the client's grant, single-use `auth_session`, the IP's failure limit).
     */
    app.post('/authorize/passkey', async (request: FastifyRequest, reply) => {
      hostedPageOnly(request);
      const body = readBody(request.body, ['transaction', 'auth_session', 'authn_response']);
      const id = reqString(body, 'transaction', 'invalid_request');
      const authSession = reqString(body, 'auth_session', 'invalid_request');
      if (body.authn_response === undefined) throw invalidRequest('Missing required property: authn_response');
      const credential = readCredential(body.authn_response);
      const { pending, client } = await thisBrowsersTransaction(request, id);
      const { user, amr } = await passkeySignIn(ctx, request, client, authSession, credential);
      if (pending.connection && pending.connection !== user.connection) {
        throw unauthorizedClient('The connection is not enabled for this sign-in.');
      }
      return completeTransaction(request, reply, id, pending, user.sub, amr, { via: 'passkey' });
    });

    /**
     * The hosted page, shown again after it sent a link, asks whether its sign-in finished
     * meanwhile: the link's tab goes straight back to the app and runs no script here to say so.
     * `pending` while this browser's transaction waits, `complete` once it is gone and this browser
     * has a session, else `expired`. Another browser's transaction reads as `expired`.
     */
    app.post('/authorize/status', async (request: FastifyRequest, reply) => {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== new URL(ctx.issuer()).origin) {
        throw unauthorizedClient('Only the hosted login page may ask.');
      }
      const body = readBody(request.body, ['transaction']);
      const id = reqString(body, 'transaction', 'invalid_request');
      reply.header('cache-control', 'no-store');
      const browser = existingBrowserId(ctx, request);
      const pending = browser ? await getTransaction(ctx, id) : null;
      const answer: HostedStatus = pending
        ? { status: pending.browser === browser ? 'pending' : 'expired' }
        : { status: browser && (await currentSession(ctx, request)) ? 'complete' : 'expired' };
      return answer;
    });

    // Browsers ask every origin for one; the hosted page has none (and must log no 404).
    app.get('/favicon.ico', async (_request, reply) =>
      reply.code(204).header('cache-control', 'public, max-age=86400').send(),
    );

    app.get('/authorize/branding/:file', async (request, reply) => {
      const file = (request.params as { file: string }).file;
      const client = file.endsWith('.css') ? ctx.clients.get(decodeURIComponent(file.slice(0, -4))) : undefined;
      if (!client) {
        return reply.code(404).send({ error: 'not_found', error_description: 'No branding for this client.' });
      }
      // The page links it with a version of its content (`?v=`): a change gets a new address.
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(brandingCss(client, await resolveBranding(ctx, client.client_id)));
    });

    app.get('/authorize/assets/hosted.css', async (_request, reply) => {
      return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(HOSTED_CSS);
    });

    const serveAsset = async (request: FastifyRequest, reply: FastifyReply, dir: string) => {
      const file = dir + (request.params as { file: string }).file;
      const body = widgetAsset(file);
      if (!body) {
        return reply.code(404).send({
          error: 'not_found',
          error_description:
            file === 'passwordless-login.js'
              ? 'The element is not built: run npm run build:widget.'
              : `No asset ${file.slice(0, 100)}`,
        });
      }
      return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
    };
    app.get('/authorize/assets/:file', (request, reply) => serveAsset(request, reply, ''));
    app.get('/authorize/assets/locales/:file', (request, reply) => serveAsset(request, reply, 'locales/'));
  };
}
