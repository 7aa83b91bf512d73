/** Shared helpers for the element's browser tests: a faked fetch that records every request. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/widget/passwordless-login.js';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';

export const API = 'http://127.0.0.1:3999';

export interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the form fields for form-encoded bodies. */
  body: Record<string, unknown>;
}

export type Reply =
  { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> } | 'network-error';
type Route = (req: Recorded) => Reply | Promise<Reply>;

const DISCOVERY = '/.well-known/openid-configuration';
const JSON_TYPE = { 'content-type': 'application/json' };

/** Replaces window.fetch; routes by path; every request lands in `requests`. */
export function fakeServer(routes: Record<string, Route | Reply | Reply[]>) {
  const requests: Recorded[] = [];
  const queues = new Map<string, Reply[]>();
  for (const [path, r] of Object.entries(routes)) if (Array.isArray(r)) queues.set(path, [...r]);
  const stub = sinon.stub(window, 'fetch').callsFake(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const text =
      typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : '';
    let body: Record<string, unknown> = {};
    if ((headers['content-type'] ?? '').includes('json')) body = JSON.parse(text);
    else if (text) body = Object.fromEntries(new URLSearchParams(text));
    const req: Recorded = { url, method: init?.method ?? 'GET', headers, body };
    const path = new URL(url).pathname;
    // The element's passkey probe (discovery, asked once at the first render): without a route of
    // its own, the API offers no passkeys and the probe is left out of `requests`.
    if (path === DISCOVERY && !(path in routes)) return new Response('{}', { headers: JSON_TYPE });
    requests.push(req);
    const queue = queues.get(path);
    const route = routes[path];
    const reply: Reply | undefined = queue
      ? queue.shift()
      : typeof route === 'function'
        ? await route(req)
        : (route as Reply);
    if (!reply) throw new Error(`unexpected request ${path}`);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(reply.raw ?? JSON.stringify(reply.body ?? {}), {
      status: reply.status ?? 200,
      headers: { 'content-type': reply.raw ? 'text/html' : 'application/json', ...reply.headers },
    });
  });
  return { requests, stub };
}

export const EMAIL_START_OK: Reply = { body: { _id: 'abc', email: 'ada@example.com', email_verified: false } };
export const SMS_START_OK: Reply = {
  body: { _id: 'abc', phone_number: '+447400123456', phone_verified: false, request_language: null },
};

/** An unsigned-looking but well-formed JWT for the OTP flow (the element only reads claims). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'ES256', kid: 'k1' })}.${b64(claims)}.c2ln`;
}

export const ID_CLAIMS = { iss: API, sub: 'user-1', aud: 'demo', iat: 1, exp: 2, email: 'ada@example.com' };
export const TOKEN_OK: Reply = {
  body: {
    access_token: 'at-1',
    id_token: fakeJwt(ID_CLAIMS),
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'openid profile email',
  },
};

export async function mount(attrs = '') {
  const el = await fixture<PasswordlessLogin>(
    html`<passwordless-login domain=${API} client-id="demo"></passwordless-login>`,
  );
  if (attrs) {
    for (const [, name, value] of attrs.matchAll(/([\w-]+)="([^"]*)"/g)) el.setAttribute(name!, value!);
    await el.updateComplete;
  }
  return el;
}

export function $<T extends Element = HTMLElement>(el: PasswordlessLogin, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <passwordless-login state=${el.state}>`);
  return found;
}

/** Types into an input the way a user does: sets the value and fires `input`. */
export function type(input: HTMLInputElement, value: string, inputType = 'insertText') {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType }));
}

/**
 * Resolves when the element reaches `state` (or rejects after `ms`). Checks every 5 ms: short
 * states such as `verifying` last only as long as a faked request.
 */
export async function until(el: PasswordlessLogin, state: string, ms = 8000): Promise<void> {
  await waitUntil(() => el.state === state, `state is ${el.state}, expected ${state}`, { interval: 5, timeout: ms });
  await el.updateComplete;
}

/**
 * Waits until the lazy phone chunk has filled the country select: its first option, the selected
 * country, and (`whole`, the default) the rest of the list, which follows once the page is idle.
 */
export async function phoneReady(el: PasswordlessLogin, whole = true): Promise<void> {
  const select = () => el.shadowRoot!.querySelector<HTMLSelectElement>('#country');
  // Generous: three engines share the machine, and the chunk is compiled on first request.
  await waitUntil(() => select()?.options.length, 'phone support did not load', { timeout: 8000 });
  await el.updateComplete;
  if (!whole) return;
  const allowed = el.countries.split(/[\s,]+/).filter(Boolean).length;
  const filled = () => (allowed ? select()!.options.length === allowed : select()!.options.length > 200);
  await waitUntil(filled, 'the country list was not filled', { timeout: 8000 });
  await el.updateComplete;
}

export function text(el: PasswordlessLogin): string {
  return (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Sends the email code and waits for the code state. */
export async function toCodeState(el: PasswordlessLogin, email = 'ada@example.com') {
  type($(el, 'input[type=email]'), email);
  $(el, 'button[type=submit]').click();
  await until(el, 'code');
}
