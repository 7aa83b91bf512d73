/**
 * Message texts. Templates are data: each language is one file of src/server/i18n (the 49 tags of
 * LANGUAGES in src/protocol/languages.ts), so adding a language is adding a file and its tag (no code
 * change here). `{app}`, `{code}`, `{minutes}`, `{link_minutes}` are filled in, with plural forms
 * and numbers through Intl (formatText).
 */
import type { Connection } from '../protocol/index.js';
import type { ResolvedBranding } from '../protocol/branding.js';
import { formatText, type Text } from '../protocol/i18n.js';
import { negotiateLanguage } from '../protocol/languages.js';
import { TEXTS } from './i18n/index.js';
import type { OutgoingMessage } from './delivery/types.js';
import type { MessageTexts } from './i18n/types.js';
import { smsSegments } from './sms-segments.js';
import { defaultBranding } from './branding.js';
import { emailHtml } from './email/html.js';
import { escapeHtml } from './escape-html.js';
import { renderCustomEmail, type CustomTemplates, type TemplateName } from './email/templates.js';

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

export interface RenderInput {
  locale: string;
  appName: string;
  /** The application's logo, name and colours; without it, the name and the default colours. */
  branding?: ResolvedBranding;
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

/** The branding a message is drawn with: the one given, else the app name with the defaults. */
const brandingOf = (input: { appName: string; branding?: ResolvedBranding }): ResolvedBranding =>
  input.branding ?? defaultBranding({ name: input.appName });

/** A cache key part for a branding (its fields in a fixed order). */
const brandingKey = (b: ResolvedBranding) =>
  JSON.stringify([b.appName, b.logoUrl, b.primaryColor, b.pageBackground, b.supportUrl]);

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
  const branding = brandingOf(input);
  const vars = {
    app: branding.appName,
    code: input.code,
    minutes: minutes(input.codeTtlSeconds),
    link_minutes: minutes(input.linkTtlSeconds ?? input.codeTtlSeconds),
  };
  const f = (s: Text) => formatText(input.locale, s, vars);
  const subject = f(t.emailSubject);
  const text = [f(t.emailIntro), '', input.code, '', f(t.emailCodeLine)];
  if (input.link) text.push('', f(t.emailLinkIntro), input.link, f(t.emailLinkExpiry));
  text.push('', f(t.emailWhy), f(t.emailIgnore));
  const html = emailHtml(branding, {
    locale: input.locale,
    subject,
    intro: f(t.emailIntro),
    code: input.code,
    codeLine: f(t.emailCodeLine),
    link: input.link
      ? {
          intro: f(t.emailLinkIntro),
          button: f(t.emailLinkButton),
          url: input.link,
          expiry: f(t.emailLinkExpiry),
          fallback: f(t.emailLinkFallback),
        }
      : undefined,
    why: f(t.emailWhy),
    ignore: f(t.emailIgnore),
  });
  return { subject, text: text.join('\n'), html };
}

export function renderEmail(input: RenderInput): EmailContent {
  const branding = brandingOf(input);
  const bKey = brandingKey(branding);
  if (hasMark(bKey)) return renderEmailNow(input);
  const { locale, appName, codeTtlSeconds, linkTtlSeconds } = input;
  const key = `email\n${locale}\n${bKey}\n${minutes(codeTtlSeconds)}\n${input.link ? minutes(linkTtlSeconds ?? codeTtlSeconds) : '-'}`;
  const [subject, text, html] = renderedOnce(key, () => {
    const marked = { locale, appName, branding, code: CODE_MARK, codeTtlSeconds, linkTtlSeconds };
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

function renderNoAccountEmailNow(locale: string, branding: ResolvedBranding): EmailContent {
  const t = textsOf(locale);
  const body = formatText(locale, t.noAccountBody, { app: branding.appName });
  const subject = formatText(locale, t.noAccountSubject, { app: branding.appName });
  // The body says why the person got it and that they may ignore it.
  return { subject, text: body, html: emailHtml(branding, { locale, subject, intro: body }) };
}

export function renderNoAccountEmail(locale: string, appName: string, branding?: ResolvedBranding): EmailContent {
  const b = branding ?? defaultBranding({ name: appName });
  const bKey = brandingKey(b);
  if (hasMark(bKey)) return renderNoAccountEmailNow(locale, b);
  const [subject, text, html] = renderedOnce(`none\n${locale}\n${bKey}`, () => {
    const e = renderNoAccountEmailNow(locale, b);
    return [e.subject, e.text, e.html];
  }) as [Pieces, Pieces, Pieces];
  return { subject: fill(subject, '', ''), text: fill(text, '', ''), html: fill(html, '', '') };
}

/**
 * SMS text; the last line is the WebOTP origin-bound line `@host #code`. The full text (with the
 * expiry) when it fits one segment, else the short one (the app and the code) when that fits,
 * else the full one (docs/emails.md lists which languages fit).
 */
export function renderSms(input: RenderInput & { originHost: string | null }): string {
  const { locale, appName, code } = input;
  const webOtp = input.originHost ? `\n\n@${input.originHost} #${code}` : '';
  const render = (c: string, short: boolean) =>
    formatText(locale, short ? textsOf(locale).smsShort : textsOf(locale).sms, {
      app: appName,
      code: c,
      minutes: minutes(input.codeTtlSeconds),
    });
  const body = (short: boolean) =>
    hasMark(appName)
      ? render(code, short)
      : fill(
          renderedOnce(`sms${short ? 's' : ''}\n${locale}\n${appName}\n${minutes(input.codeTtlSeconds)}`, () => [
            render(CODE_MARK, short),
          ])[0]!,
          code,
          '',
        );
  const full = body(false) + webOtp;
  if (smsSegments(full).segments === 1) return full;
  const short = body(true) + webOtp;
  return smsSegments(short).segments === 1 ? short : full;
}

export interface MessageInput {
  channel: Connection;
  /** Email address or E.164 number. */
  to: string;
  client_id: string;
  locale: string;
  appName: string;
  /** The application's branding (`resolveBranding`, src/server/branding.ts); without it, the name and defaults. */
  branding?: ResolvedBranding;
  /** The enabled custom email templates (`/api/v2/email-templates`), by name; a missing one is the built-in. */
  templates?: CustomTemplates;
  /** The one-time code; null when the recipient has no account (disable_signup): a notice instead. */
  code: string | null;
  codeTtlSeconds: number;
  /** The magic link, when one was asked for (email only). */
  link?: string;
  linkTtlSeconds: number;
  /** SMS only: the host of the WebOTP line. */
  originHost: string | null;
}

/** Which custom template an email is: Auth0's names where one fits (docs/emails.md). */
export function templateNameOf(input: Pick<MessageInput, 'code' | 'link'>): TemplateName {
  return input.code === null ? 'passwordless_no_account' : input.link ? 'verify_email' : 'verify_email_by_code';
}

/** The whole message a start request sends: a code (and link), or the no-account notice. */
export function composeMessage(input: MessageInput): OutgoingMessage {
  const { channel, to, client_id, locale, code, codeTtlSeconds } = input;
  const branding = input.branding;
  const appName = branding?.appName ?? input.appName;
  const withTemplate = (content: EmailContent): EmailContent => {
    const custom = input.templates?.[templateNameOf(input)];
    if (!custom) return content;
    const t = textsOf(locale);
    const vars = {
      app: appName,
      code: code ?? '',
      minutes: minutes(codeTtlSeconds),
      link_minutes: minutes(input.linkTtlSeconds),
    };
    const f = (s: Text) => formatText(locale, s, vars);
    return renderCustomEmail(custom, content, {
      application: { name: appName, client_id, clientID: client_id, logo_url: branding?.logoUrl ?? '' },
      branding: {
        logo_url: branding?.logoUrl ?? '',
        primary_color: branding?.primaryColor ?? '',
        page_background: branding?.pageBackground ?? '',
      },
      code: code ?? '',
      link: input.link ?? '',
      url: input.link ?? '',
      email: to,
      locale,
      request_language: locale,
      minutes: vars.minutes,
      link_minutes: vars.link_minutes,
      texts: {
        subject: content.subject,
        intro: code === null ? f(t.noAccountBody) : f(t.emailIntro),
        code_line: f(t.emailCodeLine),
        link_intro: f(t.emailLinkIntro),
        link_button: f(t.emailLinkButton),
        link_expiry: f(t.emailLinkExpiry),
        link_fallback: f(t.emailLinkFallback),
        why: f(t.emailWhy),
        ignore: f(t.emailIgnore),
      },
    });
  };
  const withFrom = (message: OutgoingMessage): OutgoingMessage => {
    const from = input.templates?.[templateNameOf(input)]?.from;
    if (from) message.from = from;
    return message;
  };
  if (code === null) {
    if (channel !== 'email') {
      return { channel, to, client_id, locale, text: renderNoAccountEmail(locale, appName, branding).text, code: '' };
    }
    const { subject, text, html } = withTemplate(renderNoAccountEmail(locale, appName, branding));
    return withFrom({ channel, to, client_id, locale, subject, text, html, code: '' });
  }
  if (channel === 'sms') {
    const text = renderSms({ locale, appName, code, codeTtlSeconds, originHost: input.originHost });
    return { channel, to, client_id, locale, text, code };
  }
  const { link, linkTtlSeconds } = input;
  const { subject, text, html } = withTemplate(
    renderEmail({ locale, appName, branding, code, codeTtlSeconds, link, linkTtlSeconds }),
  );
  const message: OutgoingMessage = { channel, to, client_id, locale, subject, text, html, code };
  if (link) message.link = link;
  return withFrom(message);
}
