/**
 * Auth0's cross-origin authentication, which embedded auth0-js (`passwordlessLogin`) and Lock use:
 * POST /co/authenticate checks a one-time code from a page of one of the client's `web_origins`
 * (credentialed CORS for those origins only, below) and answers a `login_ticket`, which the page
 * then sends to GET /authorize (a top-level navigation, where the session cookie is first-party):
 * the ticket finishes the sign-in there without any UI. A ticket lives one minute, is good once,
 * for the client it was made for, and is stored by its HMAC only.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import { GRANT_PASSWORDLESS_OTP, isConnection } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { invalidRequest, unauthorizedClient, unknownClient } from '../errors.js';
import { optStrings, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';
import { generateToken } from '../secrets.js';
import type { LoginInfo } from '../store/types.js';
import { amrOf, verifyOtpLogin } from '../signin/otp.js';

const CoAuthenticateBody = Type.Object(
  {
    ...optStrings('client_id', 'username', 'otp', 'realm', 'credential_type'),
  },
  { additionalProperties: false },
);
const CO_AUTHENTICATE_ERRORS: SchemaErrorTable = {
  fields: sameCode('invalid_request', 'client_id', 'credential_type', 'realm', 'username', 'otp'),
};

/** A field the sign-in needs: absent or empty is `invalid_request`. */
function need(value: string | undefined, key: string): string {
  if (!value) throw invalidRequest(`Missing required property: ${key}`);
  return value;
}

export const LOGIN_TICKET_TTL_MS = 60_000;
const TICKET_KIND = 'loginticket';

interface LoginTicket {
  client_id: string;
  sub: string;
  amr: string[];
}

/** Takes a login ticket (once): the sign-in it stands for, if it is live and the client's. */
export async function takeLoginTicket(
  ctx: AppContext,
  clientId: string,
  ticket: string,
): Promise<Omit<LoginInfo, 'auth_time' | 'sid'> | null> {
  const raw = await ctx.store.takeRecord(TICKET_KIND, ctx.hash('loginticket', ticket), ctx.now());
  if (!raw) return null;
  const t = JSON.parse(raw) as LoginTicket;
  return t.client_id === clientId ? { sub: t.sub, amr: t.amr } : null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route's own CORS options, laid over the app's by @fastify/cors (null: no such header). */
    cors?: Omit<FastifyCorsOptions, 'exposedHeaders'> & { exposedHeaders?: string | string[] | null };
  }
}

/**
 * This route's CORS, which @fastify/cors lays over the API's (app.ts) as the route's `config.cors`:
 * called with credentials, from the clients' web origins only (the route checks the client's own
 * list), and no exposed headers.
 */
function coCors(ctx: AppContext) {
  const webOrigins = new Set(ctx.config.clients.flatMap((c) => c.web_origins));
  return {
    origin: (origin: string | undefined, cb: (err: null, allow: boolean) => void) =>
      cb(null, origin !== undefined && webOrigins.has(origin)),
    methods: ['POST'],
    credentials: true,
    exposedHeaders: null,
    maxAge: 600,
  };
}

export function coAuthenticateRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const config = { cors: coCors(ctx) };
    // Its preflight: @fastify/cors answers it in its hook with this route's options (its own
    // `OPTIONS *` route would give the API's); what the hook leaves is not found, as there.
    app.options('/co/authenticate', { config }, (_request, reply) => reply.callNotFound());
    app.post(
      '/co/authenticate',
      { ...validated({ body: CoAuthenticateBody }, CO_AUTHENTICATE_ERRORS), config },
      async (request, reply) => {
        const body = request.body;
        const clientId = need(body.client_id, 'client_id');
        const client = ctx.clients.get(clientId);
        if (!client) throw unknownClient('invalid_request', 'Unknown client.');
        const origin = request.headers.origin;
        if (origin === undefined || !client.web_origins.includes(origin)) {
          throw unauthorizedClient('This origin is not an allowed web origin of this client.');
        }
        const credentialType = need(body.credential_type, 'credential_type');
        if (credentialType !== GRANT_PASSWORDLESS_OTP) {
          throw invalidRequest(`Unsupported credential_type; only ${GRANT_PASSWORDLESS_OTP} is supported.`);
        }
        if (!client.grant_types.includes(GRANT_PASSWORDLESS_OTP)) {
          throw unauthorizedClient(`Grant type '${GRANT_PASSWORDLESS_OTP}' not allowed for the client.`);
        }
        const realm = need(body.realm, 'realm');
        if (!isConnection(realm)) throw invalidRequest('realm must be email or sms.');
        const username = need(body.username, 'username');
        const otp = need(body.otp, 'otp');
        const user = await verifyOtpLogin(ctx, request, client, realm, username, otp);
        const ticket = generateToken();
        const record: LoginTicket = { client_id: client.client_id, sub: user.sub, amr: amrOf(realm) };
        await ctx.store.putRecord(
          TICKET_KIND,
          ctx.hash('loginticket', ticket),
          JSON.stringify(record),
          ctx.now() + LOGIN_TICKET_TTL_MS,
          user.sub,
        );
        request.log.info(
          { audit: 'co.authenticate', client_id: client.client_id, sub: user.sub, connection: realm },
          'cross-origin sign-in: login ticket issued',
        );
        reply.header('cache-control', 'no-store');
        return { login_ticket: ticket };
      },
    );
  };
}
