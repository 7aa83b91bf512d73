/**
 * The server's few HTML pages (a dead magic link, `/authorize`, the sign-out confirmation): one
 * small document, one stylesheet and one Content-Security-Policy that allows exactly that
 * stylesheet, by its hash. Nothing inline but the hashed <style>, so `default-src 'none'` holds and
 * the page still has its styling. A page may hold one form of one button, posting to this origin.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { isRtl } from '../protocol/i18n.js';
import { escapeHtml } from './escape-html.js';

const STYLE = 'body{font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem;margin:3rem auto;padding:0 1rem}';

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The CSP of a plain page. Without a form it may send no form at all; with one, only to this
 * origin and the origins its answer may redirect to (Chromium checks `form-action` on redirects).
 */
function csp(formAction: string): string {
  return `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`;
}

/** The CSP every plain page without a form is sent with (exported for tests). */
export const PLAIN_PAGE_CSP = csp("'none'");

export interface PlainPage {
  status: number;
  /** The language the texts are in (`en` when not given); ar, he, fa and ur are laid out right to left. */
  lang?: string;
  title: string;
  heading: string;
  /** Plain text (escaped here). */
  message: string;
  form?: PlainForm;
}

/** A POST form of hidden fields and one submit button. */
export interface PlainForm {
  /** A path on this server. */
  action: string;
  fields: Record<string, string>;
  button: string;
  /** Origins the form's answer may redirect to. */
  redirectOrigins?: string[];
}

function renderForm(form: PlainForm): string {
  const fields = Object.entries(form.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(form.action)}">${fields}<button type="submit" autofocus>${escapeHtml(form.button)}</button></form>`;
}

/** Sends a plain HTML page whose markup and CSP agree. */
export function plainPage(reply: FastifyReply, page: PlainPage) {
  return reply
    .code(page.status)
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      page.form ? csp(["'self'", ...(page.form.redirectOrigins ?? [])].join(' ')) : PLAIN_PAGE_CSP,
    )
    // A form's POST carries the page's origin (checked by its handler); `no-referrer` would make
    // Chromium send `Origin: null`. Nothing leaves this origin with a referrer either way.
    .header('referrer-policy', page.form ? 'same-origin' : 'no-referrer')
    .send(
      `<!doctype html><html lang="${escapeHtml(page.lang ?? 'en')}"${isRtl(page.lang ?? 'en') ? ' dir="rtl"' : ''}>` +
        `<meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style>` +
        `<body><h1>${escapeHtml(page.heading)}</h1><p>${escapeHtml(page.message)}</p>` +
        `${page.form ? renderForm(page.form) : ''}</body></html>`,
    );
}

/**
 * The plain error page (400 unless told): nothing to send the person back to, so they read what
 * went wrong. Never cached.
 */
export function plainErrorPage(
  reply: FastifyReply,
  page: { title: string; message: string; lang?: string; status?: number },
) {
  reply.header('cache-control', 'no-store');
  const { title, message, lang, status = 400 } = page;
  return plainPage(reply, { status, lang, title, heading: title, message });
}
