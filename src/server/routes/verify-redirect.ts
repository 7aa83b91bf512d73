/**
 * GET /passwordless/verify_redirect: the magic link. Scanner-safe: a GET consumes nothing; every
 * GET while the link lives mints a fresh 60 s authorization code bound to the PKCE challenge of the
 * browser that asked. Only that browser holds the verifier, so a scanner's code is useless, and the
 * link dies when one of its codes is redeemed at /oauth/token (or when it expires).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { isLinkRedirectUri } from '../clients.js';
import type { AppContext } from '../context.js';
import { maskIdentifier } from '../identifiers.js';
import { pageLocale, pageText } from '../messages.js';
import { plainErrorPage } from '../plain-page.js';
import { generateToken } from '../secrets.js';
import { authorizationResponseUrl, type ResponseParams } from '../signin/authorization-response.js';

/** Codes one link may mint; far above what scanners plus a user do, low enough to bound storage. */
const CODES_PER_LINK = 50;

/**
 * The link's parameters this route reads; the link carries the start's other authParams too. A
 * link that does not fit (a parameter given twice) gets the invalid-link page.
 */
const Param = () => Type.Optional(Type.String());
const LinkQuery = Type.Object(
  { client_id: Param(), redirect_uri: Param(), state: Param(), verification_code: Param() },
  { additionalProperties: true },
);

/** The authorization response, with the issuer (RFC 9207), as discovery promises for every one. */
function redirectTo(ctx: AppContext, reply: FastifyReply, redirectUri: string, params: ResponseParams) {
  return reply
    .code(302)
    .header('location', authorizationResponseUrl(ctx, { redirect_uri: redirectUri }, params))
    .send();
}

export function verifyRedirectRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    // attachValidation: a malformed link is answered by the page below, never by JSON.
    const options = { schema: { querystring: LinkQuery }, attachValidation: true };
    app.get('/passwordless/verify_redirect', options, async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
      const q = request.validationError ? {} : request.query;
      const client = ctx.clients.get(q.client_id ?? '');
      const redirectUri = q.redirect_uri;
      // Never redirect anywhere the client did not register (exact string match).
      if (!client || !redirectUri || !isLinkRedirectUri(ctx, client, redirectUri)) {
        const lang = pageLocale(request.headers['accept-language']);
        const title = pageText(lang, 'pageInvalidLinkTitle');
        return plainErrorPage(reply, { title, message: pageText(lang, 'pageInvalidLinkMessage'), lang });
      }
      const state = q.state;
      const denied = (description: string) =>
        redirectTo(ctx, reply, redirectUri, { error: 'access_denied', error_description: description, state });

      const token = q.verification_code;
      const now = ctx.now();
      const challenge = token ? await ctx.store.findLiveLink(ctx.hash('link', token), now) : null;
      const params = challenge?.auth_params;
      if (
        !challenge ||
        !params ||
        challenge.client_id !== client.client_id ||
        params.redirect_uri !== redirectUri ||
        !params.code_challenge
      ) {
        request.log.info({ audit: 'link.fail', client_id: client.client_id }, 'dead or unknown link opened');
        return denied('This sign-in link has expired or was already used.');
      }
      const limit = await ctx.store.hitRateLimits(
        [{ key: `link:${challenge.id}`, windowMs: ctx.config.limits.link_ttl_seconds * 1000, limit: CODES_PER_LINK }],
        now,
      );
      if (!limit.allowed) return denied('This sign-in link was opened too many times.');

      const code = generateToken();
      await ctx.store.createAuthCode({
        hash: ctx.hash('authcode', code),
        challenge_id: challenge.id,
        client_id: client.client_id,
        redirect_uri: params.redirect_uri,
        code_challenge: params.code_challenge,
        nonce: params.nonce ?? null,
        scope: params.scope ?? 'openid',
        audience: params.audience ?? null,
        created_at: now,
        expires_at: now + ctx.config.limits.authorization_code_ttl_seconds * 1000,
      });
      request.log.info(
        {
          audit: 'link.open',
          client_id: client.client_id,
          to: maskIdentifier(challenge.identifier),
          challenge: challenge.id,
        },
        'magic link opened; authorization code issued',
      );
      // The state stored at start is authoritative; the copy in the link is only a hint.
      return redirectTo(ctx, reply, params.redirect_uri, { code, state: params.state });
    });
  };
}
