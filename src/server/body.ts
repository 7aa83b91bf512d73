/**
 * Request-body checks shared by the routes: the body must be an object, every property must be
 * known (`bad.request` names the others, like Auth0), and every value must have its type.
 * Form-encoded bodies arrive as flat strings; `authParams` may come as a JSON string or as
 * `authParams[key]=…` pairs and is folded into an object here.
 */
import type { ServerErrorCode } from '../protocol/index.js';
import { ApiError, badRequest } from './errors.js';

export type Body = Record<string, unknown>;

const MAX_STRING = 4096;

export function readBody(raw: unknown, allowed: readonly string[]): Body {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw badRequest('bad.request', 'The request body must be a JSON object.');
  }
  const body: Body = { ...(raw as Body) };
  // Form-encoded authParams[key]=value pairs.
  for (const key of Object.keys(body)) {
    const m = /^authParams\[([A-Za-z_]+)\]$/.exec(key);
    if (m) {
      const target = (body.authParams ??= {}) as Body;
      if (typeof target !== 'object') throw badRequest('bad.authParams', 'authParams must be an object.');
      // defineProperty: a key named __proto__ stays a plain (refused) property, never a prototype.
      Object.defineProperty(target, m[1]!, { value: body[key], enumerable: true, writable: true, configurable: true });
      delete body[key];
    }
  }
  if (typeof body.authParams === 'string' && allowed.includes('authParams')) {
    try {
      body.authParams = JSON.parse(body.authParams);
    } catch {
      throw badRequest('bad.authParams', 'authParams must be an object.');
    }
  }
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw badRequest('bad.request', `The following properties are not allowed: ${unknown.slice(0, 10).join(', ')}`);
  }
  return body;
}

/** A string property: undefined when absent; a wrong type or an oversized value is refused. */
export function optString(body: Body, key: string, code: ServerErrorCode = 'bad.request', status = 400) {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError(status, code, `${key} must be a string.`);
  if (v.length > MAX_STRING) throw new ApiError(status, code, `${key} is too long.`);
  return v;
}

export function reqString(body: Body, key: string, code: ServerErrorCode = 'bad.request', status = 400) {
  const v = optString(body, key, code, status);
  if (v === undefined || v === '') throw new ApiError(status, code, `Missing required property: ${key}`);
  return v;
}
