/** What the view helpers need from the element: data to show and handlers to call. */
import type { Connection } from '../../protocol/index.js';
import type { MessageKey } from '../i18n/en.js';
import type { LoginState } from '../state.js';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ViewError {
  /** Which field the message belongs to (for aria-describedby), or the whole form. */
  field: 'identifier' | 'code' | 'form';
  message: string;
  /** Offer a "try again" button (network down, offline, 5xx). */
  retry: boolean;
}

export interface ViewContext {
  t: Translate;
  state: LoginState;
  connections: readonly Connection[];
  channel: Connection;
  linkMode: boolean;
  email: string;
  phoneText: string;
  /** Phone support has loaded: the country select is filled (false while its chunk loads). */
  phoneReady: boolean;
  code: string;
  /** The identifier as shown to the user (email or formatted phone number). */
  sentTo: string;
  error: ViewError | undefined;
  /** Seconds until a resend is allowed (0: allowed). */
  countdown: number;
  resending: boolean;
  remembered: boolean;
  /** In the error state: can the user ask for a fresh link right here? */
  canSendNewLink: boolean;
  /** The error state offers "Start over" (not on a hosted page that only shows a link's failure). */
  canStartOver: boolean;
  on: {
    channel(e: Event): void;
    emailInput(e: Event): void;
    phoneInput(e: InputEvent): void;
    countryChange(e: Event): void;
    submitIdentifier(e: Event): void;
    codeInput(e: Event): void;
    submitCode(e: Event): void;
    resend(): void;
    change(): void;
    enterCode(): void;
    retry(): void;
    startOver(): void;
    newLink(): void;
  };
}
