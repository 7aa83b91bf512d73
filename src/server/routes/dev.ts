/**
 * Dev mailbox: GET /dev/outbox lists the messages the outbox provider "sent" (newest first);
 * DELETE clears them. Registered only when a provider is `outbox` (which itself refuses production).
 * It hands out every code, so it answers only loopback clients (by the socket's own address, never
 * X-Forwarded-For) unless the config says `dev_outbox: "any"`.
 *
 * Previews (docs/emails.md), under the same guard:
 * - GET /dev/outbox/{id}/html?scheme=light|dark: one delivered email's HTML part as a page, under
 *   a CSP `sandbox` (no script, no form, no request but the logo), for the mailbox's iframes;
 * - GET /dev/mailbox: every delivered message, its HTML part light and dark side by side;
 * - GET /dev/emails?client_id=…&lang=…: every email and the SMS of one application in one
 *   language, as they would be sent now (custom templates included), sending nothing.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { OutboxMessage } from '../../protocol/index.js';
import { LANGUAGES } from '../../protocol/languages.js';
import { resolveBranding } from '../branding.js';
import type { AppContext } from '../context.js';
import type { Outbox } from '../delivery/index.js';
import { escapeHtml } from '../escape-html.js';
import { enabledTemplates, TEMPLATE_NAMES } from '../email/templates.js';
import { accessDenied, notFound } from '../errors.js';
import { composeMessage, FALLBACK_LOCALE, MESSAGES } from '../messages.js';

const isLoopback = (address: string | undefined) =>
  address !== undefined && (/^(::ffff:)?127\./.test(address) || address === '::1');

/** The email as a dark-mode client shows it: its dark styles always on. */
export function darkVariant(html: string): string {
  return html
    .replace(/@media \(prefers-color-scheme: ?dark\)/g, '@media all')
    .replace(/<meta name="color-scheme" content="[^"]*">/, '<meta name="color-scheme" content="dark">');
}

/** Where a previewed email may reach: its logo (any http(s) image) and nothing else. */
const EMAIL_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; sandbox";
const PAGE_CSP =
  "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; base-uri 'none'";

const PAGE_STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px}h2{font-size:16px;margin:28px 0 8px}.meta{color:#57606a}
.pair{display:flex;gap:16px;flex-wrap:wrap}.pair figure{margin:0;flex:1 1 420px}
figcaption{color:#57606a;font-size:12px;margin-bottom:4px}
iframe{width:100%;height:620px;border:1px solid #d0d7de;border-radius:8px;background:#fff}
pre{background:#f6f8fa;padding:12px;border-radius:8px;white-space:pre-wrap}
form{display:flex;gap:12px;align-items:end;flex-wrap:wrap}label{display:grid;gap:4px}`;

function page(reply: FastifyReply, title: string, body: string) {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<style>${PAGE_STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

/** An email's HTML light and dark, each in a sandboxed iframe (`srcdoc`: nothing is fetched for it but the logo). */
function pair(html: string): string {
  const frame = (scheme: string, doc: string) =>
    `<figure><figcaption>${scheme}</figcaption><iframe sandbox title="${scheme}" srcdoc="${escapeHtml(doc)}"></iframe></figure>`;
  return `<div class="pair">${frame('light', html)}${frame('dark', darkVariant(html))}</div>`;
}

export function devRoutes(
  outbox: Outbox,
  access: 'loopback' | 'any',
  ctx?: Pick<AppContext, 'clients' | 'store' | 'now' | 'config' | 'issuer'>,
): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (access !== 'any' && !isLoopback(request.socket.remoteAddress)) {
        throw accessDenied('The dev mailbox answers only loopback clients (see dev_outbox).');
      }
    });
    app.get('/dev/outbox', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return outbox.list();
    });
    app.delete('/dev/outbox', async (_request, reply) => {
      outbox.clear();
      return reply.code(204).send();
    });

    app.get<{ Params: { id: string }; Querystring: { scheme?: string } }>(
      '/dev/outbox/:id/html',
      async (request, reply) => {
        const m = outbox.list().find((x) => x.id === request.params.id);
        if (!m?.html) throw notFound('No email with an HTML part has that id in the outbox.');
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', EMAIL_CSP)
          .header('cache-control', 'no-store')
          .send(request.query.scheme === 'dark' ? darkVariant(m.html) : m.html);
      },
    );

    app.get('/dev/mailbox', async (_request, reply) => {
      const items = outbox.list().map((m: OutboxMessage) => {
        const head =
          `<h2>${escapeHtml(m.subject ?? 'SMS')}</h2><p class="meta">${escapeHtml(m.channel)} to ${escapeHtml(m.to)} · ` +
          `${escapeHtml(m.locale)} · ${escapeHtml(m.sent_at)}</p>`;
        return (
          head +
          (m.html ? pair(m.html) : '') +
          `<details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details>`
        );
      });
      return page(reply, 'Dev mailbox', items.length ? items.join('') : '<p>No messages yet.</p>');
    });

    if (!ctx) return;
    app.get<{ Querystring: { client_id?: string; lang?: string } }>('/dev/emails', async (request, reply) => {
      const clients = [...ctx.clients.values()];
      const clientId = String(request.query.client_id ?? clients[0]?.client_id ?? '');
      const client = ctx.clients.get(clientId);
      if (!client) throw notFound('No client with that client_id.');
      const lang = MESSAGES.has(String(request.query.lang)) ? String(request.query.lang) : FALLBACK_LOCALE;
      const branding = await resolveBranding(ctx, client.client_id);
      const templates = await enabledTemplates(ctx.store, TEMPLATE_NAMES, ctx.now());
      const l = ctx.config.limits;
      const base = {
        to: 'someone@example.com',
        client_id: client.client_id,
        locale: lang,
        appName: client.name,
        branding,
        templates,
        codeTtlSeconds: l.code_ttl_seconds,
        linkTtlSeconds: l.link_ttl_seconds,
        originHost: null,
      };
      const link = `${ctx.issuer().replace(/\/$/, '')}/passwordless/verify_redirect?preview=1`;
      const emails = [
        ['verify_email_by_code: the code', composeMessage({ ...base, channel: 'email', code: '123456' })],
        [
          'verify_email: the code and the magic link',
          composeMessage({ ...base, channel: 'email', code: '123456', link }),
        ],
        ['passwordless_no_account: the no-account notice', composeMessage({ ...base, channel: 'email', code: null })],
      ] as const;
      const sms = composeMessage({
        ...base,
        channel: 'sms',
        to: '+15555550100',
        code: '123456',
        codeTtlSeconds: l.sms_code_ttl_seconds,
        originHost: new URL(ctx.issuer()).host,
      });
      const options = (values: string[], selected: string, label: (v: string) => string) =>
        values
          .map(
            (v) =>
              `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(label(v))}</option>`,
          )
          .join('');
      const form =
        `<form method="get" action="/dev/emails"><label>Application<select name="client_id">` +
        options(
          clients.map((c) => c.client_id),
          client.client_id,
          (id) => `${ctx.clients.get(id)!.name} (${id})`,
        ) +
        `</select></label><label>Language<select name="lang">${options([...LANGUAGES], lang, (v) => v)}</select></label>` +
        `<button type="submit">Show</button></form><p class="meta">Nothing is sent from this page.` +
        ` Custom templates in use: ${Object.keys(templates).join(', ') || 'none'}.</p>`;
      const sections = emails.map(
        ([title, m]) =>
          `<h2>${escapeHtml(title)}</h2><p class="meta">Subject: ${escapeHtml(m.subject ?? '')}</p>${pair(m.html ?? '')}` +
          `<details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details>`,
      );
      sections.push(`<h2>SMS</h2><pre>${escapeHtml(sms.text)}</pre>`);
      return page(reply, `Emails of ${client.name} · ${lang}`, form + sections.join(''));
    });
  };
}
