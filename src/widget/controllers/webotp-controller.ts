/**
 * WebOTP (https://wicg.github.io/web-otp/): where the browser supports it, an SMS ending in
 * `@<origin> #<code>` fills the code without typing. The request is aborted whenever the host
 * leaves the code state, so a stale prompt never lingers.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

interface OtpCredential extends Credential {
  code: string;
}

export class WebOtpController implements ReactiveController {
  private abort: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  static get supported(): boolean {
    return typeof window !== 'undefined' && 'OTPCredential' in window && !!navigator.credentials;
  }

  /** Starts listening for an incoming SMS code; `onCode` gets the digits. */
  start(onCode: (code: string) => void): void {
    this.stop();
    if (!WebOtpController.supported) return;
    const abort = new AbortController();
    this.abort = abort;
    const options = { otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions;
    navigator.credentials
      .get(options)
      .then((credential) => {
        const code = (credential as OtpCredential | null)?.code;
        if (code && !abort.signal.aborted) onCode(code);
      })
      // Aborted, denied or timed out: the user types the code instead.
      .catch(() => undefined);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  hostDisconnected(): void {
    this.stop();
  }
}
