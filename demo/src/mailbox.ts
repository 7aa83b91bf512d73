/**
 * The dev mailbox: lists `GET /dev/outbox` (newest first) with each message's code and link, and
 * polls it, so a person can finish every flow without real email or SMS.
 */
import type { OutboxMessage } from '../../src/protocol/index.js';
import { apiUrl } from './config.js';

const POLL_MS = 2000;
const list = document.getElementById('messages') as HTMLOListElement;
const status = document.getElementById('status')!;
let shownIds = '';

function timeAgo(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : new Date(iso).toLocaleString();
}

/**
 * The email as the recipient sees it, light and dark: the API serves its HTML part under a CSP
 * sandbox, and each frame is sandboxed too (no script, no form, no navigation of this page).
 */
function renderHtml(message: OutboxMessage): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'email-preview';
  const summary = document.createElement('summary');
  summary.textContent = 'Email as sent (light and dark)';
  const pair = document.createElement('div');
  pair.style.cssText = 'display:flex;gap:12px;flex-wrap:wrap';
  for (const scheme of ['light', 'dark']) {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', '');
    frame.title = `${message.subject ?? 'Email'} (${scheme})`;
    frame.loading = 'lazy';
    frame.src = `${apiUrl}/dev/outbox/${encodeURIComponent(message.id)}/html?scheme=${scheme}`;
    frame.style.cssText =
      'flex:1 1 280px;min-width:0;height:560px;border:1px solid #d0d7de;border-radius:8px;background:#fff';
    pair.append(frame);
  }
  details.append(summary, pair);
  return details;
}

function renderMessage(message: OutboxMessage): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'message';
  item.dataset.id = message.id;
  item.dataset.channel = message.channel;

  const header = document.createElement('div');
  header.className = 'message-header';
  const channel = document.createElement('span');
  channel.className = `badge ${message.channel}`;
  channel.textContent = message.channel === 'sms' ? 'SMS' : 'Email';
  const to = document.createElement('strong');
  to.className = 'to';
  to.textContent = message.to;
  const when = document.createElement('time');
  when.dateTime = message.sent_at;
  when.textContent = timeAgo(message.sent_at);
  header.append(channel, ' to ', to, ' · ', when);

  const body = document.createElement('div');
  body.className = 'message-body';
  if (message.subject) {
    const subject = document.createElement('p');
    subject.className = 'subject';
    subject.textContent = message.subject;
    body.append(subject);
  }
  const codeLine = document.createElement('p');
  codeLine.append('Code: ');
  const code = document.createElement('output');
  code.className = 'code';
  code.textContent = message.code;
  code.setAttribute('aria-label', `Code for ${message.to}`);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'button secondary small';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(message.code).then(() => {
      copy.textContent = 'Copied';
    });
  });
  codeLine.append(code, ' ', copy);
  body.append(codeLine);
  if (message.link) {
    const link = document.createElement('a');
    link.className = 'button';
    link.href = message.link;
    link.target = '_blank';
    link.textContent = 'Open link';
    link.setAttribute('aria-label', `Open link for ${message.to}`);
    const linkLine = document.createElement('p');
    linkLine.append(link, ' ');
    const note = document.createElement('span');
    note.className = 'muted';
    note.textContent = 'opens in a new tab, like a link clicked in a mail app';
    linkLine.append(note);
    body.append(linkLine);
  }
  if (message.html) body.append(renderHtml(message));
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Full message';
  const text = document.createElement('pre');
  text.textContent = message.text;
  details.append(summary, text);
  body.append(details);

  item.append(header, body);
  return item;
}

async function refresh(): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/dev/outbox`, { cache: 'no-store' });
  } catch {
    status.textContent = `Cannot reach the API at ${apiUrl}. Is \`npm start\` still running?`;
    return;
  }
  if (response.status === 404) {
    status.textContent = 'The dev mailbox is off: the API does not deliver to its outbox (or runs in production).';
    return;
  }
  if (!response.ok) {
    status.textContent = `The API answered ${response.status} for /dev/outbox.`;
    return;
  }
  const messages = (await response.json()) as OutboxMessage[];
  status.textContent =
    messages.length === 0
      ? 'No messages yet. Ask for a code or a link on the “Try it” page.'
      : `${messages.length} message${messages.length === 1 ? '' : 's'}. Updated ${new Date().toLocaleTimeString()}.`;
  // Re-render only when the list changed, so focus and open details survive the polling.
  const ids = messages.map((m) => m.id).join(',');
  if (ids === shownIds) {
    for (const time of list.querySelectorAll('time')) time.textContent = timeAgo(time.dateTime);
    return;
  }
  shownIds = ids;
  list.replaceChildren(...messages.map(renderMessage));
}

document.getElementById('refresh')!.addEventListener('click', () => void refresh());
document.getElementById('clear')!.addEventListener('click', () => {
  void fetch(`${apiUrl}/dev/outbox`, { method: 'DELETE' }).then(() => refresh());
});

void refresh();
setInterval(() => void refresh(), POLL_MS);
