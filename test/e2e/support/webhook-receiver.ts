/**
 * The SMS side: the API's `webhook` provider POSTs `{channel,to,text,code,link?,locale}` here.
 */
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
  readonly messages: WebhookMessage[];
  waitForMessage(to: string, options?: { count?: number; timeoutMs?: number }): Promise<WebhookMessage>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const messages: WebhookMessage[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage);
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
          reject(new Error(`no SMS #${count} to ${to} within ${timeoutMs} ms (got ${JSON.stringify(messages)})`));
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
