/**
 * Every error leaves the server as `{"error", "error_description"}` with a 4xx status (5xx only
 * for a genuine server fault). ApiError carries the code; the error handler below also maps
 * Fastify's own errors (bad JSON, body too large, wrong content type) into that shape.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerErrorCode } from '../protocol/index.js';

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

export const badRequest = (code: ServerErrorCode, description: string) => new ApiError(400, code, description);

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
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad.request', 'The request could not be routed.'],
};

export function errorHandler(err: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ApiError) {
    return reply
      .code(err.statusCode)
      .headers(err.headers)
      .header('cache-control', 'no-store')
      .send({ error: err.code, error_description: err.description });
  }
  const mapped = err.code ? FASTIFY_ERRORS[err.code] : undefined;
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
