/**
 * One localize layer for every string (Shoelace's LocalizeController idea, much smaller).
 *
 * - The language: the host's `lang`, else the nearest `lang` around it (across shadow roots, up
 *   to `<html lang>`), else `navigator.languages`; each through the shared chain
 *   (`pt-BR` → `pt` → `en`, src/protocol/languages.ts) against the shipped and registered languages.
 * - English is built in and needs nothing more. Any other language first loads ../i18n/runtime.ts
 *   (negotiation and the table of languages: a lazy chunk in the ES build), then the language
 *   itself (a lazy chunk each in the ES build, a file beside the script in the script-tag build).
 *   Until it is there the host does not render (`pending()`), so English never flashes.
 * - `registerMessages(lang, …)` adds or extends a language; the host's `messages` property
 *   overrides any key; missing keys fall back along the chain to English.
 * - Direction: right to left for ar, he, fa and ur when nothing around the element sets `dir`.
 * - It follows the page: a `lang` or `dir` set, changed or removed later on the host or any element
 *   around it (an SPA's language switcher on `<html lang>`), or a change of the browser's languages,
 *   re-renders the host in the new language once that has loaded, keeping what the user typed and
 *   the step they are on. One MutationObserver per element, on `lang`/`dir` of its ancestors only,
 *   from connect to disconnect.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatText, isRtl, type TextParams } from '../../protocol/i18n.js';
import { en, type MessageKey, type Messages } from '../i18n/en.js';
import type * as Runtime from '../i18n/runtime.js';

const catalogs = new Map<string, Partial<Messages>>([['en', en]]);
let runtime: typeof Runtime | undefined;
let runtimeLoad: Promise<unknown> | undefined;
/** The runtime could not be loaded: the page stays in English (or its registered languages). */
let runtimeFailed = false;

/** `PT-br` → `pt-BR`; an invalid tag stays as given (lower-cased). */
function canonical(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    return tag.toLowerCase();
  }
}

/** Adds (or extends) the strings of a language, for example `registerMessages('fr', {...})`. */
export function registerMessages(lang: string, messages: Partial<Messages>): void {
  const key = canonical(lang);
  catalogs.set(key, { ...catalogs.get(key), ...messages });
}

/** The value of the nearest `attr` on `el` or its ancestors, crossing shadow roots. */
function inherited(el: Element, attr: string): string | null {
  for (let node: Element | null = el; node;) {
    const found = node.closest(`[${attr}]`);
    if (found) return found.getAttribute(attr);
    node = (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return null;
}

/** The element a node hangs from: its parent, or the host of the shadow root it is in. */
function up(node: Element): Element | null {
  return node.parentElement ?? ((node.getRootNode() as Partial<ShadowRoot>).host || null);
}

/** English asked for first: no runtime needed. */
const english = (requested: readonly string[]) => /^en(-|$)/i.test(requested[0] ?? 'en');

export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  messages?: Partial<Messages>;
}

/** The UI language, its strings and its direction for one element, following the page (see above). */
export class LocalizeController implements ReactiveController {
  #observer: MutationObserver | undefined;
  #update = () => this.host.requestUpdate();

  constructor(private readonly host: LocalizeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer ??= new MutationObserver(this.#update);
    // The host and each ancestor (not their subtrees): a closer `lang` added later counts too.
    for (let node: Element | null = this.host; node; node = up(node)) {
      this.#observer.observe(node, { attributes: true, attributeFilter: ['lang', 'dir'] });
    }
    addEventListener('languagechange', this.#update);
    // Moved to another part of the page: its language may be another one there.
    this.#update();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    removeEventListener('languagechange', this.#update);
  }

  /** What the page asks for, best first. */
  get #requested(): readonly string[] {
    const around = this.host.lang || inherited(this.host, 'lang');
    return around ? [around] : navigator.languages;
  }

  /**
   * The UI language: a shipped or registered tag (`pt-BR`, `ar`, or a registered `x-klingon`),
   * `en` when nothing matches. Sent to the server as `x-request-language`.
   */
  get lang(): string {
    // Without the runtime the page asked for English (or the runtime failed to load).
    return runtime ? runtime.negotiate(this.#requested, (tag) => catalogs.has(tag)) : 'en';
  }

  /**
   * The direction to lay out in: the page's (the nearest `dir` around, the host's own included),
   * else the language's (`rtl` for ar, he, fa and ur).
   */
  get dir(): 'ltr' | 'rtl' | 'auto' {
    return (inherited(this.host, 'dir') as 'ltr' | 'rtl' | 'auto' | null) ?? (isRtl(this.lang) ? 'rtl' : 'ltr');
  }

  /**
   * While the UI language is still loading: resolves when it is there (or has failed). The language
   * may have changed again meanwhile: ask again until this gives undefined.
   */
  pending(): Promise<unknown> | undefined {
    if (!runtime && !runtimeFailed && !english(this.#requested)) {
      // A failed runtime load leaves the page in English (or its registered language).
      runtimeLoad ??= import('../i18n/runtime.js').then(
        (m) => (runtime = m),
        () => (runtimeFailed = true),
      );
      return runtimeLoad.then(() => runtime?.ready(this.lang, catalogs));
    }
    return runtime?.ready(this.lang, catalogs);
  }

  term(key: MessageKey, params: TextParams = {}): string {
    const lang = this.lang;
    let text = this.host.messages?.[key];
    for (const tag of runtime ? runtime.languageChain(lang) : [lang]) text ??= catalogs.get(tag)?.[key];
    return formatText(lang, text ?? en[key as keyof typeof en], params);
  }
}
