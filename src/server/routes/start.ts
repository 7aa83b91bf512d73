/**
 * POST /passwordless/start: validates the request like Auth0, applies the rate limits, stores a new
 * challenge (the only live one for the recipient) and delivers the message. A delivery failure
 * kills the challenge it created and answers `email_provider_error` / `sms_provider_error`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  isConnection,
  SEND_MODES,
  type AuthParams,
  type Connection,
  type EmailStartResponse,
  type SendMode,
  type SmsStartResponse,
} from '../../protocol/index.js';
import { authenticateClient, isLinkRedirectUri, originHost } from '../clients.js';
import { resolveBranding } from '../branding.js';
import type { ClientConfig } from '../config.js';
import { endpointUrl, type AppContext } from '../context.js';
import { deliverOrInvalidate } from '../delivery/index.js';
import { badRequest, tooManyRequests } from '../errors.js';
import { maskIdentifier, normalizeEmail, normalizePhone } from '../identifiers.js';
import { enabledTemplates } from '../email/templates.js';
import { composeMessage, pickLocale, templateNameOf } from '../messages.js';
import { generateId, generateOtp, generateToken } from '../secrets.js';
import { lockoutKey, signupDisabled } from '../policy.js';
import type { RateRule } from '../store/types.js';
import { uiLocaleTags, isLanguageTag } from '../signin/language-tag.js';
import { readMaxAge } from '../signin/max-age.js';
import { isCodeChallenge, PKCE_METHOD } from '../signin/pkce.js';
import { readPrompt } from '../signin/prompt.js';
import { isIssuerOrigin } from '../signin/same-origin.js';
import { normalizeScope } from '../signin/scope.js';
import { optStrings, validated, type SchemaErrorTable } from '../request-schema.js';

const StartBody = Type.Object(
  {
    ...optStrings('client_id', 'client_secret', 'connection', 'email', 'phone_number', 'send'),
    // Checked by parseAuthParams, whose answers depend on send and the client.
    authParams: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
type StartBody = Static<typeof StartBody>;

/** Each field's code when its type or length is wrong, in the order Auth0 checks them. */
const START_ERRORS: SchemaErrorTable = {
  fields: [
    ['client_id', { code: 'bad.client_id' }],
    ['client_secret', { code: 'invalid_client', status: 401 }],
    ['connection', { code: 'bad.connection' }],
    ['send', { code: 'bad.request' }],
    ['email', { code: 'bad.email' }],
    ['phone_number', { code: 'bad.phone_number' }],
  ],
};

/**
 * Form-encoded bodies arrive as flat strings: `authParams` may come as a JSON string or as
 * `authParams[key]=…` pairs, folded here into one object before the schema reads the body.
 */
function foldAuthParams(request: FastifyRequest, _reply: unknown, done: (err?: Error) => void): void {
  const body = request.body as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) return done();
  const invalid = () => badRequest('bad.authParams', 'authParams must be an object.');
  for (const key of Object.keys(body)) {
    const m = /^authParams\[([A-Za-z_]+)\]$/.exec(key);
    if (m) {
      const target = (body.authParams ??= {}) as Record<string, unknown>;
      if (typeof target !== 'object') return done(invalid());
      // defineProperty: a key named __proto__ stays a plain (refused) property, never a prototype.
      Object.defineProperty(target, m[1]!, { value: body[key], enumerable: true, writable: true, configurable: true });
      delete body[key];
    }
  }
  if (typeof body.authParams === 'string') {
    try {
      body.authParams = JSON.parse(body.authParams);
    } catch {
      return done(invalid());
    }
  }
  done();
}

const AUTH_PARAMS = [
  'response_type',
  'response_mode',
  'redirect_uri',
  'state',
  'nonce',
  'scope',
  'audience',
  'code_challenge',
  'code_challenge_method',
  'max_age',
  'prompt',
  'login_hint',
  'ui_locales',
];
const PHONE_PROBLEMS = {
  format: 'String does not match pattern ^\\+[0-9]{1,15}$',
  country: 'Sending SMS to this country is not allowed.',
  invalid: 'The phone number is not valid.',
  premium:
    'Premium-rate, shared-cost and satellite numbers, personal numbers, pagers and VoIP numbers cannot receive codes.',
} as const;

function parseAuthParams(ctx: AppContext, raw: unknown, send: SendMode, client: ClientConfig): AuthParams | null {
  if (raw === undefined) {
    if (send === 'link') throw badRequest('bad.authParams', 'authParams is required to send a link.');
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest('bad.authParams', 'authParams must be an object.');
  }
  const p = raw as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) {
    if (!AUTH_PARAMS.includes(key)) throw badRequest('bad.authParams', `authParams.${key} is not allowed.`);
    // auth0.js passes max_age through as the number it was given.
    if (key === 'max_age' && typeof value === 'number') {
      out[key] = String(value);
      continue;
    }
    if (typeof value !== 'string' || value.length > 2048) {
      throw badRequest('bad.authParams', `authParams.${key} must be a string.`);
    }
    out[key] = value;
  }
  checkOidcParams(out);
  if (out.scope !== undefined) {
    const scope = normalizeScope(out.scope);
    if (scope === null) throw badRequest('bad.authParams', 'authParams.scope is malformed.');
    out.scope = scope;
  }
  if (send === 'link') {
    if (out.response_type !== undefined && out.response_type !== 'code') {
      throw badRequest('bad.authParams', 'authParams.response_type must be code.');
    }
    out.response_type = 'code';
    if (!out.redirect_uri) throw badRequest('bad.authParams', 'authParams.redirect_uri is required to send a link.');
    if (!isLinkRedirectUri(ctx, client, out.redirect_uri)) {
      throw badRequest('bad.authParams', 'authParams.redirect_uri is not registered for this client.');
    }
    if (out.code_challenge_method !== PKCE_METHOD) {
      throw badRequest('bad.authParams', 'authParams.code_challenge_method must be S256.');
    }
    if (!out.code_challenge || !isCodeChallenge(out.code_challenge)) {
      throw badRequest('bad.authParams', 'authParams.code_challenge must be a base64url SHA-256 (43 characters).');
    }
  }
  return out as AuthParams;
}

/**
 * The OIDC request parameters a start may carry (OIDC Core 3.1.2.1). A start always begins a new
 * sign-in, so `prompt=login` and any `max_age` are met by it (the ID token's `auth_time` is the
 * moment the code or link is redeemed); `prompt=none`, which forbids asking the user anything,
 * cannot be. `ui_locales` picks the message language (start route); the only response mode is query.
 */
function checkOidcParams(out: Record<string, string>): void {
  const bad = (description: string) => badRequest('bad.authParams', description);
  if (out.response_mode !== undefined && out.response_mode !== 'query') {
    throw bad('authParams.response_mode must be query: the code comes back in the redirect_uri query.');
  }
  if (out.max_age !== undefined) {
    const maxAge = readMaxAge(out.max_age);
    if (maxAge === null) throw bad('authParams.max_age must be a whole number of seconds.');
    out.max_age = String(maxAge);
  }
  if (out.prompt !== undefined) {
    const { values, unknown } = readPrompt(out.prompt);
    if (unknown !== undefined) throw bad(`authParams.prompt has an unsupported value: ${unknown.slice(0, 40)}`);
    if (values.includes('none')) {
      throw bad('authParams.prompt=none cannot be used here: a start always asks the user for a code or link.');
    }
    out.prompt = values.join(' ');
  }
  if (out.login_hint !== undefined && out.login_hint.length > 320) {
    throw bad('authParams.login_hint must be at most 320 characters.');
  }
  if (out.ui_locales !== undefined) {
    const tags = uiLocaleTags(out.ui_locales);
    if (tags.length > 20 || !tags.every(isLanguageTag)) {
      throw bad('authParams.ui_locales must be language tags separated by spaces, like "fr-CA fr en".');
    }
    out.ui_locales = tags.join(' ');
  }
}

interface Recipient {
  connection: Connection;
  identifier: string;
  /** SMS velocity key (number prefix). */
  prefix?: string;
}

const missing = (code: 'bad.email' | 'bad.phone_number' | 'bad.connection', key: string) =>
  badRequest(code, `Missing required property: ${key}`);

function readRecipient(ctx: AppContext, body: StartBody, connection: Connection): Recipient {
  if (connection === 'email') {
    if (body.phone_number !== undefined)
      throw badRequest('bad.request', 'The following properties are not allowed: phone_number');
    const raw = body.email;
    if (!raw) throw missing('bad.email', 'email');
    const email = normalizeEmail(raw);
    if (!email) throw badRequest('bad.email', "Object didn't pass validation for format email.");
    return { connection, identifier: email };
  }
  if (body.email !== undefined) throw badRequest('bad.request', 'The following properties are not allowed: email');
  const raw = body.phone_number;
  if (!raw) throw missing('bad.phone_number', 'phone_number');
  const phone = normalizePhone(raw, {
    allowedCountries: ctx.config.sms.allowed_countries,
    allowPremium: ctx.config.sms.allow_premium_numbers === true,
  });
  if (!phone.ok) throw badRequest('bad.phone_number', PHONE_PROBLEMS[phone.reason]);
  return {
    connection,
    identifier: phone.e164,
    prefix: phone.e164.slice(0, 1 + ctx.config.limits.sms_prefix_digits),
  };
}

/** The keys of a recipient's resend limits: one per interval, so many per window. */
function recipientRuleKeys(r: Recipient): [interval: string, window: string] {
  const recipient = `${r.connection}:${r.identifier}`;
  return [`start:to1:${recipient}`, `start:toN:${recipient}`];
}

/** The rate rules of one start: per client IP, per recipient (interval and window), per SMS prefix. */
function startRules(ctx: AppContext, request: FastifyRequest, r: Recipient): RateRule[] {
  const l = ctx.config.limits;
  const [interval, window] = recipientRuleKeys(r);
  const rules = [
    { key: `start:ip:${request.client.key}`, windowMs: 3600_000, limit: l.starts_per_ip_per_hour },
    { key: interval, windowMs: l.resend_interval_seconds * 1000, limit: 1 },
    { key: window, windowMs: l.resend_window_seconds * 1000, limit: l.resends_per_window },
  ];
  if (r.prefix) rules.push({ key: `start:prefix:${r.prefix}`, windowMs: 3600_000, limit: l.sms_per_prefix_per_hour });
  return rules;
}

function buildLink(ctx: AppContext, client: ClientConfig, email: string, token: string, p: AuthParams): string {
  const q = new URLSearchParams({ verification_code: token, connection: 'email', client_id: client.client_id, email });
  for (const [k, v] of Object.entries(p)) if (typeof v === 'string') q.set(k, v);
  return `${endpointUrl(ctx, '/passwordless/verify_redirect')}?${q.toString()}`;
}

/**
 * The hosted login page (this server's own origin) starts sign-ins for confidential clients too,
 * without their secret, which it never has: anyone may open /authorize for such a client and get
 * that very page, and the code it sends is redeemed only through the pending /authorize (then the
 * client's own authenticated code grant) or by the client, with its secret, at /oauth/token.
 */
function hostedPageClient(
  ctx: AppContext,
  request: FastifyRequest,
  clientId: string | undefined,
  clientSecret: string | undefined,
): ClientConfig | undefined {
  const origin = request.headers.origin;
  if (clientSecret !== undefined || !isIssuerOrigin(ctx, origin)) return undefined;
  const client = ctx.clients.get(clientId ?? '');
  return client?.client_secret !== undefined ? client : undefined;
}

/** The checks of the request itself, in Auth0's order; each failure is Auth0's 400. */
function readStartRequest(ctx: AppContext, request: FastifyRequest, body: StartBody) {
  const { client_id: clientId, client_secret: clientSecret, connection } = body;
  const client =
    hostedPageClient(ctx, request, clientId, clientSecret) ??
    authenticateClient(ctx, request, clientId, clientSecret, 'bad.client_id');
  if (!connection) throw missing('bad.connection', 'connection');
  if (!isConnection(connection)) throw badRequest('bad.connection', 'Connection does not exist');
  if (!client.connections.includes(connection)) {
    throw badRequest('bad.connection', 'Connection is not enabled for this client');
  }
  const send = body.send ?? 'code';
  if (!(SEND_MODES as readonly string[]).includes(send)) throw badRequest('bad.request', 'send must be code or link.');
  if (send === 'link' && connection !== 'email') {
    throw badRequest('bad.request', 'Links are sent by email only; use send=code for sms.');
  }
  const recipient = readRecipient(ctx, body, connection);
  const authParams = parseAuthParams(ctx, body.authParams, send as SendMode, client);
  return { client, connection, send: send as SendMode, recipient, authParams };
}

export function startRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/passwordless/start',
      validated({ body: StartBody }, START_ERRORS, [foldAuthParams]),
      async (request, reply) => {
        const { client, connection, send, recipient, authParams } = readStartRequest(ctx, request, request.body);
        const now = ctx.now();
        const l = ctx.config.limits;
        const disableSignup = signupDisabled(ctx.config, connection);
        const code = generateOtp();
        const linkToken = send === 'link' ? generateToken() : null;
        const codeTtl = connection === 'sms' ? l.sms_code_ttl_seconds : l.code_ttl_seconds;
        const challengeId = generateId();
        // Everything that can fail on the request's own input (the language headers, the texts) runs
        // before the limits are counted and the challenge replaces the recipient's live code: a start
        // that fails leaves the previous code and the limits as they were.
        const locale = pickLocale(
          headerValue(request.headers['x-request-language']),
          headerValue(request.headers['accept-language']),
          authParams?.ui_locales?.split(' '),
        );
        // The application's branding and the enabled custom templates, through the short
        // in-process cache (src/server/read-cache.ts): a change through the Management API applies
        // to the next message (within a second when another process stored it).
        const branding = await resolveBranding(ctx, client.client_id);
        const templates =
          connection === 'email'
            ? await enabledTemplates(
                ctx.store,
                [
                  templateNameOf({ code, link: linkToken ?? undefined }),
                  ...(disableSignup ? ['passwordless_no_account' as const] : []),
                ],
                now,
              )
            : undefined;
        const messageInput = {
          branding,
          templates,
          channel: connection,
          to: recipient.identifier,
          client_id: client.client_id,
          locale,
          appName: client.name,
          codeTtlSeconds: codeTtl,
          linkTtlSeconds: l.link_ttl_seconds,
          originHost: connection === 'sms' ? originHost(client, request) : null,
        };
        const withCode = composeMessage({
          ...messageInput,
          code,
          link: linkToken ? buildLink(ctx, client, recipient.identifier, linkToken, authParams!) : undefined,
        });
        // With disable_signup both messages are built every time, so a known and an unknown
        // recipient cost the same work.
        const notice = disableSignup ? composeMessage({ ...messageInput, code: null }) : null;

        // Lockout, rate limits, the account check and the challenge: one store transaction. With
        // disable_signup, an unknown recipient gets a notice instead of a code, after the same store
        // and delivery work (its challenge keeps the hash of an unguessable value, so no code can
        // match): the answer and its timing are those of a known recipient.
        const begun = await ctx.store.beginStart(
          {
            lockKey: lockoutKey(connection, recipient.identifier, request.client.key),
            rules: startRules(ctx, request, recipient),
            challenge: {
              id: challengeId,
              client_id: client.client_id,
              connection,
              identifier: recipient.identifier,
              code_hash: ctx.hash('otp', code),
              link_hash: linkToken ? ctx.hash('link', linkToken) : null,
              send,
              auth_params: authParams,
              created_at: now,
              code_expires_at: now + codeTtl * 1000,
              link_expires_at: linkToken ? now + l.link_ttl_seconds * 1000 : null,
              max_attempts: l.max_attempts_per_code,
            },
            unknownUserCodeHash: disableSignup ? ctx.hash('otp', generateToken()) : undefined,
          },
          now,
        );
        if (begun.status === 'locked') {
          ctx.metrics.refused('start_locked');
          throw tooManyRequests(begun.retryAfterMs);
        }
        if (begun.status === 'limited') {
          ctx.metrics.refused('start');
          request.log.warn(
            { audit: 'start.rate_limited', connection, to: maskIdentifier(recipient.identifier) },
            'rate limited',
          );
          throw tooManyRequests(begun.retryAfterMs);
        }
        const message = begun.hasAccount || !notice ? withCode : notice;
        const audit = {
          client_id: client.client_id,
          connection,
          send,
          to: maskIdentifier(recipient.identifier),
          challenge: challengeId,
        };
        request.log.info({ audit: 'start', ...audit, locale }, 'passwordless start');
        // A message that never left does not count toward its recipient's resend limits (the same
        // person may try again at once); it still counts for the client IP and the SMS prefix.
        const undo = async () => {
          await ctx.store.invalidateChallenge(challengeId);
          await ctx.store.releaseRateLimits(recipientRuleKeys(recipient), ctx.now());
        };
        await deliverOrInvalidate(ctx.deliveries, message, undo, { log: request.log, audit });

        reply.header('cache-control', 'no-store');
        const id = generateId();
        if (connection === 'email') {
          const res: EmailStartResponse = { _id: id, email: recipient.identifier, email_verified: false };
          return res;
        }
        const res: SmsStartResponse = {
          _id: id,
          phone_number: recipient.identifier,
          phone_verified: false,
          request_language: headerValue(request.headers['x-request-language'])?.slice(0, 35) ?? null,
        };
        return res;
      },
    );
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
