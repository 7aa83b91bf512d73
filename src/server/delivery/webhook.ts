/**
 * Webhook delivery: POSTs `{channel, to, text, code, link?, locale}` as JSON. The receiver checks
 * `X-Passwordless-Signature: sha256=<hex HMAC-SHA-256 of "<timestamp>.<raw body>">` with the shared
 * secret, and `X-Passwordless-Timestamp` (unix seconds) to refuse replays.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { httpClient } from './http.js';
import { DeliveryError, type DeliveryProvider } from './types.js';

export function signWebhook(secret: string | KeyObject, timestamp: string, body: string | Buffer): string {
  // Fed in parts: the same bytes as "<timestamp>.<body>", without copying the body into a new string.
  return 'sha256=' + createHmac('sha256', secret).update(timestamp).update('.').update(body).digest('hex');
}

export function webhookProvider(url: string, secret: string, now: () => number): DeliveryProvider {
  const http = httpClient('webhook', url);
  // The key is imported once, not from the string on every message.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    name: 'webhook',
    async sendWithin(m, timeoutMs) {
      const payload: Record<string, string> = {
        channel: m.channel,
        to: m.to,
        text: m.text,
        code: m.code,
        locale: m.locale,
      };
      if (m.link) payload.link = m.link;
      if (m.subject) payload.subject = m.subject;
      if (m.html) payload.html = m.html;
      // Encoded once: the signature and the request are made from the same bytes.
      const body = Buffer.from(JSON.stringify(payload));
      const timestamp = String(Math.floor(now() / 1000));
      let status: number;
      try {
        ({ status } = await http.post(
          [
            'content-type',
            'application/json',
            'x-passwordless-timestamp',
            timestamp,
            'x-passwordless-signature',
            signWebhook(key, timestamp, body),
          ],
          body,
          timeoutMs,
        ));
      } catch (err) {
        throw err instanceof DeliveryError ? err : new DeliveryError('webhook request failed', { cause: err });
      }
      if (status < 200 || status > 299) throw new DeliveryError(`webhook answered ${status}`);
    },
    close: () => http.close(),
  };
}
