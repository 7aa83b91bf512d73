/**
 * The "Try it" page: one element, configured for the flow chosen in `?flow=`. Each flow is one
 * click away in the page's flow navigation.
 */
import { clientId } from './config.js';
import { renderSession } from './session.js';

type Flow = 'email-code' | 'sms-code' | 'magic-link';

const FLOWS: Record<Flow, { attributes: Record<string, string>; steps: string[] }> = {
  'email-code': {
    attributes: { connection: 'email', send: 'code' },
    steps: [
      'Enter any email address and press “Send code”.',
      'Open the dev mailbox and copy the 6-digit code.',
      'Type the code here: you are signed in.',
      'On the localhost address (see the terminal), press “Save a passkey” when the form offers it; then “Sign out” and sign in with the passkey: pick it in the email field’s suggestions, or press “Sign in with a passkey”.',
    ],
  },
  'sms-code': {
    attributes: { connection: 'sms', send: 'code', 'default-country': 'US' },
    steps: [
      'Pick a country and type a phone number; it is formatted as you type.',
      'Open the dev mailbox: the SMS is there, with its code.',
      'Type the code here: you are signed in.',
    ],
  },
  'magic-link': {
    attributes: { connection: 'email', send: 'link', 'redirect-uri': `${location.origin}/callback.html` },
    steps: [
      'Enter any email address and press “Send link”.',
      'In the dev mailbox, click “Open link”: it opens in a new tab and signs you in there.',
      'This tab signs in too, because the sign-in started here.',
    ],
  },
};

function currentFlow(): Flow {
  const asked = new URLSearchParams(location.search).get('flow');
  return asked && asked in FLOWS ? (asked as Flow) : 'email-code';
}

const flow = currentFlow();
for (const link of document.querySelectorAll<HTMLAnchorElement>('.flows a')) {
  if (link.dataset.flow === flow) link.setAttribute('aria-current', 'page');
}
const steps = document.getElementById('steps')!;
for (const step of FLOWS[flow].steps) {
  const item = document.createElement('li');
  item.textContent = step;
  steps.append(item);
}

const element = document.querySelector('passwordless-login')!;
element.setAttribute('client-id', clientId);
for (const [name, value] of Object.entries(FLOWS[flow].attributes)) element.setAttribute(name, value);

const session = document.getElementById('session')!;
let stopClock = (): void => undefined;
element.addEventListener('login', (event) => {
  stopClock = renderSession(document.getElementById('session-details')!, event.detail);
  session.hidden = false;
});
document.getElementById('sign-out')!.addEventListener('click', () => {
  stopClock();
  session.hidden = true;
  element.reset();
  element.focus();
});

// Attributes are set first, so the element's first render is already the chosen flow.
await import('./load-element.js');
