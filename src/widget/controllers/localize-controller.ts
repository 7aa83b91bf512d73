/**
 * One localize layer for every string (Shoelace's LocalizeController idea, much smaller).
 * English is built in; `registerMessages(lang, …)` adds a language; the host's `messages`
 * property overrides any key. The UI language is the host's `lang`, else the document's, else
 * the browser's.
 */
import type { ReactiveControllerHost } from 'lit';
import { en, type MessageKey, type Messages } from '../i18n/en.js';

const catalogs = new Map<string, Partial<Messages>>([['en', en]]);

/** Adds (or extends) the strings of a language, for example `registerMessages('fr', {...})`. */
export function registerMessages(lang: string, messages: Partial<Messages>): void {
  const key = lang.toLowerCase();
  catalogs.set(key, { ...catalogs.get(key), ...messages });
}

export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  messages?: Partial<Messages>;
}

/** No lifecycle hooks: the host reads it while rendering, so it is not added to the host's controllers. */
export class LocalizeController {
  constructor(private readonly host: LocalizeHost) {}

  /** The UI language as a BCP 47 tag. */
  get lang(): string {
    return (
      this.host.lang ||
      this.host.closest('[lang]')?.getAttribute('lang') ||
      document.documentElement.lang ||
      navigator.language ||
      'en'
    );
  }

  term(key: MessageKey, params: Record<string, string | number> = {}): string {
    const tag = this.lang.toLowerCase();
    const template =
      this.host.messages?.[key] ?? catalogs.get(tag)?.[key] ?? catalogs.get(tag.split('-')[0]!)?.[key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }
}
