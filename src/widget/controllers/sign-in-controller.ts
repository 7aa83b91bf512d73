/**
 * The sign-in flow: send, resend, verify, the hosted page's completion and the magic link's
 * hand-off, with the API calls they make. It moves the host's state machine (src/widget/state.ts)
 * and fills the host's reactive state; the host renders it and wires its events here. It ships in
 * the requests chunk (./requests.ts), which the host loads when focus first enters it, so the
 * first load carries none of it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  CODE_LENGTH,
  RESEND_INTERVAL_SECONDS,
  type Connection,
  type HostedTransaction,
  type LoginResult,
  type SendMode,
  type StartRequest,
  type TokenResponse,
} from '../../protocol/index.js';
import { canonicalEmail } from '../../protocol/email.js';
import { invalidInput, toFailure, type Failure } from '../error-messages.js';
import { LoginErrorEvent, LoginEvent, SentEvent } from '../events.js';
import type { MessageKey } from '../i18n/en.js';
import { completeTransaction, hostedStatus, passwordlessStart, verifyOtp } from '../protocol-client.js';
import { ProtocolError } from '../protocol-error.js';
import { remember } from '../remember.js';
import type { LoginState } from '../state.js';
import type { ViewError } from '../views/context.js';
import type * as CodeViews from '../views/code-view.js';
import type { CountdownController } from './countdown-controller.js';
import type { LinkController } from './link-controller.js';
import type { PhoneController } from './phone-controller.js';

/** What the flow reads and writes on the element (its properties and reactive state). */
export interface SignInHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  domain: string;
  clientId: string;
  scope: string;
  audience: string;
  redirectUri: string;
  remember: boolean;
  transaction: HostedTransaction | undefined;
  current: LoginState;
  channel: Connection;
  email: string;
  code: string;
  failure: Failure | undefined;
  sentTo: string;
  resending: boolean;
  readonly linkMode: boolean;
  readonly client: { domain: string; language: string };
  readonly countdown: CountdownController;
  readonly phone: PhoneController;
  /** The passkey part's scope and MyAccount audience, once that part is there. */
  readonly grant: { scope: string; audience: string } | undefined;
  link: LinkController | undefined;
  codeViews: typeof CodeViews | undefined;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  move(to: LoginState): void;
  announce(text: string): void;
  failureMessage(): string | undefined;
  focusFirst(): void;
  displayedSentTo(): string;
  reset(): void;
}

export class SignInController implements ReactiveController {
  /** The last `login`'s result, for a passkey part that arrives after it (its offer to save one). */
  lastLogin: LoginResult | undefined;
  /** Guards against double submits between a click and the state change it causes. */
  #busy = false;
  #lastAction: (() => void) | undefined;
  #codeViewsLoad: Promise<unknown> | undefined;
  #linkLoad: Promise<LinkController> | undefined;

  constructor(private readonly host: SignInHost) {
    host.addController(this);
  }

  /** A detached element stops waiting for the link's tab. */
  hostDisconnected(): void {
    this.host.link?.stop();
  }

  /** Back to the identifier state (the host's `reset()`): forgets a request in flight and a forced link. */
  reset(): void {
    this.#busy = false;
    this.host.link?.reset();
  }

  // ───────────────────────────── send ─────────────────────────────

  async #readIdentifier(): Promise<string | undefined> {
    const h = this.host;
    // The server's rule (src/protocol/email.ts): a bare address, sent in its canonical form.
    const to = (h.channel === 'email' ? canonicalEmail(h.email) : (await h.phone.load()).toE164()) || undefined;
    if (!to) this.#invalidInput('identifier', h.channel === 'email' ? 'invalidEmail' : 'invalidPhone');
    return to;
  }

  /** Sends a code or link to what was typed (the identifier form's submit). */
  async send(): Promise<void> {
    const h = this.host;
    if (this.#busy || h.current !== 'identifier') return;
    // Still waiting after a 429 for this same identifier: say again how long (the figure is current).
    if (h.failure?.code === 'too_many_requests' && h.countdown.running) return h.announce(h.failureMessage()!);
    this.#busy = true;
    try {
      const to = await this.#readIdentifier();
      if (!to) return;
      h.failure = undefined;
      this.#lastAction = () => void this.send();
      h.move('sending');
      // The code state's views arrive while the request is in flight.
      const views = this.loadCodeViews();
      await this.#start(to);
      await views;
      h.move(h.linkMode ? 'link-sent' : 'code');
    } catch (error) {
      h.move('identifier');
      this.#fail(error, 'identifier');
    } finally {
      this.#busy = false;
    }
  }

  /** Posts /passwordless/start for `to` and records what was sent. */
  async #start(to: string): Promise<void> {
    const h = this.host;
    const linkMode = h.linkMode;
    const send: SendMode = linkMode ? 'link' : 'code';
    const body: StartRequest =
      h.channel === 'email'
        ? { client_id: h.clientId, connection: 'email', email: to, send }
        : { client_id: h.clientId, connection: 'sms', phone_number: to, send };
    if (linkMode) {
      // On the hosted page the link returns to the API, which keeps its PKCE verifier and
      // completes the pending request; the link views still come from the oidc chunk.
      const hosted = h.transaction?.link;
      const link = await this.loadLink();
      // MyAccount's audience too, as for a code (verify): the link's return can save a passkey.
      body.authParams = hosted ? (await link.load(), hosted) : await link.request(to, h.grant);
    }
    await passwordlessStart(h.client, body);
    h.sentTo = to;
    h.code = '';
    const linkState = body.authParams?.state;
    const id = h.transaction?.id;
    if (linkState && !h.transaction) {
      await (
        await this.loadLink()
      ).listen(linkState, (result) => {
        // The redirect tab signed in with our request: this tab's app continues too.
        if (h.current === 'link-sent' || h.current === 'code') this.#finish(result);
      });
    } else if (linkState && id) {
      // The link's tab went back to the app signed in: so is this browser.
      await (
        await this.loadLink()
      ).watchHosted(
        () => hostedStatus(h.client, id),
        () =>
          this.loadCodeViews().then(() => {
            if (h.current !== 'link-sent' && h.current !== 'code') return;
            h.countdown.stop();
            h.move('done');
          }),
      );
    }
    h.countdown.start(RESEND_INTERVAL_SECONDS);
    if (h.remember && h.clientId) remember(h.clientId, { connection: h.channel, identifier: to });
    h.dispatchEvent(new SentEvent({ connection: h.channel, send, to }));
  }

  /** Asks for a new code or link to the same identifier. */
  async resend(): Promise<void> {
    const h = this.host;
    if (this.#busy || h.countdown.running) return;
    this.#busy = true;
    h.resending = true;
    // The button disables itself: focus goes first to where the next step is (the code field, or
    // "Enter the code instead"), so it is never lost to the page.
    h.focusFirst();
    this.#lastAction = () => void this.resend();
    const field = h.current === 'code' ? 'code' : 'form';
    try {
      h.failure = undefined;
      await this.#start(h.sentTo);
      h.announce(h.t('resent', { to: h.displayedSentTo() }));
    } catch (error) {
      this.#fail(error, field);
    } finally {
      this.#busy = false;
      h.resending = false;
    }
  }

  /** "Try again" after a network or server failure: the last action once more. */
  retry(): void {
    this.host.failure = undefined;
    this.#lastAction?.();
  }

  /** "Send a new link" after an expired link: a link to the address it was for, whatever `send` says. */
  newLink(): void {
    const h = this.host;
    const link = h.link;
    if (!link) return;
    const email = link.newLinkEmail;
    h.reset();
    h.channel = 'email';
    h.email = email;
    link.forced = true;
    void this.send();
  }

  // ───────────────────────────── verify ─────────────────────────────

  /** Verifies the typed code: tokens for the page, or, on the hosted page, back to the application. */
  async verify(): Promise<void> {
    const h = this.host;
    if (this.#busy || h.current !== 'code') return;
    if (!new RegExp(`^\\d{${CODE_LENGTH}}$`).test(h.code)) return this.#invalidInput('code', 'invalidCode');
    this.#busy = true;
    h.failure = undefined;
    this.#lastAction = () => void this.verify();
    h.move('verifying');
    const login = { connection: h.channel, username: h.sentTo, otp: h.code };
    try {
      if (h.transaction) {
        const { redirect_to } = await completeTransaction(h.client, { transaction: h.transaction.id ?? '', ...login });
        h.countdown.stop();
        h.move('done');
        location.assign(redirect_to);
        return;
      }
      const tokens = await verifyOtp(h.client, {
        clientId: h.clientId,
        ...login,
        scope: h.scope,
        ...(h.audience ? { audience: h.audience } : {}),
        // MyAccount's audience, so this sign-in's token can save a passkey after it.
        ...h.grant,
      });
      await this.finishTokens(tokens);
    } catch (error) {
      h.move('code');
      const e = error instanceof ProtocolError ? error : undefined;
      // A wrong, expired or dead code is cleared so the next one can be typed or pasted at once.
      if (e && (e.code === 'invalid_grant' || e.code === 'too_many_attempts')) h.code = '';
      if (e?.code === 'too_many_attempts') h.countdown.stop();
      this.#fail(error, 'code');
    } finally {
      this.#busy = false;
    }
  }

  /** Signs in with tokens (a code's, or a passkey's); the token reader is a lazy chunk too. */
  async finishTokens(tokens: TokenResponse): Promise<void> {
    this.#finish((await import('../tokens.js')).toLoginResult(tokens));
  }

  #finish(result: LoginResult): void {
    const h = this.host;
    h.countdown.stop();
    // A magic-link redirect page reaches `done` without having shown a code.
    void this.loadCodeViews().then(() => {
      h.move('done');
      this.lastLogin = result;
      h.dispatchEvent(new LoginEvent(result));
    });
  }

  // ───────────────────────────── lazy parts ─────────────────────────────

  /**
   * Loads the code and done views once, with the code field's styles: a lazy chunk of the ES build
   * (the first state never shows them), fetched while /passwordless/start is in flight.
   */
  loadCodeViews(): Promise<unknown> {
    const h = this.host;
    this.#codeViewsLoad ??= import('../views/code-view.js').then((mod) => {
      (h.renderRoot as ShadowRoot).adoptedStyleSheets.push(mod.codeStyles.styleSheet!);
      h.codeViews = mod;
    });
    return this.#codeViewsLoad;
  }

  /** The magic-link controller (./link-controller.ts), created once from its chunk. */
  loadLink(): Promise<LinkController> {
    const h = this.host;
    this.#linkLoad ??= import('./link-controller.js').then((mod) => {
      const link = new mod.LinkController(h, {
        redirectStarted: () => h.move('callback'),
        login: (result) => this.#finish(result),
        redirectFailed: (error) => {
          this.#fail(error, 'form');
          h.move('error');
        },
      });
      // Added after the first update: it checks the page for a link's redirect now.
      link.hostUpdated();
      return (h.link = link);
    });
    return this.#linkLoad;
  }

  // ───────────────────────────── errors ─────────────────────────────

  #fail(error: unknown, field: ViewError['field']): void {
    const h = this.host;
    const f = (h.failure = toFailure(error, field, h.channel));
    if (f.withSeconds) h.countdown.start(f.retryAfter ?? RESEND_INTERVAL_SECONDS);
    h.announce(h.failureMessage() ?? '');
    h.dispatchEvent(new LoginErrorEvent({ error: f.code, errorDescription: f.description }));
  }

  /** Client-side validation problems: no event, the user just fixes the field. */
  #invalidInput(field: ViewError['field'], key: MessageKey): void {
    const h = this.host;
    h.failure = invalidInput(field, key);
    h.announce(h.t(key));
    void h.updateComplete.then(() => h.focusFirst());
  }
}
