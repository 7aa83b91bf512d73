/**
 * Twilio Programmable Messaging: POST form-encoded `To`, `From` (or `MessagingServiceSid`), `Body`
 * to `{base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth. The base URL is
 * configurable so tests (and regional endpoints) can point it elsewhere.
 */
import { httpClient } from './http.js';
import { DeliveryError, type DeliveryProvider } from './types.js';

export interface TwilioOptions {
  account_sid: string;
  auth_token: string;
  from?: string;
  messaging_service_sid?: string;
  base_url?: string;
}

export function twilioProvider(o: TwilioOptions): DeliveryProvider {
  const base = (o.base_url ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(o.account_sid)}/Messages.json`;
  const auth = 'Basic ' + Buffer.from(`${o.account_sid}:${o.auth_token}`).toString('base64');
  const http = httpClient('twilio', url);
  return {
    name: 'twilio',
    async sendWithin(m, timeoutMs) {
      const form = new URLSearchParams({ To: m.to, Body: m.text });
      if (o.messaging_service_sid) form.set('MessagingServiceSid', o.messaging_service_sid);
      else if (o.from) form.set('From', o.from);
      let status: number;
      let text: string;
      try {
        ({ status, text } = await http.post(
          ['authorization', auth, 'content-type', 'application/x-www-form-urlencoded'],
          form.toString(),
          timeoutMs,
        ));
      } catch (err) {
        throw err instanceof DeliveryError ? err : new DeliveryError('twilio request failed', { cause: err });
      }
      if (status < 200 || status > 299) {
        // Twilio's error body names the problem (code, message) without echoing the SMS text.
        let detail = '';
        try {
          const j = JSON.parse(text) as { code?: number; message?: string };
          detail = ` (code ${j.code}: ${j.message})`;
        } catch {
          /* not JSON */
        }
        throw new DeliveryError(`twilio answered ${status}${detail}`);
      }
    },
    close: () => http.close(),
  };
}
