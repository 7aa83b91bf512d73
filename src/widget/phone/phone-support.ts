/**
 * Phone support, loaded as a lazy chunk (dynamic import) only when `connection` includes sms, so
 * an email-only page never downloads libphonenumber-js or its metadata. Uses the `min`
 * metadata: enough to format as you type, find a pasted number's country and validate.
 */
// AsYouType alone covers formatting, country detection and E.164: importing the parse* functions
// as well would add about 3 kB (gzip) to this chunk and to the script-tag file. The `core` entry
// with the `min` metadata passed in, rather than the `min` entry: the latter wraps each export in
// an ES5-style `.call(this, …, metadata)`, which cannot construct the native classes of the
// library's es6-modern build that vite.config.ts (modernPhoneLib) bundles.
import {
  AsYouType,
  getCountries as countries,
  getCountryCallingCode as callingCode,
  isSupportedCountry as supported,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

const getCountries = () => countries(metadata);
const getCountryCallingCode = (code: CountryCode) => callingCode(code, metadata);
const isSupportedCountry = (code: string) => supported(code as CountryCode, metadata);

// WebOTP only ever serves SMS codes, so its controller ships with phone support.
export { WebOtpController } from '../controllers/webotp-controller.js';

export interface CountryOption {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** Country name in the UI language. */
  name: string;
  callingCode: string;
}

/**
 * `[lang, 'en']` without `lang` when it is no BCP 47 tag: Intl throws a RangeError on the whole
 * list otherwise. WebKitGTK, for one, reports navigator.language "C" under a POSIX locale.
 */
function locales(lang: string): string[] {
  try {
    return [...Intl.getCanonicalLocales(lang), 'en'];
  } catch {
    return ['en'];
  }
}

const optionLists = new Map<string, CountryOption[]>();
const listKey = (lang: string, allow: readonly string[]) => `${lang}|${allow.join(' ')}`;
/** One `Intl.DisplayNames` per language, shared by the list and the first state's lone option. */
const regionNames = new Map<string, Intl.DisplayNames | null>();

/** A country's name in `lang` (its code when the browser has no names for it). */
function regionName(lang: string, code: string): string {
  let names = regionNames.get(lang);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(locales(lang), { type: 'region' });
    } catch {
      names = null;
    }
    regionNames.set(lang, names);
  }
  return names?.of(code) ?? code;
}

const option = (lang: string, code: string): CountryOption => ({
  code,
  name: regionName(lang, code),
  callingCode: getCountryCallingCode(code as CountryCode),
});

/**
 * Countries for the select, named in `lang`, sorted by name, limited to `allow` when given. Built
 * once per language and allowlist (naming and sorting ~245 countries is not cheap on a phone).
 */
export function countryOptions(lang: string, allow: readonly string[] = []): CountryOption[] {
  const key = listKey(lang, allow);
  let list = optionLists.get(key);
  if (!list) optionLists.set(key, (list = buildCountryOptions(lang, allow)));
  return list;
}

function buildCountryOptions(lang: string, allow: readonly string[]): CountryOption[] {
  const allowed = new Set(allow.map((c) => c.toUpperCase()));
  const collator = new Intl.Collator(locales(lang));
  return getCountries()
    .filter((code) => allowed.size === 0 || allowed.has(code))
    .map((code) => option(lang, code))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export function isCountry(code: string): boolean {
  return isSupportedCountry(code.toUpperCase());
}

export interface Typed {
  /** What the field should show. */
  text: string;
  /** The country a `+…` number belongs to, when it can be told already. */
  country?: string;
}

/** `00 33 …` is how much of the world dials `+33 …`. */
function international(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.startsWith('+')) return trimmed;
  if (trimmed.startsWith('00')) return `+${trimmed.slice(2)}`;
  return undefined;
}

function parse(input: string, country: string): { typing: AsYouType; text: string; number: PhoneNumber | undefined } {
  const plus = international(input);
  const typing = new AsYouType(plus ? undefined : (country.toUpperCase() as CountryCode), metadata);
  const text = typing.input(plus ?? input.trim());
  return { typing, text, number: typing.getNumber() };
}

/**
 * Formats what the user typed or pasted. A number starting with `+` (or `00`) is international:
 * its country is detected and, once complete, it is shown in that country's national format.
 */
export function formatInput(input: string, country: string): Typed {
  const { typing, text, number } = parse(input, country);
  if (!international(input)) return { text };
  const detected = number?.country ?? typing.getCountry();
  if (number?.country && number.isPossible()) return { text: number.formatNational(), country: number.country };
  return detected ? { text, country: detected } : { text };
}

/**
 * The E.164 form of a valid number, or undefined. libphonenumber-js drops the national trunk
 * prefix (the leading 0 in `07400 123456`), so it never ends up inside the E.164 number.
 */
export function toE164(input: string, country: string): string | undefined {
  const { number } = parse(input, country);
  return number?.isValid() ? number.number : undefined;
}

/** Shows a remembered E.164 number in its national format, with its country. */
export function fromE164(e164: string): Typed | undefined {
  const { number } = parse(e164, 'US');
  return number?.country ? { text: number.formatNational(), country: number.country } : undefined;
}

export interface PhoneFieldHost {
  defaultCountry: string;
  countries: string;
  requestUpdate(): void;
}

/** After the first frame: when the page is idle (within a second), else (WebKit) on the next task. */
function afterFirstFrame(then: () => void): void {
  requestAnimationFrame(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(then, { timeout: 1000 });
    else setTimeout(then, 0);
  });
}

/** What makes the select ask for its whole list at once: focus (keyboard, screen reader), a press. */
const FIRST_USE = ['focus', 'pointerdown', 'mousedown', 'touchstart', 'keydown'] as const;

/**
 * The phone field's model: selected country and shown text. It lives in this lazy chunk with the
 * library it drives; the element holds one only once phone support has loaded.
 */
export class PhoneField {
  /** ISO 3166-1 alpha-2 of the selected country. */
  country = '';

  constructor(
    private readonly host: PhoneFieldHost,
    /** What the phone field shows. */
    public text = '',
  ) {
    this.pickCountry();
  }

  /** The `countries` allowlist, upper-cased and known; empty means every country. */
  get allowed(): string[] {
    return this.host.countries
      .split(/[\s,]+/)
      .map((c) => c.toUpperCase())
      .filter(isCountry);
  }

  #allows(code: string | undefined): code is string {
    const allowed = this.allowed;
    return !!code && isCountry(code) && (allowed.length === 0 || allowed.includes(code.toUpperCase()));
  }

  /** Keeps an allowed country; else `default-country`, else the browser language's region. */
  pickCountry(): void {
    if (this.#allows(this.country)) return;
    const preferred = this.host.defaultCountry.toUpperCase();
    // The browser's region costs a look-up of likely subtags: only when `default-country` is not there.
    if (this.#allows(preferred)) {
      this.country = preferred;
      return;
    }
    let region: string | undefined;
    try {
      // `en-US` names its region; only `fr` alone needs the likely-subtags data (maximize: about
      // 20 ms on a throttled first render, the first time a page asks).
      const locale = new Intl.Locale(navigator.language);
      region = locale.region ?? locale.maximize().region;
    } catch {
      region = undefined;
    }
    this.country = (this.#allows(region) ? region : undefined) ?? this.allowed[0] ?? 'US';
  }

  /**
   * Takes what the field holds after an input event and returns what it should show. Formats
   * while typing at the end and on paste; deleting or editing mid-number is left alone, since
   * reformatting then would fight the caret.
   */
  input(value: string, inputType: string | undefined, caretAtEnd: boolean): string {
    if (inputType?.startsWith('delete') || (!caretAtEnd && !value.trim().startsWith('+'))) {
      this.text = value;
      return value;
    }
    const typed = formatInput(value, this.country);
    if (this.#allows(typed.country)) this.country = typed.country;
    this.text = typed.text;
    return typed.text;
  }

  selectCountry(code: string): void {
    this.country = code;
    if (this.text) this.text = formatInput(this.text, code).text;
  }

  /** Shows an E.164 number (a remembered one) in its national format and country. */
  show(e164: string): void {
    const shown = fromE164(e164);
    if (shown?.country && this.#allows(shown.country)) {
      this.country = shown.country;
      this.text = shown.text;
    }
  }

  /** The E.164 number to send, or undefined when the number is not valid. */
  toE164(): string | undefined {
    return toE164(this.text, this.country);
  }

  /** An E.164 number in the national format the user typed. */
  display(e164: string): string {
    return fromE164(e164)?.text ?? e164;
  }

  #options: { list: CountryOption[]; first: string; elements: HTMLOptionElement[] } | undefined;
  /** The whole list was asked for: the page went idle after the first frame, or the select was used. */
  #whole = false;
  /** The selects that wait for their whole list (one, unless the element re-rendered its form). */
  #waiting = new WeakSet<HTMLSelectElement>();

  /**
   * Fills the country select with its options, labelled by `label`, and selects the country. The
   * element calls it after each render.
   *
   * - First it holds only the selected country's option: the select looks the same closed, and
   *   naming and sorting about 245 countries, building their options and styling them cost a
   *   throttled phone about 45 ms of the first render. The whole list follows after the first frame
   *   (when the page is idle), or at once when the select is first focused or pressed, before it
   *   can open.
   * - The `<option>`s are built once per language, allowlist and label text and kept, as elements:
   *   a Lit template per option (about 245 template instances with their bindings) was the largest
   *   part of the sms first render after the country names themselves.
   */
  fill(select: HTMLSelectElement, lang: string, label: (option: CountryOption) => string): void {
    const allowed = this.allowed;
    // A list already built (for another element on the page) costs nothing to show whole.
    if (!this.#whole && !optionLists.has(listKey(lang, allowed))) {
      this.#fillOne(select, label(option(lang, this.country)));
      return;
    }
    const list = countryOptions(lang, allowed);
    const first = list[0] ? label(list[0]) : '';
    let built = this.#options;
    if (built?.list !== list || built.first !== first) {
      built = this.#options = { list, first, elements: list.map((o) => new Option(label(o), o.code)) };
    }
    if (select.firstElementChild !== built.elements[0]) select.replaceChildren(...built.elements);
    if (select.value !== this.country) select.value = this.country;
  }

  /** The first state: the selected country alone, and the whole list asked for later. */
  #fillOne(select: HTMLSelectElement, text: string): void {
    const shown = select.options[0];
    if (select.options.length !== 1 || shown!.value !== this.country || shown!.text !== text) {
      select.replaceChildren(new Option(text, this.country, true, true));
    }
    if (this.#waiting.has(select)) return;
    this.#waiting.add(select);
    const whole = () => {
      FIRST_USE.forEach((type) => select.removeEventListener(type, whole, true));
      if (this.#whole) return;
      this.#whole = true;
      // Lit updates in a microtask: before a press's mousedown opens the list, before a screen
      // reader reads the focused select.
      this.host.requestUpdate();
    };
    FIRST_USE.forEach((type) => select.addEventListener(type, whole, true));
    afterFirstFrame(whole);
  }
}
