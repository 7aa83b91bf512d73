/**
 * Dev delivery: prints each message and keeps the newest ones in memory for `GET /dev/outbox`
 * (the demo's mailbox page). It holds codes in clear, so it refuses to exist in production.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../protocol/index.js';
import type { DeliveryProvider, OutgoingMessage } from './types.js';

export class Outbox {
  private messages: OutboxMessage[] = [];

  constructor(
    private readonly now: () => number,
    private readonly print: (line: string) => void,
    private readonly capacity = 200,
  ) {
    if (process.env.NODE_ENV === 'production') {
      throw new Error('The outbox delivery provider is for development; it refuses to run with NODE_ENV=production.');
    }
  }

  add(m: OutgoingMessage): void {
    const entry: OutboxMessage = {
      id: randomUUID(),
      channel: m.channel,
      to: m.to,
      client_id: m.client_id,
      text: m.text,
      code: m.code,
      locale: m.locale,
      sent_at: new Date(this.now()).toISOString(),
    };
    if (m.subject !== undefined) entry.subject = m.subject;
    if (m.html !== undefined) entry.html = m.html;
    if (m.link !== undefined) entry.link = m.link;
    this.messages.unshift(entry);
    this.messages.length = Math.min(this.messages.length, this.capacity);
    this.print(`[outbox] ${m.channel} to ${m.to}${m.subject ? ` «${m.subject}»` : ''}\n${m.text}\n`);
  }

  /** Newest first. */
  list(): OutboxMessage[] {
    return [...this.messages];
  }

  clear(): void {
    this.messages = [];
  }

  provider(): DeliveryProvider {
    return {
      name: 'outbox',
      send: async (m) => this.add(m),
    };
  }
}
