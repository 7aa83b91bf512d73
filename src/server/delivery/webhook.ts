/**
 * Webhook delivery: POSTs `{channel, to, text, code, link?, locale}` as JSON. The receiver checks
 * `X-Passwordless-Signature: sha256=<hex HMAC-SHA-256 of "<timestamp>.<raw body>">` with the shared
 * secret, and `X-Passwordless-Timestamp` (unix seconds) to refuse replays.
 */
import { createHmac } from 'node:crypto';
import { httpClient } from './http.js';
import { DeliveryError, type DeliveryProvider } from './types.js';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function webhookProvider(url: string, secret: string, now: () => number): DeliveryProvider {
  const http = httpClient();
  return {
    name: 'webhook',
    async send(m, signal) {
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
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(now() / 1000));
      let status: number;
      try {
        ({ status } = await http.post(
          url,
          {
            'content-type': 'application/json',
            'x-passwordless-timestamp': timestamp,
            'x-passwordless-signature': signWebhook(secret, timestamp, body),
          },
          body,
          signal,
        ));
      } catch (err) {
        throw new DeliveryError('webhook request failed', { cause: err });
      }
      if (status < 200 || status > 299) throw new DeliveryError(`webhook answered ${status}`);
    },
    close: () => http.close(),
  };
}
