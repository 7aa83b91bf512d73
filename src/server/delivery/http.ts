/**
 * The HTTP client of the webhook and Twilio providers: one undici Pool per provider URL, so
 * connections to the provider stay open between messages (no TCP or TLS handshake per message).
 * Each message is one `dispatch` with a small handler that collects the answer: none of `fetch`'s
 * or `request`'s per-call machinery (URL parsing, an AbortSignal and its listeners, a response
 * body stream). The timeout is one timer per message that aborts the exchange. Redirects are not
 * followed.
 */
import { Pool, type Dispatcher } from 'undici';
import { DeliveryError } from './types.js';

export interface HttpAnswer {
  status: number;
  text: string;
}

export interface HttpClient {
  /**
   * POSTs `body` with `headers` (name, value, name, value, …) to the client's URL. Fails with a
   * DeliveryError when the whole answer has not arrived within `timeoutMs`, with the request's
   * error otherwise.
   */
  post(headers: string[], body: string | Buffer, timeoutMs: number): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** One request and its answer; settles its promise once, on the answer, an error or the timeout. */
class Exchange implements Dispatcher.DispatchHandler {
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | null = null;
  private timedOut: DeliveryError | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (answer: HttpAnswer) => void,
    private readonly reject: (err: Error) => void,
    private readonly name: string,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.onTimeout(timeoutMs), timeoutMs);
  }

  private onTimeout(timeoutMs: number): void {
    this.timedOut = new DeliveryError(`${this.name} did not answer within ${timeoutMs} ms`);
    // Not yet on a connection: it is aborted as soon as it gets one (onRequestStart).
    this.controller?.abort(this.timedOut);
    this.reject(this.timedOut);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut) controller.abort(this.timedOut);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    clearTimeout(this.timer);
    const text = this.chunks.length === 0 ? '' : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ status: this.status, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    clearTimeout(this.timer);
    this.reject(err);
  }
}

/** `name` (the provider's) is in the timeout's message. */
export function httpClient(name: string, url: string): HttpClient {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  // Idle connections are kept 30 s; a provider that closes earlier just costs a reconnect.
  const pool = new Pool(target.origin, { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  return {
    post(headers, body, timeoutMs) {
      return new Promise((resolve, reject) => {
        pool.dispatch({ path, method: 'POST', headers, body }, new Exchange(resolve, reject, name, timeoutMs));
      });
    },
    close: () => pool.close(),
  };
}
