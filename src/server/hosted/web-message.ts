/**
 * Auth0's `response_mode=web_message`: the answer of /authorize is a small page, loaded in the
 * app's hidden iframe (auth0-spa-js getTokenSilently, auth0-js checkSession) or popup, that posts
 * `{type: 'authorization_response', response}` to the window that opened it, for one target
 * origin only: a web origin registered for the client (the browser drops the message for any other
 * page). The page runs no inline script: its answer is a JSON data block that the script served
 * from this server (WEB_MESSAGE_SCRIPT) reads, so its CSP is `script-src 'self'`, and only the
 * target origin may frame it.
 */
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../escape-html.js';

/** Served as /authorize/web-message.js. */
export const WEB_MESSAGE_SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('authorization-response').textContent);
  var target = window.opener || window.parent;
  if (target && target !== window) {
    target.postMessage({ type: 'authorization_response', response: data.response }, data.origin);
  }
})();
`;

export function webMessageCsp(targetOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `frame-ancestors ${targetOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** JSON that is safe inside a `<script type="application/json">` block. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Sends the page that posts `response` to `targetOrigin` (already checked against web_origins). */
export function sendWebMessage(
  reply: FastifyReply,
  base: string,
  targetOrigin: string,
  response: Record<string, string>,
) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', webMessageCsp(targetOrigin))
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title>` +
        `<script type="application/json" id="authorization-response">${jsonForHtml({ origin: targetOrigin, response })}</script>` +
        `<script src="${escapeHtml(base)}/authorize/web-message.js"></script></head><body></body></html>`,
    );
}
