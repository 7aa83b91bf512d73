/**
 * Auth0's passkey endpoints: `POST /passkey/challenge` (sign in with any passkey of this site) and
 * `POST /passkey/register` (sign up with a passkey), plus `POST /passkey/register/verify`, where
 * the code /passwordless/start sent proves a sign-up's identifier. The token exchange is the
 * webauthn grant at /oauth/token (./token.ts). The rules are in ../passkeys.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isConnection, type Connection } from '../../protocol/index.js';
import { authenticateClient, CLIENT_FIELDS, readClientCredentials } from '../client-auth.js';
import type { AppContext } from '../context.js';
import { badRequest, invalidRequest } from '../errors.js';
import { normalizeEmail, normalizePhone } from '../identifiers.js';
import { beginLogin, beginSignup, proveSignup } from '../passkeys.js';
import { verifyOtpLogin } from '../signin/otp.js';
import { optStrings, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';

const PROFILE_REQUIRED = 'user_profile must be an object with an email or a phone_number.';
const credentials = optStrings('client_id', 'client_secret');
const ChallengeBody = Type.Object(
  { ...credentials, ...optStrings('realm', 'connection') },
  { additionalProperties: false },
);
/** `user_profile`: an email or a phone number (E.164) to sign up with, and an optional name. */
const Profile = Type.Object(optStrings('email', 'phone_number', 'name'), { additionalProperties: false });
const RegisterBody = Type.Object(
  { ...ChallengeBody.properties, user_profile: Type.Optional(Profile) },
  { additionalProperties: false },
);
const VerifyBody = Type.Object(
  { ...credentials, ...optStrings('auth_session', 'otp') },
  { additionalProperties: false },
);

const PASSKEY_ERRORS: SchemaErrorTable = {
  fields: [
    ...CLIENT_FIELDS,
    ...sameCode('invalid_request', 'realm', 'connection', 'user_profile'),
    ['user_profile.email', { code: 'bad.email' }],
    ['user_profile.phone_number', { code: 'bad.phone_number' }],
    ['user_profile.name', { code: 'invalid_request' }],
    ...sameCode('invalid_request', 'auth_session', 'otp'),
  ],
  messages: { 'user_profile.type': PROFILE_REQUIRED },
};

function client(ctx: AppContext, request: FastifyRequest, body: { client_id?: string; client_secret?: string }) {
  const credentials = readClientCredentials(request, body);
  return authenticateClient(ctx, request, credentials.clientId, credentials.clientSecret, 'invalid_client');
}

/** `realm` (Auth0's name) or `connection`, when given: one of this server's connections. */
function readRealm(body: Static<typeof ChallengeBody>): Connection | undefined {
  const realm = body.realm ?? body.connection;
  if (realm === undefined) return undefined;
  if (!isConnection(realm)) throw invalidRequest('realm must be email or sms.');
  return realm;
}

function readProfile(body: Static<typeof RegisterBody>, realm: Connection | undefined) {
  const raw = body.user_profile;
  if (raw === undefined) throw invalidRequest(PROFILE_REQUIRED);
  const email = raw.email;
  const phone = raw.phone_number;
  const name = raw.name?.trim().slice(0, 100) || undefined;
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
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post('/passkey/challenge', validated({ body: ChallengeBody }, PASSKEY_ERRORS), async (request) => {
      const body = request.body;
      const c = client(ctx, request, body);
      readRealm(body);
      return beginLogin(ctx, request, c);
    });

    app.post('/passkey/register', validated({ body: RegisterBody }, PASSKEY_ERRORS), async (request) => {
      const body = request.body;
      const c = client(ctx, request, body);
      const { connection, identifier, name } = readProfile(body, readRealm(body));
      return beginSignup(ctx, request, c, connection, identifier, name);
    });

    app.post('/passkey/register/verify', validated({ body: VerifyBody }, PASSKEY_ERRORS), async (request) => {
      const body = request.body;
      const c = client(ctx, request, body);
      if (!body.auth_session) throw invalidRequest('Missing required property: auth_session');
      if (!body.otp) throw invalidRequest('Missing required property: otp');
      const { auth_session: session, otp } = body;
      await proveSignup(ctx, c, session, (connection, identifier) =>
        verifyOtpLogin(ctx, request, c, connection, identifier, otp),
      );
      return { verified: true };
    });
  };
}
