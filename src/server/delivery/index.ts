/**
 * Builds the email and SMS providers from config, sends with a timeout, and delivers a challenge's
 * message or invalidates the challenge.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { EmailConfig, SmsConfig } from '../config.js';
import { providerError } from '../errors.js';
import { Outbox } from './outbox.js';
import { DeliveryError, type DeliveryProvider, type OutgoingMessage } from './types.js';

export { DeliveryError, Outbox };
export type { DeliveryProvider, OutgoingMessage };

export interface Deliveries {
  email: DeliveryProvider;
  sms: DeliveryProvider;
  emailTimeoutMs: number;
  smsTimeoutMs: number;
  /** Present when a provider is `outbox`; backs `/dev/outbox`. */
  outbox: Outbox | null;
  /** Told when a message is handed to `provider`; the answer is called once when it ends (metrics, shutdown). */
  track?: (provider: string) => (outcome: 'sent' | 'failed' | 'timeout', ms: number) => void;
}

/**
 * A provider whose module (and client: nodemailer, or undici for the HTTP providers) is imported
 * on its first message, not at start: an idle server, or one that never sends on a channel, does
 * not hold it in memory. `kind` is how the real provider takes its timeout (see types.ts).
 */
function onFirstUse(
  name: string,
  kind: 'send' | 'sendWithin',
  load: () => Promise<DeliveryProvider>,
): DeliveryProvider {
  let loading: Promise<DeliveryProvider> | undefined;
  let loaded: DeliveryProvider | undefined;
  const provider = async () => loaded ?? (loaded = await (loading ??= load()));
  const close = async () => {
    await loaded?.close?.();
  };
  return kind === 'send'
    ? { name, close, send: async (m, signal) => (await provider()).send!(m, signal) }
    : { name, close, sendWithin: async (m, timeoutMs) => (await provider()).sendWithin!(m, timeoutMs) };
}

export function buildDeliveries(
  email: EmailConfig,
  sms: SmsConfig,
  now: () => number,
  print: (line: string) => void,
): Deliveries {
  let outbox: Outbox | null = null;
  const getOutbox = () => (outbox ??= new Outbox(now, print));
  const emailTimeoutMs = email.timeout_ms;
  const smsTimeoutMs = sms.timeout_ms;
  let emailProvider: DeliveryProvider;
  switch (email.provider) {
    case 'outbox':
      emailProvider = getOutbox().provider();
      break;
    case 'smtp': {
      const { url, from } = email;
      emailProvider = onFirstUse('smtp', 'send', async () =>
        (await import('./smtp.js')).smtpProvider(url, from, emailTimeoutMs),
      );
      break;
    }
    case 'webhook': {
      const { url, secret } = email;
      emailProvider = onFirstUse('webhook', 'sendWithin', async () =>
        (await import('./webhook.js')).webhookProvider(url, secret, now),
      );
      break;
    }
  }
  let smsProvider: DeliveryProvider;
  switch (sms.provider) {
    case 'outbox':
      smsProvider = getOutbox().provider();
      break;
    case 'twilio': {
      const options = sms;
      smsProvider = onFirstUse('twilio', 'sendWithin', async () =>
        (await import('./twilio.js')).twilioProvider(options),
      );
      break;
    }
    case 'webhook': {
      const { url, secret } = sms;
      smsProvider = onFirstUse('webhook', 'sendWithin', async () =>
        (await import('./webhook.js')).webhookProvider(url, secret, now),
      );
      break;
    }
  }
  return { email: emailProvider, sms: smsProvider, emailTimeoutMs, smsTimeoutMs, outbox };
}

/** Sends through `provider`, failing with DeliveryError on error or after `timeoutMs`. */
export async function sendWithTimeout(provider: DeliveryProvider, message: OutgoingMessage, timeoutMs: number) {
  if (provider.sendWithin) {
    try {
      await provider.sendWithin(message, timeoutMs);
    } catch (err) {
      throw err instanceof DeliveryError ? err : new DeliveryError(`${provider.name} failed`, { cause: err });
    }
    return;
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeliveryError(`${provider.name} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([provider.send(message, controller.signal), timeout]);
  } catch (err) {
    throw err instanceof DeliveryError ? err : new DeliveryError(`${provider.name} failed`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Delivers the message of a new challenge through its channel's provider. When sending fails (an
 * error or the timeout), `invalidate` kills the challenge first, so no code outlives a message that
 * never left, and the caller gets `email_provider_error` / `sms_provider_error`. Both outcomes are
 * audited with `audit`'s fields.
 */
export async function deliverOrInvalidate(
  deliveries: Deliveries,
  message: OutgoingMessage,
  invalidate: () => unknown,
  { log, audit }: { log: FastifyBaseLogger; audit: Record<string, unknown> },
): Promise<void> {
  const provider = deliveries[message.channel];
  const timeoutMs = message.channel === 'email' ? deliveries.emailTimeoutMs : deliveries.smsTimeoutMs;
  const started = Date.now();
  const ended = deliveries.track?.(provider.name);
  try {
    await sendWithTimeout(provider, message, timeoutMs);
  } catch (err) {
    const ms = Date.now() - started;
    ended?.(ms >= timeoutMs ? 'timeout' : 'failed', ms);
    await invalidate();
    log.error(
      { audit: 'send.failed', ...audit, provider: provider.name, reason: (err as Error).message },
      'delivery failed; the code was invalidated',
    );
    throw providerError(message.channel);
  }
  ended?.('sent', Date.now() - started);
  log.info({ audit: 'send', ...audit, provider: provider.name, ms: Date.now() - started }, 'message sent');
}
