/**
 * The user management API, Auth0 Management API v2's shapes (`/api/v2/users*`). Every call needs a
 * client_credentials access token for `{issuer}/api/v2/` with the scope of the route; the work
 * itself is in ../users.ts, shared with the operator CLI.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose/jwt/verify';
import type { Connection, ManagementScope } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { ID_TOKEN_ALGS, keyOfKid } from '../keys.js';
import { authorizeManagement } from '../management-auth.js';
import { validated, type SchemaErrorTable } from '../request-schema.js';
import { closeUserSessions } from '../sessions.js';
import { identityIdOf } from '../store/user-records.js';
import {
  CREATE_USER_ERRORS,
  CreateUserBody,
  LINK_ERRORS,
  LinkBody,
  LIST_USERS_ERRORS,
  ListUsersQuery,
  PATCH_USER_ERRORS,
  PatchUserBody,
  USERS_BY_EMAIL_ERRORS,
  UsersByEmailQuery,
  createUser,
  deleteUser,
  getUser,
  linkUser,
  listUsers,
  parseLinkTarget,
  unlinkUser,
  updateUser,
  usersByEmail,
  type UsersDeps,
} from '../users.js';

const IdParams = Type.Object({ id: Type.String() });
const IdentityParams = Type.Object({ id: Type.String(), provider: Type.String(), user_id: Type.String() });

/**
 * `link_with`: an ID token this server issued to one of its clients; its `sub` is the secondary
 * user, whose own identity is linked.
 */
async function secondaryFromIdToken(ctx: AppContext, idToken: string) {
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(idToken, (header) => keyOfKid(ctx.keys, header.kid), {
      algorithms: [...ID_TOKEN_ALGS],
      typ: 'JWT',
      issuer: ctx.issuer(),
      audience: [...ctx.clients.keys()],
      currentDate: new Date(ctx.now()),
    });
    sub = payload.sub;
  } catch {
    throw invalidBody('link_with is not a valid, unexpired ID token of this server.');
  }
  const parts = sub ? identityIdOf(sub) : null;
  if (!parts || (parts.connection !== 'email' && parts.connection !== 'sms')) {
    throw invalidBody('link_with does not name a user of this server.');
  }
  return { connection: parts.connection as Connection, identityId: parts.id };
}

export function managementRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const deps = (request: FastifyRequest): UsersDeps => ({
      store: ctx.store,
      config: ctx.config,
      now: ctx.now,
      audit: (entry, message) => request.log.info(entry, message),
      revokeSessions: (userId) => closeUserSessions(ctx, userId),
    });
    // The token is checked before the request is validated (a caller without the scope learns
    // nothing about the body), so in the route's first hook; the handler reads the caller here.
    const callers = new WeakMap<FastifyRequest, string>();
    const actor = (request: FastifyRequest) => callers.get(request)!;
    const route = <S extends Parameters<typeof validated>[0]>(
      scope: ManagementScope,
      schema: S = {} as S,
      table: SchemaErrorTable = { fields: [] },
    ) => {
      const options = validated(schema, table);
      const authorize = async (request: FastifyRequest) => {
        callers.set(request, (await authorizeManagement(ctx, request, scope)).client.client_id);
      };
      return { ...options, preValidation: [authorize, ...options.preValidation] };
    };

    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post(
      '/api/v2/users',
      route('create:users', { body: CreateUserBody }, CREATE_USER_ERRORS),
      async (request, reply) => {
        const user = await createUser(deps(request), actor(request), request.body);
        return reply.code(201).send(user);
      },
    );

    app.get('/api/v2/users', route('read:users', { querystring: ListUsersQuery }, LIST_USERS_ERRORS), async (request) =>
      listUsers(deps(request), request.query),
    );

    app.get(
      '/api/v2/users-by-email',
      route('read:users', { querystring: UsersByEmailQuery }, USERS_BY_EMAIL_ERRORS),
      async (request) => usersByEmail(deps(request), request.query),
    );

    app.get('/api/v2/users/:id', route('read:users', { params: IdParams }), async (request) =>
      getUser(deps(request), request.params.id),
    );

    app.patch(
      '/api/v2/users/:id',
      route('update:users', { params: IdParams, body: PatchUserBody }, PATCH_USER_ERRORS),
      async (request) => updateUser(deps(request), actor(request), request.params.id, request.body),
    );

    app.delete('/api/v2/users/:id', route('delete:users', { params: IdParams }), async (request, reply) => {
      await deleteUser(deps(request), actor(request), request.params.id);
      return reply.code(204).send();
    });

    app.post(
      '/api/v2/users/:id/identities',
      route('update:users', { params: IdParams, body: LinkBody }, LINK_ERRORS),
      async (request, reply) => {
        const target = parseLinkTarget(request.body);
        const { connection, identityId } =
          'idToken' in target ? await secondaryFromIdToken(ctx, target.idToken) : target;
        const identities = await linkUser(deps(request), actor(request), request.params.id, connection, identityId);
        return reply.code(201).send(identities);
      },
    );

    app.delete(
      '/api/v2/users/:id/identities/:provider/:user_id',
      route('update:users', { params: IdentityParams }),
      async (request) => {
        const { id, provider, user_id } = request.params;
        return unlinkUser(deps(request), actor(request), id, provider, user_id);
      },
    );
  };
}
