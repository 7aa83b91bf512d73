/**
 * Auth0's logout endpoint, GET /v2/logout?client_id&returnTo, which auth0-js, auth0-spa-js and
 * auth0-react call from `logout()`. Beside the OpenID Connect end-session endpoint (logout.ts),
 * with Auth0's rules rather than OIDC's:
 * - `returnTo` must be one of the client's `post_logout_redirect_uris` (Auth0's "Allowed Logout
 *   URLs"), compared without its query string and fragment as Auth0 does; anything else gets a
 *   plain 400 page, never a redirect, and the session is left as it was.
 * - Without `returnTo`, a known client's first allowed logout URL; with none, a "signed out" page.
 * - Without `client_id` there is no tenant-wide list here, so only the page, never a redirect.
 * - `federated` is ignored: no upstream identity provider is ever involved.
 * - The session ends at once, without a confirmation page, as at Auth0 (its SDKs send no
 *   id_token_hint): any page can sign a person out here, which costs them a sign-in, nothing more.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { pageLocale, pageText } from '../messages.js';
import { plainPage } from '../plain-page.js';
import { closeSession, currentSession } from '../sessions.js';
import { refused } from './logout.js';

/** `returnTo` without its query and fragment, which Auth0 leaves out of the comparison. */
function withoutQuery(url: string): string | null {
  try {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

/** Whether `returnTo` is one of the client's logout URLs (exactly, or but for its query and fragment). */
export function allowedReturnTo(client: ClientConfig, returnTo: string): boolean {
  const bare = withoutQuery(returnTo);
  return bare !== null && client.post_logout_redirect_uris.some((u) => u === returnTo || u === bare);
}

const refusedPage = (reply: FastifyReply, lang: string, message: string) => refused(reply, message, lang);

/** The parameters read here; others (`federated`) are ignored, as is a parameter given twice. */
const LogoutQuery = Type.Object(
  { client_id: Type.Optional(Type.Unknown()), returnTo: Type.Optional(Type.Unknown()) },
  { additionalProperties: true },
);
const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function auth0LogoutRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/v2/logout', { schema: { querystring: LogoutQuery } }, async (request, reply) => {
      const lang = pageLocale(request.headers['accept-language']);
      const clientId = one(request.query.client_id);
      const returnTo = one(request.query.returnTo);
      const client = clientId === undefined ? undefined : ctx.clients.get(clientId);
      if (clientId !== undefined && !client) return refusedPage(reply, lang, 'Unknown application.');
      let target: string | null = null;
      if (returnTo !== undefined) {
        if (!client) {
          return refusedPage(
            reply,
            lang,
            'Send client_id with returnTo: the address to return to is checked against that application.',
          );
        }
        if (!allowedReturnTo(client, returnTo)) {
          return refusedPage(
            reply,
            lang,
            'The address to return to after signing out is not registered for this application.',
          );
        }
        target = returnTo;
      } else if (client) {
        target = client.post_logout_redirect_uris[0] ?? null;
      }
      const session = await currentSession(ctx, request);
      if (session) {
        await closeSession(ctx, request, reply);
        request.log.info(
          { audit: 'logout', via: 'v2', client_id: client?.client_id, sub: session.sub },
          'session ended',
        );
      }
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (target !== null) return reply.redirect(target, 302);
      return plainPage(reply, {
        status: 200,
        lang,
        title: pageText(lang, 'pageSignedOutTitle'),
        heading: pageText(lang, 'pageSignedOutHeading'),
        message: pageText(lang, 'pageSignedOutMessage'),
      });
    });
  };
}
