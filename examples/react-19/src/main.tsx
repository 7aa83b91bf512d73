import { StrictMode, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { PasswordlessLogin, type LoginResult } from 'passwordless-login/react';

// Where the API runs and this app's client id (`npm start` serves the demo client at :3000).
const domain = import.meta.env.VITE_PASSWORDLESS_DOMAIN ?? 'http://localhost:3000';
const clientId = import.meta.env.VITE_PASSWORDLESS_CLIENT_ID ?? 'demo';

function App() {
  const [tokens, setTokens] = useState<LoginResult | null>(null);
  const [problem, setProblem] = useState('');
  return (
    <main>
      <h1>Sign in (React 19)</h1>
      <PasswordlessLogin
        domain={domain}
        clientId={clientId}
        connection="email"
        send="code"
        onLogin={(event) => setTokens(event.detail)}
        onLoginError={(event) => setProblem(event.detail.errorDescription)}
      />
      {problem && <p role="alert">{problem}</p>}
      {tokens && (
        <section aria-label="Signed in">
          <p>
            Signed in as <output id="email">{String(tokens.idTokenPayload.email)}</output>; the access token
            expires in {tokens.expiresIn} s.
          </p>
          <details>
            <summary>ID token</summary>
            <code id="id-token">{tokens.idToken}</code>
          </details>
        </section>
      )}
      <footer>
        React <span id="react-version">{version}</span>
      </footer>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
