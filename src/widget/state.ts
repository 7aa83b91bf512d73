/**
 * The element's public state machine. `state` is reflected on the host, so pages, CSS and tests
 * can select `passwordless-login[state="code"]`.
 *
 *   identifier ─send→ sending ─ok→ code ─6 digits→ verifying ─ok→ done
 *                         │         └─(link)→ link-sent ─"enter the code"→ code
 *                         └─error→ identifier (with a message)
 *   identifier ─passkey→ done
 *   callback (the magic-link redirect page) ─ok→ done, ─fail→ error
 */
export type LoginState = 'identifier' | 'sending' | 'code' | 'link-sent' | 'verifying' | 'done' | 'callback' | 'error';

/** Which moves are allowed; anything else is a programming error and is ignored. */
const NEXT: Record<LoginState, readonly LoginState[]> = {
  identifier: ['sending', 'callback', 'done'],
  sending: ['identifier', 'code', 'link-sent'],
  code: ['verifying', 'identifier', 'sending'],
  'link-sent': ['code', 'identifier', 'done', 'sending'],
  verifying: ['code', 'done', 'identifier'],
  done: ['identifier'],
  callback: ['done', 'error', 'identifier'],
  error: ['identifier'],
};

export function canMove(from: LoginState, to: LoginState): boolean {
  return from === to || NEXT[from].includes(to);
}
