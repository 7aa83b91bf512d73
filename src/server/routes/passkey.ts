/**
 * Auth0's passkey endpoints: `POST /passkey/challenge` (sign in with any passkey of this site) and
 * `POST /passkey/register` (sign up with a passkey), plus `POST /passkey/register/verify`, where
 * the code /passwordless/start sent proves a sign-up's identifier. The token exchange is the
 * webauthn grant at /oauth/token (./token.ts). The rules are in ../passkeys.ts.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isConnection, type Connection } from '../../protocol/index.js';
import { readBody, reqString, optString, type Body } from '../body.js';
import { authenticateClient, readClientCredentials } from '../client-auth.js';
import type { AppContext } from '../context.js';
import { badRequest, invalidRequest } from '../errors.js';
import { normalizeEmail, normalizePhone } from '../identifiers.js';
import { beginLogin, beginSignup, proveSignup } from '../passkeys.js';
import { verifyOtpLogin } from '../signin/otp.js';

const CHALLENGE_FIELDS = ['client_id', 'client_secret', 'realm', 'connection'];
const REGISTER_FIELDS = [...CHALLENGE_FIELDS, 'user_profile'];
const VERIFY_FIELDS = ['client_id', 'client_secret', 'auth_session', 'otp'];
const PROFILE_FIELDS = ['email', 'phone_number', 'name'];

function client(ctx: AppContext, request: FastifyRequest, body: Body) {
  const credentials = readClientCredentials(request, body);
  return authenticateClient(ctx, request, credentials.clientId, credentials.clientSecret, 'invalid_client');
}

/** `realm` (Auth0's name) or `connection`, when given: one of this server's connections. */
function readRealm(body: Body): Connection | undefined {
  const realm = optString(body, 'realm', 'invalid_request') ?? optString(body, 'connection', 'invalid_request');
  if (realm === undefined) return undefined;
  if (!isConnection(realm)) throw invalidRequest('realm must be email or sms.');
  return realm;
}

/** `user_profile`: an email or a phone number (E.164) to sign up with, and an optional name. */
function readProfile(body: Body, realm: Connection | undefined) {
  const raw = body.user_profile;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRequest('user_profile must be an object with an email or a phone_number.');
  }
  const profile = readBody(raw, PROFILE_FIELDS);
  const email = optString(profile, 'email', 'bad.email');
  const phone = optString(profile, 'phone_number', 'bad.phone_number');
  const name = optString(profile, 'name', 'invalid_request')?.trim().slice(0, 100) || undefined;
  const connection: Connection = realm ?? (email !== undefined ? 'email' : 'sms');
  if (connection === 'email') {
    const identifier = email === undefined ? null : normalizeEmail(email);
    if (!identifier) throw badRequest('bad.email', 'user_profile.email must be an email address.');
    return { connection, identifier, name };
  }
  const parsed = phone === undefined ? null : normalizePhone(phone, { allowPremium: true });
  if (!parsed?.ok) throw badRequest('bad.phone_number', 'user_profile.phone_number must be an E.164 number.');
  return { connection, identifier: parsed.e164, name };
}

export function passkeyRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post('/passkey/challenge', async (request) => {
      const body = readBody(request.body, CHALLENGE_FIELDS);
      const c = client(ctx, request, body);
      readRealm(body);
      return beginLogin(ctx, request, c);
    });

    app.post('/passkey/register', async (request) => {
      const body = readBody(request.body, REGISTER_FIELDS);
      const c = client(ctx, request, body);
      const { connection, identifier, name } = readProfile(body, readRealm(body));
      return beginSignup(ctx, request, c, connection, identifier, name);
    });

    app.post('/passkey/register/verify', async (request) => {
      const body = readBody(request.body, VERIFY_FIELDS);
      const c = client(ctx, request, body);
      const session = reqString(body, 'auth_session', 'invalid_request');
      const otp = reqString(body, 'otp', 'invalid_request');
      await proveSignup(ctx, c, session, (connection, identifier) =>
        verifyOtpLogin(ctx, request, c, connection, identifier, otp),
      );
      return { verified: true };
    });
  };
}
