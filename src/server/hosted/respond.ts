/**
 * The hosted login's answers to the app: a redirect to the redirect_uri (query, or fragment for
 * implicit), or for `web_message` the page that posts the answer to the app's web origin; and the
 * one-time page a finished popup sign-in goes to (GET /authorize/respond).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { endpointUrl, type AppContext } from '../context.js';
import { PageError, type AuthorizeError } from '../errors.js';
import { pageLocale, pageText } from '../messages.js';
import { generateToken } from '../secrets.js';
import type { AuthorizationRequest } from '../sessions.js';
import {
  authorizationResponseUrl,
  responseParams,
  withIssuer,
  type Destination,
  type ResponseParams,
} from '../signin/authorization-response.js';
import type { LoginInfo } from '../store/types.js';
import { readQuery } from './request.js';
import { sendWebMessage } from './web-message.js';

/** Answers the app with these parameters and the issuer (RFC 9207), as its response mode says. */
export function respond(ctx: AppContext, reply: FastifyReply, to: Destination, params: ResponseParams) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  if (to.response_mode === 'web_message') {
    // A page of its own, also when it carries an error (the error handler's reply starts as a 400).
    return sendWebMessage(
      reply.code(200),
      endpointUrl(ctx, ''),
      new URL(to.redirect_uri).origin,
      withIssuer(ctx, params),
    );
  }
  return reply.redirect(authorizationResponseUrl(ctx, to, params), 302);
}

/** How an AuthorizeError goes back to `to` (errors.ts trustRedirect), with the request's state. */
export const returnError =
  (ctx: AppContext, to: Destination, state: string | null) => (reply: FastifyReply, err: AuthorizeError) =>
    respond(ctx, reply, to, { error: err.code, error_description: err.description, state });

const WEB_MESSAGE_KIND = 'webmessage';
const WEB_MESSAGE_TTL_MS = 60_000;

interface WebMessageRecord {
  client_id: string;
  redirect_uri: string;
  params: ResponseParams;
}

/**
 * The URL a finished hosted sign-in goes to: the redirect_uri with its answer, or for a
 * `web_message` request (a popup) a one-time page of this server that posts the answer.
 */
export async function responseUrl(ctx: AppContext, req: AuthorizationRequest, login: LoginInfo): Promise<string> {
  const params = await responseParams(ctx, req, login);
  if (req.response_mode !== 'web_message') return authorizationResponseUrl(ctx, req, params);
  const id = generateToken();
  const record: WebMessageRecord = { client_id: req.client_id, redirect_uri: req.redirect_uri, params };
  await ctx.store.putRecord(
    WEB_MESSAGE_KIND,
    ctx.hash('webmessage', id),
    JSON.stringify(record),
    ctx.now() + WEB_MESSAGE_TTL_MS,
  );
  return `${endpointUrl(ctx, '/authorize/respond')}?${new URLSearchParams({ id })}`;
}

/** The page a dead link or answer leads to, in the browser's language. */
export function linkExpired(request: FastifyRequest): PageError {
  const lang = pageLocale(request.headers['accept-language']);
  return new PageError(pageText(lang, 'pageLinkExpiredTitle'), pageText(lang, 'pageLinkExpiredMessage'), lang);
}

/** GET /authorize/respond: the page a finished popup sign-in (`web_message`) goes to posts the answer, once. */
export function webMessageHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = readQuery(request.query);
    const id = typeof q === 'string' ? undefined : q.id;
    const raw = id ? await ctx.store.takeRecord(WEB_MESSAGE_KIND, ctx.hash('webmessage', id), ctx.now()) : null;
    const record = raw ? (JSON.parse(raw) as WebMessageRecord) : null;
    const client = record ? ctx.clients.get(record.client_id) : undefined;
    if (!record || !client || !client.web_origins.includes(new URL(record.redirect_uri).origin)) {
      throw linkExpired(request);
    }
    return respond(ctx, reply, { ...record, response_mode: 'web_message' }, record.params);
  };
}
