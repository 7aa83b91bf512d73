/**
 * Email magic links for the host: loads the oidc chunk (oidc-client-ts and the link views) when a
 * link is asked for or the page is a link's redirect, builds each link request, waits for the
 * redirect tab's sign-in, and completes the sign-in on the redirect page. The host keeps the
 * state machine: it learns what happened through the callbacks it passed in.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuthParams, HostedStatus, HostedTransaction, LoginResult } from '../../protocol/index.js';
import type * as LinkSupport from '../link/oidc-link.js';
import type { LinkConfig } from '../link/oidc-link.js';
import { isCallbackUrl } from '../link/callback-url.js';
import { baseUrl, ProtocolError } from '../protocol-error.js';

export interface LinkHost extends ReactiveControllerHost {
  domain: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  audience: string;
  transaction: HostedTransaction | undefined;
}

export interface LinkCallbacks {
  /** The redirect is this browser's and is being redeemed (before any network round trip). */
  redirectStarted(): void;
  /** The redirect signed in, or the redirect tab did with this tab's request. */
  login(result: LoginResult): void;
  /** The redirect failed: expired or used link, another browser, network. */
  redirectFailed(error: ProtocolError): void;
}

export class LinkController implements ReactiveController {
  /** The loaded chunk; it also renders the link states, which are only reachable through it. */
  lib: typeof LinkSupport | undefined;
  /** "Send a new link" from the error state sends a link whatever the host's `send` says. */
  forced = false;
  /**
   * In the error state after an expired link: the address to offer a fresh link for. Set before
   * `redirectFailed`, whose state change renders it.
   */
  newLinkEmail = '';
  #loading: Promise<typeof LinkSupport> | undefined;
  /** Stops waiting for the redirect tab (its BroadcastChannel message, or the hosted page's check). */
  #stopListening: (() => void) | undefined;
  #redirectChecked = false;

  constructor(
    private readonly host: LinkHost,
    private readonly on: LinkCallbacks,
  ) {
    host.addController(this);
  }

  load(): Promise<typeof LinkSupport> {
    this.#loading ??= import('../link/oidc-link.js').then((lib) => (this.lib = lib));
    return this.#loading;
  }

  /**
   * Creates and stores a sign-in request for `email`: the `authParams` of /passwordless/start.
   * `grant` (the passkey part's scope and MyAccount audience) replaces the host's scope and
   * audience, so the link's tokens can save a passkey after it, as a code's can.
   */
  async request(email: string, grant?: { scope: string; audience: string }): Promise<AuthParams & { state: string }> {
    return (await this.load()).createLinkRequest({ ...this.#config(), ...grant }, email);
  }

  /**
   * After a link was sent: calls `onLogin` when the redirect tab (same browser) signs in with the
   * request `state`. Replaces any earlier wait.
   */
  async listen(state: string, onLogin: (result: LoginResult) => void): Promise<void> {
    this.stop();
    const lib = await this.load();
    this.#stopListening = lib.listenForLogin(this.#config(), state, onLogin);
  }

  /** On the hosted page, after a link was sent: see `watchHosted` in the link chunk. */
  async watchHosted(ask: () => Promise<HostedStatus>, onDone: () => void): Promise<void> {
    this.stop();
    const lib = await this.load();
    this.#stopListening = lib.watchHosted(ask, () => {
      this.stop();
      onDone();
    });
  }

  /** Stops waiting for the redirect tab and forgets a forced link (the host's `reset()`). */
  reset(): void {
    this.forced = false;
    this.stop();
  }

  stop(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
  }

  /**
   * The redirect is handled once, as soon as `domain` and `client-id` are both known: at the
   * first render, or later when an app configures the element after creating it.
   */
  hostUpdated(): void {
    if (this.#redirectChecked || !this.host.domain || !this.host.clientId) return;
    this.#redirectChecked = true;
    // On the hosted page the API has handled the link's redirect itself and says what failed.
    const failure = this.host.transaction?.failure;
    if (failure) void this.#showFailure(new ProtocolError(failure, 'The sign-in link could not be used here.'));
    else if (!this.host.transaction) void this.#handleRedirect();
  }

  async #showFailure(error: ProtocolError): Promise<void> {
    await this.load();
    this.on.redirectStarted();
    this.on.redirectFailed(error);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** On the redirect page: complete the sign-in the link started, in this browser. */
  async #handleRedirect(): Promise<void> {
    // Runs right after the first render, before the browser draws it: most pages have no query.
    if (!location.search) return;
    const url = new URL(location.href);
    if (!isCallbackUrl(url)) return;
    const lib = await this.load();
    const outcome = await lib.redeem(this.#config(), url, () => this.on.redirectStarted());
    if (!outcome) return;
    if (outcome.ok) return this.on.login(outcome.result);
    this.newLinkEmail = outcome.error === 'link_expired' ? (outcome.email ?? '') : '';
    this.on.redirectFailed(new ProtocolError(outcome.error, outcome.description));
  }

  #config(): LinkConfig {
    const h = this.host;
    return {
      base: baseUrl(h.domain),
      clientId: h.clientId,
      redirectUri: h.redirectUri,
      scope: h.scope,
      ...(h.audience ? { audience: h.audience } : {}),
    };
  }
}
