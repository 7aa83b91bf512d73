/**
 * Phone support for the host, as a lifecycle controller: it loads libphonenumber-js and the field
 * model (one lazy chunk) when the host connects or updates with a connection that includes sms,
 * so an email-only page never downloads it; after each update it fills the country select, picks
 * the country again when `countries` or `default-country` change, and asks WebOTP for the code
 * while the host is in the SMS code state (stopped on leaving it and on disconnect).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Connection } from '../../protocol/index.js';
import type { MessageKey } from '../i18n/en.js';
import type * as PhoneSupport from '../phone/phone-support.js';
import type { PhoneField, PhoneFieldHost } from '../phone/phone-support.js';
import type { LoginState } from '../state.js';
import type { WebOtpController } from './webotp-controller.js';

export interface PhoneHost extends ReactiveControllerHost, PhoneFieldHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly state: LoginState;
  readonly channel: Connection;
  readonly connections: Connection[];
  /** The UI language in use (country names are in it). */
  readonly client: { language: string };
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

export class PhoneController implements ReactiveController {
  /** The field model, once the chunk has loaded. */
  field: PhoneField | undefined;
  /** What was typed before the chunk arrived. */
  #early = '';
  #loading: Promise<PhoneField> | undefined;
  /** A remembered E.164 number waiting for the chunk to show it. */
  #pending: string | undefined;
  #lib: typeof PhoneSupport | undefined;
  #webOtp: WebOtpController | undefined;
  /** What the last update saw: the state (for WebOTP) and the country settings. */
  #state: LoginState | undefined;
  #countries: string | undefined;

  /** `onCode`: WebOTP read the code of the SMS (digits only). */
  constructor(
    private readonly host: PhoneHost,
    private readonly onCode: (code: string) => void,
  ) {
    host.addController(this);
  }

  get text(): string {
    return this.field?.text ?? this.#early;
  }

  /** Phone support starts loading at once, alongside the language and the first render. */
  hostConnected(): void {
    if (this.host.connections.includes('sms')) void this.load();
  }

  /** A detached element asks for no SMS code. */
  hostDisconnected(): void {
    this.#webOtp?.stop();
  }

  hostUpdated(): void {
    const h = this.host;
    this.hostConnected();
    const field = this.field;
    const select = h.renderRoot.querySelector<HTMLSelectElement>('#country');
    if (select && field) {
      field.fill(select, h.client.language, (o) => h.t('countryOption', { name: o.name, callingCode: o.callingCode }));
    }
    const countries = `${h.countries}|${h.defaultCountry}`;
    if (countries !== this.#countries) {
      this.#countries = countries;
      if (field) {
        field.pickCountry();
        h.requestUpdate();
      }
    }
    if (h.state === this.#state) return;
    this.#state = h.state;
    this.#webOtp?.stop();
    if (h.state === 'code' && h.channel === 'sms' && this.#lib) {
      this.#webOtp ??= new this.#lib.WebOtpController(h);
      this.#webOtp.start(this.onCode);
    }
  }

  load(): Promise<PhoneField> {
    this.#loading ??= import('../phone/phone-support.js').then((lib) => {
      const field = new lib.PhoneField(this.host, this.#early);
      if (this.#pending) field.show(this.#pending);
      this.field = field;
      this.#lib = lib;
      this.host.requestUpdate();
      return field;
    });
    return this.#loading;
  }

  /** Shows a remembered E.164 number once phone support is there. */
  show(e164: string): void {
    if (this.field) this.field.show(e164);
    else this.#pending = e164;
  }

  /** The phone field's input event: formats what was typed as you type, once the chunk is there. */
  handleInput(e: InputEvent): void {
    const input = e.target as HTMLInputElement;
    const { value } = input;
    const field = this.field;
    const shown = field
      ? field.input(value, e.inputType, input.selectionStart === value.length)
      : (this.#early = value);
    // Lit only writes `.value` when the bound value changes, and the field may hold the raw
    // keystroke. Written here by hand, not with Lit's live(): live() and its directive base add
    // 0.4 kB gzip to the first load (npm run bench), past the 15 kB budget.
    if (value !== shown) input.value = shown;
    this.host.requestUpdate();
  }

  /** The country select's change event. */
  handleCountry(e: Event): void {
    this.field?.selectCountry((e.target as HTMLSelectElement).value);
    this.host.requestUpdate();
  }
}
