/**
 * GET /authorize/link: where the hosted page's magic links return (through
 * /passwordless/verify_redirect, which appends `code` and `state`). In the browser that opened the
 * hosted page (its browser cookie), the link's code is redeemed here with the verifier the
 * transaction keeps, the transaction is taken (once), a session opens and the browser goes back to
 * the app with a code of its own. Anywhere else (another browser, a mail scanner) nothing is
 * consumed and the element says to open the link where it was asked for.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostedTransaction } from '../../protocol/index.js';
import { hostedLinkCallback } from '../clients.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { UserBlockedError } from '../errors.js';
import { existingBrowserId, findLinkTransaction, openSession, takeTransactionRecord } from '../sessions.js';
import { linkUser, redeemLinkCode } from '../signin/link.js';
import { loginOf } from '../signin/login.js';
import { amrOf } from '../signin/otp.js';
import type { AuthorizationRequest } from '../sessions.js';
import type { User } from '../store/types.js';
import { readQuery } from './request.js';
import { linkExpired, responseUrl } from './respond.js';
import { sendHostedPage } from './send-page.js';

type Failure = NonNullable<HostedTransaction['failure']>;

/** The hosted page again, saying why the link did not sign in here. */
const failurePage = (
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  client: ClientConfig,
  pending: AuthorizationRequest,
  failure: Failure,
) =>
  sendHostedPage(ctx, request, reply, {
    client,
    transaction: { failure },
    connection: client.connections.join(' '),
    uiLocales: pending.ui_locales ?? [],
  });

/** The user the link's code signs in, or why not (the failure the page shows). */
async function linkSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  pending: AuthorizationRequest,
  code: string | undefined,
): Promise<User | Failure> {
  const now = ctx.now();
  const challenge = await redeemLinkCode(ctx, client, hostedLinkCallback(ctx), code, pending.link_verifier, now);
  if (!challenge) return 'link_expired';
  try {
    return (await linkUser(ctx, request, client, challenge, now)) ?? 'link_expired';
  } catch (e) {
    if (e instanceof UserBlockedError) return 'unauthorized';
    throw e;
  }
}

export function linkHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const q = readQuery(request.query);
    const state = typeof q === 'string' ? undefined : q.state;
    const found = state ? await findLinkTransaction(ctx, state) : null;
    const client = found ? ctx.clients.get(found.request.client_id) : undefined;
    if (!found || !client || typeof q === 'string') throw linkExpired(request);
    const pending = found.request;
    const browser = existingBrowserId(ctx, request);
    if (!browser || browser !== pending.browser) {
      request.log.info(
        { audit: 'authorize.link_elsewhere', client_id: client.client_id },
        'hosted magic link opened in another browser',
      );
      return failurePage(ctx, request, reply, client, pending, 'link_state_missing');
    }
    const user = await linkSignIn(ctx, request, client, pending, q.code);
    if (typeof user === 'string') return failurePage(ctx, request, reply, client, pending, user);
    // The code entered on the hosted page may have won meanwhile: only one completion.
    if (!(await takeTransactionRecord(ctx, found.key))) {
      return failurePage(ctx, request, reply, client, pending, 'link_expired');
    }
    const session = await openSession(ctx, request, reply, user.sub, amrOf('email'));
    request.log.info(
      { audit: 'authorize.login', client_id: client.client_id, sub: user.sub, connection: 'email', via: 'link' },
      'hosted sign-in completed by magic link',
    );
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return reply.redirect(await responseUrl(ctx, pending, loginOf(session)), 302);
  };
}
