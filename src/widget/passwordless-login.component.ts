import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { CODE_LENGTH, isConnection, type Connection, type HostedTransaction, type SendMode } from '../protocol/index.js';
import { CountdownController } from './controllers/countdown-controller.js';
import type { LinkController } from './controllers/link-controller.js';
import { LocalizeController, registerMessages } from './controllers/localize-controller.js';
import { PhoneController } from './controllers/phone-controller.js';
import type { SignInController } from './controllers/sign-in-controller.js';
import type { Failure } from './error-messages.js';
import { LoginErrorEvent, StateChangeEvent } from './events.js';
import type { MessageKey, Messages } from './i18n/en.js';
import { recall } from './remember.js';
import { canMove, type LoginState } from './state.js';
import { styles } from './styles.js';
import type { ViewContext, ViewError } from './views/context.js';
import { renderIdentifier } from './views/identifier-view.js';
import { isCallbackUrl } from './link/callback-url.js';
import type * as CodeViews from './views/code-view.js';
import type { PasskeyPart } from './passkeys/passkey-ui.js';

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

  /* The reactive state below, and the helpers marked @internal, are what the controllers read and
     write (SignInHost, PhoneHost); they are not part of the embedding API. */
  /** @internal */ current: LoginState = 'identifier';
  /** @internal */ channel: Connection = 'email';
  /** @internal */ email = '';
  /** @internal */ code = '';
  /** @internal */ failure: Failure | undefined;
  /** The identifier the code went to: an email address or an E.164 number. @internal */
  sentTo = '';
  private remembered = false;
  /** @internal */ resending = false;
  private announcement = '';
  /** @internal */ readonly countdown = new CountdownController(this, () => this.#countdownOver());
  /** @internal */
  readonly phone = new PhoneController(this, (code) => {
    this.code = code.replace(/\D/g, '').slice(0, CODE_LENGTH);
    this.#flow((f) => f.verify());
  });
  /** Magic links (./controllers/link-controller.ts), once the sign-in controller loaded them. @internal */
  link: LinkController | undefined;
  /** The code and done views, once their chunk is there (SignInController.loadCodeViews). @internal */
  codeViews: typeof CodeViews | undefined;

  #localize = new LocalizeController(this);
  /** The sign-in flow: created from the requests chunk (see #flow). */
  #signIn: SignInController | undefined;
  #signInLoad: Promise<SignInController> | undefined;
  #redirectChecked = false;
  /** The passkey part (./passkeys/passkey-ui.ts), once the API said it offers passkeys. */
  #passkey: PasskeyPart | undefined;
  #passkeyAsked = false;
  #previous: LoginState = 'identifier';

  constructor() {
    super();
    // The sign-in flow and its API calls arrive while the user types (see #flow).
    this.addEventListener('focusin', () => void this.#loadSignIn().catch(() => undefined), { once: true });
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
    this.#signIn?.reset();
    this.countdown.stop();
    this.current = 'identifier';
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  protected override willUpdate(changes: PropertyValues<this>): void {
    if (changes.has('current' as keyof PasswordlessLogin)) this.announce(this.#describeState(this.current));
    if (changes.has('connection') && !this.connections.includes(this.channel)) {
      this.channel = this.connections[0]!;
    }
    const hint = this.transaction?.login_hint;
    if (changes.has('transaction') && hint && !this.sentTo) this.#prefill(hint.includes('@') ? 'email' : 'sms', hint);
    if ((changes.has('remember') || changes.has('clientId')) && this.remember && this.clientId && !this.sentTo) {
      const last = recall(this.clientId);
      if (last && this.#prefill(last.connection, last.identifier)) this.remembered = true;
    }
  }

  /** Fills the identifier field (the hosted page's login hint, a remembered identifier) where `channel` is offered. */
  #prefill(channel: Connection, identifier: string): boolean {
    if (!this.connections.includes(channel)) return false;
    this.channel = channel;
    if (channel === 'email') this.email = identifier;
    else this.phone.show(identifier);
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // theme="auto" keeps the light palette where the page declares itself light-only (its
    // `color-scheme`, inherited by the parent): a dark form there, or a page theme made for light,
    // would be unreadable. `normal` (nothing declared) still follows prefers-color-scheme.
    const scheme = getComputedStyle(this.parentElement ?? document.documentElement).colorScheme;
    this.toggleAttribute('data-light-page', /^light( only)?$/.test(scheme));
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
    if (this.transaction) this.focusFirst();
  }

  protected override updated(changes: PropertyValues<this>): void {
    // A link's return page (or the hosted page's link failure) loads the magic-link controller,
    // once `domain` and `client-id` are both known; most pages have no query and load nothing.
    if (!this.#redirectChecked && this.domain && this.clientId) {
      this.#redirectChecked = true;
      const t = this.transaction;
      if (t ? t.failure : location.search && isCallbackUrl(new URL(location.href))) this.#flow((f) => f.loadLink());
    }
    if (!this.#passkeyAsked && this.passkeys != 'off' && this.domain && (!this.transaction || this.transaction.passkey) && self.PublicKeyCredential && navigator.credentials) {
      this.#passkeyAsked = true;
      void import('./passkeys/passkey-ui.js')
        // The last `login` too: on a link's return page it may come before this chunk does.
        .then((m) => m.passkeyView(this, (t) => this.#loadSignIn().then((f) => f.finishTokens(t)), html, registerMessages, () => this.#signIn?.lastLogin))
        .then((view) => {
          this.#passkey = view;
          this.requestUpdate();
        });
    }
    if (changes.has('current' as keyof PasswordlessLogin) || !this.hasAttribute('state')) {
      this.#onStateChanged();
    }
  }

  #onStateChanged(): void {
    const previous = this.#previous;
    const current = this.current;
    this.setAttribute('state', current);
    if (previous === current) return;
    this.#previous = current;
    this.dispatchEvent(new StateChangeEvent({ state: current, previous }));
    // Busy states keep the focus where it is (the field stays read-only); others move it.
    if (current !== 'sending' && current !== 'verifying') this.focusFirst();
  }

  /** @internal */
  focusFirst(): void {
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
    return this.failureMessage() ?? (key ? this.t(key, { to: this.displayedSentTo() }) : '');
  }

  /**
   * Puts `text` in the live region. The same text twice in a row (a second wrong code, a second
   * invalid address) gets a no-break space, so the region changes and screen readers say it again.
   * @internal
   */
  announce(text: string): void {
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  /** The resend countdown (or a 429's wait) is over: said once, and a 429's message goes. */
  #countdownOver(): void {
    const limited = this.failure?.code === 'too_many_requests';
    if (limited) this.failure = undefined;
    if (limited || this.current === 'code' || this.current === 'link-sent') this.announce(this.t('askAgain'));
  }

  /** @internal */
  failureMessage(): string | undefined {
    const f = this.failure;
    if (!f) return undefined;
    if (f.withSeconds) {
      return this.countdown.remaining > 0 ? this.t(f.key, { seconds: this.countdown.remaining }) : this.t('rateLimited');
    }
    return this.t(f.key);
  }

  // ───────────────────────────── configuration ─────────────────────────────

  /** @internal */
  get connections(): Connection[] {
    const list = this.connection.split(/[\s,]+/).filter(isConnection);
    return list.length ? [...new Set(list)] : ['email'];
  }

  /** @internal */
  get linkMode(): boolean {
    return this.channel === 'email' && (this.send === 'link' || !!this.link?.forced);
  }

  /** @internal */
  get client() {
    return { domain: this.domain, language: this.#localize.lang };
  }

  /** The passkey part's scope and MyAccount audience, once that part is there. @internal */
  get grant() {
    return this.#passkey?.grant;
  }

  /** @internal */
  t = (key: MessageKey, params?: Record<string, string | number>) =>
    this.#localize.term(key, { digits: CODE_LENGTH, ...params });

  /**
   * The sign-in controller (./controllers/sign-in-controller.ts), from the requests chunk: a lazy
   * chunk of the ES build, since the first state sends nothing. Asked for when focus first enters
   * the element; a failed load is tried again on the next send.
   */
  #loadSignIn(): Promise<SignInController> {
    this.#signInLoad ??= import('./requests.js').then(
      (mod) => (this.#signIn ??= new mod.SignInController(this)),
      (error: unknown) => {
        this.#signInLoad = undefined;
        throw error;
      },
    );
    return this.#signInLoad;
  }

  /**
   * Runs `action` on the sign-in controller: at once when it is there, else once it has loaded.
   * A chunk that does not load (offline, a deploy replaced it) is shown as any unexpected answer.
   */
  #flow(action: (flow: SignInController) => unknown): void {
    if (this.#signIn) void action(this.#signIn);
    else
      this.#loadSignIn().then(action, (error: Error) => {
        const description = error.message;
        this.failure = { code: 'invalid_response', description, field: 'identifier', key: 'invalidResponse', withSeconds: false, retry: false };
        this.announce(this.t('invalidResponse'));
        this.dispatchEvent(new LoginErrorEvent({ error: 'invalid_response', errorDescription: description }));
      });
  }

  /** @internal */
  displayedSentTo(): string {
    return this.channel === 'sms' ? (this.phone.field?.display(this.sentTo) ?? this.sentTo) : this.sentTo;
  }

  /** @internal */
  move(to: LoginState): void {
    if (canMove(this.current, to)) this.current = to;
  }

  // ───────────────────────────── event wiring ─────────────────────────────

  /** The views' event handlers: the flow's steps go to the sign-in controller. */
  #on: ViewContext['on'] = {
    channel: (e) => {
      const value = (e.target as HTMLInputElement).value;
      if (isConnection(value)) {
        this.channel = value;
        this.failure = undefined;
        this.remembered = false;
      }
    },
    emailInput: (e) => {
      this.email = (e.target as HTMLInputElement).value;
      this.#typed('identifier');
    },
    phoneInput: (e) => {
      this.#typed('identifier');
      this.phone.handleInput(e);
    },
    countryChange: (e) => this.phone.handleCountry(e),
    submitIdentifier: (e) => {
      e.preventDefault();
      this.#flow((f) => f.send());
    },
    codeInput: (e) => {
      const input = e.target as HTMLInputElement;
      // Accept pasted `123 456`, `123-456` and autofill; keep only the digits.
      const digits = input.value.replace(/\D/g, '').slice(0, CODE_LENGTH);
      // By hand rather than with live(), as in PhoneController.handleInput.
      if (input.value !== digits) input.value = digits;
      this.code = digits;
      this.#typed('code');
      if (digits.length === CODE_LENGTH) this.#flow((f) => f.verify());
    },
    submitCode: (e) => {
      e.preventDefault();
      this.#flow((f) => f.verify());
    },
    resend: () => this.#flow((f) => f.resend()),
    change: () => this.reset(),
    enterCode: () => {
      this.failure = undefined;
      this.move('code');
    },
    retry: () => this.#flow((f) => f.retry()),
    startOver: () => {
      if (this.link) this.link.newLinkEmail = '';
      this.reset();
    },
    newLink: () => this.#flow((f) => f.newLink()),
  };

  /**
   * Typing again clears a validation message of that field, and a 429's wait (it was for what was
   * typed before: a different address may be sent at once). Other server errors stay until the next try.
   */
  #typed(field: ViewError['field']): void {
    const f = this.failure;
    if (field == 'identifier') this.remembered = false;
    if (f?.field === field && (f.code === 'invalid_input' || f.code === 'too_many_requests')) this.failure = undefined;
  }

  // ───────────────────────────── render ─────────────────────────────

  #viewContext(): ViewContext {
    const f = this.failure;
    return {
      t: this.t,
      state: this.current,
      connections: this.connections,
      channel: this.channel,
      linkMode: this.linkMode,
      email: this.email,
      phoneText: this.phone.text,
      phoneReady: !!this.phone.field,
      code: this.code,
      sentTo: this.displayedSentTo(),
      error: f ? { field: f.field, message: this.failureMessage() ?? '', retry: f.retry } : undefined,
      countdown: this.countdown.remaining,
      resending: this.resending,
      remembered: this.remembered,
      canSendNewLink: !!this.link?.newLinkEmail,
      // A hosted page showing only a link's failure has no sign-in to start over.
      canStartOver: !this.transaction || !!this.transaction.id,
      on: this.#on,
    };
  }

  #renderState(ctx: ViewContext) {
    switch (this.current) {
      case 'identifier':
      case 'sending':
        return renderIdentifier(ctx);
      case 'code':
      case 'verifying':
        return this.codeViews?.renderCode(ctx);
      case 'link-sent':
        return this.link?.lib?.renderLinkSent(ctx);
      case 'done':
        return this.codeViews?.renderDone(ctx);
      case 'callback':
        return this.link?.lib?.renderCallback(ctx);
      case 'error':
        return this.link?.lib?.renderFailure(ctx);
    }
  }

  protected override render() {
    const ctx = this.#viewContext();
    return html`<div part="base" dir=${this.#localize.dir}>
      <div part="header">
        <slot name="header"><h2 part="title">${this.t('title')}</h2></slot>
      </div>
      ${this.#renderState(ctx)}${this.passkeys == 'off' ? nothing : this.#passkey?.render(ctx)}
      <div part="status" class="visually-hidden" role="status" aria-live="polite">${this.announcement || nothing}</div>
      <div part="footer"><slot name="footer"></slot></div>
    </div>`;
  }
}
