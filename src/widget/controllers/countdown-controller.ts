/**
 * Resend countdown. Counts whole seconds down to zero against the clock (not by counting ticks,
 * so a throttled background tab still shows the right figure) and re-renders the host each second;
 * `ended` runs when it reaches zero by itself (not on stop()).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class CountdownController implements ReactiveController {
  private endsAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ended?: () => void,
  ) {
    host.addController(this);
  }

  /** Seconds left, 0 when the countdown is over. */
  get remaining(): number {
    return Math.max(0, Math.ceil((this.endsAt - Date.now()) / 1000));
  }

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.stop();
    if (!(seconds > 0)) {
      this.host.requestUpdate();
      return;
    }
    this.endsAt = Date.now() + seconds * 1000;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.stop();
        this.ended?.();
      }
      this.host.requestUpdate();
    }, 1000);
    this.host.requestUpdate();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.endsAt = Math.min(this.endsAt, Date.now());
  }

  hostDisconnected(): void {
    this.stop();
  }
}
