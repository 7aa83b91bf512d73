/**
 * Loads phone support (libphonenumber-js and the field model, one lazy chunk) when the host asks
 * for it: only when its connection includes sms, so an email-only page never downloads it.
 */
import type { ReactiveControllerHost } from 'lit';
import type * as PhoneSupport from '../phone/phone-support.js';
import type { PhoneField, PhoneFieldHost } from '../phone/phone-support.js';

/** No lifecycle hooks: the host calls it, so it is not added to the host's controllers. */
export class PhoneController {
  /** The field model, once the chunk has loaded. */
  field: PhoneField | undefined;
  /** The chunk itself, once loaded. */
  lib: typeof PhoneSupport | undefined;
  /** What was typed before the chunk arrived. */
  #early = '';
  #loading: Promise<PhoneField> | undefined;
  /** A remembered E.164 number waiting for the chunk to show it. */
  #pending: string | undefined;

  constructor(private readonly host: ReactiveControllerHost & PhoneFieldHost) {}

  get text(): string {
    return this.field?.text ?? this.#early;
  }

  load(): Promise<PhoneField> {
    this.#loading ??= import('../phone/phone-support.js').then((lib) => {
      const field = new lib.PhoneField(this.host, this.#early);
      if (this.#pending) field.show(this.#pending);
      this.field = field;
      this.lib = lib;
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

  /** Handles the field's input event; returns what the field should show. */
  input(value: string, inputType: string | undefined, caretAtEnd: boolean): string {
    if (this.field) return this.field.input(value, inputType, caretAtEnd);
    this.#early = value;
    return value;
  }
}
