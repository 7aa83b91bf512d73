/* global window, document */
// A minimal React app as Auth0's quickstart writes it: Auth0Provider, useAuth0, log in and out.
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';

function App() {
  const { isLoading, isAuthenticated, user, error, loginWithRedirect, logout } = useAuth0();
  if (isLoading) return h('p', { role: 'status' }, 'Loading');
  if (error) return h('p', { role: 'status' }, `Error: ${error.message}`);
  if (isAuthenticated) {
    return h(
      'main',
      null,
      h('p', { role: 'status' }, `Signed in as ${user.email}`),
      h('button', { onClick: () => logout({ logoutParams: { returnTo: `${window.location.origin}/` } }) }, 'Log out'),
    );
  }
  return h(
    'main',
    null,
    h('p', { role: 'status' }, 'Signed out'),
    h('button', { onClick: () => loginWithRedirect() }, 'Log in'),
  );
}

const { domain, clientId } = window.APP_CONFIG;
createRoot(document.getElementById('root')).render(
  h(
    Auth0Provider,
    { domain, clientId, authorizationParams: { redirect_uri: `${window.location.origin}/`, scope: 'openid email' } },
    h(App),
  ),
);
