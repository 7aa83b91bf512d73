/**
 * Passkeys as authentication methods, in Auth0's two shapes:
 * - MyAccount (`/me/v1/authentication-methods`), for a signed-in user with an access token for
 *   `{issuer}/me/` and its `…:me:authentication_methods` scopes: enrol a passkey (creation options
 *   and `auth_session`, the pending method in `Location`, then `…/{id}/verify`), list, delete;
 * - the Management API (`/api/v2/users/{id}/authentication-methods`), for a client_credentials
 *   token with `read:authentication_methods` / `delete:authentication_methods`: list, delete.
 * The rules are in ../passkeys.ts.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose/jwt/verify';
import { MY_ACCOUNT_SCOPES } from '../../protocol/index.js';
import { bearerRefused, requireBearer } from '../bearer.js';
import { endpointUrl, type AppContext } from '../context.js';
import { insufficientScope, invalidRequest, notFound, userBlocked } from '../errors.js';
import { ACCESS_TOKEN_ALG } from '../keys.js';
import { authorizeManagement } from '../management-auth.js';
import {
  beginEnrolment,
  deleteUserPasskey,
  findMethod,
  finishEnrolment,
  passkeyContext,
  readCredential,
  toMethod,
  userPasskeys,
} from '../passkeys.js';
import { optStrings, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';
import { myAccountAudience } from '../tokens.js';

type MyAccountScope = (typeof MY_ACCOUNT_SCOPES)[number];

const REALM = 'my-account';

const unauthorized = (description: string, tokenSent: boolean) => bearerRefused(REALM, description, tokenSent);

/** The signed-in user of a MyAccount call: an unrevoked access token for `{issuer}/me/` with `scope`. */
async function authorizeMe(ctx: AppContext, request: FastifyRequest, scope: MyAccountScope) {
  const token = requireBearer(request, REALM);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, ctx.key.publicKey, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: ctx.issuer(),
      audience: myAccountAudience(ctx),
      typ: 'at+jwt',
      currentDate: new Date(ctx.now()),
    }));
  } catch {
    throw unauthorized('The access token is invalid, expired, or not for MyAccount.', true);
  }
  if (!payload.sub || typeof payload.gid !== 'string' || (await ctx.store.isGrantRevoked(payload.gid))) {
    throw unauthorized('The access token has been revoked.', true);
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  if (!scopes.includes(scope)) throw insufficientScope(scope, REALM);
  const user = await ctx.store.getUser(payload.sub);
  if (!user) throw unauthorized('The user no longer exists.', true);
  if (user.blocked) throw userBlocked();
  return { user, clientId: typeof payload.client_id === 'string' ? payload.client_id : '' };
}

const IdParams = Type.Object({ id: Type.String() });
const MethodParams = Type.Object({ id: Type.String(), method_id: Type.String() });
/** A path's ids are strings by construction: the schemas give the handlers their types. */
const byId = validated({ params: IdParams }, { fields: [] });

const EnrolBody = Type.Object(optStrings('type', 'connection', 'identity_user_id'), { additionalProperties: false });
const VerifyBody = Type.Object(
  { ...optStrings('auth_session', 'type'), authn_response: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
const METHOD_ERRORS: SchemaErrorTable = {
  fields: sameCode('invalid_request', 'type', 'connection', 'identity_user_id', 'auth_session'),
};

export function authenticationMethodRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const base = '/me/v1/authentication-methods';
    // The token is checked in the route's first hook, before the body is validated.
    const signedIn = new WeakMap<FastifyRequest, Awaited<ReturnType<typeof authorizeMe>>>();
    const me = (request: FastifyRequest) => signedIn.get(request)!;
    const enrolling = <S extends Parameters<typeof validated>[0]>(schema: S) => {
      const options = validated(schema, METHOD_ERRORS);
      const authorize = async (request: FastifyRequest) => {
        signedIn.set(request, await authorizeMe(ctx, request, 'create:me:authentication_methods'));
      };
      return { ...options, preValidation: [authorize, ...options.preValidation] };
    };
    const audit = (request: FastifyRequest) => (entry: Record<string, unknown>, message: string) =>
      request.log.info(entry, message);

    app.get<{ Querystring: { type?: string } }>(base, async (request) => {
      const { user } = await authorizeMe(ctx, request, 'read:me:authentication_methods');
      const type = request.query.type;
      const methods = type === undefined || type === 'passkey' ? await userPasskeys(ctx.store, user.sub) : [];
      return { authentication_methods: methods };
    });

    app.get(`${base}/:id`, byId, async (request) => {
      const { user } = await authorizeMe(ctx, request, 'read:me:authentication_methods');
      const { store } = passkeyContext(ctx, null);
      const found = await findMethod(store, user.sub, request.params.id);
      if (!found) throw notFound('The authentication method does not exist.');
      return toMethod(found);
    });

    app.post(base, enrolling({ body: EnrolBody }), async (request, reply) => {
      const { user, clientId } = me(request);
      const { type } = request.body;
      if (!type) throw invalidRequest('Missing required property: type');
      if (type !== 'passkey') {
        throw invalidRequest('Only passkeys can be enrolled here (type "passkey").');
      }
      const { method_id, ...challenge } = await beginEnrolment(ctx, request, user, clientId);
      return reply
        .code(201)
        .header('location', endpointUrl(ctx, `${base}/${encodeURIComponent(method_id)}`))
        .send({ type: 'passkey', ...challenge });
    });

    const VerifyRoute = { params: IdParams, body: VerifyBody };
    app.post(`${base}/:id/verify`, enrolling(VerifyRoute), async (request, reply) => {
      const { user } = me(request);
      const body = request.body;
      const session = body.auth_session;
      if (!session) throw invalidRequest('Missing required property: auth_session');
      if (body.authn_response === undefined) throw invalidRequest('Missing required property: authn_response');
      const method = await finishEnrolment(
        ctx,
        request,
        user,
        request.params.id,
        session,
        readCredential(body.authn_response),
      );
      return reply.code(201).send(method);
    });

    app.delete(`${base}/:id`, byId, async (request, reply) => {
      const { user } = await authorizeMe(ctx, request, 'delete:me:authentication_methods');
      await deleteUserPasskey(ctx.store, user.sub, request.params.id, audit(request), user.sub);
      return reply.code(204).send();
    });

    app.get('/api/v2/users/:id/authentication-methods', byId, async (request) => {
      await authorizeManagement(ctx, request, 'read:authentication_methods');
      return userPasskeys(ctx.store, request.params.id);
    });

    app.delete(
      '/api/v2/users/:id/authentication-methods/:method_id',
      validated({ params: MethodParams }, { fields: [] }),
      async (request, reply) => {
        const { client } = await authorizeManagement(ctx, request, 'delete:authentication_methods');
        const { id, method_id } = request.params;
        await deleteUserPasskey(ctx.store, id, method_id, audit(request), client.client_id);
        return reply.code(204).send();
      },
    );
  };
}
