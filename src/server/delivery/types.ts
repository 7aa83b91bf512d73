/** What the routes hand to a delivery provider, and the provider interface. */
import type { Connection } from '../../protocol/index.js';

export interface OutgoingMessage {
  channel: Connection;
  /** Email address or E.164 number. */
  to: string;
  client_id: string;
  locale: string;
  subject?: string;
  text: string;
  html?: string;
  /** The one-time code in the message ('' for a no-account notice). */
  code: string;
  link?: string;
}

export interface DeliveryProvider {
  readonly name: string;
  /** Resolves once the provider accepted the message; must honour `signal` (the timeout). */
  send(message: OutgoingMessage, signal: AbortSignal): Promise<void>;
  close?(): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
