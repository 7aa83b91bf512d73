/**
 * Shows who signed in: the id_token's claims, as the `login` event gives them in
 * `detail.idTokenPayload` (decoded, not verified: the app's backend verifies the token), and when
 * the token expires.
 */
import type { LoginResult } from '../../src/protocol/index.js';

function formatRemaining(seconds: number): string {
  if (seconds <= 0) return 'expired';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `in ${minutes} min ${seconds % 60} s` : `in ${seconds} s`;
}

/** Renders the signed-in panel into `target`; returns a function that stops its clock. */
export function renderSession(target: HTMLElement, login: LoginResult): () => void {
  const claims = login.idTokenPayload;
  const exp = typeof claims.exp === 'number' ? claims.exp : Math.floor(Date.now() / 1000) + login.expiresIn;
  const who = String(claims.email ?? claims.phone_number ?? claims.sub);

  target.replaceChildren();
  const heading = document.createElement('h2');
  heading.textContent = `Signed in as ${who}`;
  const expiry = document.createElement('p');
  expiry.className = 'expiry';
  const table = document.createElement('table');
  table.className = 'claims';
  table.createCaption().textContent = 'id_token claims';
  for (const [name, value] of Object.entries(claims)) {
    const row = table.insertRow();
    const key = document.createElement('th');
    key.scope = 'row';
    key.textContent = name;
    const cell = row.insertCell();
    row.prepend(key);
    const isTime = (name === 'exp' || name === 'iat' || name === 'auth_time') && typeof value === 'number';
    cell.textContent = isTime ? `${value} (${new Date(value * 1000).toLocaleString()})` : JSON.stringify(value);
  }
  target.append(heading, expiry, table);

  const tick = (): void => {
    const left = exp - Math.floor(Date.now() / 1000);
    expiry.textContent = `Token expires ${formatRemaining(left)}, at ${new Date(exp * 1000).toLocaleTimeString()}.`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
