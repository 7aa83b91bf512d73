/**
 * Every error leaves the server as `{"error", "error_description"}` with a 4xx status (5xx only
 * for a genuine server fault). ApiError carries the code; the error handler below also maps
 * Fastify's own errors (bad JSON, body too large, wrong content type) into that shape.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BLOCKED_USER_DESCRIPTION, type Connection, type ServerErrorCode } from '../protocol/index.js';
import { plainErrorPage } from './plain-page.js';
import { StoreUnavailableError } from './store/types.js';

/** Retry-After of a 503 while the store is unreachable (it reconnects by itself meanwhile). */
export const STORE_RETRY_AFTER_MS = 2000;

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ServerErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'ApiError';
  }
}

/** The one `Retry-After` header (RFC 9110 §10.2.3): whole seconds, at least 1. */
export function retryAfter(retryAfterMs: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}

// Named errors, one factory each (as node-oidc-provider's errors.js): routes throw these and never
// build an ApiError by hand, so each code keeps one status everywhere.

/** Auth0's passwordless validation errors (`bad.email`, `bad.connection`, …) and other 400s. */
export const badRequest = (code: ServerErrorCode, description: string) => new ApiError(400, code, description);

export const invalidRequest = (description: string) => new ApiError(400, 'invalid_request', description);

export const invalidGrant = (description: string) => new ApiError(403, 'invalid_grant', description);

export const invalidScope = (description: string) => new ApiError(400, 'invalid_scope', description);

export const unsupportedGrantType = (grantType: string) =>
  new ApiError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType.slice(0, 100)}`);

/** OAuth's invalid_client is 401; the other codes that name a missing or unknown client are 400. */
export const unknownClient = (code: ServerErrorCode, description: string) =>
  new ApiError(code === 'invalid_client' ? 401 : 400, code, description);

/** The challenge sent with every 401 invalid_client (RFC 6749 §5.2: Basic is accepted). */
export const CLIENT_AUTH_CHALLENGE = 'Basic realm="passwordless-login", charset="UTF-8"';

export const invalidClient = (description = 'Client authentication failed.') =>
  new ApiError(401, 'invalid_client', description, { 'www-authenticate': CLIENT_AUTH_CHALLENGE });

/** 403 access_denied: an unknown audience (Auth0's "Service not found"), a loopback-only page. */
export const accessDenied = (description: string) => new ApiError(403, 'access_denied', description);

export const unauthorizedClient = (description: string) => new ApiError(403, 'unauthorized_client', description);

/** 401 for a protected resource (RFC 6750 §3), with its `WWW-Authenticate` challenge. */
export const invalidToken = (description: string, challenge?: string) =>
  new ApiError(401, 'invalid_token', description, {
    'www-authenticate': challenge ?? `Bearer error="invalid_token", error_description="${description}"`,
  });

/** Auth0's answer at /oauth/token for a blocked user (after a right code: blocking is not revealed earlier). */
export class UserBlockedError extends ApiError {
  constructor() {
    super(401, 'unauthorized', BLOCKED_USER_DESCRIPTION);
    this.name = 'UserBlockedError';
  }
}

export const userBlocked = () => new UserBlockedError();

/** A client_credentials scope outside the client's grant (Auth0 answers 403). */
export const scopeNotGranted = (description: string) => new ApiError(403, 'invalid_scope', description);

/** A management call whose token lacks the route's scope (RFC 6750 §3.1). */
export const insufficientScope = (scope: string, realm: string) =>
  new ApiError(403, 'insufficient_scope', `This call needs the scope ${scope}.`, {
    'www-authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"`,
  });

/** Management API: a body or query the API cannot take (Auth0's errorCode names). */
export const invalidBody = (description: string) => new ApiError(400, 'invalid_body', description);
export const invalidQueryString = (description: string) => new ApiError(400, 'invalid_query_string', description);

export const notFound = (description: string) => new ApiError(404, 'not_found', description);

export const userExists = () => new ApiError(409, 'user_exists', 'The user already exists.');

/** Management API: the change conflicts with the current state (an identity linked elsewhere). */
export const conflict = (description: string) => new ApiError(409, 'conflict', description);

/** A rate limit: 429 with `Retry-After`, which the widget turns into its countdown. */
export const tooManyRequests = (retryAfterMs: number, description = 'Too many requests. Try again later.') =>
  new ApiError(429, 'too_many_requests', description, retryAfter(retryAfterMs));

/** Auth0's lockout answer; `Retry-After` when the end of the lockout is known. */
export const tooManyAttempts = (retryAfterMs?: number) =>
  new ApiError(
    429,
    'too_many_attempts',
    'Your account has been blocked after multiple consecutive login attempts.',
    retryAfterMs ? retryAfter(retryAfterMs) : {},
  );

/** The message could not be delivered (Auth0 answers these with 400). */
export const providerError = (connection: Connection) =>
  connection === 'email'
    ? badRequest('email_provider_error', 'The email could not be sent. Try again later.')
    : badRequest('sms_provider_error', 'The text message could not be sent. Try again later.');

/** The store (Redis) is unreachable: 503 with `Retry-After`, never a hanging request. */
export const temporarilyUnavailable = (description = 'The service is briefly unavailable. Try again.') =>
  new ApiError(503, 'temporarily_unavailable', description, retryAfter(STORE_RETRY_AFTER_MS));

// One family, three renderings (as node-oidc-provider's error handler): an /authorize refusal goes
// back to the app once its redirect_uri is trusted; a refusal with nowhere trusted to go is a page
// the person reads; everything else is the JSON body.

/** An OAuth refusal at /authorize (RFC 6749 4.1.2.1, OIDC Core 3.1.2.6): back to the app once trusted. */
export class AuthorizeError extends ApiError {
  constructor(code: ServerErrorCode, description: string) {
    super(400, code, description);
    this.name = 'AuthorizeError';
  }
}

/** A refusal shown as a plain page: nothing trusted to send the person back to. */
export class PageError extends ApiError {
  constructor(
    readonly title: string,
    message: string,
    readonly lang?: string,
    status = 400,
  ) {
    super(status, 'invalid_request', message);
    this.name = 'PageError';
  }
}

/** How a request's AuthorizeErrors go back to the app (set once its redirect_uri is trusted). */
export type ReturnToApp = (reply: FastifyReply, err: AuthorizeError) => unknown;

const trusted = new WeakMap<FastifyRequest, ReturnToApp>();

/** From here on, this request's AuthorizeErrors go back to the app by `back`. */
export function trustRedirect(request: FastifyRequest, back: ReturnToApp): void {
  trusted.set(request, back);
}

/** The one renderer: to the app (a trusted redirect_uri), a plain page, or the JSON body. */
export function renderError(err: ApiError, request: FastifyRequest, reply: FastifyReply) {
  const back = err instanceof AuthorizeError ? trusted.get(request) : undefined;
  if (back) return back(reply, err);
  if (err instanceof PageError) {
    return plainErrorPage(reply, {
      title: err.title,
      message: err.description,
      lang: err.lang,
      status: err.statusCode,
    });
  }
  return reply
    .code(err.statusCode)
    .headers(err.headers)
    .header('cache-control', 'no-store')
    .send({ error: err.code, error_description: err.description });
}

/** Fastify's error codes and what a client is told about them. */
const FASTIFY_ERRORS: Record<string, [number, ServerErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad.request', 'The request body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad.request', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad.request', 'The JSON body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'Send application/json or application/x-www-form-urlencoded.',
  ],
  FST_ERR_CTP_INVALID_TYPE: [
    415,
    'unsupported_media_type',
    'Send application/json or application/x-www-form-urlencoded.',
  ],
  FST_ERR_BAD_URL: [400, 'bad.request', 'The URL is malformed.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'bad.request', 'The URL is too long.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad.request', 'The request could not be routed.'],
};

export function errorHandler(
  thrown: FastifyError | ApiError | StoreUnavailableError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // Fail fast while the store is away: the client may retry shortly.
  const err = thrown instanceof StoreUnavailableError ? temporarilyUnavailable() : thrown;
  if (err instanceof ApiError) return renderError(err, request, reply);
  const mapped = err.code && Object.hasOwn(FASTIFY_ERRORS, err.code) ? FASTIFY_ERRORS[err.code] : undefined;
  if (mapped) {
    const [status, code, description] = mapped;
    return reply.code(status).send({ error: code, error_description: description });
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Any other client error Fastify raises (for example from the body parser).
    return reply.code(err.statusCode).send({ error: 'bad.request', error_description: 'The request is malformed.' });
  }
  request.log.error({ err }, 'unhandled error');
  return reply.code(500).send({ error: 'server_error', error_description: 'Something went wrong on the server.' });
}

/** What Node's HTTP parser reports before Fastify sees a request, and what the client is told. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line and headers must stay under 16 KB.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request did not arrive in time.'],
  ERR_HTTP_REQUEST_HEADERS_TIMEOUT: [408, 'The request headers did not arrive in time.'],
};

/**
 * Fastify's `clientErrorHandler`: malformed framing, oversized headers or URL, timeouts. The answer
 * is written on the raw socket (no request exists yet), still in the documented shape.
 */
export function clientErrorHandler(
  this: { log: { debug(o: object, m: string): void } },
  err: NodeJS.ErrnoException,
  socket: import('node:net').Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = err.code && Object.hasOwn(CLIENT_ERRORS, err.code) ? CLIENT_ERRORS[err.code] : undefined;
  const [status, description] = known ?? [400, 'The HTTP request is malformed.'];
  this.log.debug({ code: err.code }, 'client error');
  // A timeout can meet an answer already on its way: then the socket is only closed.
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (socket.writable && !answering) {
    const body = JSON.stringify({ error: 'bad.request', error_description: description });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
