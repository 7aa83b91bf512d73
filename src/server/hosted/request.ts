/**
 * The authorization request of GET /authorize (OIDC Core 3.1.2.1, RFC 6749 4.1.1, RFC 7636): read
 * from the query once the client and its redirect_uri are known. A request the app can be told
 * about throws an AuthorizeError (sent back to the redirect_uri).
 */
import { CONNECTIONS, GRANT_IMPLICIT, type Connection } from '../../protocol/index.js';
import type { ClientConfig } from '../config.js';
import { AuthorizeError } from '../errors.js';
import type { AuthorizationRequest } from '../sessions.js';
import { isLanguageTag, uiLocaleTags } from '../signin/language-tag.js';
import { readMaxAge } from '../signin/max-age.js';
import { isCodeChallenge, PKCE_METHOD } from '../signin/pkce.js';
import { readPrompt } from '../signin/prompt.js';
import { normalizeScope } from '../signin/scope.js';

export type Query = Record<string, string | undefined>;

/** One value per parameter (RFC 6749 3.1: parameters must not repeat); else the repeated name. */
export function readQuery(raw: unknown): Query | string {
  const out: Query = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) return k;
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

const IMPLICIT_TYPES = new Set(['token', 'id_token', 'id_token token']);

/** `code`, or an implicit response type in one spelling (its words sorted), else null. */
function responseTypeOf(raw: string): string | null {
  const sorted = raw.split(' ').filter(Boolean).sort().join(' ');
  return sorted === 'code' || IMPLICIT_TYPES.has(sorted) ? sorted : null;
}

/**
 * The response mode: `query` for code, `fragment` for implicit (tokens never go in a query), or
 * Auth0's `web_message`; null when not allowed. Errors go back the same way.
 */
export function responseModeOf(q: Query): 'query' | 'fragment' | 'web_message' | null {
  const type = responseTypeOf(q.response_type ?? 'code') ?? 'code';
  const mode = q.response_mode ?? (type === 'code' ? 'query' : 'fragment');
  if (mode === 'query') return type === 'code' ? 'query' : null;
  return mode === 'fragment' || mode === 'web_message' ? mode : null;
}

export interface ParsedRequest {
  req: Omit<AuthorizationRequest, 'browser'>;
  prompt: Set<string>;
  maxAge: number | null;
  uiLocales: string[];
}

const fail = (error: ConstructorParameters<typeof AuthorizeError>[0], description: string) =>
  new AuthorizeError(error, description);

/** Parameters this server refuses whatever their value (too long, request objects, registration). */
function checkUnsupported(q: Query): void {
  const tooLong = Object.entries(q).find(([, v]) => (v ?? '').length > 2048);
  if (tooLong) throw fail('invalid_request', `${tooLong[0]} is too long.`);
  if (q.request !== undefined) throw fail('request_not_supported', 'Request objects are not supported.');
  if (q.request_uri !== undefined) throw fail('request_uri_not_supported', 'request_uri is not supported.');
  if (q.registration !== undefined) throw fail('registration_not_supported', 'registration is not supported.');
}

/** The response type and mode; an implicit one only for a client with that grant, with a nonce. */
function readResponse(client: ClientConfig, q: Query) {
  if (q.response_type === undefined) throw fail('invalid_request', 'Missing required parameter: response_type');
  const responseType = responseTypeOf(q.response_type);
  if (responseType === null) {
    throw fail('unsupported_response_type', 'response_type must be code (or token, id_token, id_token token).');
  }
  const implicit = responseType !== 'code';
  if (implicit && !client.grant_types.includes(GRANT_IMPLICIT)) {
    throw fail('unauthorized_client', "Grant type 'implicit' not allowed for the client.");
  }
  const responseMode = responseModeOf(q);
  if (responseMode === null) {
    throw fail('invalid_request', 'response_mode must be query (code only), fragment or web_message.');
  }
  if (implicit && responseType.includes('id_token') && !q.nonce) {
    throw fail('invalid_request', 'nonce is required with an id_token from /authorize.');
  }
  return { responseType, responseMode, implicit };
}

/** The S256 code_challenge ('' for a confidential client or an implicit request without one). */
function readCodeChallenge(client: ClientConfig, q: Query, implicit: boolean): string {
  if (q.code_challenge !== undefined) {
    if (q.code_challenge_method !== PKCE_METHOD) throw fail('invalid_request', 'code_challenge_method must be S256.');
    if (!isCodeChallenge(q.code_challenge)) {
      throw fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters).');
    }
    return q.code_challenge;
  }
  if (q.code_challenge_method !== undefined) {
    throw fail('invalid_request', 'code_challenge_method was given without code_challenge.');
  }
  if (client.client_secret === undefined && !implicit) {
    throw fail('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.');
  }
  return '';
}

/** `prompt` and `max_age` (OIDC Core 3.1.2.1). */
function readReauthentication(q: Query): { prompt: Set<string>; maxAge: number | null } {
  const { values, unknown } = readPrompt(q.prompt);
  if (unknown !== undefined) throw fail('invalid_request', `Unsupported prompt value: ${unknown}`);
  const prompt = new Set(values);
  if (prompt.has('none') && prompt.size > 1) throw fail('invalid_request', 'prompt=none cannot be combined.');
  if (q.max_age === undefined) return { prompt, maxAge: null };
  const maxAge = readMaxAge(q.max_age);
  if (maxAge === null) throw fail('invalid_request', 'max_age must be a number of seconds.');
  return { prompt, maxAge };
}

/** Auth0's `connection`: one the client has enabled, else any of its connections (null). */
function readConnection(client: ClientConfig, q: Query): Connection | null {
  if (q.connection === undefined) return null;
  if (!(CONNECTIONS as readonly string[]).includes(q.connection)) {
    throw fail('invalid_request', 'connection must be email or sms.');
  }
  const connection = q.connection as Connection;
  if (!client.connections.includes(connection)) {
    throw fail('invalid_request', 'The connection is not enabled for this client.');
  }
  return connection;
}

/** Reads the request of `client` to the trusted `redirectUri`. */
export function parseRequest(client: ClientConfig, redirectUri: string, q: Query): ParsedRequest {
  checkUnsupported(q);
  const { responseType, responseMode, implicit } = readResponse(client, q);
  const scope = normalizeScope(q.scope);
  if (scope === null) throw fail('invalid_scope', 'The scope is malformed.');
  const codeChallenge = readCodeChallenge(client, q, implicit);
  const { prompt, maxAge } = readReauthentication(q);
  const connection = readConnection(client, q);
  return {
    req: {
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope,
      state: q.state ?? null,
      nonce: q.nonce ?? null,
      code_challenge: codeChallenge,
      audience: q.audience || null,
      connection,
      login_hint: q.login_hint ? q.login_hint.slice(0, 320) : null,
      response_type: responseType,
      response_mode: responseMode,
    },
    prompt,
    maxAge,
    uiLocales: uiLocaleTags(q.ui_locales).filter(isLanguageTag),
  };
}
