/**
 * A real SMTP server on loopback that the API delivers to (provider `smtp`). Each message is
 * parsed as MIME, so tests read the code and link the way a mail client would show them.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The 6-digit code found in the text body. */
  code: string | undefined;
  /** The first http(s) link to `/passwordless/verify_redirect` in the text body. */
  link: string | undefined;
  raw: string;
}

export interface SmtpReceiver {
  readonly url: string;
  readonly mails: ReceivedMail[];
  /** Waits for the next mail to `to` that arrives after `since` mails to it were seen. */
  waitForMail(to: string, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const text = parsed.text ?? '';
            const html = typeof parsed.html === 'string' ? parsed.html : '';
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text,
              html,
              code: text.match(/\b(\d{6})\b/)?.[1],
              link: text.match(/https?:\/\/\S+\/passwordless\/verify_redirect\?\S+/)?.[0],
              raw: raw.toString('utf8'),
            });
            for (const wake of listeners) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitForMail(to, { count = 1, timeoutMs = 15_000 } = {}) {
      const address = to.toLowerCase();
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const mine = mails.filter((m) => m.to.includes(address));
          if (mine.length >= count) {
            cleanup();
            resolve(mine[count - 1]!);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no mail #${count} to ${to} within ${timeoutMs} ms (got ${mails.length} mails in all)`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
