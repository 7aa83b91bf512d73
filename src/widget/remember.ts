/** The `remember` attribute: the last identifier, kept per client in localStorage. */
import { isConnection, type Connection } from '../protocol/index.js';

export interface Remembered {
  connection: Connection;
  /** Email address, or the E.164 phone number. */
  identifier: string;
}

const key = (clientId: string) => `passwordless-login:last:${clientId}`;

export function recall(clientId: string): Remembered | undefined {
  try {
    const raw = localStorage.getItem(key(clientId));
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<Remembered>;
    if (isConnection(value.connection) && typeof value.identifier === 'string') {
      return { connection: value.connection, identifier: value.identifier };
    }
  } catch {
    // Storage blocked (privacy mode) or a corrupt value: nothing to offer.
  }
  return undefined;
}

export function remember(clientId: string, value: Remembered): void {
  try {
    localStorage.setItem(key(clientId), JSON.stringify(value));
  } catch {
    // Storage full or blocked: remembering is a convenience, never an error.
  }
}
