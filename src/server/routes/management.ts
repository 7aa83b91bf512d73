/**
 * The user management API, Auth0 Management API v2's shapes (`/api/v2/users*`). Every call needs a
 * client_credentials access token for `{issuer}/api/v2/` with the scope of the route; the work
 * itself is in ../users.ts, shared with the operator CLI.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';
import type { Connection, ManagementScope } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { ID_TOKEN_ALGS, keyOfKid } from '../keys.js';
import { authorizeManagement } from '../management-auth.js';
import { closeUserSessions } from '../sessions.js';
import { identityIdOf } from '../store/user-records.js';
import {
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

interface IdParams {
  id: string;
}
interface IdentityParams extends IdParams {
  provider: string;
  user_id: string;
}

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
  return async (app) => {
    const deps = (request: FastifyRequest): UsersDeps => ({
      store: ctx.store,
      config: ctx.config,
      now: ctx.now,
      audit: (entry, message) => request.log.info(entry, message),
      revokeSessions: (userId) => closeUserSessions(ctx, userId),
    });
    const caller = async (request: FastifyRequest, scope: ManagementScope) =>
      (await authorizeManagement(ctx, request, scope)).client.client_id;

    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post('/api/v2/users', async (request, reply) => {
      const actor = await caller(request, 'create:users');
      const user = await createUser(deps(request), actor, request.body);
      return reply.code(201).send(user);
    });

    app.get('/api/v2/users', async (request) => {
      await caller(request, 'read:users');
      return listUsers(deps(request), request.query as Record<string, unknown>);
    });

    app.get('/api/v2/users-by-email', async (request) => {
      await caller(request, 'read:users');
      return usersByEmail(deps(request), request.query as Record<string, unknown>);
    });

    app.get<{ Params: IdParams }>('/api/v2/users/:id', async (request) => {
      await caller(request, 'read:users');
      return getUser(deps(request), request.params.id);
    });

    app.patch<{ Params: IdParams }>('/api/v2/users/:id', async (request) => {
      const actor = await caller(request, 'update:users');
      return updateUser(deps(request), actor, request.params.id, request.body);
    });

    app.delete<{ Params: IdParams }>('/api/v2/users/:id', async (request, reply) => {
      const actor = await caller(request, 'delete:users');
      await deleteUser(deps(request), actor, request.params.id);
      return reply.code(204).send();
    });

    app.post<{ Params: IdParams }>('/api/v2/users/:id/identities', async (request, reply) => {
      const actor = await caller(request, 'update:users');
      const target = parseLinkTarget(request.body);
      const { connection, identityId } = 'idToken' in target ? await secondaryFromIdToken(ctx, target.idToken) : target;
      const identities = await linkUser(deps(request), actor, request.params.id, connection, identityId);
      return reply.code(201).send(identities);
    });

    app.delete<{ Params: IdentityParams }>('/api/v2/users/:id/identities/:provider/:user_id', async (request) => {
      const actor = await caller(request, 'update:users');
      const { id, provider, user_id } = request.params;
      return unlinkUser(deps(request), actor, id, provider, user_id);
    });
  };
}
