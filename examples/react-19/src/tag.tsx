// The same sign-in with the tag itself instead of passwordless-login/react (React 19 only: it
// sets properties and listens to custom events natively). Type-checked, not rendered by main.tsx.
import 'passwordless-login';
import type { LoginResult } from 'passwordless-login';

export function SignInWithTheTag(props: { domain: string; clientId: string; onTokens(tokens: LoginResult): void }) {
  return (
    <passwordless-login
      domain={props.domain}
      client-id={props.clientId}
      connection="email"
      onlogin={(event) => props.onTokens(event.detail)}
    />
  );
}
