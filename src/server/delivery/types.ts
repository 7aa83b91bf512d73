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
  /** The sender, when a custom email template sets one (`from`); else the provider's own. */
  from?: string;
}

interface ProviderBase {
  readonly name: string;
  close?(): Promise<void>;
}

/**
 * A provider either honours an AbortSignal that the caller aborts at the timeout (`send`), or keeps
 * the timeout itself (`sendWithin`: the HTTP providers, whose client has a timer per exchange
 * anyway; this spares each message an AbortController, its listener and a second timer).
 */
export type DeliveryProvider = ProviderBase &
  (
    | {
        /** Resolves once the provider accepted the message; must honour `signal` (the timeout). */
        send(message: OutgoingMessage, signal: AbortSignal): Promise<void>;
        sendWithin?: never;
      }
    | {
        /** Resolves once the provider accepted the message; fails with a DeliveryError after `timeoutMs`. */
        sendWithin(message: OutgoingMessage, timeoutMs: number): Promise<void>;
        send?: never;
      }
  );

export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
