/**
 * Sign-in with a passkey ceremony (../passkeys.ts) under the token endpoint's limits: a locked
 * client IP waits, and a refused passkey counts toward the IP's hourly failures as a wrong code
 * does. The webauthn grant and the hosted page's passkey completion share it.
 */
import type { FastifyRequest } from 'fastify';
import type { PasskeyCredentialJSON } from '../../protocol/index.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { tooManyRequests } from '../errors.js';
import { signInWithPasskey, type PasskeySignIn } from '../passkeys.js';
import { countIpFailure, ipLockKey } from './ip-failures.js';

export async function passkeySignIn(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  session: string,
  credential: PasskeyCredentialJSON,
): Promise<PasskeySignIn> {
  const now = ctx.now();
  const locked = await ctx.store.lockedUntil(ipLockKey(request), now);
  if (locked) throw tooManyRequests(locked - now);
  try {
    return await signInWithPasskey(ctx, request, client, session, credential);
  } catch (err) {
    throw (await countIpFailure(ctx, request, now)) ?? err;
  }
}
