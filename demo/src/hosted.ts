/**
 * The "Hosted login" page: a plain OIDC app. oidc-client-ts redirects to the API's /authorize
 * (the API's hosted page renders <passwordless-login>), redeems the code on return, shows the
 * id_token claims, and signs out through the API's end_session_endpoint.
 */
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { apiUrl, clientId } from './config.js';
import { renderSession } from './session.js';

const here = location.origin + location.pathname;
const users = new UserManager({
  authority: apiUrl,
  client_id: clientId,
  redirect_uri: here,
  post_logout_redirect_uri: here,
  scope: 'openid email',
  loadUserInfo: false,
  userStore: new WebStorageStateStore({ store: sessionStorage }),
});

const signedIn = document.querySelector<HTMLElement>('#signed-in')!;
const signedOut = document.querySelector<HTMLElement>('#signed-out')!;
const details = document.querySelector<HTMLElement>('#session-details')!;
const status = document.querySelector<HTMLElement>('#status')!;

function show(user: User | null): void {
  signedIn.hidden = !user;
  signedOut.hidden = !!user;
  if (!user) return;
  renderSession(details, {
    accessToken: user.access_token,
    idToken: user.id_token ?? '',
    idTokenPayload: user.profile as never,
    expiresIn: user.expires_in ?? 0,
    tokenType: 'Bearer',
    scope: user.scope ?? '',
  });
}

document.querySelector('#sign-in')!.addEventListener('click', () => void users.signinRedirect());
document.querySelector('#sign-out')!.addEventListener('click', async () => {
  const user = await users.getUser();
  await users.removeUser();
  await users.signoutRedirect({ ...(user?.id_token ? { id_token_hint: user.id_token } : {}) });
});

async function start(): Promise<void> {
  const query = new URLSearchParams(location.search);
  try {
    if (query.has('code') || query.has('error')) {
      const user = await users.signinRedirectCallback();
      history.replaceState(null, '', location.pathname);
      show(user);
    } else {
      if (query.has('state')) history.replaceState(null, '', location.pathname);
      show(await users.getUser());
    }
  } catch (error) {
    history.replaceState(null, '', location.pathname);
    status.textContent = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
    show(null);
  }
}
void start();
