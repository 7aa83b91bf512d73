/**
 * The user half of the store contract (management API, blocking, linking): every Store passes it.
 * Called from storeContract, so SQLite and Redis run the same cases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewUser, Store } from '../../src/server/store/types.js';

const T0 = 1_900_000_000_000;

function newUser(over: Partial<NewUser> = {}): NewUser {
  return {
    connection: 'email',
    identifier: 'ann@example.com',
    email_verified: false,
    phone_verified: false,
    blocked: false,
    user_metadata: {},
    app_metadata: {},
    created_at: T0,
    ...over,
  };
}

/** The status of rotating the demo client's refresh token `hash` to `nextHash` at `now`. */
export async function rotationStatus(
  s: Store,
  hash: string,
  nextHash: string,
  now: number,
  nextExpiresAt: number,
): Promise<string> {
  return (await s.rotateRefreshToken({ hash, nextHash, clientId: 'demo', nextExpiresAt }, now)).status;
}

export function userStoreContract(make: () => Store | Promise<Store>): void {
  describe('users', () => {
    const withStore = (fn: (s: Store) => void | Promise<void>) => async () => {
      const s = await make();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };

    it(
      'creates a user once per identifier, in Auth0 shape, and sign-in finds it',
      withStore(async (s) => {
        const out = await s.createUser(newUser({ user_metadata: { plan: 'pro', tags: [] } }));
        assert.equal(out.status, 'ok');
        if (out.status !== 'ok') return;
        const u = out.user;
        assert.match(u.user_id, /^email\|[0-9a-f]{24}$/);
        assert.deepEqual(u.identities, [
          { connection: 'email', user_id: u.user_id.slice(6), identifier: 'ann@example.com' },
        ]);
        assert.deepEqual(u.user_metadata, { plan: 'pro', tags: [] });
        assert.equal(u.logins_count, 0);
        assert.equal(u.last_login, null);
        assert.deepEqual(await s.createUser(newUser({ created_at: T0 + 1 })), { status: 'exists' });
        assert.deepEqual(await s.getUserRecord(u.user_id), u);
        assert.deepEqual(await s.findUserRecord('email', 'ann@example.com'), u);
        assert.equal(await s.findUserRecord('sms', 'ann@example.com'), null);
        const signIn = await s.loginUser('email', 'ann@example.com', T0 + 5, false);
        assert.equal(signIn?.sub, u.user_id);
      }),
    );

    it(
      'counts logins, marks the identifier verified, and counts nothing for a blocked user',
      withStore(async (s) => {
        const created = await s.loginUser('sms', '+14155550100', T0, true);
        assert.ok(created);
        assert.equal(created.phone_number, '+14155550100');
        assert.equal(created.email, null);
        await s.loginUser('sms', '+14155550100', T0 + 1000, true);
        let r = await s.getUserRecord(created.sub);
        assert.equal(r?.logins_count, 2);
        assert.equal(r?.last_login, T0 + 1000);
        assert.equal(r?.phone_verified, true);
        assert.equal(r?.email_verified, false);
        await s.updateUser(created.sub, { blocked: true }, T0 + 2000);
        const blocked = await s.loginUser('sms', '+14155550100', T0 + 3000, true);
        assert.equal(blocked?.blocked, true);
        r = await s.getUserRecord(created.sub);
        assert.equal(r?.logins_count, 2);
        assert.equal(await s.loginUser('email', 'nobody@example.com', T0, false), null);
      }),
    );

    it(
      'lists by creation with totals, pages included',
      withStore(async (s) => {
        for (let i = 0; i < 5; i++) {
          await s.createUser(newUser({ identifier: `u${i}@example.com`, created_at: T0 + (5 - i) * 1000 }));
        }
        const first = await s.listUsers(0, 2);
        assert.equal(first.total, 5);
        assert.deepEqual(
          first.users.map((u) => u.identities[0]!.identifier),
          ['u4@example.com', 'u3@example.com'],
        );
        const last = await s.listUsers(4, 2);
        assert.deepEqual(
          last.users.map((u) => u.identities[0]!.identifier),
          ['u0@example.com'],
        );
        assert.deepEqual((await s.listUsers(10, 2)).users, []);
      }),
    );

    it(
      'patches flags and merges metadata one level deep (null removes a key)',
      withStore(async (s) => {
        const out = await s.createUser(
          newUser({ user_metadata: { a: 1, nested: { x: 1, y: 2 }, gone: true }, app_metadata: { role: 'user' } }),
        );
        assert.equal(out.status, 'ok');
        if (out.status !== 'ok') return;
        const after = await s.updateUser(
          out.user.user_id,
          { blocked: true, email_verified: true, user_metadata: { nested: { x: 9 }, gone: null, b: [] } },
          T0 + 10,
        );
        assert.ok(after);
        assert.deepEqual(after.user_metadata, { a: 1, nested: { x: 9 }, b: [] });
        assert.deepEqual(after.app_metadata, { role: 'user' });
        assert.equal(after.blocked, true);
        assert.equal(after.email_verified, true);
        assert.equal(after.updated_at, T0 + 10);
        assert.deepEqual(await s.getUserRecord(out.user.user_id), after);
        assert.equal(await s.updateUser('email|missing', { blocked: true }, T0), null);
      }),
    );

    it(
      'deletes a user with its identities and refresh tokens',
      withStore(async (s) => {
        const u = (await s.loginUser('email', 'del@example.com', T0, true))!;
        await s.createRefreshToken({
          hash: 'rt-del',
          family_id: 'fam-del',
          client_id: 'demo',
          sub: u.sub,
          scope: 'openid offline_access',
          audience: null,
          created_at: T0,
          expires_at: T0 + 86_400_000,
        });
        assert.equal(await s.deleteUser(u.sub, T0 + 1), true);
        assert.equal(await s.deleteUser(u.sub, T0 + 1), false);
        assert.equal(await s.getUser(u.sub), null);
        assert.equal(await s.findUserRecord('email', 'del@example.com'), null);
        assert.equal((await s.listUsers(0, 10)).total, 0);
        assert.equal(await rotationStatus(s, 'rt-del', 'rt-next', T0 + 2, T0 + 1e9), 'invalid');
        assert.equal(await s.isGrantRevoked('fam-del'), true);
        // The identifier is free again: signing up makes a new user.
        const again = await s.loginUser('email', 'del@example.com', T0 + 3, true);
        assert.notEqual(again?.sub, u.sub);
      }),
    );

    it(
      "revokes every refresh-token family of a user and no one else's",
      withStore(async (s) => {
        const rt = (hash: string, family: string, sub: string) =>
          s.createRefreshToken({
            hash,
            family_id: family,
            client_id: 'demo',
            sub,
            scope: 'openid offline_access',
            audience: null,
            created_at: T0,
            expires_at: T0 + 86_400_000,
          });
        await rt('a1', 'fa', 'email|a');
        await rt('a2', 'fa2', 'email|a');
        await rt('b1', 'fb', 'email|b');
        await s.revokeUserGrants('email|a', T0 + 1);
        assert.equal(await rotationStatus(s, 'a1', 'x1', T0 + 2, T0 + 1e9), 'invalid');
        assert.equal(await rotationStatus(s, 'a2', 'x2', T0 + 2, T0 + 1e9), 'invalid');
        assert.equal(await rotationStatus(s, 'b1', 'x3', T0 + 2, T0 + 1e9), 'ok');
      }),
    );

    it(
      'links a standalone identity under a primary, signs in through either as the primary, then unlinks',
      withStore(async (s) => {
        const email = (await s.loginUser('email', 'link@example.com', T0, true))!;
        const sms = (await s.loginUser('sms', '+14155550111', T0 + 1, true))!;
        const smsId = sms.sub.slice('sms|'.length);
        const linked = await s.linkIdentity(email.sub, 'sms', smsId, T0 + 2);
        assert.equal(linked.status, 'ok');
        if (linked.status !== 'ok') return;
        assert.deepEqual(
          linked.user.identities.map((i) => [i.connection, i.identifier]),
          [
            ['email', 'link@example.com'],
            ['sms', '+14155550111'],
          ],
        );
        assert.equal(linked.user.phone_verified, true);
        assert.equal(await s.getUser(sms.sub), null, 'the secondary user is gone');
        assert.equal((await s.listUsers(0, 10)).total, 1);
        const viaSms = await s.loginUser('sms', '+14155550111', T0 + 3, false);
        assert.equal(viaSms?.sub, email.sub);
        assert.equal(viaSms?.email, 'link@example.com');
        assert.equal(viaSms?.phone_number, '+14155550111');
        assert.equal((await s.findUserRecord('sms', '+14155550111'))?.user_id, email.sub);

        // Already linked: to this user or anyone else.
        assert.equal((await s.linkIdentity(email.sub, 'sms', smsId, T0)).status, 'linked_elsewhere');
        const other = (await s.loginUser('email', 'other@example.com', T0, true))!;
        assert.equal((await s.linkIdentity(other.sub, 'sms', smsId, T0)).status, 'linked_elsewhere');
        assert.equal((await s.linkIdentity(email.sub, 'sms', 'nope', T0)).status, 'no_identity');
        assert.equal((await s.linkIdentity('email|nope', 'sms', smsId, T0)).status, 'no_primary');
        // One identity per connection: a second email cannot be linked to the same user.
        assert.equal(
          (await s.linkIdentity(email.sub, 'email', other.sub.slice('email|'.length), T0)).status,
          'same_connection',
        );

        assert.equal(
          (await s.unlinkIdentity(email.sub, 'email', email.sub.slice('email|'.length), T0)).status,
          'main_identity',
        );
        assert.equal((await s.unlinkIdentity(other.sub, 'sms', smsId, T0)).status, 'not_linked');
        const un = await s.unlinkIdentity(email.sub, 'sms', smsId, T0 + 4);
        assert.equal(un.status, 'ok');
        if (un.status !== 'ok') return;
        assert.equal(un.unlinked.user_id, sms.sub, 'the identity is its own user again, with its old id');
        assert.equal(un.user.identities.length, 1);
        assert.equal((await s.loginUser('sms', '+14155550111', T0 + 5, false))?.sub, sms.sub);
        assert.equal(
          (await s.getUser((await s.findUserRecord('email', 'link@example.com'))!.user_id))?.phone_number,
          null,
        );
        assert.equal((await s.listUsers(0, 10)).total, 3);
      }),
    );

    it(
      'imports users with their ids: inserts, says which exist, upserts, and refuses a taken identifier',
      withStore(async (s) => {
        if (!s.importUsers) return; // optional (Redis has none)
        const record = (id: string, identifier: string, over = {}) => ({
          user_id: `email|${id}`,
          identities: [{ connection: 'email' as const, user_id: id, identifier }],
          email_verified: true,
          phone_verified: false,
          created_at: T0,
          updated_at: T0,
          last_login: null,
          logins_count: 2,
          blocked: false,
          user_metadata: { plan: 'pro' },
          app_metadata: {},
          ...over,
        });
        const made = await s.createUser(newUser({ identifier: 'taken@example.com' }));
        assert.equal(made.status, 'ok');
        const a = record('aaaaaaaaaaaaaaaaaaaaaaaa', 'a@example.com');
        const b = record('bbbbbbbbbbbbbbbbbbbbbbbb', 'b@example.com', {
          identities: [
            { connection: 'email', user_id: 'bbbbbbbbbbbbbbbbbbbbbbbb', identifier: 'b@example.com' },
            { connection: 'sms', user_id: 'cccccccccccccccccccccccc', identifier: '+14155550199' },
          ],
        });
        const clash = record('dddddddddddddddddddddddd', 'taken@example.com');
        assert.deepEqual(await s.importUsers([a, b, clash], false), ['inserted', 'inserted', 'conflict']);
        assert.deepEqual(await s.getUserRecord(a.user_id), a);
        assert.deepEqual(await s.getUserRecord(b.user_id), b);
        assert.equal((await s.loginUser('sms', '+14155550199', T0 + 1, false))?.sub, b.user_id);
        assert.deepEqual(await s.importUsers([a], false), ['exists']);
        const changed = { ...a, blocked: true, user_metadata: {} };
        assert.deepEqual(await s.importUsers([changed], true), ['updated']);
        assert.deepEqual(await s.getUserRecord(a.user_id), changed);
        assert.equal((await s.listUsers(0, 10)).total, 3);
      }),
    );

    it(
      'of many parallel first sign-ins of one identifier, all see one user',
      withStore(async (s) => {
        const subs = await Promise.all(
          Array.from({ length: 10 }, () => s.loginUser('email', 'race@example.com', T0, true)),
        );
        assert.equal(new Set(subs.map((u) => u?.sub)).size, 1);
        assert.equal((await s.getUserRecord(subs[0]!.sub))?.logins_count, 10);
      }),
    );
  });
}
