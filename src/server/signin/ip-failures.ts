/**
 * The token endpoint's per-IP failure limit, shared by every sign-in (code, passkey): each failure
 * counts toward the IP's hourly limit; over it, the IP is locked until the window frees.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { tooManyRequests } from '../errors.js';

/**
 * The store key of the requester's lock (checked before any verification). Keyed, as every per-IP
 * limit is, by `request.client.key` (client-address.ts: behind trusted proxies, and an IPv6
 * client by its /64), so every sign-in counts against one and the same key.
 */
export const ipLockKey = (request: FastifyRequest): string => `token:iplock:${request.client.key}`;

/**
 * Counts one failed sign-in of the requester; over the hourly limit its address is locked and the
 * answer is the 429 to throw, else null.
 */
export async function countIpFailure(
  ctx: AppContext,
  request: FastifyRequest,
  now: number,
): Promise<ReturnType<typeof tooManyRequests> | null> {
  const ip = request.client.key;
  const perIp = await ctx.store.hitRateLimits(
    [{ key: `token:fail:ip:${ip}`, windowMs: 3600_000, limit: ctx.config.limits.token_failures_per_ip_per_hour }],
    now,
  );
  if (perIp.allowed) return null;
  await ctx.store.recordFailure(ipLockKey(request), now, 1, perIp.retryAfterMs);
  request.log.warn({ audit: 'token.rate_limited', ip }, 'too many failed verifications from one IP');
  return tooManyRequests(perIp.retryAfterMs);
}
