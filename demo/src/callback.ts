/** The magic-link landing page: the element completes the sign-in; the page shows the result. */
import './load-element.js';
import { renderSession } from './session.js';

const element = document.querySelector('passwordless-login')!;
element.addEventListener('login', (event) => {
  renderSession(document.getElementById('session-details')!, event.detail);
  document.getElementById('session')!.hidden = false;
});
