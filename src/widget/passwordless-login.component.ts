import { LitElement, html, nothing, type PropertyValues } from 'lit';
import {
  CODE_LENGTH,
  isConnection,
  RESEND_INTERVAL_SECONDS,
  type Connection,
  type HostedTransaction,
  type LoginResult,
  type SendMode,
  type StartRequest,
  type TokenResponse,
} from '../protocol/index.js';
import { CountdownController } from './controllers/countdown-controller.js';
import type { LinkController } from './controllers/link-controller.js';
import { LocalizeController, registerMessages } from './controllers/localize-controller.js';
import { PhoneController } from './controllers/phone-controller.js';
import type { WebOtpController } from './controllers/webotp-controller.js';
import { invalidInput, toFailure, type Failure } from './error-messages.js';
import { LoginErrorEvent, LoginEvent, SentEvent, StateChangeEvent } from './events.js';
import type { MessageKey, Messages } from './i18n/en.js';
import { ProtocolError } from './protocol-error.js';
import { recall, remember } from './remember.js';
import { canMove, type LoginState } from './state.js';
import { styles } from './styles.js';
import type { ViewContext, ViewError } from './views/context.js';
import { renderIdentifier } from './views/identifier-view.js';
import { isCallbackUrl } from './link/callback-url.js';
import type * as CodeViewModule from './views/code-view.js';
import type * as Requests from './requests.js';
import type { PasskeyPart } from './passkeys/passkey-ui.js';

type CodeViews = typeof CodeViewModule;

const STATE_MESSAGES: Partial<Record<LoginState, MessageKey>> = {
  sending: 'sending',
  code: 'codeSent',
  'link-sent': 'linkSent',
  verifying: 'verifying',
  done: 'done',
  callback: 'callbackWorking',
};

/**
 * A passwordless sign-in form: the user gives an email address or phone number, receives a
 * one-time code (or, for email, a magic link) and is signed in; the element then emits `login`
 * with the tokens. It talks to an Auth0-compatible passwordless API.
 *
 * @summary Passwordless login with email or SMS one-time codes and email magic links.
 *
 * @slot header - Shown above the form (a logo or a heading). Defaults to the "Sign in" title.
 * @slot footer - Shown below the form (terms, help links).
 *
 * @fires login - Signed in. `detail`: `{accessToken, idToken, idTokenPayload, refreshToken?, expiresIn, tokenType, scope}` (Auth0 Lock's names).
 * @fires sent - A code or link was sent. `detail`: `{connection, send, to}`.
 * @fires login-error - A request failed. `detail`: `{error, errorDescription}` with the protocol's error codes.
 * @fires state-change - The state changed. `detail`: `{state, previous}`.
 * @fires passkey-saved - The user saved a passkey from the offer after a code or link sign-in (always after that sign-in's `login`). `detail`: `{method}` (the API's MyAccount passkey method: `id`, `name`, `created_at`, …).
 *
 * @csspart base - The wrapper of everything.
 * @csspart header - The header area around the `header` slot.
 * @csspart title - The default "Sign in" title.
 * @csspart form - Each state's form or panel.
 * @csspart identifier-form - The form of the identifier state.
 * @csspart code-form - The form of the code state.
 * @csspart link-sent - The "check your email" panel.
 * @csspart failure - The panel of the error state (magic-link problems).
 * @csspart switch - The email/phone switch (a fieldset of two radios).
 * @csspart switch-option - One option of the switch.
 * @csspart field - A label, its control, hint and error.
 * @csspart phone-row - The row holding the country select and the phone field.
 * @csspart label - A field's visible label.
 * @csspart input - Every text input and select.
 * @csspart email-input - The email input.
 * @csspart phone-input - The phone number input.
 * @csspart country-select - The country select.
 * @csspart code-input - The one-time-code input.
 * @csspart hint - Help text under a field.
 * @csspart message - Informational text ("We sent a code to …").
 * @csspart error - An error message.
 * @csspart success - The "You are signed in" message.
 * @csspart countdown - The resend countdown.
 * @csspart button - Every button.
 * @csspart primary-button - The main action of a state.
 * @csspart secondary-button - Other actions (resend, change, try again).
 * @csspart send-button - Send code / send link.
 * @csspart verify-button - Verify the code.
 * @csspart resend-button - Ask for a new code or link.
 * @csspart change-button - Go back to change the identifier.
 * @csspart enter-code-button - "Enter the code instead" in the link flow.
 * @csspart retry-button - "Try again" after a network or server failure.
 * @csspart new-link-button - "Send a new link" after an expired link.
 * @csspart start-over-button - Back to the start after a magic-link problem.
 * @csspart passkey - The passkey area under the identifier form (its button and message).
 * @csspart passkey-button - "Sign in with a passkey".
 * @csspart passkey-error - Why a passkey sign-in (or saving one) did not work (the code flow, or the sign-in, still does).
 * @csspart passkey-offer - The offer to save a passkey, under the done state's message.
 * @csspart passkey-offer-text - "Sign in faster next time: save a passkey on this device."
 * @csspart passkey-save-button - "Save a passkey".
 * @csspart passkey-not-now-button - "Not now" (remembered for this identifier on this browser).
 * @csspart passkey-saved - "Passkey saved." after saving one.
 * @csspart spinner - The busy indicator.
 * @csspart status - The (visually hidden) live region announcing state changes.
 * @csspart footer - The footer area around the `footer` slot.
 *
 * @cssproperty --pwl-color-background - Background colour.
 * @cssproperty --pwl-color-surface - Background of secondary surfaces.
 * @cssproperty --pwl-color-text - Text colour.
 * @cssproperty --pwl-color-muted - Colour of hints and the countdown.
 * @cssproperty --pwl-color-border - Border colour of inputs.
 * @cssproperty --pwl-color-primary - Colour of the main button and links.
 * @cssproperty --pwl-color-primary-text - Text colour on the main button.
 * @cssproperty --pwl-color-error - Colour of error messages and invalid borders.
 * @cssproperty --pwl-color-success - Colour of the success message.
 * @cssproperty --pwl-font-family - Font family.
 * @cssproperty --pwl-font-size - Base font size.
 * @cssproperty --pwl-radius - Corner radius of inputs and buttons.
 * @cssproperty --pwl-spacing - Base spacing between parts.
 * @cssproperty --pwl-focus-ring-color - Colour of the focus ring.
 * @cssproperty --pwl-focus-ring - The focus ring (a box-shadow).
 * @cssproperty --pwl-max-inline-size - Maximum width of the element.
 */
export class PasswordlessLogin extends LitElement {
  static override styles = styles;

  /* Reactive properties as a static map rather than decorators: same behaviour, about 0.5 kB
     (gzip) less code in every page (no decorator helpers). */
  static override properties = {
    domain: {},
    clientId: { attribute: 'client-id' },
    connection: {},
    send: {},
    defaultCountry: { attribute: 'default-country' },
    countries: {},
    scope: {},
    audience: {},
    lang: {},
    remember: { type: Boolean },
    theme: { reflect: true },
    redirectUri: { attribute: 'redirect-uri' },
    passkeys: {},
    transaction: { type: Object },
    messages: { attribute: false },
    current: { state: true },
    channel: { state: true },
    email: { state: true },
    code: { state: true },
    failure: { state: true },
    sentTo: { state: true },
    remembered: { state: true },
    resending: { state: true },
    announcement: { state: true },
  };

  /** Base URL of the passwordless API; a bare host means `https://`. */
  domain = '';

  /** The application's client ID at the API. */
  clientId = '';

  /** `email`, `sms`, or `email sms` (both, with a switch between them). */
  connection = 'email';

  /** `code` (a one-time code) or `link` (an email magic link; sms always uses a code). */
  send: SendMode = 'code';

  /** ISO 3166-1 alpha-2 country preselected for phone numbers; else the browser's region. */
  defaultCountry = '';

  /** Space-separated allowlist of ISO 3166-1 alpha-2 countries offered for phone numbers. */
  countries = '';

  /** OAuth scopes asked for. */
  scope = 'openid profile email phone';

  /** API audience for the access token. */
  audience = '';

  /** UI language (BCP 47): one of the 49 shipped or a registered one; else the nearest `lang` around it, else the browser's. */
  override lang = '';

  /** Keep the last identifier in localStorage and offer it next time. */
  remember = false;

  /** Colour scheme: `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  theme: 'light' | 'dark' | 'auto' = 'auto';

  /** Where magic links return; defaults to this page without query and hash. */
  redirectUri = '';

  /**
   * Where the browser has WebAuthn and the API offers passkeys (a lazy chunk): `auto` signs in
   * with a passkey (the identifier field's autofill and a "Sign in with a passkey" button) and,
   * after a code or link sign-in, offers to save one; `sign-in` does not offer to save one; `off`: none.
   */
  passkeys: 'auto' | 'sign-in' | 'off' = 'auto';

  /** Partial override of any user-visible string, by message key. */
  messages: Partial<Messages> = {};

  /**
   * Set by the API's hosted login page only (embedders leave it unset): the pending authorization
   * request (`HostedTransaction`, src/protocol). With it, a verified code or magic link completes
   * that request and the browser goes back to the application, instead of the element receiving
   * tokens. Not part of the embedding API (left out of custom-elements.json).
   * @internal
   */
  transaction: HostedTransaction | undefined;

  /** The current state (read-only), reflected as the `state` attribute. */
  get state(): LoginState {
    return this.current;
  }

  private current: LoginState = 'identifier';
  private channel: Connection = 'email';
  private email = '';
  private code = '';
  private failure: Failure | undefined;
  /** The identifier the code went to: an email address or an E.164 number. */
  private sentTo = '';
  private remembered = false;
  private resending = false;
  private announcement = '';

  #localize = new LocalizeController(this);
  #phone = new PhoneController(this);
  #countdown = new CountdownController(this, () => this.#countdownOver());
  /** Magic links: a lazy chunk, loaded when a link is asked for or on a link's return page. */
  #link: LinkController | undefined;
  #linkLoad: Promise<LinkController> | undefined;
  #redirectChecked = false;
  /** The passkey part (./passkeys/passkey-ui.ts), once the API said it offers passkeys. */
  #passkey: PasskeyPart | undefined;
  #passkeyAsked = false;
  /** The last `login`'s result, for a passkey part that arrives after it (its offer to save one). */
  #lastLogin: LoginResult | undefined;
  /** Created from the phone chunk on the first SMS code state: WebOTP is SMS-only. */
  #webOtp: WebOtpController | undefined;
  /** Guards against double submits between a click and the state change it causes. */
  #busy = false;
  #lastAction: (() => void) | undefined;
  #previous: LoginState = 'identifier';
  /** The code and done views, once their chunk is there (see #loadCodeViews). */
  #codeViews: CodeViews | undefined;
  #codeViewsLoad: Promise<CodeViews> | undefined;
  #requestsLoad: Promise<typeof Requests> | undefined;

  constructor() {
    super();
    // The API calls arrive while the user types (see #requests).
    this.addEventListener('focusin', () => void this.#requests().catch(() => undefined), { once: true });
  }

  /**
   * Moves focus into the element: to the current state's main field or button (the email, phone
   * or code input, or a field showing an error). The host itself is not focusable.
   */
  override focus(options?: FocusOptions): void {
    const target = this.#focusTarget();
    if (target) target.focus(options);
    else super.focus(options);
  }

  /** Back to the identifier state, keeping what was typed; cancels timers and WebOTP. */
  reset(): void {
    this.failure = undefined;
    this.code = '';
    this.resending = false;
    this.#busy = false;
    this.#link?.reset();
    this.#countdown.stop();
    this.#webOtp?.stop();
    this.current = 'identifier';
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  protected override willUpdate(changes: PropertyValues<this>): void {
    if (changes.has('current' as keyof PasswordlessLogin)) this.#announce(this.#describeState(this.current));
    if (changes.has('connection') && !this.#connections.includes(this.channel)) {
      this.channel = this.#connections[0]!;
    }
    const hint = this.transaction?.login_hint;
    if (changes.has('transaction') && hint && !this.sentTo) {
      const channel: Connection = hint.includes('@') ? 'email' : 'sms';
      if (this.#connections.includes(channel)) {
        this.channel = channel;
        if (channel === 'email') this.email = hint;
        else this.#phone.show(hint);
      }
    }
    if ((changes.has('remember') || changes.has('clientId')) && this.remember && this.clientId && !this.sentTo) {
      const last = recall(this.clientId);
      if (last && this.#connections.includes(last.connection)) {
        this.channel = last.connection;
        this.remembered = true;
        if (last.connection === 'email') this.email = last.identifier;
        else this.#phone.show(last.identifier);
      }
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // theme="auto" keeps the light palette where the page declares itself light-only (its
    // `color-scheme`, inherited by the parent): a dark form there, or a page theme made for light,
    // would be unreadable. `normal` (nothing declared) still follows prefers-color-scheme.
    const scheme = getComputedStyle(this.parentElement ?? document.documentElement).colorScheme;
    this.toggleAttribute('data-light-page', /^light( only)?$/.test(scheme));
    // Phone support starts loading at once, alongside the language and the first render.
    if (this.#connections.includes('sms')) void this.#phone.load();
  }

  /**
   * Renders only once the UI language is there (a lazy chunk or file), so English never flashes; on
   * a later change of language the old one stays on screen until the new one is there.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.#localize.pending();
    return pending ? pending.then(() => this.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override firstUpdated(): void {
    // The hosted login page exists only for this form, so its identifier field takes the focus at
    // once; an element embedded in an app's page leaves the page's focus where it is.
    if (this.transaction) this.#focusFirst();
  }

  protected override updated(changes: PropertyValues<this>): void {
    // A link's return page (or the hosted page's link failure) loads the magic-link controller,
    // once `domain` and `client-id` are both known; most pages have no query and load nothing.
    if (!this.#redirectChecked && this.domain && this.clientId) {
      this.#redirectChecked = true;
      const t = this.transaction;
      if (t ? t.failure : location.search && isCallbackUrl(new URL(location.href))) void this.#loadLink();
    }
    if (!this.#passkeyAsked && this.passkeys != 'off' && this.domain && (!this.transaction || this.transaction.passkey) && self.PublicKeyCredential && navigator.credentials) {
      this.#passkeyAsked = true;
      void import('./passkeys/passkey-ui.js')
        // The last `login` too: on a link's return page it may come before this chunk does.
        .then((m) => m.passkeyView(this, (t) => this.#finishTokens(t), html, registerMessages, () => this.#lastLogin))
        .then((view) => {
          this.#passkey = view;
          this.requestUpdate();
        });
    }
    if (this.#connections.includes('sms')) void this.#phone.load();
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#country');
    if (select && this.#phone.field) {
      this.#phone.field.fill(select, this.#localize.lang, (o) =>
        this.#t('countryOption', { name: o.name, callingCode: o.callingCode }),
      );
    }
    if (changes.has('current' as keyof PasswordlessLogin) || !this.hasAttribute('state')) {
      this.#onStateChanged();
    }
    if ((changes.has('countries') || changes.has('defaultCountry')) && this.#phone.field) {
      this.#phone.field.pickCountry();
      this.requestUpdate();
    }
  }

  #onStateChanged(): void {
    const previous = this.#previous;
    const current = this.current;
    this.setAttribute('state', current);
    this.#webOtp?.stop();
    const phone = this.#phone.lib;
    if (current === 'code' && this.channel === 'sms' && phone) {
      this.#webOtp ??= new phone.WebOtpController(this);
      this.#webOtp.start((code) => {
        this.code = code.replace(/\D/g, '').slice(0, CODE_LENGTH);
        void this.#verify();
      });
    }
    if (previous === current) return;
    this.#previous = current;
    this.dispatchEvent(new StateChangeEvent({ state: current, previous }));
    // Busy states keep the focus where it is (the field stays read-only); others move it.
    if (current !== 'sending' && current !== 'verifying') this.#focusFirst();
  }

  #focusFirst(): void {
    this.#focusTarget()?.focus();
  }

  #focusTarget(): HTMLElement | null {
    return (
      (this.failure && this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')) ||
      this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')
    );
  }

  /** What the live region says on entering a state: the error when there is one, else the state's message. */
  #describeState(s: LoginState): string {
    const key = STATE_MESSAGES[s];
    return this.#failureMessage() ?? (key ? this.#t(key, { to: this.#displayedSentTo() }) : '');
  }

  /**
   * Puts `text` in the live region. The same text twice in a row (a second wrong code, a second
   * invalid address) gets a no-break space, so the region changes and screen readers say it again.
   */
  #announce(text: string): void {
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  /** The resend countdown (or a 429's wait) is over: said once, and a 429's message goes. */
  #countdownOver(): void {
    const limited = this.failure?.code === 'too_many_requests';
    if (limited) this.failure = undefined;
    if (limited || this.current === 'code' || this.current === 'link-sent') this.#announce(this.#t('askAgain'));
  }

  // ───────────────────────────── configuration ─────────────────────────────

  get #connections(): Connection[] {
    const list = this.connection.split(/[\s,]+/).filter(isConnection);
    return list.length ? [...new Set(list)] : ['email'];
  }

  get #linkMode(): boolean {
    return this.channel === 'email' && (this.send === 'link' || !!this.#link?.forced);
  }

  /** The magic-link controller (./controllers/link-controller.ts), created once from its chunk. */
  #loadLink(): Promise<LinkController> {
    this.#linkLoad ??= import('./controllers/link-controller.js').then((mod) => {
      const link = new mod.LinkController(this, {
        redirectStarted: () => this.#move('callback'),
        login: (result) => this.#finish(result),
        redirectFailed: (error) => {
          this.#fail(error, 'form');
          this.#move('error');
        },
      });
      // Added after the first update: it checks the page for a link's redirect now.
      link.hostUpdated();
      return (this.#link = link);
    });
    return this.#linkLoad;
  }

  get #client() {
    return { domain: this.domain, language: this.#localize.lang };
  }

  #t = (key: MessageKey, params?: Record<string, string | number>) =>
    this.#localize.term(key, { digits: CODE_LENGTH, ...params });

  /**
   * Loads the code and done views once, with the code field's styles: a lazy chunk of the ES build
   * (the first state never shows them), fetched while /passwordless/start is in flight.
   */
  #loadCodeViews(): Promise<CodeViews> {
    this.#codeViewsLoad ??= import('./views/code-view.js').then((mod) => {
      (this.renderRoot as ShadowRoot).adoptedStyleSheets.push(mod.codeStyles.styleSheet!);
      return (this.#codeViews = mod);
    });
    return this.#codeViewsLoad;
  }

  /**
   * The API calls and the email rule (./requests.ts): a lazy chunk of the ES build, since the
   * first state sends nothing. Asked for when focus first enters the element; a failed load is
   * tried again on the next send.
   */
  #requests(): Promise<typeof Requests> {
    this.#requestsLoad ??= import('./requests.js').catch((error: unknown) => {
      this.#requestsLoad = undefined;
      throw error;
    });
    return this.#requestsLoad;
  }

  #displayedSentTo(): string {
    return this.channel === 'sms' ? (this.#phone.field?.display(this.sentTo) ?? this.sentTo) : this.sentTo;
  }

  // ───────────────────────────── state moves and errors ─────────────────────────────

  #move(to: LoginState): void {
    if (canMove(this.current, to)) this.current = to;
  }

  #fail(error: unknown, field: ViewError['field']): void {
    const f = (this.failure = toFailure(error, field, this.channel));
    if (f.withSeconds) this.#countdown.start(f.retryAfter ?? RESEND_INTERVAL_SECONDS);
    this.#announce(this.#failureMessage() ?? '');
    this.dispatchEvent(new LoginErrorEvent({ error: f.code, errorDescription: f.description }));
  }

  /** Client-side validation problems: no event, the user just fixes the field. */
  #invalidInput(field: ViewError['field'], key: MessageKey): void {
    this.failure = invalidInput(field, key);
    this.#announce(this.#t(key));
    void this.updateComplete.then(() => this.#focusFirst());
  }

  /**
   * Typing again clears a validation message of that field, and a 429's wait (it was for what was
   * typed before: a different address may be sent at once). Other server errors stay until the next try.
   */
  #clearInputError(field: ViewError['field']): void {
    const f = this.failure;
    if (f?.field === field && (f.code === 'invalid_input' || f.code === 'too_many_requests')) this.failure = undefined;
  }

  #failureMessage(): string | undefined {
    const f = this.failure;
    if (!f) return undefined;
    if (f.withSeconds) {
      return this.#countdown.remaining > 0
        ? this.#t(f.key, { seconds: this.#countdown.remaining })
        : this.#t('rateLimited');
    }
    return this.#t(f.key);
  }

  // ───────────────────────────── send ─────────────────────────────

  async #readIdentifier(): Promise<string | undefined> {
    if (this.channel === 'email') {
      // The server's rule (src/protocol/email.ts): a bare address, sent in its canonical form.
      const email = (await this.#requests()).canonicalEmail(this.email);
      if (!email) return (this.#invalidInput('identifier', 'invalidEmail'), undefined);
      return email;
    }
    const e164 = (await this.#phone.load()).toE164();
    if (!e164) return (this.#invalidInput('identifier', 'invalidPhone'), undefined);
    return e164;
  }

  async #sendIdentifier(): Promise<void> {
    if (this.#busy || this.current !== 'identifier') return;
    // Still waiting after a 429 for this same identifier: say again how long (the figure is current).
    if (this.failure?.code === 'too_many_requests' && this.#countdown.running) {
      return this.#announce(this.#failureMessage()!);
    }
    this.#busy = true;
    try {
      const to = await this.#readIdentifier();
      if (!to) return;
      this.failure = undefined;
      this.#lastAction = () => void this.#sendIdentifier();
      this.#move('sending');
      // The code state's views arrive while the request is in flight.
      const views = this.#loadCodeViews();
      await this.#start(to);
      await views;
      this.#move(this.#linkMode ? 'link-sent' : 'code');
    } catch (error) {
      this.#move('identifier');
      this.#fail(error, 'identifier');
    } finally {
      this.#busy = false;
    }
  }

  /** Posts /passwordless/start for `to` and records what was sent. */
  async #start(to: string): Promise<void> {
    const linkMode = this.#linkMode;
    const send: SendMode = linkMode ? 'link' : 'code';
    const body: StartRequest =
      this.channel === 'email'
        ? { client_id: this.clientId, connection: 'email', email: to, send }
        : { client_id: this.clientId, connection: 'sms', phone_number: to, send };
    if (linkMode) {
      // On the hosted page the link returns to the API, which keeps its PKCE verifier and
      // completes the pending request; the link views still come from the oidc chunk.
      const hosted = this.transaction?.link;
      const link = await this.#loadLink();
      // MyAccount's audience too, as for a code (#verify): the link's return can save a passkey.
      body.authParams = hosted ? (await link.load(), hosted) : await link.request(to, this.#passkey?.grant);
    }
    const requests = await this.#requests();
    await requests.passwordlessStart(this.#client, body);
    this.sentTo = to;
    this.code = '';
    const linkState = body.authParams?.state;
    if (linkState && !this.transaction) {
      await (await this.#loadLink()).listen(linkState, (result) => {
        // The redirect tab signed in with our request: this tab's app continues too.
        if (this.current === 'link-sent' || this.current === 'code') this.#finish(result);
      });
    } else if (linkState && this.transaction?.id) {
      const ask = requests.hostedStatus.bind(null, this.#client, this.transaction.id);
      // The link's tab went back to the app signed in: so is this browser.
      await (await this.#loadLink()).watchHosted(ask, () =>
        this.#loadCodeViews().then(() => {
          if (this.current !== 'link-sent' && this.current !== 'code') return;
          this.#countdown.stop();
          this.#move('done');
        }),
      );
    }
    this.#countdown.start(RESEND_INTERVAL_SECONDS);
    if (this.remember && this.clientId) remember(this.clientId, { connection: this.channel, identifier: to });
    this.dispatchEvent(new SentEvent({ connection: this.channel, send, to }));
  }

  async #resend(): Promise<void> {
    if (this.#busy || this.#countdown.running) return;
    this.#busy = true;
    this.resending = true;
    // The button disables itself: focus goes first to where the next step is (the code field, or
    // "Enter the code instead"), so it is never lost to the page.
    this.#focusFirst();
    this.#lastAction = () => void this.#resend();
    const field = this.current === 'code' ? 'code' : 'form';
    try {
      this.failure = undefined;
      await this.#start(this.sentTo);
      this.#announce(this.#t('resent', { to: this.#displayedSentTo() }));
    } catch (error) {
      this.#fail(error, field);
    } finally {
      this.#busy = false;
      this.resending = false;
    }
  }

  // ───────────────────────────── verify ─────────────────────────────

  async #verify(): Promise<void> {
    if (this.#busy || this.current !== 'code') return;
    if (!new RegExp(`^\\d{${CODE_LENGTH}}$`).test(this.code)) return this.#invalidInput('code', 'invalidCode');
    this.#busy = true;
    this.failure = undefined;
    this.#lastAction = () => void this.#verify();
    this.#move('verifying');
    try {
      if (this.transaction) {
        const { redirect_to } = await (
          await this.#requests()
        ).completeTransaction(this.#client, {
          transaction: this.transaction.id ?? '',
          connection: this.channel,
          username: this.sentTo,
          otp: this.code,
        });
        this.#countdown.stop();
        this.#move('done');
        location.assign(redirect_to);
        return;
      }
      const tokens = await (
        await this.#requests()
      ).verifyOtp(this.#client, {
        clientId: this.clientId,
        connection: this.channel,
        username: this.sentTo,
        otp: this.code,
        scope: this.scope,
        ...(this.audience ? { audience: this.audience } : {}),
        // MyAccount's audience, so this sign-in's token can save a passkey after it.
        ...this.#passkey?.grant,
      });
      await this.#finishTokens(tokens);
    } catch (error) {
      this.#move('code');
      const e = error instanceof ProtocolError ? error : undefined;
      // A wrong, expired or dead code is cleared so the next one can be typed or pasted at once.
      if (e && (e.code === 'invalid_grant' || e.code === 'too_many_attempts')) this.code = '';
      if (e?.code === 'too_many_attempts') this.#countdown.stop();
      this.#fail(error, 'code');
    } finally {
      this.#busy = false;
    }
  }

  /** The token reader is a lazy chunk too (shared with the magic-link chunk). */
  async #finishTokens(tokens: TokenResponse): Promise<void> {
    this.#finish((await import('./tokens.js')).toLoginResult(tokens));
  }

  #finish(result: LoginResult): void {
    this.#countdown.stop();
    // A magic-link redirect page reaches `done` without having shown a code.
    void this.#loadCodeViews().then(() => {
      this.#move('done');
      this.#lastLogin = result;
      this.dispatchEvent(new LoginEvent(result));
    });
  }

  // ───────────────────────────── handlers ─────────────────────────────

  #handleChannel(e: Event): void {
    const value = (e.target as HTMLInputElement).value;
    if (isConnection(value)) {
      this.channel = value;
      this.failure = undefined;
      this.remembered = false;
    }
  }

  #handleEmailInput(e: Event): void {
    this.email = (e.target as HTMLInputElement).value;
    this.remembered = false;
    this.#clearInputError('identifier');
  }

  #handlePhoneInput(e: InputEvent): void {
    const input = e.target as HTMLInputElement;
    this.remembered = false;
    this.#clearInputError('identifier');
    const shown = this.#phone.input(input.value, e.inputType, input.selectionStart === input.value.length);
    // Lit only writes `.value` when the bound value changes, and the field may hold the raw
    // keystroke. Written here by hand, not with Lit's live(): live() and its directive base add
    // 0.4 kB gzip to the first load (npm run bench), past the 15 kB budget.
    if (input.value !== shown) input.value = shown;
    this.requestUpdate();
  }

  #handleCountryChange(e: Event): void {
    this.#phone.field?.selectCountry((e.target as HTMLSelectElement).value);
    this.requestUpdate();
  }

  #handleSubmitIdentifier(e: Event): void {
    e.preventDefault();
    void this.#sendIdentifier();
  }

  #handleCodeInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    // Accept pasted `123 456`, `123-456` and autofill; keep only the digits.
    const digits = input.value.replace(/\D/g, '').slice(0, CODE_LENGTH);
    // By hand rather than with live(), as in #handlePhoneInput.
    if (input.value !== digits) input.value = digits;
    this.code = digits;
    this.#clearInputError('code');
    if (digits.length === CODE_LENGTH) void this.#verify();
  }

  #handleSubmitCode(e: Event): void {
    e.preventDefault();
    void this.#verify();
  }

  #handleResend(): void {
    void this.#resend();
  }

  #handleChange(): void {
    this.reset();
  }

  #handleEnterCode(): void {
    this.failure = undefined;
    this.#move('code');
  }

  #handleRetry(): void {
    const action = this.#lastAction;
    this.failure = undefined;
    action?.();
  }

  #handleStartOver(): void {
    if (this.#link) this.#link.newLinkEmail = '';
    this.reset();
  }

  #handleNewLink(): void {
    const link = this.#link;
    if (!link) return;
    const email = link.newLinkEmail;
    this.reset();
    this.channel = 'email';
    this.email = email;
    link.forced = true;
    void this.#sendIdentifier();
  }

  // ───────────────────────────── render ─────────────────────────────

  #viewContext(): ViewContext {
    const f = this.failure;
    return {
      t: this.#t,
      state: this.current,
      connections: this.#connections,
      channel: this.channel,
      linkMode: this.#linkMode,
      email: this.email,
      phoneText: this.#phone.text,
      phoneReady: !!this.#phone.field,
      code: this.code,
      sentTo: this.#displayedSentTo(),
      error: f ? { field: f.field, message: this.#failureMessage() ?? '', retry: f.retry } : undefined,
      countdown: this.#countdown.remaining,
      resending: this.resending,
      remembered: this.remembered,
      canSendNewLink: !!this.#link?.newLinkEmail,
      // A hosted page showing only a link's failure has no sign-in to start over.
      canStartOver: !this.transaction || !!this.transaction.id,
      on: {
        channel: this.#handleChannel,
        emailInput: this.#handleEmailInput,
        phoneInput: this.#handlePhoneInput,
        countryChange: this.#handleCountryChange,
        submitIdentifier: this.#handleSubmitIdentifier,
        codeInput: this.#handleCodeInput,
        submitCode: this.#handleSubmitCode,
        resend: this.#handleResend,
        change: this.#handleChange,
        enterCode: this.#handleEnterCode,
        retry: this.#handleRetry,
        startOver: this.#handleStartOver,
        newLink: this.#handleNewLink,
      },
    };
  }

  #renderState(ctx: ViewContext) {
    switch (this.current) {
      case 'identifier':
      case 'sending':
        return renderIdentifier(ctx);
      case 'code':
      case 'verifying':
        return this.#codeViews?.renderCode(ctx);
      case 'link-sent':
        return this.#link?.lib?.renderLinkSent(ctx);
      case 'done':
        return this.#codeViews?.renderDone(ctx);
      case 'callback':
        return this.#link?.lib?.renderCallback(ctx);
      case 'error':
        return this.#link?.lib?.renderFailure(ctx);
    }
  }

  protected override render() {
    const ctx = this.#viewContext();
    return html`<div part="base" dir=${this.#localize.dir}>
      <div part="header">
        <slot name="header"><h2 part="title">${this.#t('title')}</h2></slot>
      </div>
      ${this.#renderState(ctx)}${this.passkeys == 'off' ? nothing : this.#passkey?.render(ctx)}
      <div part="status" class="visually-hidden" role="status" aria-live="polite">${this.announcement || nothing}</div>
      <div part="footer"><slot name="footer"></slot></div>
    </div>`;
  }
}
