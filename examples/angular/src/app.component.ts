import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { LoginResult, PasswordlessLoginEventMap } from 'passwordless-login';

// Where the API runs and this app's client id: angular.json's `define` (the demo client that
// `npm start` serves at :3000), or `ng build --define PASSWORDLESS_DOMAIN="'https://…'"`.
declare const PASSWORDLESS_DOMAIN: string;
declare const PASSWORDLESS_CLIENT_ID: string;

@Component({
  selector: 'app-root',
  // <passwordless-login> is a custom element, not an Angular component.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Sign in (Angular)</h1>
      <passwordless-login
        [domain]="domain"
        [clientId]="clientId"
        connection="email"
        send="code"
        (login)="onLogin($event)"
        (login-error)="onLoginError($event)"
      ></passwordless-login>
      @if (problem()) {
        <p role="alert">{{ problem() }}</p>
      }
      @if (tokens(); as tokens) {
        <section aria-label="Signed in">
          <p>
            Signed in as <output id="email">{{ email(tokens) }}</output>; the access token expires in
            {{ tokens.expiresIn }} s.
          </p>
          <details>
            <summary>ID token</summary>
            <code id="id-token">{{ tokens.idToken }}</code>
          </details>
        </section>
      }
    </main>
  `,
})
export class AppComponent {
  protected readonly domain = PASSWORDLESS_DOMAIN;
  protected readonly clientId = PASSWORDLESS_CLIENT_ID;
  protected readonly tokens = signal<LoginResult | null>(null);
  protected readonly problem = signal('');

  // `import 'passwordless-login'` adds the element's events to HTMLElementEventMap, so Angular's
  // template checker types `$event` of (login) as PasswordlessLoginEventMap['login'].
  protected onLogin(event: PasswordlessLoginEventMap['login']): void {
    this.tokens.set(event.detail);
  }
  protected onLoginError(event: PasswordlessLoginEventMap['login-error']): void {
    this.problem.set(event.detail.errorDescription);
  }
  protected email(tokens: LoginResult): string {
    return String(tokens.idTokenPayload.email);
  }
}
