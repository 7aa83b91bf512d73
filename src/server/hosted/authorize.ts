/**
 * GET /authorize (OIDC Core 3.1.2, RFC 6749 4.1, RFC 7636 S256, RFC 9207 `iss`).
 *
 * - An unknown client or an unregistered redirect_uri gets a plain 400 page, never a redirect.
 * - Every other problem goes back to the app with `error`, `error_description`, `state` and `iss`.
 * - A live session answers at once with a code (single sign-on), unless `prompt=login` or an
 *   exceeded `max_age` asks for a new sign-in; `prompt=none` without one gives `login_required`.
 * - Otherwise the hosted page opens with a pending authorization request (`transaction`), which
 *   ./complete.ts and ./link.ts complete.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostedTransaction } from '../../protocol/index.js';
import { hostedLinkCallback } from '../clients.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { AuthorizeError, PageError, trustRedirect } from '../errors.js';
import { passkeysOnHostedPage } from '../passkeys.js';
import { browserId, createTransaction, currentSession, openSession } from '../sessions.js';
import { responseParams, type Destination } from '../signin/authorization-response.js';
import { loginOf } from '../signin/login.js';
import { withinMaxAge } from '../signin/max-age.js';
import { PKCE_METHOD } from '../signin/pkce.js';
import { takeLoginTicket } from '../routes/co-authenticate.js';
import { parseRequest, readQuery, responseModeOf, type ParsedRequest, type Query } from './request.js';
import { respond, returnError } from './respond.js';
import { sendHostedPage } from './send-page.js';

const invalidRequestPage = (message: string) => new PageError('Invalid sign-in request', message);

/**
 * The client and where its answer goes: only a registered redirect_uri (exact match), and for a
 * web message only a registered web origin. Else a page, since there is nowhere trusted to go.
 */
function trustedDestination(ctx: AppContext, q: Query): { client: ClientConfig; destination: Destination } {
  const client = ctx.clients.get(q.client_id ?? '');
  if (!client) {
    throw new PageError(
      'Unknown application',
      'This sign-in request names no application known here. Start again from the application you were using.',
    );
  }
  const redirectUri = q.redirect_uri;
  if (!redirectUri || !client.redirect_uris.includes(redirectUri)) {
    throw invalidRequestPage(
      `The address to return to is not registered for ${client.name}. Start again from the application.`,
    );
  }
  const mode = responseModeOf(q) ?? 'query';
  // A web message goes only to a registered web origin: any other page gets nothing posted.
  if (mode === 'web_message' && !client.web_origins.includes(new URL(redirectUri).origin)) {
    throw invalidRequestPage(`The page asking is not an allowed web origin of ${client.name}, so it gets no answer.`);
  }
  return { client, destination: { client_id: client.client_id, redirect_uri: redirectUri, response_mode: mode } };
}

/** Auth0's cross-origin sign-in (POST /co/authenticate) finishes here, without any UI. */
async function signInByTicket(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  destination: Destination,
  { req }: ParsedRequest,
  ticketId: string,
) {
  const ticket = await takeLoginTicket(ctx, req.client_id, ticketId);
  const ticketUser = ticket ? await ctx.store.getUser(ticket.sub) : null;
  if (!ticket || !ticketUser || ticketUser.blocked) {
    throw new AuthorizeError('access_denied', 'The login ticket is invalid, expired or already used.');
  }
  const session = await openSession(ctx, request, reply, ticket.sub, ticket.amr);
  request.log.info(
    { audit: 'authorize.login', client_id: req.client_id, sub: ticket.sub, via: 'login_ticket' },
    'cross-origin sign-in completed',
  );
  return respond(ctx, reply, destination, await responseParams(ctx, req, loginOf(session)));
}

/** The pending request on the hosted page: the element with its transaction (and link, passkey). */
async function openHostedPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  client: ClientConfig,
  { req, uiLocales }: ParsedRequest,
) {
  const browser = browserId(ctx, request, reply);
  const connections = req.connection ? [req.connection] : client.connections;
  const offersLink = client.magic_link === true && connections.includes('email');
  const created = await createTransaction(ctx, { ...req, browser, ui_locales: uiLocales }, offersLink);
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
      code_challenge_method: PKCE_METHOD,
    };
  }
  return sendHostedPage(ctx, request, reply, { client, transaction, connection: connections.join(' '), uiLocales });
}

/** GET /authorize: the request is read, then answered by ticket, by session, or by the hosted page. */
export function authorizeHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = readQuery(request.query);
    if (typeof q === 'string') throw invalidRequestPage(`The parameter ${q} was given more than once.`);
    const { client, destination } = trustedDestination(ctx, q);
    trustRedirect(request, returnError(ctx, destination, q.state ?? null));
    const parsed = parseRequest(client, destination.redirect_uri, q);
    if (q.login_ticket !== undefined) {
      return signInByTicket(ctx, request, reply, destination, parsed, q.login_ticket);
    }
    const session = await currentSession(ctx, request);
    const user = session ? await ctx.store.getUser(session.sub) : null;
    const fresh = session !== null && withinMaxAge(session.auth_time, parsed.maxAge, ctx.now());
    if (session && user && fresh && !parsed.prompt.has('login')) {
      request.log.info(
        { audit: 'authorize.sso', client_id: client.client_id, sub: session.sub },
        'signed in by session',
      );
      return respond(ctx, reply, destination, await responseParams(ctx, parsed.req, loginOf(session)));
    }
    if (parsed.prompt.has('none')) {
      throw new AuthorizeError(
        'login_required',
        session ? 'The session is too old for max_age.' : 'No one is signed in.',
      );
    }
    return openHostedPage(ctx, request, reply, client, parsed);
  };
}
