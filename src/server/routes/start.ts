/**
 * POST /passwordless/start: validates the request like Auth0, applies the rate limits, stores a new
 * challenge (the only live one for the recipient) and delivers the message. A delivery failure
 * kills the challenge it created and answers `email_provider_error` / `sms_provider_error`.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  CONNECTIONS,
  type AuthParams,
  type Connection,
  type EmailStartResponse,
  type SendMode,
  type SmsStartResponse,
} from '../../protocol/index.js';
import { optString, readBody, reqString, type Body } from '../body.js';
import { authenticateClient, originHost } from '../clients.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { sendWithTimeout, type OutgoingMessage } from '../delivery/index.js';
import { badRequest, providerError, tooManyRequests } from '../errors.js';
import { maskIdentifier, normalizeEmail, normalizePhone } from '../identifiers.js';
import { pickLocale, renderEmail, renderNoAccountEmail, renderSms } from '../messages.js';
import { generateId, generateOtp, generateToken } from '../secrets.js';
import { lockoutKey, signupDisabled } from '../policy.js';
import { normalizeScope } from '../tokens.js';

const FIELDS = ['client_id', 'client_secret', 'connection', 'email', 'phone_number', 'send', 'authParams'];
const AUTH_PARAMS = [
  'response_type',
  'redirect_uri',
  'state',
  'nonce',
  'scope',
  'audience',
  'code_challenge',
  'code_challenge_method',
];
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function parseAuthParams(raw: unknown, send: SendMode, client: ClientConfig): AuthParams | null {
  if (raw === undefined) {
    if (send === 'link') throw badRequest('bad.authParams', 'authParams is required to send a link.');
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest('bad.authParams', 'authParams must be an object.');
  }
  const p = raw as Body;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) {
    if (!AUTH_PARAMS.includes(key)) throw badRequest('bad.authParams', `authParams.${key} is not allowed.`);
    if (typeof value !== 'string' || value.length > 2048) {
      throw badRequest('bad.authParams', `authParams.${key} must be a string.`);
    }
    out[key] = value;
  }
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
    if (!client.redirect_uris.includes(out.redirect_uri)) {
      throw badRequest('bad.authParams', 'authParams.redirect_uri is not registered for this client.');
    }
    if (out.code_challenge_method !== 'S256') {
      throw badRequest('bad.authParams', 'authParams.code_challenge_method must be S256.');
    }
    if (!out.code_challenge || !PKCE_CHALLENGE.test(out.code_challenge)) {
      throw badRequest('bad.authParams', 'authParams.code_challenge must be a base64url SHA-256 (43 characters).');
    }
  }
  return out as AuthParams;
}

interface Recipient {
  connection: Connection;
  identifier: string;
  /** SMS velocity key (number prefix). */
  prefix?: string;
}

function readRecipient(ctx: AppContext, body: Body, connection: Connection): Recipient {
  if (connection === 'email') {
    if (body.phone_number !== undefined)
      throw badRequest('bad.request', 'The following properties are not allowed: phone_number');
    const raw = reqString(body, 'email', 'bad.email');
    const email = normalizeEmail(raw);
    if (!email) throw badRequest('bad.email', "Object didn't pass validation for format email.");
    return { connection, identifier: email };
  }
  if (body.email !== undefined) throw badRequest('bad.request', 'The following properties are not allowed: email');
  const raw = reqString(body, 'phone_number', 'bad.phone_number');
  const phone = normalizePhone(raw, ctx.config.sms.allowed_countries);
  if (!phone.ok) {
    const description =
      phone.reason === 'format'
        ? 'String does not match pattern ^\\+[0-9]{1,15}$'
        : phone.reason === 'country'
          ? 'Sending SMS to this country is not allowed.'
          : 'The phone number is not valid.';
    throw badRequest('bad.phone_number', description);
  }
  return {
    connection,
    identifier: phone.e164,
    prefix: phone.e164.slice(0, 1 + ctx.config.limits.sms_prefix_digits),
  };
}

async function checkRateLimits(ctx: AppContext, request: FastifyRequest, r: Recipient, now: number): Promise<void> {
  const locked = await ctx.store.lockedUntil(lockoutKey(r.connection, r.identifier), now);
  if (locked) throw tooManyRequests(locked - now);
  const l = ctx.config.limits;
  const recipient = `${r.connection}:${r.identifier}`;
  const rules = [
    { key: `start:ip:${request.ip}`, windowMs: 3600_000, limit: l.starts_per_ip_per_hour },
    { key: `start:to1:${recipient}`, windowMs: l.resend_interval_seconds * 1000, limit: 1 },
    { key: `start:toN:${recipient}`, windowMs: l.resend_window_seconds * 1000, limit: l.resends_per_window },
  ];
  if (r.prefix) rules.push({ key: `start:prefix:${r.prefix}`, windowMs: 3600_000, limit: l.sms_per_prefix_per_hour });
  const outcome = await ctx.store.hitRateLimits(rules, now);
  if (!outcome.allowed) {
    request.log.warn(
      { audit: 'start.rate_limited', connection: r.connection, to: maskIdentifier(r.identifier) },
      'rate limited',
    );
    throw tooManyRequests(outcome.retryAfterMs);
  }
}

function buildLink(ctx: AppContext, client: ClientConfig, email: string, token: string, p: AuthParams): string {
  const q = new URLSearchParams({ verification_code: token, connection: 'email', client_id: client.client_id, email });
  for (const [k, v] of Object.entries(p)) if (typeof v === 'string') q.set(k, v);
  return `${ctx.issuer()}/passwordless/verify_redirect?${q.toString()}`;
}

export function startRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/passwordless/start', async (request, reply) => {
      const body = readBody(request.body, FIELDS);
      const client = authenticateClient(
        ctx,
        request,
        optString(body, 'client_id', 'bad.client_id'),
        optString(body, 'client_secret', 'invalid_client', 401),
        'bad.client_id',
      );
      const connectionRaw = reqString(body, 'connection', 'bad.connection');
      if (!(CONNECTIONS as readonly string[]).includes(connectionRaw)) {
        throw badRequest('bad.connection', 'Connection does not exist');
      }
      const connection = connectionRaw as Connection;
      if (!client.connections.includes(connection)) {
        throw badRequest('bad.connection', 'Connection is not enabled for this client');
      }
      const sendRaw = optString(body, 'send') ?? 'code';
      if (sendRaw !== 'code' && sendRaw !== 'link') throw badRequest('bad.request', 'send must be code or link.');
      const send: SendMode = sendRaw;
      if (send === 'link' && connection !== 'email') {
        throw badRequest('bad.request', 'Links are sent by email only; use send=code for sms.');
      }
      const recipient = readRecipient(ctx, body, connection);
      const authParams = parseAuthParams(body.authParams, send, client);

      const now = ctx.now();
      await checkRateLimits(ctx, request, recipient, now);

      const l = ctx.config.limits;
      // With disable_signup, an unknown recipient gets a notice instead of a code, after the same
      // store and delivery work: the answer and its timing are those of a known recipient.
      const hasAccount =
        !signupDisabled(ctx.config, connection) ||
        (await ctx.store.getOrCreateUser(connection, recipient.identifier, now, false)) !== null;
      const code = generateOtp();
      const linkToken = send === 'link' ? generateToken() : null;
      const codeTtl = connection === 'sms' ? l.sms_code_ttl_seconds : l.code_ttl_seconds;
      const challengeId = generateId();
      await ctx.store.createChallenge({
        id: challengeId,
        client_id: client.client_id,
        connection,
        identifier: recipient.identifier,
        // No account: store the hash of an unguessable value, so no code can ever match.
        code_hash: ctx.hash('otp', hasAccount ? code : generateToken()),
        link_hash: linkToken && hasAccount ? ctx.hash('link', linkToken) : null,
        send,
        auth_params: authParams,
        created_at: now,
        code_expires_at: now + codeTtl * 1000,
        link_expires_at: linkToken ? now + l.link_ttl_seconds * 1000 : null,
        max_attempts: l.max_attempts_per_code,
      });

      const locale = pickLocale(
        headerValue(request.headers['x-request-language']),
        headerValue(request.headers['accept-language']),
      );
      const message: OutgoingMessage = {
        channel: connection,
        to: recipient.identifier,
        client_id: client.client_id,
        locale,
        text: '',
        code: hasAccount ? code : '',
      };
      if (!hasAccount) {
        const notice = renderNoAccountEmail(locale, client.name);
        if (connection === 'email') Object.assign(message, notice);
        else message.text = notice.text;
      } else if (connection === 'email') {
        const link = linkToken ? buildLink(ctx, client, recipient.identifier, linkToken, authParams!) : undefined;
        Object.assign(
          message,
          renderEmail({
            locale,
            appName: client.name,
            code,
            codeTtlSeconds: codeTtl,
            link,
            linkTtlSeconds: l.link_ttl_seconds,
          }),
        );
        if (link) message.link = link;
      } else {
        message.text = renderSms({
          locale,
          appName: client.name,
          code,
          codeTtlSeconds: codeTtl,
          originHost: originHost(client, request),
        });
      }

      const provider = connection === 'email' ? ctx.deliveries.email : ctx.deliveries.sms;
      const timeout = connection === 'email' ? ctx.deliveries.emailTimeoutMs : ctx.deliveries.smsTimeoutMs;
      const audit = {
        client_id: client.client_id,
        connection,
        send,
        to: maskIdentifier(recipient.identifier),
        challenge: challengeId,
      };
      request.log.info({ audit: 'start', ...audit, locale }, 'passwordless start');
      const started = Date.now();
      try {
        await sendWithTimeout(provider, message, timeout);
      } catch (err) {
        await ctx.store.invalidateChallenge(challengeId);
        request.log.error(
          { audit: 'send.failed', ...audit, provider: provider.name, reason: (err as Error).message },
          'delivery failed; the code was invalidated',
        );
        throw providerError(connection);
      }
      request.log.info({ audit: 'send', ...audit, provider: provider.name, ms: Date.now() - started }, 'message sent');

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
    });
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
