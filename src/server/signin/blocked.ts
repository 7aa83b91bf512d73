/** A blocked user's sign-in: logged, then refused with Auth0's answer (after a right code only). */
import type { FastifyRequest } from 'fastify';
import { userBlocked } from '../errors.js';

export function blockedUser(request: FastifyRequest, audit: Record<string, string>) {
  request.log.warn({ audit: 'verify.blocked', ...audit }, 'sign-in refused: the user is blocked');
  return userBlocked();
}
