/**
 * The HTTP client of the webhook and Twilio providers: one undici Agent per provider, so
 * connections to the provider stay open between messages (no TCP or TLS handshake per message,
 * and none of fetch's per-call Request/Response machinery). Redirects are not followed.
 */
import { Agent, request } from 'undici';

export interface HttpAnswer {
  status: number;
  text: string;
}

export interface HttpClient {
  post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function httpClient(): HttpClient {
  // Idle connections are kept 30 s; a provider that closes earlier just costs a reconnect.
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  return {
    async post(url, headers, body, signal) {
      const res = await request(url, { method: 'POST', headers, body, signal, dispatcher: agent });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close: () => agent.close(),
  };
}
