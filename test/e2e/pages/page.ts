/**
 * The test app: puts one <passwordless-login> on the page and records its events on
 * `window.e2e`, which the tests read. Element options come from the query string and are kept in
 * localStorage, because the magic-link redirect lands on this page without them.
 */
import type { LoginResult } from '../../../src/protocol/index.js';

interface E2eConfig {
  domain: string;
  clientId: string;
}
interface Recorded {
  logins: LoginResult[];
  sent: unknown[];
  errors: { error: string; errorDescription: string }[];
  states: string[];
}
declare global {
  interface Window {
    E2E_CONFIG: E2eConfig;
    e2e: Recorded;
  }
}

const OPTION_ATTRIBUTES = ['connection', 'send', 'default-country', 'countries', 'lang', 'scope'];
const STORAGE_KEY = 'e2e-element-options';

function elementOptions(): Record<string, string> {
  const query = new URLSearchParams(location.search);
  const fromQuery = OPTION_ATTRIBUTES.filter((name) => query.has(name));
  if (fromQuery.length > 0) {
    const options = Object.fromEntries(fromQuery.map((name) => [name, query.get(name) ?? '']));
    localStorage.setItem(STORAGE_KEY, JSON.stringify(options));
    return options;
  }
  return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, string>;
}

/** Called by the page's entry (an explicit call: bundlers may drop side-effect-only imports). */
export function startTestApp(): void {
  const recorded: Recorded = { logins: [], sent: [], errors: [], states: [] };
  window.e2e = recorded;
  const log = document.getElementById('events')!;
  const note = (line: string): void => {
    log.textContent += `${line}\n`;
  };

  const element = document.createElement('passwordless-login');
  element.setAttribute('domain', window.E2E_CONFIG.domain);
  element.setAttribute('client-id', window.E2E_CONFIG.clientId);
  for (const [name, value] of Object.entries(elementOptions())) element.setAttribute(name, value);

  element.addEventListener('login', (event) => {
    recorded.logins.push(event.detail);
    note(`login ${String(event.detail.idTokenPayload.sub)}`);
  });
  element.addEventListener('sent', (event) => {
    recorded.sent.push(event.detail);
    note(`sent ${event.detail.to}`);
  });
  element.addEventListener('login-error', (event) => {
    recorded.errors.push(event.detail);
    note(`login-error ${event.detail.error}`);
  });
  element.addEventListener('state-change', (event) => {
    recorded.states.push(event.detail.state);
  });
  document.getElementById('app')!.append(element);
}
