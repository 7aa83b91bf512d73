/**
 * Ending things: token revocation (RFC 7009) at POST /oauth/revoke, and RP-initiated logout
 * (OpenID Connect RP-Initiated Logout 1.0) at /oidc/logout, the `end_session_endpoint`. A logout
 * without `id_token_hint` may come from any page, so a signed-in person confirms it first on a
 * plain page whose form posts a one-time token bound to the session (POST /oidc/logout/confirm).
 */
import { compactVerify } from 'jose/jws/compact/verify';
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateClient, CLIENT_FIELDS, readClientCredentials } from '../client-auth.js';
import type { ClientConfig } from '../config.js';
import { endpointUrl, type AppContext } from '../context.js';
import { ID_TOKEN_ALGS, keyOfKid } from '../keys.js';
import { pageLocale, pageText } from '../messages.js';
import { plainErrorPage, plainPage } from '../plain-page.js';
import { optStrings, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';
import { generateToken } from '../secrets.js';
import { closeSession, currentSession, sessionKey } from '../sessions.js';
import { fromIssuerOrNoOrigin } from '../signin/same-origin.js';
import { verifyAccessToken } from '../tokens.js';
import { invalidRequest } from '../errors.js';

const RevokeBody = Type.Object(optStrings('token', 'token_type_hint', 'client_id', 'client_secret'), {
  additionalProperties: false,
});
const REVOKE_ERRORS: SchemaErrorTable = { fields: [...CLIENT_FIELDS, ...sameCode('invalid_request', 'token')] };

/** RP-Initiated Logout's parameters (query for GET, form for POST); other parameters are ignored. */
const LogoutParams = Type.Object(
  optStrings('id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales'),
  { additionalProperties: true },
);
type LogoutParams = Static<typeof LogoutParams>;
const LOGOUT_ERRORS: SchemaErrorTable = {
  fields: sameCode('invalid_request', ...Object.keys(LogoutParams.properties)),
  unknown: { code: 'invalid_request' },
};

const ConfirmBody = Type.Object(optStrings('confirm'), { additionalProperties: false });
const CONFIRM_ERRORS: SchemaErrorTable = { fields: sameCode('invalid_request', 'confirm') };

/**
 * The claims of an ID token this server signed for one of its clients; expired is fine (a logout
 * hint may be old). Access and management tokens are signed by the same keys, so a token is an ID
 * token only with the ID token's `typ` (access tokens are `at+jwt`), a client as its audience, that
 * client's ID token algorithm, and none of an access token's claims.
 */
async function idTokenHint(
  ctx: AppContext,
  token: string,
): Promise<{ sub: string; client: ClientConfig; sid?: string } | null> {
  try {
    const { payload, protectedHeader } = await compactVerify(token, (header) => keyOfKid(ctx.keys, header.kid), {
      algorithms: [...ID_TOKEN_ALGS],
    });
    if (protectedHeader.typ !== 'JWT') return null;
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
    if (claims.iss !== ctx.issuer() || typeof claims.sub !== 'string' || typeof aud !== 'string') return null;
    if ('scope' in claims || 'client_id' in claims || 'gid' in claims) return null;
    const client = ctx.clients.get(aud);
    if (!client || client.id_token_signed_response_alg !== protectedHeader.alg) return null;
    return { sub: claims.sub, client, ...(typeof claims.sid === 'string' ? { sid: claims.sid } : {}) };
  } catch {
    return null;
  }
}

/**
 * The sign-out was not done. `message` is for the app's developers (a hint, client or address that
 * does not fit), in English, unless `lang` is given: then the page is in that language and says
 * the confirmation came too late or from another browser.
 */
export function refused(reply: FastifyReply, message: string, lang = 'en') {
  return plainErrorPage(reply, { title: pageText(lang, 'pageSignOutRefusedTitle'), message, lang });
}

/** A sign-out waiting for the person's confirmation (stored under the hash of its form token). */
interface LogoutRequest {
  /** The store id of the session cookie the page was shown to. */
  session: string;
  client_id: string | null;
  /** A registered post_logout_redirect_uri, already checked. */
  target: string | null;
  state: string | null;
  /** The language of the pages shown for it (ui_locales, else Accept-Language). */
  lang: string;
}

/** As stored: a record of an earlier version has no language. */
type StoredLogoutRequest = Omit<LogoutRequest, 'lang'> & { lang?: string };

const CONFIRM_KIND = 'logoutconfirm';
const CONFIRM_TTL_MS = 10 * 60_000;

/** Asks "Sign out?": a form whose one-time token is bound to this browser's session. */
async function confirmPage(ctx: AppContext, reply: FastifyReply, pending: LogoutRequest, client?: ClientConfig) {
  const token = generateToken();
  await ctx.store.putRecord(
    CONFIRM_KIND,
    ctx.hash('logout', token),
    JSON.stringify(pending),
    ctx.now() + CONFIRM_TTL_MS,
  );
  reply.header('cache-control', 'no-store');
  const site = new URL(ctx.issuer()).host;
  const { lang } = pending;
  const title = pageText(lang, 'pageSignOutTitle');
  return plainPage(reply, {
    status: 200,
    lang,
    title,
    heading: title,
    message: client
      ? pageText(lang, 'pageSignOutByApp', { client: client.name, site })
      : pageText(lang, 'pageSignOutByPage', { site }),
    form: {
      action: endpointUrl(ctx, '/oidc/logout/confirm'),
      fields: { confirm: token },
      button: pageText(lang, 'pageSignOutButton'),
      redirectOrigins: pending.target ? [new URL(pending.target).origin] : [],
    },
  });
}

/** Back to the app's registered post_logout_redirect_uri (with its state), else a plain page. */
function signedOut(reply: FastifyReply, done: Pick<LogoutRequest, 'target' | 'state' | 'lang'>) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  if (done.target !== null) {
    const url = new URL(done.target);
    if (done.state !== null) url.searchParams.set('state', done.state);
    return reply.redirect(url.toString(), 302);
  }
  return plainPage(reply, {
    status: 200,
    lang: done.lang,
    title: pageText(done.lang, 'pageSignedOutTitle'),
    heading: pageText(done.lang, 'pageSignedOutHeading'),
    message: pageText(done.lang, 'pageSignedOutMessage'),
  });
}

export function logoutRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/oauth/revoke', validated({ body: RevokeBody }, REVOKE_ERRORS), async (request, reply) => {
      const body = request.body;
      // Every method /oauth/token takes: none, client_secret_post and HTTP Basic.
      const credentials = readClientCredentials(request, body);
      const client = authenticateClient(ctx, request, credentials.clientId, credentials.clientSecret, 'invalid_client');
      const token = body.token;
      if (!token) throw invalidRequest('Missing required property: token');
      reply.header('cache-control', 'no-store');
      const now = ctx.now();
      const refresh = await ctx.store.getRefreshToken(ctx.hash('refresh', token));
      if (refresh) {
        // A token of another client is left alone; the answer is the same (RFC 7009 2.2).
        if (refresh.client_id === client.client_id) await ctx.store.revokeGrant(refresh.family_id, now);
      } else {
        try {
          const access = await verifyAccessToken(ctx, token);
          if (access.client_id === client.client_id) await ctx.store.revokeGrant(access.gid, now);
        } catch {
          // Unknown, expired or already revoked: nothing to do.
        }
      }
      request.log.info({ audit: 'revoke', client_id: client.client_id }, 'token revocation');
      return reply.code(200).send();
    });

    const logout = async (request: FastifyRequest, reply: FastifyReply, p: LogoutParams) => {
      let client: ClientConfig | undefined;
      const hint = p.id_token_hint ? await idTokenHint(ctx, p.id_token_hint) : null;
      if (p.id_token_hint && !hint) return refused(reply, 'The id_token_hint was not issued here.');
      if (hint) client = hint.client;
      if (p.client_id !== undefined) {
        if (client && client.client_id !== p.client_id) return refused(reply, 'client_id does not match the hint.');
        client = ctx.clients.get(p.client_id);
        if (!client) return refused(reply, 'Unknown application.');
      }
      const target = p.post_logout_redirect_uri;
      if (target !== undefined && (!client || !client.post_logout_redirect_uris.includes(target))) {
        return refused(reply, 'The address to return to after signing out is not registered for this application.');
      }
      const session = await currentSession(ctx, request);
      const pending: LogoutRequest = {
        session: sessionKey(ctx, request) ?? '',
        client_id: client?.client_id ?? null,
        target: target ?? null,
        state: p.state ?? null,
        lang: pageLocale(request.headers['accept-language'], p.ui_locales),
      };
      // RP-Initiated Logout 1.0 section 2: without an id_token_hint nothing says who asked (any
      // page can link here), so the person confirms first. A hint says who asked only when it
      // names this very session (its `sid`): an old ID token, of an earlier session or of someone
      // else, may have leaked from anywhere, so it too ends nothing without the confirmation.
      if (session && (!hint || hint.sub !== session.sub || hint.sid !== session.sid)) {
        return confirmPage(ctx, reply, pending, client);
      }
      if (session) {
        await closeSession(ctx, request, reply);
        request.log.info({ audit: 'logout', client_id: client?.client_id, sub: session.sub }, 'session ended');
      }
      return signedOut(reply, pending);
    };
    app.get('/oidc/logout', validated({ querystring: LogoutParams }, LOGOUT_ERRORS), (request, reply) =>
      logout(request, reply, request.query),
    );
    app.post('/oidc/logout', validated({ body: LogoutParams }, LOGOUT_ERRORS), (request, reply) =>
      logout(request, reply, request.body),
    );

    /** The confirmation's form: its one-time token must be this browser's, for this session. */
    app.post('/oidc/logout/confirm', validated({ body: ConfirmBody }, CONFIRM_ERRORS), async (request, reply) => {
      const token = request.body.confirm;
      if (!token) throw invalidRequest('Missing required property: confirm');
      const raw = fromIssuerOrNoOrigin(ctx, request)
        ? await ctx.store.takeRecord(CONFIRM_KIND, ctx.hash('logout', token), ctx.now())
        : null;
      const confirmed = raw ? (JSON.parse(raw) as StoredLogoutRequest) : null;
      if (!confirmed || confirmed.session !== sessionKey(ctx, request)) {
        const lang = pageLocale(request.headers['accept-language']);
        return refused(reply, pageText(lang, 'pageSignOutExpired'), lang);
      }
      const session = await currentSession(ctx, request);
      if (session) {
        await closeSession(ctx, request, reply);
        request.log.info(
          { audit: 'logout', client_id: confirmed.client_id ?? undefined, sub: session.sub, confirmed: true },
          'session ended',
        );
      }
      return signedOut(reply, { ...confirmed, lang: confirmed.lang ?? pageLocale(request.headers['accept-language']) });
    });
  };
}
