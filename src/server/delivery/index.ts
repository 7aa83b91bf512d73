/** Builds the email and SMS providers from config and sends with a timeout. */
import type { EmailConfig, SmsConfig } from '../config.js';
import { Outbox } from './outbox.js';
import { smtpProvider } from './smtp.js';
import { twilioProvider } from './twilio.js';
import { DeliveryError, type DeliveryProvider, type OutgoingMessage } from './types.js';
import { webhookProvider } from './webhook.js';

export { DeliveryError, Outbox };
export type { DeliveryProvider, OutgoingMessage };

export interface Deliveries {
  email: DeliveryProvider;
  sms: DeliveryProvider;
  emailTimeoutMs: number;
  smsTimeoutMs: number;
  /** Present when a provider is `outbox`; backs `/dev/outbox`. */
  outbox: Outbox | null;
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
    case 'smtp':
      emailProvider = smtpProvider(email.url, email.from, emailTimeoutMs);
      break;
    case 'webhook':
      emailProvider = webhookProvider(email.url, email.secret, now);
      break;
  }
  let smsProvider: DeliveryProvider;
  switch (sms.provider) {
    case 'outbox':
      smsProvider = getOutbox().provider();
      break;
    case 'twilio':
      smsProvider = twilioProvider(sms);
      break;
    case 'webhook':
      smsProvider = webhookProvider(sms.url, sms.secret, now);
      break;
  }
  return { email: emailProvider, sms: smsProvider, emailTimeoutMs, smsTimeoutMs, outbox };
}

/** Sends through `provider`, failing with DeliveryError on error or after `timeoutMs`. */
export async function sendWithTimeout(provider: DeliveryProvider, message: OutgoingMessage, timeoutMs: number) {
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
