/**
 * The phone field's model: the lazy libphonenumber-js chunk, the selected country and the text
 * shown. Loading starts only when the host's connection includes sms, so an email-only page never
 * downloads phone support.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as PhoneModule from '../phone/phone-support.js';

type PhoneSupport = typeof PhoneModule;

export interface PhoneHost extends ReactiveControllerHost {
  defaultCountry: string;
  countries: string;
}

export class PhoneController implements ReactiveController {
  /** The loaded chunk, undefined until then. */
  lib: PhoneSupport | undefined;
  /** ISO 3166-1 alpha-2 of the selected country. */
  country = '';
  /** What the phone field shows. */
  text = '';
  #loading: Promise<PhoneSupport> | undefined;
  /** A remembered E.164 number waiting for the chunk to show it. */
  #pending: string | undefined;

  constructor(private readonly host: PhoneHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The `countries` allowlist, upper-cased; empty means every country. */
  get allowed(): string[] {
    return this.host.countries
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((c) => c.toUpperCase());
  }

  load(): Promise<PhoneSupport> {
    this.#loading ??= import('../phone/phone-support.js').then((lib) => {
      this.lib = lib;
      this.pickCountry();
      if (this.#pending) this.show(this.#pending);
      this.host.requestUpdate();
      return lib;
    });
    return this.#loading;
  }

  /** Shows an E.164 number (a remembered one) in its national format and country. */
  show(e164: string): void {
    this.#pending = this.lib ? undefined : e164;
    const shown = this.lib?.fromE164(e164);
    if (shown?.country) {
      this.country = shown.country;
      this.text = shown.text;
    }
  }

  /** Default country: `default-country`, else the browser language's region, within `countries`. */
  pickCountry(): void {
    const lib = this.lib;
    if (!lib) return;
    const allowed = this.allowed.filter((c) => lib.isCountry(c));
    const ok = (c: string | undefined): c is string =>
      !!c && lib.isCountry(c) && (allowed.length === 0 || allowed.includes(c.toUpperCase()));
    if (ok(this.country)) return;
    let region: string | undefined;
    try {
      region = new Intl.Locale(navigator.language).maximize().region;
    } catch {
      region = undefined;
    }
    this.country = [this.host.defaultCountry.toUpperCase(), region].find(ok) ?? allowed[0] ?? 'US';
    this.host.requestUpdate();
  }

  /**
   * Takes what the field holds after an input event and returns what it should show. Formats
   * while typing at the end and on paste; deleting or editing mid-number is left alone, since
   * reformatting then would fight the caret.
   */
  input(value: string, inputType: string | undefined, caretAtEnd: boolean): string {
    const international = value.trim().startsWith('+');
    if (!this.lib || inputType?.startsWith('delete') || (!caretAtEnd && !international)) {
      this.text = value;
      return value;
    }
    const typed = this.lib.formatInput(value, this.country);
    const allowed = this.allowed;
    if (typed.country && (allowed.length === 0 || allowed.includes(typed.country))) this.country = typed.country;
    this.text = typed.text;
    return typed.text;
  }

  selectCountry(code: string): void {
    this.country = code;
    if (this.lib && this.text) this.text = this.lib.formatInput(this.text, code).text;
  }

  /** The E.164 number to send, or undefined when the number is not valid. */
  async toE164(): Promise<string | undefined> {
    const lib = await this.load();
    return lib.toE164(this.text, this.country);
  }

  /** An E.164 number as the user typed it (national format). */
  display(e164: string): string {
    return this.lib?.fromE164(e164)?.text ?? e164;
  }
}
