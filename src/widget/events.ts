/**
 * The element's events. Each is a typed CustomEvent subclass that bubbles and crosses shadow
 * roots (`composed`), declared in HTMLElementEventMap so listeners type-check.
 */
import type { Connection, ErrorCode, LoginResult, PasskeyAuthenticationMethod, SendMode } from '../protocol/index.js';
import type { LoginState } from './state.js';

const init = { bubbles: true, composed: true } as const;

/** Tokens after a successful sign-in; the names of Auth0 Lock's `authenticated` result. */
export class LoginEvent extends CustomEvent<LoginResult> {
  constructor(detail: LoginResult) {
    super('login', { ...init, detail });
  }
}

export interface SentDetail {
  connection: Connection;
  send: SendMode;
  /** The email address or E.164 phone number the code or link went to. */
  to: string;
}
/** A code or link was sent. */
export class SentEvent extends CustomEvent<SentDetail> {
  constructor(detail: SentDetail) {
    super('sent', { ...init, detail });
  }
}

export interface LoginErrorDetail {
  error: ErrorCode;
  errorDescription: string;
}
/** A request failed; `error` is one of the protocol's error codes. */
export class LoginErrorEvent extends CustomEvent<LoginErrorDetail> {
  constructor(detail: LoginErrorDetail) {
    super('login-error', { ...init, detail });
  }
}

export interface StateChangeDetail {
  state: LoginState;
  previous: LoginState;
}
/** The element moved from one state to another. */
export class StateChangeEvent extends CustomEvent<StateChangeDetail> {
  constructor(detail: StateChangeDetail) {
    super('state-change', { ...init, detail });
  }
}

export interface PasskeySavedDetail {
  /** The saved passkey, as the API's MyAccount lists it (Auth0's passkey authentication method). */
  method: PasskeyAuthenticationMethod;
}
/**
 * The user saved a passkey from the offer after a code or link sign-in (always after that sign-in's
 * `login`). A plain CustomEvent (bubbles, composed) made by the lazy passkey chunk
 * (./passkeys/passkey-ui.ts): only its type is here, so the first load carries no passkey code.
 */
export type PasskeySavedEvent = CustomEvent<PasskeySavedDetail>;

/**
 * Every event the element fires, by name. The React wrapper (src/react) makes one `on…` prop per
 * entry and its type-check fails until a new entry is listed there too.
 */
export interface PasswordlessLoginEventMap {
  login: LoginEvent;
  sent: SentEvent;
  'login-error': LoginErrorEvent;
  'state-change': StateChangeEvent;
  'passkey-saved': PasskeySavedEvent;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PasswordlessLoginEventMap {}
}
