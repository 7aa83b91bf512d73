/**
 * The built-in HTML email: one layout for every message (code, code and magic link, no-account
 * notice), drawn with an application's ResolvedBranding. Written for mail clients, not browsers:
 * nested tables for layout, every style inline (so Gmail and Outlook, which drop or ignore `<style>`,
 * still show it as meant), and one small `<style>` block for what only a stylesheet can say (dark
 * mode). No remote resource but the logo: no web font, no tracking pixel, no background image.
 *
 * Dark mode: `color-scheme: light dark` (meta and CSS) tells Apple Mail, iOS and Outlook.com that
 * the message has its own dark colours, given by `@media (prefers-color-scheme: dark)`; clients
 * that invert colours themselves (Gmail app, Outlook desktop) find light text on light panels
 * nowhere, since every panel sets its background and colour together.
 *
 * Every text handed in is plain text (already formatted); this file escapes it. The code and the
 * link may be the markers of messages.ts, which escaping leaves alone.
 */
import { isRtl } from '../../protocol/i18n.js';
import type { ResolvedBranding } from '../../protocol/branding.js';
import { escapeHtml } from '../escape-html.js';

/** The colour used when a branding colour is missing or not one this file can put in a style. */
export { DEFAULT_PRIMARY } from '../branding.js';
import { DEFAULT_PRIMARY } from '../branding.js';
export const DEFAULT_BACKGROUND = '#f4f5f7';

/**
 * A CSS colour as it may go into a style attribute: hex, rgb()/hsl() with plain numbers, or a
 * named colour. Anything else (a `;`, a `url(`, an expression) gives `fallback`: the branding API
 * validates colours, and this is the second line.
 */
export function safeColor(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  const v = value.trim();
  return /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z]{1,60}\)|[a-z]{3,24})$/i.test(
    v,
  ) && !/url|expression|var/i.test(v)
    ? v
    : fallback;
}

/** Black or white, whichever reads better on `color` (WCAG relative luminance); white when not hex. */
export function textOn(color: string): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return '#ffffff';
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white (1.05 / (l + 0.05)) against contrast with black ((l + 0.05) / 0.05).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#101418';
}

/** A logo address that may go in `src`: http(s) only (the branding API asks https outside development). */
export function safeLogo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export interface EmailParts {
  locale: string;
  /** The `<title>`, and what the client shows before opening (the subject). */
  subject: string;
  /** Opening paragraph (the code's introduction, or the notice). */
  intro: string;
  /** The code, set large; absent in the no-account notice. */
  code?: string;
  codeLine?: string;
  link?: {
    intro: string;
    button: string;
    url: string;
    expiry: string;
    fallback: string;
  };
  /** Why the person got this email; absent when the intro already says it. */
  why?: string;
  /** What to do if they did not ask. */
  ignore?: string;
}

const FONT = `-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif`;
const MONO = `ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace`;

/** What only a stylesheet can say: the dark colours (clients without `<style>` keep the light ones). */
const DARK_CSS = `:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme: dark){
.pwl-bg{background-color:#0f1115 !important}
.pwl-card{background-color:#1b1e24 !important;border-color:#2b3039 !important}
.pwl-text{color:#e8eaed !important}
.pwl-muted{color:#a3a9b3 !important}
.pwl-code{background-color:#262a32 !important;color:#ffffff !important;border-color:#3a404b !important}
.pwl-rule{border-color:#2b3039 !important}
.pwl-link{color:#c9d1d9 !important}
}`;

/** The whole HTML document of one email. */
export function emailHtml(b: ResolvedBranding, parts: EmailParts): string {
  const primary = safeColor(b.primaryColor, DEFAULT_PRIMARY);
  const background = safeColor(b.pageBackground, DEFAULT_BACKGROUND);
  const onPrimary = textOn(primary);
  const rtl = isRtl(parts.locale);
  const dir = rtl ? 'rtl' : 'ltr';
  const align = rtl ? 'right' : 'left';
  const app = escapeHtml(b.appName);
  const logo = safeLogo(b.logoUrl);
  const p = (cls: string, style: string, text: string) =>
    `<p class="${cls}" style="margin:0 0 16px;${style}">${escapeHtml(text)}</p>`;
  const rows: string[] = [];
  // Header: the logo (with the name as its alt text) or the name, over a band of the primary colour.
  rows.push(
    `<tr><td style="height:6px;line-height:6px;font-size:0;background-color:${primary};border-radius:12px 12px 0 0">&nbsp;</td></tr>`,
    `<tr><td style="padding:28px 32px 8px;text-align:${align}">` +
      (logo
        ? `<img src="${escapeHtml(logo)}" alt="${app}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0;outline:none;text-decoration:none">`
        : `<span class="pwl-text" style="font-size:20px;font-weight:700;color:${primary}">${app}</span>`) +
      `</td></tr>`,
  );
  const body: string[] = [p('pwl-text', 'font-size:16px;line-height:24px;color:#1f2328', parts.intro)];
  if (parts.code !== undefined) {
    // The code on its own, left to right even in Arabic, in a box that selects whole on a tap.
    body.push(
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 16px"><tr>` +
        `<td class="pwl-code" dir="ltr" style="padding:14px 22px;background-color:#f1f3f5;border:1px solid #e1e4e8;border-radius:8px;` +
        `font-family:${MONO};font-size:34px;line-height:40px;font-weight:700;letter-spacing:8px;color:#101418;` +
        `-webkit-user-select:all;user-select:all">${escapeHtml(parts.code)}</td></tr></table>`,
    );
    if (parts.codeLine) body.push(p('pwl-muted', 'font-size:14px;line-height:20px;color:#57606a', parts.codeLine));
  }
  if (parts.link) {
    const url = escapeHtml(parts.link.url);
    body.push(
      p('pwl-text', 'font-size:16px;line-height:24px;color:#1f2328', parts.link.intro),
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px"><tr>` +
        `<td align="center" bgcolor="${primary}" style="border-radius:8px;background-color:${primary}">` +
        `<a href="${url}" target="_blank" style="display:inline-block;padding:12px 24px;font-family:${FONT};font-size:16px;` +
        `line-height:24px;font-weight:600;color:${onPrimary};text-decoration:none;border-radius:8px">${escapeHtml(parts.link.button)}</a>` +
        `</td></tr></table>`,
      p('pwl-muted', 'font-size:14px;line-height:20px;color:#57606a', parts.link.expiry),
      p('pwl-muted', 'font-size:13px;line-height:18px;color:#57606a;margin-bottom:4px', parts.link.fallback),
      `<p dir="ltr" style="margin:0 0 16px;font-size:13px;line-height:18px;word-break:break-all;text-align:left">` +
        `<a class="pwl-link" href="${url}" target="_blank" style="color:${primary};text-decoration:underline">${url}</a></p>`,
    );
  }
  rows.push(`<tr><td style="padding:8px 32px 8px;text-align:${align}">${body.join('')}</td></tr>`);
  const foot = [parts.why, parts.ignore].filter((s): s is string => !!s);
  if (foot.length) {
    rows.push(
      `<tr><td style="padding:0 32px 28px;text-align:${align}">` +
        `<div class="pwl-rule" style="border-top:1px solid #e1e4e8;padding-top:16px">` +
        foot.map((s) => p('pwl-muted', 'font-size:13px;line-height:18px;color:#6e7781;margin-bottom:8px', s)).join('') +
        `</div></td></tr>`,
    );
  }
  return (
    `<!doctype html>\n<html lang="${escapeHtml(parts.locale)}" dir="${dir}">\n<head>\n` +
    `<meta charset="utf-8">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n` +
    `<meta name="color-scheme" content="light dark">\n<meta name="supported-color-schemes" content="light dark">\n` +
    `<title>${escapeHtml(parts.subject)}</title>\n<style>\n${DARK_CSS}\n</style>\n</head>\n` +
    `<body class="pwl-bg" style="margin:0;padding:0;background-color:${background};font-family:${FONT};-webkit-text-size-adjust:100%">\n` +
    `<table role="presentation" class="pwl-bg" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${background}">` +
    `<tr><td align="center" style="padding:32px 12px">\n` +
    // Outlook for Windows ignores max-width: a fixed-width table only it reads.
    `<!--[if mso]><table role="presentation" width="520" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->\n` +
    `<table role="presentation" class="pwl-card" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${dir}" ` +
    `style="max-width:520px;background-color:#ffffff;border:1px solid #e1e4e8;border-radius:12px;font-family:${FONT}">\n` +
    rows.join('\n') +
    `\n</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr></table>\n</body>\n</html>\n`
  );
}
