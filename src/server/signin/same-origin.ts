/**
 * The issuer's own origin: the hosted login page and the server's own forms run there. A request
 * that sends no Origin (a same-origin GET, an old browser) is not refused by these checks.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';

export const issuerOrigin = (ctx: AppContext): string => new URL(ctx.issuer()).origin;

/** Whether `origin` is the issuer's origin. */
export const isIssuerOrigin = (ctx: AppContext, origin: string | undefined): boolean =>
  origin !== undefined && origin === issuerOrigin(ctx);

/** Whether the request comes from the issuer's origin or names no origin at all. */
export const fromIssuerOrNoOrigin = (ctx: AppContext, request: FastifyRequest): boolean =>
  request.headers.origin === undefined || isIssuerOrigin(ctx, request.headers.origin);
