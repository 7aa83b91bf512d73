/** The login record (sub, auth_time, amr, sid) that codes and tokens carry, from a session. */
import type { LoginInfo } from '../store/types.js';

/** The login a session stands for: its user, when and how they signed in, and the session id. */
export const loginOf = (session: Pick<LoginInfo, 'sub' | 'auth_time' | 'amr'> & { sid: string }): LoginInfo => ({
  sub: session.sub,
  auth_time: session.auth_time,
  amr: session.amr,
  sid: session.sid,
});
