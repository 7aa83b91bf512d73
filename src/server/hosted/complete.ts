/**
 * The hosted page's element completes its pending request: POST /authorize/complete with the
 * one-time code, POST /authorize/passkey with a passkey (docs/passkeys.md), and asks at POST
 * /authorize/status whether a link finished it meanwhile. Only the issuer's origin (or no Origin)
 * may ask, and only for this browser's transaction; the answer carries the URL to go to.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONNECTIONS, type Connection, type HostedStatus } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { invalidRequest, unauthorizedClient } from '../errors.js';
import { readCredential } from '../passkeys.js';
import {
  currentSession,
  existingBrowserId,
  getTransaction,
  openSession,
  takeTransaction,
  type AuthorizationRequest,
} from '../sessions.js';
import { loginOf } from '../signin/login.js';
import { amrOf, verifyOtpLogin } from '../signin/otp.js';
import { passkeySignIn } from '../signin/passkey.js';
import { fromIssuerOrNoOrigin } from '../signin/same-origin.js';
import { optStrings, required, sameCode, validated } from '../request-schema.js';
import { responseUrl } from './respond.js';

const CodeBody = Type.Object(optStrings('transaction', 'connection', 'username', 'otp'), {
  additionalProperties: false,
});
const PasskeyBody = Type.Object(
  // The credential, as an object or as its JSON (readCredential checks it).
  { ...optStrings('transaction', 'auth_session'), authn_response: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
const StatusBody = Type.Object(optStrings('transaction'), { additionalProperties: false });

/**
 * A route's schema options: the hosted page's own requests come from the issuer's origin (or send
 * no Origin), checked before the body is.
 */
function hostedPageOnly<S extends typeof CodeBody | typeof PasskeyBody | typeof StatusBody>(
  ctx: AppContext,
  body: S,
  description: string,
) {
  const fields = sameCode('invalid_request', ...Object.keys(body.properties));
  const sameOrigin = (request: FastifyRequest, _reply: unknown, done: (err?: Error) => void) =>
    done(fromIssuerOrNoOrigin(ctx, request) ? undefined : unauthorizedClient(description));
  return validated({ body }, { fields }, [sameOrigin]);
}

const COMPLETE_ONLY = 'Only the hosted login page may complete a sign-in.';
export const completeWithCodeOptions = (ctx: AppContext) => hostedPageOnly(ctx, CodeBody, COMPLETE_ONLY);
export const completeWithPasskeyOptions = (ctx: AppContext) => hostedPageOnly(ctx, PasskeyBody, COMPLETE_ONLY);
export const statusOptions = (ctx: AppContext) => hostedPageOnly(ctx, StatusBody, 'Only the hosted login page may ask.');

const expired = () => invalidRequest('This sign-in page has expired. Go back to the application and sign in again.');

/** The pending request `id` of this browser (its cookie) and its client, else "expired". */
async function thisBrowsersTransaction(ctx: AppContext, request: FastifyRequest, id: string) {
  const pending = await getTransaction(ctx, id);
  const browser = existingBrowserId(ctx, request);
  if (!pending || !browser || pending.browser !== browser) throw expired();
  const client = ctx.clients.get(pending.client_id);
  if (!client) throw expired();
  return { pending, client };
}

/** A sign-in that ended: who, how (`amr`), and what the audit line says about it. */
interface SignedIn {
  sub: string;
  amr: string[];
  how: Record<string, string>;
}

/**
 * A verified sign-in completes the pending request: only one completion of a transaction wins
 * (a double submit, a code in another tab); a session opens; the answer is where to go back to.
 */
async function completeTransaction(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  pending: AuthorizationRequest,
  { sub, amr, how }: SignedIn,
) {
  if (!(await takeTransaction(ctx, id))) throw expired();
  const session = await openSession(ctx, request, reply, sub, amr);
  request.log.info({ audit: 'authorize.login', client_id: pending.client_id, sub, ...how }, 'hosted sign-in completed');
  reply.header('cache-control', 'no-store');
  return { redirect_to: await responseUrl(ctx, pending, loginOf(session)) };
}

const notThisConnection = () => unauthorizedClient('The connection is not enabled for this sign-in.');

/** POST /authorize/complete: the element finishes a sign-in with the code the user received. */
export function completeWithCodeHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Static<typeof CodeBody>;
    const id = required(body.transaction, 'transaction');
    const connection = required(body.connection, 'connection');
    const username = required(body.username, 'username');
    const otp = required(body.otp, 'otp');
    const { pending, client } = await thisBrowsersTransaction(ctx, request, id);
    if (!(CONNECTIONS as readonly string[]).includes(connection)) {
      throw invalidRequest('connection must be email or sms.');
    }
    if (pending.connection && pending.connection !== connection) throw notThisConnection();
    const user = await verifyOtpLogin(ctx, request, client, connection as Connection, username, otp);
    const amr = amrOf(connection as Connection);
    return completeTransaction(ctx, request, reply, id, pending, { sub: user.sub, amr, how: { connection } });
  };
}

/**
 * POST /authorize/passkey: the element finishes a sign-in with a passkey, the assertion of a
 * ceremony begun at POST /passkey/challenge for this transaction's client. Checked as
 * /authorize/complete is (same origin, this browser's transaction, one completion), and as the
 * webauthn grant is (the client's grant, single-use `auth_session`, the IP's failure limit).
 */
export function completeWithPasskeyHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Static<typeof PasskeyBody>;
    const id = required(body.transaction, 'transaction');
    const authSession = required(body.auth_session, 'auth_session');
    if (body.authn_response === undefined) throw invalidRequest('Missing required property: authn_response');
    const credential = readCredential(body.authn_response);
    const { pending, client } = await thisBrowsersTransaction(ctx, request, id);
    const { user, amr } = await passkeySignIn(ctx, request, client, authSession, credential);
    if (pending.connection && pending.connection !== user.connection) throw notThisConnection();
    return completeTransaction(ctx, request, reply, id, pending, { sub: user.sub, amr, how: { via: 'passkey' } });
  };
}

/**
 * POST /authorize/status: the hosted page, shown again after it sent a link, asks whether its
 * sign-in finished meanwhile (the link's tab goes straight back to the app and runs no script here
 * to say so). `pending` while this browser's transaction waits, `complete` once it is gone and this
 * browser has a session, else `expired`. Another browser's transaction reads as `expired`.
 */
export function statusHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<HostedStatus> => {
    const id = required((request.body as Static<typeof StatusBody>).transaction, 'transaction');
    reply.header('cache-control', 'no-store');
    const browser = existingBrowserId(ctx, request);
    const pending = browser ? await getTransaction(ctx, id) : null;
    return pending
      ? { status: pending.browser === browser ? 'pending' : 'expired' }
      : { status: browser && (await currentSession(ctx, request)) ? 'complete' : 'expired' };
  };
}
