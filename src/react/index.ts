/**
 * `passwordless-login/react`: <passwordless-login> as a React component, made with @lit/react's
 * `createComponent`. The element's properties are props (`domain`, `clientId`, `connection`, …)
 * and each of its events is an `on…` prop with the event's own type (`onLogin` gets a LoginEvent,
 * `onLoginError` a LoginErrorEvent, …). Works in React 18 and 19; importing it runs no DOM code,
 * so server rendering imports it safely (the element renders once the page's script runs).
 *
 * It lives outside src/widget on purpose: the element's build, its manifest and its size budgets
 * read src/widget only, so nothing here (nor React) can reach the element's bundles. It is built
 * on its own into dist/widget/react.js (scripts/build-react.mjs), importing the registering entry
 * beside it.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { PasswordlessLogin as PasswordlessLoginElement } from '../widget/passwordless-login.js';
import type { PasswordlessLoginEventMap } from '../widget/events.js';

// Everything the registering entry exports (event classes, types, registerMessages), from the same
// module the app's other imports get: one LoginEvent class, whichever entry it came through. Its
// class `PasswordlessLogin` is the React component here, and `PasswordlessLoginElement` the class.
export * from '../widget/passwordless-login.js';
export type { LoginResult } from '../protocol/index.js';
export { PasswordlessLoginElement };

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The React prop of an event: `login` → `onLogin`, `login-error` → `onLoginError`. */
export type EventPropName<Name extends string> = `on${Capitalize<CamelCase<Name>>}`;

/** One `on…` prop per event of the element's event map (src/widget/events.ts). */
export type PasswordlessLoginEvents = {
  [Name in keyof PasswordlessLoginEventMap as EventPropName<Name>]: EventName<PasswordlessLoginEventMap[Name]>;
};

/**
 * The element's event names. Typed as the keys of its event map, both ways: an event added to
 * PasswordlessLoginEventMap and not listed here fails the type-check (and so does a name that is
 * not an event).
 */
const EVENTS: { [Name in keyof PasswordlessLoginEventMap]: Name } = {
  login: 'login',
  sent: 'sent',
  'login-error': 'login-error',
  'state-change': 'state-change',
  'passkey-saved': 'passkey-saved',
};

/** `login-error` → `onLoginError` */
export function eventPropName<Name extends string>(name: Name): EventPropName<Name> {
  const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return `on${camel[0]!.toUpperCase()}${camel.slice(1)}` as EventPropName<Name>;
}

/** The `events` option of createComponent: `{onLogin: 'login', onLoginError: 'login-error', …}`. */
export const eventProps = Object.fromEntries(
  Object.values(EVENTS).map((name) => [eventPropName(name), name]),
) as PasswordlessLoginEvents;

/**
 * ```tsx
 * <PasswordlessLogin domain="https://login.example.com" clientId="my-app"
 *   onLogin={(event) => setTokens(event.detail)} />
 * ```
 */
export const PasswordlessLogin = createComponent({
  react: React,
  tagName: 'passwordless-login',
  elementClass: PasswordlessLoginElement,
  events: eventProps,
  displayName: 'PasswordlessLogin',
});

/** The props of <PasswordlessLogin> (element properties, `on…` event props, HTML attributes, `ref`). */
export type PasswordlessLoginProps = React.ComponentProps<typeof PasswordlessLogin>;
