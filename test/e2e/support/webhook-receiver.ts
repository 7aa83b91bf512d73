/**
 * The SMS side: the API's `webhook` provider POSTs `{channel,to,text,code,link?,locale}` here,
 * signed with HMAC-SHA-256 over `<timestamp>.<body>`. Like a real receiver, this one refuses a
 * message whose signature does not match (and the test then sees no SMS).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookMessage {
  channel: string;
  to: string;
  text: string;
  code: string;
  link?: string;
  locale: string;
}

export interface WebhookReceiver {
  readonly url: string;
  /** The shared secret to put in the API's `sms.secret`. */
  readonly secret: string;
  /** Requests refused for a bad or missing signature. */
  readonly rejected: string[];
  readonly messages: WebhookMessage[];
  waitForMessage(to: string, options?: { count?: number; timeoutMs?: number }): Promise<WebhookMessage>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const messages: WebhookMessage[] = [];
  const rejected: string[] = [];
  const secret = randomBytes(24).toString('base64url');
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-passwordless-timestamp'] ?? '');
      const expected = Buffer.from(
        'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'),
      );
      const given = Buffer.from(String(req.headers['x-passwordless-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        rejected.push(body);
        res.writeHead(401).end();
        return;
      }
      try {
        messages.push(JSON.parse(body) as WebhookMessage);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        for (const wake of listeners) wake();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    secret,
    rejected,
    messages,
    waitForMessage(to, { count = 1, timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const mine = messages.filter((m) => m.to === to);
          if (mine.length >= count) {
            cleanup();
            resolve(mine[count - 1]!);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no SMS #${count} to ${to} within ${timeoutMs} ms (got ${JSON.stringify(messages)}; refused for bad signature: ${rejected.length})`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
