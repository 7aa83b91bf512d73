/**
 * Auth0's cross-origin authentication, which embedded auth0-js (`passwordlessLogin`) and Lock use:
 * POST /co/authenticate checks a one-time code from a page of one of the client's `web_origins`
 * (credentialed CORS for those origins only, app.ts) and answers a `login_ticket`, which the page
 * then sends to GET /authorize (a top-level navigation, where the session cookie is first-party):
 * the ticket finishes the sign-in there without any UI. A ticket lives one minute, is good once,
 * for the client it was made for, and is stored by its HMAC only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { GRANT_PASSWORDLESS_OTP, isConnection } from '../../protocol/index.js';
import { readBody, reqString } from '../body.js';
import type { AppContext } from '../context.js';
import { invalidRequest, unauthorizedClient, unknownClient } from '../errors.js';
import { generateToken } from '../secrets.js';
import type { LoginInfo } from '../store/types.js';
import { amrOf, verifyOtpLogin } from '../signin/otp.js';

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

export function coAuthenticateRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/co/authenticate', async (request, reply) => {
      const body = readBody(request.body, ['client_id', 'username', 'otp', 'realm', 'credential_type']);
      const clientId = reqString(body, 'client_id', 'invalid_request');
      const client = ctx.clients.get(clientId);
      if (!client) throw unknownClient('invalid_request', 'Unknown client.');
      const origin = request.headers.origin;
      if (origin === undefined || !client.web_origins.includes(origin)) {
        throw unauthorizedClient('This origin is not an allowed web origin of this client.');
      }
      const credentialType = reqString(body, 'credential_type', 'invalid_request');
      if (credentialType !== GRANT_PASSWORDLESS_OTP) {
        throw invalidRequest(`Unsupported credential_type; only ${GRANT_PASSWORDLESS_OTP} is supported.`);
      }
      if (!client.grant_types.includes(GRANT_PASSWORDLESS_OTP)) {
        throw unauthorizedClient(`Grant type '${GRANT_PASSWORDLESS_OTP}' not allowed for the client.`);
      }
      const realm = reqString(body, 'realm', 'invalid_request');
      if (!isConnection(realm)) throw invalidRequest('realm must be email or sms.');
      const username = reqString(body, 'username', 'invalid_request');
      const otp = reqString(body, 'otp', 'invalid_request');
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
    });
  };
}
