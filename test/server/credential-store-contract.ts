/**
 * The passkey half of the store contract: every store with credentials (see
 * src/server/store/credentials.ts) passes it. Called from storeContract; a store that has no
 * credentials yet shows these cases as skipped.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { credentialStore, type CredentialStore, type PasskeyCredential } from '../../src/server/store/credentials.js';
import type { NewUser, Store } from '../../src/server/store/types.js';

const T0 = 1_900_000_000_000;

function newUser(identifier: string, connection: NewUser['connection'] = 'email'): NewUser {
  return {
    connection,
    identifier,
    email_verified: true,
    phone_verified: false,
    blocked: false,
    user_metadata: {},
    app_metadata: {},
    created_at: T0,
  };
}

function credential(userId: string, over: Partial<PasskeyCredential> = {}): PasskeyCredential {
  return {
    id: `cred-${Math.random().toString(36).slice(2)}`,
    user_id: userId,
    public_key: 'pQECAyYgASFYIA',
    counter: 0,
    transports: [],
    device_type: 'multi_device',
    backed_up: true,
    user_handle: 'aGFuZGxl',
    aaguid: '00000000-0000-0000-0000-000000000000',
    rp_id: 'localhost',
    name: 'Passkey',
    created_at: T0,
    last_used_at: null,
    ...over,
  };
}

async function userId(s: Store, identifier: string, connection: NewUser['connection'] = 'email'): Promise<string> {
  const out = await s.createUser(newUser(identifier, connection));
  assert.equal(out.status, 'ok');
  return out.status === 'ok' ? out.user.user_id : '';
}

export function credentialStoreContract(make: () => Store | Promise<Store>): void {
  describe('passkeys', () => {
    const withStore = (fn: (s: Store & CredentialStore) => Promise<void>) => async (t: TestContext) => {
      const s = await make();
      try {
        const c = credentialStore(s);
        if (!c) return t.skip('this store keeps no passkeys yet');
        await fn(c);
      } finally {
        await s.close();
      }
    };

    it(
      'stores a passkey per user as given, once per credential id, and only for a user that exists',
      withStore(async (s) => {
        const ann = await userId(s, 'ann@example.com');
        const bob = await userId(s, 'bob@example.com');
        const first = credential(ann, { transports: ['internal', 'hybrid'], counter: 7, name: 'Laptop' });
        const second = credential(ann, { created_at: T0 + 1, device_type: 'single_device', backed_up: false });
        assert.equal(await s.addCredential(first), 'ok');
        assert.equal(await s.addCredential(second), 'ok');
        assert.equal(await s.addCredential({ ...first, user_id: bob }), 'exists', 'an id belongs to one user');
        assert.equal(await s.addCredential(credential('email|nobody')), 'no_user');
        assert.deepEqual(await s.getCredential(first.id), first);
        assert.deepEqual(await s.listCredentials(ann), [first, second]);
        assert.deepEqual(await s.listCredentials(bob), []);
        assert.equal(await s.getCredential('nope'), null);
      }),
    );

    it(
      'accepts a sign counter only when it goes up, once, and records the use',
      withStore(async (s) => {
        const ann = await userId(s, 'ann@example.com');
        const c = credential(ann, { counter: 5 });
        await s.addCredential(c);
        const ok = await s.useCredential(c.id, 6, false, T0 + 10);
        assert.equal(ok.status, 'ok');
        assert.deepEqual(ok.status === 'ok' && ok.credential, {
          ...c,
          counter: 6,
          backed_up: false,
          last_used_at: T0 + 10,
        });
        assert.deepEqual(
          await s.useCredential(c.id, 6, false, T0 + 11),
          { status: 'counter', stored: 6 },
          'same value',
        );
        assert.deepEqual(await s.useCredential(c.id, 2, false, T0 + 12), { status: 'counter', stored: 6 }, 'backwards');
        assert.equal((await s.getCredential(c.id))?.last_used_at, T0 + 10, 'a refused use changes nothing');
        const race = await Promise.all([7, 7, 7, 7].map((n) => s.useCredential(c.id, n, true, T0 + 20)));
        assert.equal(race.filter((r) => r.status === 'ok').length, 1, 'one counter value is accepted once');
        assert.deepEqual(await s.useCredential('gone', 9, false, T0), { status: 'unknown' });
      }),
    );

    it(
      'lets an authenticator without a counter (always 0) sign in again and again',
      withStore(async (s) => {
        const ann = await userId(s, 'ann@example.com');
        const c = credential(ann);
        await s.addCredential(c);
        assert.equal((await s.useCredential(c.id, 0, true, T0 + 1)).status, 'ok');
        assert.equal((await s.useCredential(c.id, 0, true, T0 + 2)).status, 'ok');
        assert.equal((await s.useCredential(c.id, 1, true, T0 + 3)).status, 'ok', 'it may start counting');
        assert.equal((await s.useCredential(c.id, 0, true, T0 + 4)).status, 'counter', 'but never go back to 0');
      }),
    );

    it(
      "deletes one passkey of its own user only, and all of a user's passkeys with the user",
      withStore(async (s) => {
        const ann = await userId(s, 'ann@example.com');
        const bob = await userId(s, 'bob@example.com');
        const a1 = credential(ann);
        const a2 = credential(ann, { created_at: T0 + 1 });
        const b1 = credential(bob);
        for (const c of [a1, a2, b1]) assert.equal(await s.addCredential(c), 'ok');
        assert.equal(await s.deleteCredential(bob, a1.id), false, "another user's passkey");
        assert.equal(await s.deleteCredential(ann, a1.id), true);
        assert.equal(await s.deleteCredential(ann, a1.id), false, 'already gone');
        assert.deepEqual(await s.listCredentials(ann), [a2]);
        assert.equal(await s.deleteUser(ann, T0 + 5), true);
        assert.equal(await s.getCredential(a2.id), null, "the user's passkeys went with it");
        assert.deepEqual(await s.listCredentials(ann), []);
        assert.deepEqual(await s.listCredentials(bob), [b1]);
        assert.equal(await s.addCredential(credential(ann)), 'no_user');
      }),
    );

    it(
      "moves a linked user's passkeys to the primary user",
      withStore(async (s) => {
        const ann = await userId(s, 'ann@example.com');
        const phone = await userId(s, '+14155550100', 'sms');
        const c = credential(phone);
        await s.addCredential(c);
        const out = await s.linkIdentity(ann, 'sms', phone.slice('sms|'.length), T0 + 1);
        assert.equal(out.status, 'ok');
        assert.deepEqual(await s.listCredentials(ann), [{ ...c, user_id: ann }]);
        assert.deepEqual(await s.listCredentials(phone), []);
        assert.equal((await s.getCredential(c.id))?.user_id, ann);
      }),
    );
  });
}
