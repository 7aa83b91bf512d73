/**
 * The contract every Store implementation must pass. Run it with a factory:
 * `storeContract('sqlite', () => new SqliteStore(':memory:'))`; a Redis store adds one line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewAuthCode, NewChallenge, OtpSignIn, Store } from '../../src/server/store/types.js';
import { credentialStoreContract } from './credential-store-contract.js';
import { rotationStatus, userStoreContract } from './user-store-contract.js';

const T0 = 1_900_000_000_000;

/** A code challenge for a@example.com, created at T0 and living 300 s; `over` sets what a case cares about. */
export function challenge(over: Partial<NewChallenge> = {}): NewChallenge {
  return {
    id: Math.random().toString(36).slice(2),
    client_id: 'demo',
    connection: 'email',
    identifier: 'a@example.com',
    code_hash: 'hash-good',
    link_hash: null,
    send: 'code',
    auth_params: null,
    created_at: T0,
    code_expires_at: T0 + 300_000,
    link_expires_at: null,
    max_attempts: 3,
    ...over,
  };
}

/** An authorization code of a magic link, living 60 s from T0; `over` sets what a case cares about. */
function authCode(over: Partial<NewAuthCode> & Pick<NewAuthCode, 'hash' | 'challenge_id'>): NewAuthCode {
  return {
    client_id: 'demo',
    redirect_uri: 'http://x/cb',
    code_challenge: 'cc',
    nonce: null,
    scope: 'openid',
    audience: null,
    created_at: T0,
    expires_at: T0 + 60_000,
    ...over,
  };
}

/**
 * A one-time code checked the way the OTP grant checks it (signInWithOtp, no user made, nothing
 * counted beyond the code's own try): the outcome's status and, for a wrong code, the tries left.
 */
async function verify(s: Store, clientId: string, identifier: string, codeHash: string, now: number) {
  const input: OtpSignIn = {
    clientId,
    connection: 'email',
    identifier,
    codeHash,
    lockKey: `verify-lock:${identifier}`,
    ipLockKey: 'verify-iplock',
    create: false,
  };
  return s.signInWithOtp(input, now);
}

export function storeContract(name: string, make: () => Store | Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    const withStore = (fn: (s: Store) => void | Promise<void>) => async () => {
      const s = await make();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };

    it(
      'verifies the right code once, then never again',
      withStore(async (s) => {
        await s.createChallenge(challenge());
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0)).status, 'ok');
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0)).status, 'none');
      }),
    );

    it(
      'counts wrong tries and kills the code at the limit',
      withStore(async (s) => {
        await s.createChallenge(challenge());
        assert.deepEqual(await verify(s, 'demo', 'a@example.com', 'bad', T0), {
          status: 'wrong',
          attemptsLeft: 2,
        });
        assert.deepEqual(await verify(s, 'demo', 'a@example.com', 'bad', T0), {
          status: 'wrong',
          attemptsLeft: 1,
        });
        assert.deepEqual(await verify(s, 'demo', 'a@example.com', 'bad', T0), {
          status: 'wrong',
          attemptsLeft: 0,
        });
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0)).status, 'exhausted');
      }),
    );

    it(
      'never consumes a code of another client',
      withStore(async (s) => {
        await s.createChallenge(challenge());
        assert.equal((await verify(s, 'other', 'a@example.com', 'hash-good', T0)).status, 'none');
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0)).status, 'ok');
      }),
    );

    it(
      'refuses an expired code',
      withStore(async (s) => {
        await s.createChallenge(challenge());
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0 + 299_999)).status, 'ok');
        await s.createChallenge(challenge({ id: 'second' }));
        // Said as expired (not as unknown) so the user knows to ask for a new code, whatever was typed.
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0 + 300_000)).status, 'expired');
        assert.equal((await verify(s, 'demo', 'a@example.com', 'bad', T0 + 300_000)).status, 'expired');
        assert.equal((await verify(s, 'other', 'a@example.com', 'hash-good', T0 + 300_000)).status, 'none');
      }),
    );

    it(
      'keeps only the newest challenge alive',
      withStore(async (s) => {
        await s.createChallenge(challenge({ code_hash: 'old' }));
        await s.createChallenge(challenge({ code_hash: 'new' }));
        assert.equal((await verify(s, 'demo', 'a@example.com', 'old', T0)).status, 'wrong');
        assert.equal((await verify(s, 'demo', 'a@example.com', 'new', T0)).status, 'ok');
      }),
    );

    it(
      'an invalidated challenge cannot be used',
      withStore(async (s) => {
        const c = challenge();
        await s.createChallenge(c);
        await s.invalidateChallenge(c.id);
        assert.equal((await verify(s, 'demo', 'a@example.com', 'hash-good', T0)).status, 'none');
      }),
    );

    it(
      'finds live links only, without consuming them',
      withStore(async (s) => {
        const c = challenge({ link_hash: 'lh', send: 'link', link_expires_at: T0 + 900_000 });
        await s.createChallenge(c);
        assert.equal((await s.findLiveLink('lh', T0))?.id, c.id);
        assert.equal((await s.findLiveLink('lh', T0))?.id, c.id);
        assert.equal(await s.findLiveLink('lh', T0 + 900_000), null);
        assert.equal(await s.findLiveLink('other', T0), null);
      }),
    );

    it(
      'redeems an authorization code once and kills its link',
      withStore(async (s) => {
        const c = challenge({ link_hash: 'lh', send: 'link', link_expires_at: T0 + 900_000 });
        await s.createChallenge(c);
        await s.createAuthCode(authCode({ hash: 'ac1', challenge_id: c.id }));
        await s.createAuthCode(authCode({ hash: 'ac2', challenge_id: c.id }));
        assert.equal((await s.redeemAuthCode('ac1', T0)).status, 'ok');
        assert.equal(await s.setAuthCodeGrant('ac1', 'g1'), false);
        assert.deepEqual(await s.redeemAuthCode('ac1', T0), { status: 'reused', grant_id: 'g1' });
        assert.equal((await s.redeemAuthCode('ac2', T0)).status, 'invalid', 'the link died with the first code');
        assert.equal(await s.findLiveLink('lh', T0), null);
      }),
    );

    it(
      'refuses an expired authorization code',
      withStore(async (s) => {
        const c = challenge({ link_hash: 'lh', send: 'link', link_expires_at: T0 + 900_000 });
        await s.createChallenge(c);
        await s.createAuthCode(authCode({ hash: 'ac', challenge_id: c.id }));
        assert.equal((await s.redeemAuthCode('ac', T0 + 60_000)).status, 'invalid');
      }),
    );

    it(
      'rotates refresh tokens and revokes the family on reuse',
      withStore(async (s) => {
        await s.createRefreshToken({
          hash: 'r1',
          family_id: 'f',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 1e9,
        });
        const ok = await s.rotateRefreshToken(
          { hash: 'r1', nextHash: 'r2', clientId: 'demo', nextExpiresAt: T0 + 1e9 },
          T0,
        );
        assert.equal(ok.status, 'ok');
        assert.equal(
          (await s.rotateRefreshToken({ hash: 'r1', nextHash: 'r3', clientId: 'demo', nextExpiresAt: T0 + 1e9 }, T0))
            .status,
          'reused',
        );
        assert.equal(await s.isGrantRevoked('f'), true);
        assert.equal(
          (await s.rotateRefreshToken({ hash: 'r2', nextHash: 'r4', clientId: 'demo', nextExpiresAt: T0 + 1e9 }, T0))
            .status,
          'invalid',
        );
      }),
    );

    it(
      'rotates a refresh token, answers its user and stores the access token in the same step',
      withStore(async (s) => {
        const user = (await s.loginUser('email', 'rt@example.com', T0, true))!;
        const other = (await s.loginUser('email', 'blocked@example.com', T0, true))!;
        await s.updateUser(other.sub, { blocked: true }, T0);
        const token = (hash: string, sub: string, audience: string | null, family = hash) =>
          s.createRefreshToken({
            hash,
            family_id: family,
            client_id: 'demo',
            sub,
            scope: 'openid email offline_access',
            audience,
            created_at: T0,
            expires_at: T0 + 1e9,
          });
        await token('r1', user.sub, null);
        await token('api', user.sub, 'https://api.example.com');
        await token('blk', other.sub, null);
        await token('gone', 'email|nobody', null);
        const access = (hash: string) => ({ hash, expires_at: T0 + 60_000 });

        const ok = await s.rotateRefreshToken(
          { hash: 'r1', nextHash: 'r2', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at1') },
          T0 + 10,
        );
        assert.equal(ok.status, 'ok');
        assert.ok(ok.status === 'ok');
        assert.equal(ok.user?.sub, user.sub);
        assert.equal(ok.user?.email, 'rt@example.com');
        assert.equal(ok.accessToken, true);
        assert.deepEqual(await s.getAccessToken('at1', T0 + 10), {
          hash: 'at1',
          grant_id: 'r1',
          client_id: 'demo',
          sub: user.sub,
          scope: 'openid email offline_access',
          created_at: T0 + 10,
          expires_at: T0 + 60_000,
        });
        assert.equal(await s.getAccessToken('at1', T0 + 60_000), null, 'it expires');

        // A grant for an API gets a JWT access token: nothing is stored.
        const api = await s.rotateRefreshToken(
          { hash: 'api', nextHash: 'api2', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at2') },
          T0,
        );
        assert.ok(api.status === 'ok' && api.user?.sub === user.sub);
        assert.equal(api.accessToken, false);
        assert.equal(await s.getAccessToken('at2', T0), null);

        // A blocked user gets the user back (the route refuses it) and no access token.
        const blocked = await s.rotateRefreshToken(
          { hash: 'blk', nextHash: 'blk2', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at3') },
          T0,
        );
        assert.ok(blocked.status === 'ok');
        assert.equal(blocked.user?.blocked, true);
        assert.equal(blocked.accessToken, false);
        assert.equal(await s.getAccessToken('at3', T0), null);

        // A deleted user: no user, no access token.
        const gone = await s.rotateRefreshToken(
          { hash: 'gone', nextHash: 'gone2', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at4') },
          T0,
        );
        assert.ok(gone.status === 'ok');
        assert.equal(gone.user, null);
        assert.equal(gone.accessToken, false);
        assert.equal(await s.getAccessToken('at4', T0), null);

        // Without an access token asked for, none is stored.
        const plain = await s.rotateRefreshToken(
          { hash: 'r2', nextHash: 'r3', clientId: 'demo', nextExpiresAt: T0 + 1e9 },
          T0,
        );
        assert.ok(plain.status === 'ok' && plain.accessToken === false && plain.user?.sub === user.sub);

        // Reuse, an expired token and a revoked family store nothing either.
        assert.equal(
          (
            await s.rotateRefreshToken(
              { hash: 'r1', nextHash: 'x', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at5') },
              T0,
            )
          ).status,
          'reused',
        );
        assert.equal(await s.getAccessToken('at5', T0), null);
        await token('old', user.sub, null, 'old-family');
        assert.equal(
          (
            await s.rotateRefreshToken(
              { hash: 'old', nextHash: 'x2', clientId: 'demo', nextExpiresAt: T0 + 1e9, accessToken: access('at6') },
              T0 + 2e9,
            )
          ).status,
          'invalid',
        );
        assert.equal(await s.getAccessToken('at6', T0), null);
      }),
    );

    it(
      'refuses a refresh token of another client',
      withStore(async (s) => {
        await s.createRefreshToken({
          hash: 'r1',
          family_id: 'f',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 1e9,
        });
        assert.equal(
          (await s.rotateRefreshToken({ hash: 'r1', nextHash: 'r2', clientId: 'other', nextExpiresAt: T0 + 1e9 }, T0))
            .status,
          'invalid',
        );
        assert.equal(
          (await s.rotateRefreshToken({ hash: 'r1', nextHash: 'r2', clientId: 'demo', nextExpiresAt: T0 + 1e9 }, T0))
            .status,
          'ok',
        );
      }),
    );

    it(
      'signs in with a code in one step: locks first, then the code, the login and its tokens',
      withStore(async (s) => {
        const signIn = (over: Partial<OtpSignIn> = {}, now = T0) =>
          s.signInWithOtp(
            {
              clientId: 'demo',
              connection: 'email',
              identifier: 'a@example.com',
              codeHash: 'hash-good',
              lockKey: 'lock:a',
              ipLockKey: 'iplock:1',
              create: true,
              tokens: { accessToken, refreshToken },
              ...over,
            },
            now,
          );
        const accessToken = {
          hash: 'at1',
          grant_id: 'g1',
          client_id: 'demo',
          scope: 'openid offline_access',
          created_at: T0,
          expires_at: T0 + 3_600_000,
        };
        const refreshToken = {
          hash: 'rt1',
          family_id: 'g1',
          client_id: 'demo',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 1e9,
          login: { auth_time: T0 / 1000, amr: ['otp'], sid: null },
        };
        await s.createChallenge(challenge());
        // A locked identifier, then a locked IP: refused before the code is looked at.
        await s.recordFailure('lock:a', T0, 1, 1000);
        assert.deepEqual(await signIn(), { status: 'locked', retryAfterMs: 1000 });
        await s.recordFailure('iplock:1', T0, 1, 2000);
        assert.deepEqual(await signIn({}, T0 + 1000), { status: 'ip_locked', retryAfterMs: 1000 });
        assert.deepEqual(await signIn({ codeHash: null }, T0 + 2000), { status: 'none' });
        assert.deepEqual(await signIn({ codeHash: 'hash-bad' }, T0 + 2000), { status: 'wrong', attemptsLeft: 2 });
        assert.equal(await s.recordFailure('lock:a', T0 + 2000, 3, 1000), null);
        const ok = await signIn({}, T0 + 2000);
        assert.equal(ok.status, 'ok');
        const user = ok.status === 'ok' ? ok.user! : null;
        assert.match(user!.sub, /^email\|[0-9a-f]{24}$/);
        assert.equal((await s.getUserRecord(user!.sub))!.logins_count, 1, 'the login is counted');
        assert.deepEqual(
          await s.getAccessToken('at1', T0),
          { ...accessToken, sub: user!.sub },
          'the access token is stored with the user',
        );
        assert.deepEqual(
          await s.getRefreshToken('rt1'),
          { ...refreshToken, sub: user!.sub, used_at: null, login: { ...refreshToken.login, sub: user!.sub } },
          'the refresh token is stored with the user',
        );
        // The user's grants are known (blocking or deleting the user revokes them).
        await s.revokeUserGrants(user!.sub, T0 + 2000);
        assert.equal(await s.isGrantRevoked('g1'), true);
        assert.equal(await s.getRefreshToken('rt1'), null);
        // The success reset the identifier's failures: two more do not lock at three.
        assert.equal(await s.recordFailure('lock:a', T0 + 2000, 3, 1000), null);
        assert.equal(await s.recordFailure('lock:a', T0 + 2000, 3, 1000), null);
        assert.deepEqual(await signIn({}, T0 + 2000), { status: 'none' }, 'the code is used up');
        // No user may be made: the code is used, no user comes back and no token is stored.
        await s.createChallenge(challenge({ identifier: 'new@example.com' }));
        const none = await signIn({ identifier: 'new@example.com', create: false, lockKey: 'lock:n' }, T0 + 2000);
        assert.deepEqual(none, { status: 'ok', user: null });
        assert.equal(await s.findUserRecord('email', 'new@example.com'), null);
      }),
    );

    it(
      'stores no tokens for a blocked user signing in with a code',
      withStore(async (s) => {
        const made = await s.createUser({
          connection: 'email',
          identifier: 'b@example.com',
          email_verified: true,
          phone_verified: false,
          blocked: true,
          user_metadata: {},
          app_metadata: {},
          created_at: T0,
        });
        assert.equal(made.status, 'ok');
        await s.createChallenge(challenge({ identifier: 'b@example.com' }));
        const r = await s.signInWithOtp(
          {
            clientId: 'demo',
            connection: 'email',
            identifier: 'b@example.com',
            codeHash: 'hash-good',
            lockKey: 'lock:b',
            ipLockKey: 'iplock:2',
            create: true,
            tokens: {
              accessToken: {
                hash: 'at-b',
                grant_id: 'g-b',
                client_id: 'demo',
                scope: 'openid',
                created_at: T0,
                expires_at: T0 + 3_600_000,
              },
            },
          },
          T0,
        );
        assert.equal(r.status, 'ok');
        assert.equal(r.status === 'ok' && r.user?.blocked, true);
        assert.equal(await s.getAccessToken('at-b', T0), null, 'no token is stored for a blocked user');
        assert.equal((await s.getUserRecord(r.status === 'ok' ? r.user!.sub : ''))?.logins_count, 0, 'nothing counted');
      }),
    );

    it(
      'keeps an opaque access token by its hash until it expires',
      withStore(async (s) => {
        const t = {
          hash: 'at1',
          grant_id: 'g1',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid email',
          created_at: T0,
          expires_at: T0 + 3_600_000,
        };
        await s.createAccessToken(t);
        assert.deepEqual(await s.getAccessToken('at1', T0 + 1000), t);
        assert.equal(await s.getAccessToken('at2', T0 + 1000), null, 'unknown hash');
        assert.equal(await s.getAccessToken('at1', T0 + 3_600_000), null, 'expired');
      }),
    );

    it(
      'creates a user once, with a stable sub',
      withStore(async (s) => {
        assert.equal(await s.loginUser('email', 'a@example.com', T0, false), null);
        const u = (await s.loginUser('email', 'a@example.com', T0, true))!;
        assert.match(u.sub, /^email\|[0-9a-f]{24}$/);
        assert.equal((await s.loginUser('email', 'a@example.com', T0, true))!.sub, u.sub);
        assert.equal((await s.getUser(u.sub))!.identifier, 'a@example.com');
      }),
    );

    it(
      'locks after max consecutive failures and resets on success',
      withStore(async (s) => {
        for (let i = 0; i < 4; i++) assert.equal(await s.recordFailure('k', T0, 5, 1000), null);
        await s.resetFailures('k');
        for (let i = 0; i < 4; i++) assert.equal(await s.recordFailure('k', T0, 5, 1000), null);
        assert.equal(await s.recordFailure('k', T0, 5, 1000), T0 + 1000);
        assert.equal(await s.lockedUntil('k', T0 + 999), T0 + 1000);
        assert.equal(await s.lockedUntil('k', T0 + 1000), null);
      }),
    );

    it(
      'applies rate limits across rules atomically',
      withStore(async (s) => {
        const rules = [
          { key: 'a', windowMs: 60_000, limit: 1 },
          { key: 'b', windowMs: 600_000, limit: 2 },
        ];
        assert.deepEqual(await s.hitRateLimits(rules, T0), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rules, T0 + 1000), { allowed: false, retryAfterMs: 59_000 });
        assert.deepEqual(await s.hitRateLimits(rules, T0 + 60_000), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rules, T0 + 120_000), { allowed: false, retryAfterMs: 480_000 });
        // A refused hit counted nowhere: "a" alone is still free.
        assert.deepEqual(await s.hitRateLimits([rules[0]!], T0 + 120_000), { allowed: true });
      }),
    );

    it(
      'counts a wrong code in the sign-in step: the daily budget, then the requester lock',
      withStore(async (s) => {
        const guess = {
          budget: { key: 'guess:email:g@example.com', windowMs: 86_400_000, limit: 3 },
          maxFailures: 2,
          lockMs: 900_000,
        };
        const attempt = (lockKey: string, codeHash: string, now: number, withGuess = true) =>
          s.signInWithOtp(
            {
              clientId: 'demo',
              connection: 'email',
              identifier: 'g@example.com',
              codeHash,
              lockKey,
              ipLockKey: 'iplock:g',
              create: true,
              ...(withGuess ? { guess } : {}),
            },
            now,
          );
        const fresh = (now: number) =>
          s.createChallenge(
            challenge({ identifier: 'g@example.com', created_at: now, code_expires_at: now + 300_000 }),
          );
        await fresh(T0);
        // Requester A: two wrong codes reach maxFailures, a lock of lockMs for A alone.
        assert.deepEqual(await attempt('lock:A', 'bad', T0), {
          status: 'wrong',
          attemptsLeft: 2,
          lockedUntil: null,
          budgetSpent: false,
        });
        assert.deepEqual(await attempt('lock:A', 'bad', T0 + 1), {
          status: 'wrong',
          attemptsLeft: 1,
          lockedUntil: T0 + 1 + 900_000,
          budgetSpent: false,
        });
        assert.deepEqual(await attempt('lock:A', 'hash-good', T0 + 2), { status: 'locked', retryAfterMs: 899_999 });
        // Requester B's wrong code spends the last of the budget (3): not locked yet.
        assert.equal((await attempt('lock:B', 'bad', T0 + 3)).status, 'wrong');
        // The budget is spent: C's first wrong code locks C until the day's window ends.
        await fresh(T0 + 4);
        assert.deepEqual(await attempt('lock:C', 'bad', T0 + 5), {
          status: 'wrong',
          attemptsLeft: 2,
          lockedUntil: T0 + 86_400_000,
          budgetSpent: true,
        });
        assert.deepEqual(await attempt('lock:C', 'bad', T0 + 6), { status: 'locked', retryAfterMs: 86_399_994 });
        // D, who never failed, signs in with the right code and is counted nowhere.
        const ok = await attempt('lock:D', 'hash-good', T0 + 7);
        assert.equal(ok.status, 'ok');
        // Without a guess rule a wrong code only counts its try (the caller counts the rest).
        await fresh(T0 + 8);
        assert.deepEqual(await attempt('lock:E', 'bad', T0 + 9, false), { status: 'wrong', attemptsLeft: 2 });
        assert.equal(await s.lockedUntil('lock:E', T0 + 9), null);
        // A day later the budget is whole again.
        await fresh(T0 + 86_400_000);
        assert.deepEqual(await attempt('lock:F', 'bad', T0 + 86_400_001), {
          status: 'wrong',
          attemptsLeft: 2,
          lockedUntil: null,
          budgetSpent: false,
        });
      }),
    );

    it(
      'takes back a counted event of an open window, never below zero',
      withStore(async (s) => {
        const rules = [
          { key: 'r1', windowMs: 60_000, limit: 1 },
          { key: 'rN', windowMs: 600_000, limit: 2 },
        ];
        assert.deepEqual(await s.hitRateLimits(rules, T0), { allowed: true });
        await s.releaseRateLimits(['r1', 'rN'], T0 + 1000);
        // Both counters are back to zero: two more events fit the window of rN.
        assert.deepEqual(await s.hitRateLimits(rules, T0 + 1000), { allowed: true });
        assert.deepEqual(await s.hitRateLimits([rules[1]!], T0 + 2000), { allowed: true });
        assert.equal((await s.hitRateLimits([rules[1]!], T0 + 3000)).allowed, false);
        // Released twice: the counter stops at zero (one event, then the limit of 1 holds).
        await s.releaseRateLimits(['r1'], T0 + 4000);
        await s.releaseRateLimits(['r1'], T0 + 4000);
        assert.deepEqual(await s.hitRateLimits([rules[0]!], T0 + 4000), { allowed: true });
        assert.equal((await s.hitRateLimits([rules[0]!], T0 + 5000)).allowed, false);
        // A closed window or an unknown key is left alone.
        await s.releaseRateLimits(['r1', 'nothing'], T0 + 70_000);
        assert.deepEqual(await s.hitRateLimits([rules[0]!], T0 + 70_000), { allowed: true });
        assert.equal((await s.hitRateLimits([rules[0]!], T0 + 70_001)).allowed, false);
      }),
    );

    it(
      'opens a rate window at the first counted event and a new one after it ends',
      withStore(async (s) => {
        const rule = [{ key: 'w', windowMs: 600_000, limit: 2 }];
        assert.deepEqual(await s.hitRateLimits(rule, T0), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rule, T0 + 300_000), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rule, T0 + 599_000), { allowed: false, retryAfterMs: 1000 });
        assert.deepEqual(await s.hitRateLimits(rule, T0 + 600_000), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rule, T0 + 700_000), { allowed: true });
        assert.deepEqual(await s.hitRateLimits(rule, T0 + 800_000), { allowed: false, retryAfterMs: 400_000 });
        // Many keys, each its own counter.
        for (let i = 0; i < 50; i++) {
          assert.deepEqual(await s.hitRateLimits([{ key: `k${i}`, windowMs: 1000, limit: 1 }], T0), { allowed: true });
        }
        assert.equal((await s.hitRateLimits([{ key: 'k7', windowMs: 1000, limit: 1 }], T0 + 10)).allowed, false);
      }),
    );

    it(
      'begins a start in one step: lockout, rate limits, then the challenge',
      withStore(async (s) => {
        const rules = [
          { key: 'to:a', windowMs: 60_000, limit: 1 },
          { key: 'ip', windowMs: 600_000, limit: 3 },
        ];
        const begin = (over: Partial<NewChallenge> = {}, at = T0) =>
          s.beginStart({ lockKey: 'lock:a', rules, challenge: challenge({ created_at: at, ...over }) }, at);
        assert.deepEqual(await begin({ code_hash: 'first' }), { status: 'ok', hasAccount: true });
        assert.equal((await verify(s, 'demo', 'a@example.com', 'first', T0)).status, 'ok');
        // Limited: nothing stored, nothing counted.
        assert.deepEqual(await begin({ code_hash: 'second' }, T0 + 1000), { status: 'limited', retryAfterMs: 59_000 });
        assert.equal((await verify(s, 'demo', 'a@example.com', 'second', T0 + 1000)).status, 'none');
        assert.deepEqual(await begin({ code_hash: 'third' }, T0 + 60_000), { status: 'ok', hasAccount: true });
        // Locked: refused before the rules (which would refuse too), and nothing counted.
        assert.equal(await s.recordFailure('lock:a', T0 + 60_000, 1, 5000), T0 + 65_000);
        assert.deepEqual(await begin({ code_hash: 'fourth' }, T0 + 61_000), { status: 'locked', retryAfterMs: 4000 });
        assert.equal((await verify(s, 'demo', 'a@example.com', 'third', T0 + 61_000)).status, 'ok');
        assert.deepEqual(await begin({ code_hash: 'fifth' }, T0 + 120_000), { status: 'ok', hasAccount: true });
        assert.deepEqual(await begin({ code_hash: 'sixth' }, T0 + 180_000), {
          status: 'limited',
          retryAfterMs: 420_000,
        });
        // The newest challenge is the only live one.
        assert.equal((await verify(s, 'demo', 'a@example.com', 'fifth', T0 + 180_000)).status, 'ok');
      }),
    );

    it(
      'begins the starts of one turn each as if alone: a refused one stores and counts nothing',
      withStore(async (s) => {
        const ip = { key: 'ip:turn', windowMs: 600_000, limit: 3 };
        const begin = (to: string, code_hash: string, at: number) =>
          s.beginStart(
            {
              lockKey: `lock:${to}`,
              rules: [ip, { key: `to1:${to}`, windowMs: 60_000, limit: 1 }],
              challenge: challenge({ identifier: `${to}@example.com`, code_hash, created_at: at }),
            },
            at,
          );
        assert.deepEqual(await begin('b', 'b-first', T0), { status: 'ok', hasAccount: true });
        // Four starts asked for in one turn (a store may run them as one group), in this order: b is
        // refused by its own resend rule, d by the client IP's rule (counted by b's first start, a and c).
        const at = T0 + 1000;
        const outcomes = await Promise.all([
          begin('a', 'a-code', at),
          begin('b', 'b-second', at),
          begin('c', 'c-code', at),
          begin('d', 'd-code', at),
        ]);
        assert.deepEqual(outcomes, [
          { status: 'ok', hasAccount: true },
          { status: 'limited', retryAfterMs: 59_000 },
          { status: 'ok', hasAccount: true },
          { status: 'limited', retryAfterMs: 599_000 },
        ]);
        // The refused ones stored nothing: b's first code is still its live one, d has none.
        assert.equal((await verify(s, 'demo', 'b@example.com', 'b-first', at)).status, 'ok');
        assert.equal((await verify(s, 'demo', 'd@example.com', 'd-code', at)).status, 'none');
        assert.equal((await verify(s, 'demo', 'a@example.com', 'a-code', at)).status, 'ok');
        assert.equal((await verify(s, 'demo', 'c@example.com', 'c-code', at)).status, 'ok');
        // And counted nothing: d's resend counter is untouched, the IP's counts exactly three starts.
        assert.deepEqual(await s.hitRateLimits([{ key: 'to1:d', windowMs: 60_000, limit: 1 }], at), { allowed: true });
        assert.deepEqual(await s.hitRateLimits([{ ...ip, limit: 4 }], at), { allowed: true });
        assert.equal((await s.hitRateLimits([{ ...ip, limit: 4 }], at)).allowed, false);
      }),
    );

    it(
      'begins the starts of one turn after a window ended with a new window: the first counts 1, the limit holds',
      withStore(async (s) => {
        const ip = { key: 'ip:window', windowMs: 60_000, limit: 2 };
        const begin = (to: string, at: number) =>
          s.beginStart(
            {
              lockKey: `lock:${to}`,
              rules: [ip, { key: `to1:${to}`, windowMs: 60_000, limit: 1 }],
              challenge: challenge({ identifier: `${to}@example.com`, code_hash: `code-${to}`, created_at: at }),
            },
            at,
          );
        assert.deepEqual(await Promise.all([begin('a', T0), begin('b', T0), begin('c', T0)]), [
          { status: 'ok', hasAccount: true },
          { status: 'ok', hasAccount: true },
          { status: 'limited', retryAfterMs: 60_000 },
        ]);
        // The IP's window ended at T0 + 60 s: a new one starts with the first start of the turn.
        const later = T0 + 61_000;
        assert.deepEqual(await Promise.all([begin('d', later), begin('a', later), begin('e', later)]), [
          { status: 'ok', hasAccount: true },
          { status: 'ok', hasAccount: true },
          { status: 'limited', retryAfterMs: 60_000 },
        ]);
        assert.equal((await verify(s, 'demo', 'a@example.com', 'code-a', later)).status, 'ok');
        assert.equal((await verify(s, 'demo', 'e@example.com', 'code-e', later)).status, 'none');
      }),
    );

    it(
      'checks the codes of one turn each as if alone, in order: a wrong one counts on its own recipient',
      withStore(async (s) => {
        for (const to of ['a', 'b', 'c']) {
          await s.createChallenge(challenge({ identifier: `${to}@example.com`, code_hash: `code-${to}` }));
        }
        // Asked for in one turn (a store may check them as one group).
        const outcomes = await Promise.all([
          verify(s, 'demo', 'b@example.com', 'code-b', T0),
          verify(s, 'demo', 'a@example.com', 'wrong', T0),
          verify(s, 'demo', 'b@example.com', 'code-b', T0),
          verify(s, 'demo', 'c@example.com', 'code-c', T0),
          verify(s, 'demo', 'a@example.com', 'code-a', T0),
        ]);
        assert.deepEqual(
          outcomes.map((o) => (o.status === 'wrong' ? `wrong, ${o.attemptsLeft} left` : o.status)),
          ['ok', 'wrong, 2 left', 'none', 'ok', 'ok'],
        );
      }),
    );

    it(
      'begins a start for an unknown recipient with a code that cannot match (disable_signup)',
      withStore(async (s) => {
        const begin = (identifier: string, link_hash: string) =>
          s.beginStart(
            {
              lockKey: `lock:${identifier}`,
              rules: [],
              challenge: challenge({
                identifier,
                code_hash: 'real',
                link_hash,
                send: 'link',
                link_expires_at: T0 + 1000,
              }),
              unknownUserCodeHash: 'nobody-knows',
            },
            T0,
          );
        await s.loginUser('email', 'member@example.com', T0, true);
        assert.deepEqual(await begin('member@example.com', 'link-m'), { status: 'ok', hasAccount: true });
        assert.deepEqual(await begin('stranger@example.com', 'link-s'), { status: 'ok', hasAccount: false });
        assert.equal((await s.findLiveLink('link-m', T0))?.identifier, 'member@example.com');
        assert.equal(await s.findLiveLink('link-s', T0), null);
        assert.equal((await verify(s, 'demo', 'stranger@example.com', 'real', T0)).status, 'wrong');
        assert.equal((await verify(s, 'demo', 'member@example.com', 'real', T0)).status, 'ok');
        assert.equal(await s.findUserRecord('email', 'stranger@example.com'), null, 'no user created');
      }),
    );

    it(
      'keeps the first value set for a key',
      withStore(async (s) => {
        assert.equal(await s.getValue('k'), null);
        assert.equal(await s.setValueIfAbsent('k', 'one'), 'one');
        assert.equal(await s.setValueIfAbsent('k', 'two'), 'one');
      }),
    );

    it(
      'setValue replaces what a key held, and reads back at once',
      withStore(async (s) => {
        await s.setValue('settings', '{"a":1}');
        assert.equal(await s.getValue('settings'), '{"a":1}');
        await s.setValue('settings', '{"a":2}');
        assert.equal(await s.getValue('settings'), '{"a":2}');
        assert.equal(await s.setValueIfAbsent('settings', 'other'), '{"a":2}', 'setValueIfAbsent keeps it');
      }),
    );

    it(
      'purge keeps everything alive (stores may also forget by TTL)',
      withStore(async (s) => {
        await s.createChallenge(challenge({ identifier: 'old@example.com' }));
        await s.createChallenge(challenge({ identifier: 'new@example.com', code_expires_at: T0 + 10 * 86_400_000 }));
        await s.createRefreshToken({
          hash: 'r-old',
          family_id: 'f1',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 1000,
        });
        await s.createRefreshToken({
          hash: 'r-live',
          family_id: 'f2',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 100 * 86_400_000,
        });
        await s.hitRateLimits([{ key: 'k', windowMs: 60_000, limit: 1 }], T0);
        await s.purge(T0 + 2 * 86_400_000, 86_400_000);
        assert.equal((await verify(s, 'demo', 'new@example.com', 'hash-good', T0)).status, 'ok');
        assert.equal(await rotationStatus(s, 'r-live', 'y', T0 + 2 * 86_400_000, T0 + 1e12), 'ok');
      }),
    );

    it(
      'a revoked family stays dead after its revocation is purged',
      withStore(async (s) => {
        await s.createRefreshToken({
          hash: 'r1',
          family_id: 'f',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 100 * 86_400_000,
        });
        await s.revokeGrant('f', T0);
        await s.purge(T0 + 2 * 86_400_000, 86_400_000);
        assert.equal(await rotationStatus(s, 'r1', 'r2', T0 + 2 * 86_400_000, T0 + 1e12), 'invalid');
      }),
    );

    it(
      'answers ping',
      withStore(async (s) => {
        await s.ping();
      }),
    );

    it(
      'redeems a code minted for a finished sign-in once, without a challenge, and keeps its login',
      withStore(async (s) => {
        const login = { sub: 'email|1', auth_time: 1_900_000_000, amr: ['otp'], sid: 'sid1' };
        await s.createAuthCode(authCode({ hash: 'lc', challenge_id: '', login }));
        assert.deepEqual((await s.getAuthCode('lc'))?.login, login);
        const first = await s.redeemAuthCode('lc', T0);
        assert.equal(first.status, 'ok');
        assert.equal(first.status === 'ok' && first.challenge, null);
        assert.deepEqual(first.status === 'ok' && first.code.login, login);
        assert.equal((await s.redeemAuthCode('lc', T0)).status, 'reused');
      }),
    );

    it(
      'keeps the login of a refresh token family across rotation',
      withStore(async (s) => {
        const login = { sub: 'email|1', auth_time: 1_900_000_000, amr: ['otp', 'sms'], sid: null };
        await s.createRefreshToken({
          hash: 'r1',
          family_id: 'f',
          client_id: 'demo',
          sub: 'email|1',
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 60_000,
          login,
        });
        const r = await s.rotateRefreshToken(
          { hash: 'r1', nextHash: 'r2', clientId: 'demo', nextExpiresAt: T0 + 120_000 },
          T0 + 1000,
        );
        assert.equal(r.status, 'ok');
        assert.deepEqual(r.status === 'ok' && r.previous.login, login);
        const r2 = await s.rotateRefreshToken(
          { hash: 'r2', nextHash: 'r3', clientId: 'demo', nextExpiresAt: T0 + 120_000 },
          T0 + 2000,
        );
        assert.deepEqual(r2.status === 'ok' && r2.previous.login, login);
      }),
    );

    it(
      "keeps records until they expire, hands a taken record to one caller, and drops an owner's records",
      withStore(async (s) => {
        await s.putRecord('session', 'a', 'A', T0 + 1000, 'user1');
        await s.putRecord('session', 'b', 'B', T0 + 1000, 'user1');
        await s.putRecord('session', 'c', 'C', T0 + 1000, 'user2');
        await s.putRecord('authz', 't', 'T', T0 + 1000);
        assert.equal(await s.getRecord('session', 'a', T0), 'A');
        assert.equal(await s.getRecord('session', 'a', T0 + 1000), null, 'expired');
        assert.equal(await s.getRecord('authz', 'a', T0), null, 'kinds are separate');
        const takes = await Promise.all([s.takeRecord('authz', 't', T0), s.takeRecord('authz', 't', T0)]);
        assert.deepEqual(takes.sort(), ['T', null].sort());
        await s.deleteOwnerRecords('session', 'user1');
        assert.equal(await s.getRecord('session', 'a', T0), null);
        assert.equal(await s.getRecord('session', 'b', T0), null);
        assert.equal(await s.getRecord('session', 'c', T0), 'C', "another owner's record stays");
        await s.deleteRecord('session', 'c');
        assert.equal(await s.getRecord('session', 'c', T0), null);
      }),
    );

    userStoreContract(make);
    credentialStoreContract(make);
  });
}
