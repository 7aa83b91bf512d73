/** Sends the hosted login page (page.ts draws it) with its headers: CSP, no cache, no framing. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, languageChain, type HostedTransaction } from '../../protocol/index.js';
import { resolveBranding } from '../branding.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { pickLocale } from '../messages.js';
import { hostedPageCsp, renderHostedPage } from './page.js';

/**
 * The hosted page's language: the first of `ui_locales` (OIDC Core 3.1.2.1, best first) that the
 * element ships, through the element's own chain (`pt` → `pt-BR`); else the browser's
 * Accept-Language; else English.
 */
export function hostedLanguage(uiLocales: string[], acceptLanguage: string | undefined): string {
  const shipped = (tag: string) => (LANGUAGES as readonly string[]).includes(tag);
  for (const tag of uiLocales) for (const candidate of languageChain(tag)) if (shipped(candidate)) return candidate;
  return pickLocale(undefined, acceptLanguage);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** What the page shows: the element's `transaction`, its connections and the app's languages. */
export interface HostedPageRequest {
  client: ClientConfig;
  transaction: HostedTransaction;
  /** The element's `connection` attribute (`email`, `sms` or both). */
  connection: string;
  uiLocales: string[];
}

/**
 * Sends the hosted page: the element for the client, in the language of `uiLocales` or the
 * browser, drawn with the branding as it stands now (read from the store on each page).
 */
export async function sendHostedPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  page: HostedPageRequest,
) {
  const { client, transaction, connection, uiLocales } = page;
  const branding = await resolveBranding(ctx, client.client_id);
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', hostedPageCsp(client, branding))
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(
      renderHostedPage({
        issuer: ctx.issuer(),
        client,
        transaction,
        connection,
        lang: hostedLanguage(uiLocales, headerValue(request.headers['accept-language'])),
        branding,
      }),
    );
}
