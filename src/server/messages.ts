/**
 * Message texts. Templates are data: each language is one file of src/server/i18n (the 49 tags of
 * LANGUAGES in src/protocol/languages.ts), so adding a language is adding a file and its tag (no code
 * change here). `{app}`, `{code}`, `{minutes}`, `{link_minutes}` are filled in, with plural forms
 * and numbers through Intl (formatText).
 */
import type { Connection } from '../protocol/index.js';
import { formatText, isRtl, type Text } from '../protocol/i18n.js';
import { negotiateLanguage } from '../protocol/languages.js';
import { TEXTS } from './i18n/index.js';
import type { OutgoingMessage } from './delivery/types.js';
import type { MessageTexts } from './i18n/types.js';

export type { MessageTexts };

export const MESSAGES: ReadonlyMap<string, MessageTexts> = TEXTS;

export const FALLBACK_LOCALE = 'en';

/**
 * Picks a supported language: `x-request-language` first (Auth0's header), then the OIDC
 * `ui_locales` in their order (authParams), then the best `accept-language` entry by q-value, then
 * English. Each tag goes through the shared chain (exact, shipped variant, bare language).
 */
export function pickLocale(
  requestLanguage: string | undefined,
  acceptLanguage: string | undefined,
  uiLocales: readonly string[] = [],
): string {
  const candidates: { tag: string; q: number }[] = [];
  if (requestLanguage) candidates.push({ tag: requestLanguage, q: 2 });
  // Between the two: the sort below is stable, so ui_locales keep their order.
  for (const tag of uiLocales.slice(0, 20)) candidates.push({ tag, q: 1.5 });
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (tag && Number.isFinite(q) && q > 0) candidates.push({ tag, q });
  }
  candidates.sort((a, b) => b.q - a.q);
  // The element's own rule (src/protocol/i18n.ts): `pt` → `pt-BR`, `es-MX` → `es-419`, `zh-HK` → `zh-TW`.
  return negotiateLanguage(
    candidates.map((c) => c.tag),
    (tag) => MESSAGES.has(tag),
  );
}

/** ` dir="rtl"` for ar, he, fa and ur, so mail clients lay the message out right to left. */
const htmlDir = (locale: string) => (isRtl(locale) ? ' dir="rtl"' : '');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderInput {
  locale: string;
  appName: string;
  code: string;
  codeTtlSeconds: number;
  link?: string;
  linkTtlSeconds?: number;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const minutes = (s: number) => Math.max(1, Math.round(s / 60));

const textsOf = (locale: string): MessageTexts => MESSAGES.get(locale) ?? MESSAGES.get(FALLBACK_LOCALE)!;

/** The texts of the server's own pages (a dead magic link, the sign-out confirmation). */
export type PageTextKey = Extract<keyof MessageTexts, `page${string}`>;

/** A text of the server's own pages in `locale`, its `{client}` and `{site}` filled in. */
export function pageText(locale: string, key: PageTextKey, params: Record<string, string> = {}): string {
  return formatText(locale, textsOf(locale)[key], params);
}

/**
 * The language of a page for a person: the OIDC `ui_locales` (space-separated, best first; the
 * logout request may carry them), else their browser's `Accept-Language`, else English.
 */
export function pageLocale(acceptLanguage: string | undefined, uiLocales = ''): string {
  return pickLocale(undefined, acceptLanguage, uiLocales.split(' ').filter(Boolean));
}

/**
 * A message but its code and link depends only on the language, the app name and the minutes, so
 * it is rendered once per such combination (formatting the texts through Intl and escaping them
 * cost more than all the rest of composing a message), with these markers where the code and the
 * link go. Each message fills the markers in. An app name holding a marker character (none does)
 * is rendered every time.
 */
const CODE_MARK = '\u0001';
const LINK_MARK = '\u0002';
const hasMark = (s: string) => s.includes(CODE_MARK) || s.includes(LINK_MARK);

/** A rendered text cut at its markers: text pieces, and CODE or LINK where a marker was. */
type Pieces = (string | typeof CODE | typeof LINK)[];
const CODE = 0;
const LINK = 1;

function cut(s: string): Pieces {
  const pieces: Pieces = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== CODE_MARK && c !== LINK_MARK) continue;
    if (i > from) pieces.push(s.slice(from, i));
    pieces.push(c === CODE_MARK ? CODE : LINK);
    from = i + 1;
  }
  if (from < s.length) pieces.push(s.slice(from));
  return pieces;
}

function fill(pieces: Pieces, code: string, link: string): string {
  let out = '';
  for (const p of pieces) out += p === CODE ? code : p === LINK ? link : p;
  return out;
}

/** Rendered messages with markers, by language, app name, minutes and kind (a bounded set: config × languages). */
const rendered = new Map<string, Pieces[]>();

function renderedOnce(key: string, render: () => string[]): Pieces[] {
  let pieces = rendered.get(key);
  if (!pieces) {
    // A safety net: the combinations come from the config and the shipped languages.
    if (rendered.size >= 10_000) rendered.clear();
    pieces = render().map(cut);
    rendered.set(key, pieces);
  }
  return pieces;
}

function renderEmailNow(input: RenderInput): EmailContent {
  const t = textsOf(input.locale);
  const vars = {
    app: input.appName,
    code: input.code,
    minutes: minutes(input.codeTtlSeconds),
    link_minutes: minutes(input.linkTtlSeconds ?? input.codeTtlSeconds),
  };
  const f = (s: Text) => formatText(input.locale, s, vars);
  const text = [f(t.emailIntro), '', input.code, '', f(t.emailCodeLine)];
  const h = (s: Text) => escapeHtml(f(s));
  const html = [
    `<!doctype html><html lang="${escapeHtml(input.locale)}"${htmlDir(input.locale)}><body style="font-family:system-ui,sans-serif;line-height:1.5">`,
    `<p>${h(t.emailIntro)}</p>`,
    `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(input.code)}</p>`,
    `<p>${h(t.emailCodeLine)}</p>`,
  ];
  if (input.link) {
    text.push('', f(t.emailLinkIntro), input.link, f(t.emailLinkExpiry));
    html.push(
      `<p>${h(t.emailLinkIntro)}</p>`,
      `<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 18px;background:#1a56db;color:#fff;text-decoration:none;border-radius:6px">${h(t.emailLinkButton)}</a></p>`,
      `<p>${h(t.emailLinkExpiry)}</p>`,
    );
  }
  text.push('', f(t.emailIgnore));
  html.push(`<p style="color:#555">${h(t.emailIgnore)}</p>`, '</body></html>');
  return { subject: f(t.emailSubject), text: text.join('\n'), html: html.join('\n') };
}

export function renderEmail(input: RenderInput): EmailContent {
  if (hasMark(input.appName)) return renderEmailNow(input);
  const { locale, appName, codeTtlSeconds, linkTtlSeconds } = input;
  const key = `email\n${locale}\n${appName}\n${minutes(codeTtlSeconds)}\n${input.link ? minutes(linkTtlSeconds ?? codeTtlSeconds) : '-'}`;
  const [subject, text, html] = renderedOnce(key, () => {
    const marked = { locale, appName, code: CODE_MARK, codeTtlSeconds, linkTtlSeconds };
    const e = renderEmailNow(input.link ? { ...marked, link: LINK_MARK } : marked);
    return [e.subject, e.text, e.html];
  }) as [Pieces, Pieces, Pieces];
  const link = input.link ?? '';
  return {
    subject: fill(subject, input.code, link),
    text: fill(text, input.code, link),
    html: fill(html, escapeHtml(input.code), escapeHtml(link)),
  };
}

function renderNoAccountEmailNow(locale: string, appName: string): EmailContent {
  const t = textsOf(locale);
  const body = formatText(locale, t.noAccountBody, { app: appName });
  return {
    subject: formatText(locale, t.noAccountSubject, { app: appName }),
    text: body,
    html: `<!doctype html><html lang="${escapeHtml(locale)}"${htmlDir(locale)}><body><p>${escapeHtml(body)}</p></body></html>`,
  };
}

export function renderNoAccountEmail(locale: string, appName: string): EmailContent {
  if (hasMark(appName)) return renderNoAccountEmailNow(locale, appName);
  const [subject, text, html] = renderedOnce(`none\n${locale}\n${appName}`, () => {
    const e = renderNoAccountEmailNow(locale, appName);
    return [e.subject, e.text, e.html];
  }) as [Pieces, Pieces, Pieces];
  return { subject: fill(subject, '', ''), text: fill(text, '', ''), html: fill(html, '', '') };
}

/** SMS text; the last line is the WebOTP origin-bound line `@host #code`. */
export function renderSms(input: RenderInput & { originHost: string | null }): string {
  const { locale, appName, code } = input;
  const render = (c: string) =>
    formatText(locale, textsOf(locale).sms, { app: appName, code: c, minutes: minutes(input.codeTtlSeconds) });
  const body = hasMark(appName)
    ? render(code)
    : fill(
        renderedOnce(`sms\n${locale}\n${appName}\n${minutes(input.codeTtlSeconds)}`, () => [render(CODE_MARK)])[0]!,
        code,
        '',
      );
  return input.originHost ? `${body}\n\n@${input.originHost} #${code}` : body;
}

export interface MessageInput {
  channel: Connection;
  /** Email address or E.164 number. */
  to: string;
  client_id: string;
  locale: string;
  appName: string;
  /** The one-time code; null when the recipient has no account (disable_signup): a notice instead. */
  code: string | null;
  codeTtlSeconds: number;
  /** The magic link, when one was asked for (email only). */
  link?: string;
  linkTtlSeconds: number;
  /** SMS only: the host of the WebOTP line. */
  originHost: string | null;
}

/** The whole message a start request sends: a code (and link), or the no-account notice. */
export function composeMessage(input: MessageInput): OutgoingMessage {
  const { channel, to, client_id, locale, appName, code, codeTtlSeconds } = input;
  if (code === null) {
    const { subject, text, html } = renderNoAccountEmail(locale, appName);
    return channel === 'email'
      ? { channel, to, client_id, locale, subject, text, html, code: '' }
      : { channel, to, client_id, locale, text, code: '' };
  }
  if (channel === 'sms') {
    const text = renderSms({ locale, appName, code, codeTtlSeconds, originHost: input.originHost });
    return { channel, to, client_id, locale, text, code };
  }
  const { link, linkTtlSeconds } = input;
  const { subject, text, html } = renderEmail({ locale, appName, code, codeTtlSeconds, link, linkTtlSeconds });
  const message: OutgoingMessage = { channel, to, client_id, locale, subject, text, html, code };
  if (link) message.link = link;
  return message;
}
