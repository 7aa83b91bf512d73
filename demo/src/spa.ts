/** The SPA page: ES module import, `login` listener, decoded claims and expiry, sign-out. */
import './load-element.js';
import { renderSession } from './session.js';

const login = document.querySelector('passwordless-login')!;
const signedIn = document.getElementById('signed-in')!;
const signedOut = document.getElementById('signed-out')!;
let stopClock = (): void => undefined;

login.addEventListener('login', (event) => {
  stopClock = renderSession(document.getElementById('session-details')!, event.detail);
  signedIn.hidden = false;
  signedOut.hidden = true;
});

document.getElementById('sign-out')!.addEventListener('click', () => {
  stopClock();
  signedIn.hidden = true;
  signedOut.hidden = false;
  login.reset();
  login.focus();
});
