/**
 * The server's few HTML pages (a dead magic link, `/authorize`): one small document, one stylesheet
 * and one Content-Security-Policy that allows exactly that stylesheet, by its hash. Nothing inline
 * but the hashed <style>, so `default-src 'none'` holds and the page still has its styling.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

const STYLE = 'body{font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem;margin:3rem auto;padding:0 1rem}';

/** The CSP every plain page is sent with (exported for tests). */
export const PLAIN_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PlainPage {
  status: number;
  title: string;
  heading: string;
  /** Plain text (escaped here). */
  message: string;
}

/** Sends a plain HTML page whose markup and CSP agree. */
export function plainPage(reply: FastifyReply, page: PlainPage) {
  return reply
    .code(page.status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PLAIN_PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style>` +
        `<body><h1>${escapeHtml(page.heading)}</h1><p>${escapeHtml(page.message)}</p></body></html>`,
    );
}
