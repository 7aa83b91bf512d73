/**
 * The element's passkey UI against a faked API and stubbed WebAuthn calls: where it is hidden
 * (no passkeys offered, no WebAuthn in this browser) codes work as before; autofill's conditional
 * request and its abort; the offer to save a passkey after a code or magic-link sign-in. Real
 * ceremonies (a virtual authenticator) are in test/e2e/passkeys.test.ts.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { isIpHost } from '../../src/widget/passkeys/passkey-ui.js';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import {
  $,
  API,
  EMAIL_START_OK,
  fakeJwt,
  fakeServer,
  ID_CLAIMS,
  mount,
  toCodeState,
  TOKEN_OK,
  type,
  until,
} from './helpers.js';

const DISCOVERY = '/.well-known/openid-configuration';
const CREATE = 'create:me:authentication_methods';
const METHOD = '/me/v1/authentication-methods';
const PENDING = `${METHOD}/passkey%7Cp1`;

/** WebAuthn as the element needs it (WebKitGTK here is built without it). */
const webauthn = () => typeof PublicKeyCredential === 'function' && navigator.credentials !== undefined;

const offersPasskeys = (timeout?: number) => ({
  [DISCOVERY]: { body: { issuer: API, passkey_challenge_endpoint: `${API}/passkey/challenge` } },
  '/passkey/challenge': {
    body: {
      authn_params_public_key: {
        challenge: 'AAAA',
        rpId: location.hostname,
        userVerification: 'required',
        ...(timeout === undefined ? {} : { timeout }),
      },
      auth_session: 's1',
    },
  },
});

const TOKEN_WITH_ME = {
  body: {
    access_token: 'at-me',
    id_token: fakeJwt(ID_CLAIMS),
    token_type: 'Bearer',
    expires_in: 3600,
    scope: `openid profile email phone ${CREATE}`,
  },
};

const part = (el: PasswordlessLogin, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const button = (el: PasswordlessLogin, name: string) => $<HTMLButtonElement>(el, `[part~="${name}"]`);

/** Says whether the browser's autofill offers passkeys, for this test only. */
function autofill(on: boolean): () => void {
  const pk = PublicKeyCredential as { isConditionalMediationAvailable?: () => Promise<boolean> };
  const original = Object.getOwnPropertyDescriptor(pk, 'isConditionalMediationAvailable');
  Object.defineProperty(pk, 'isConditionalMediationAvailable', {
    value: () => Promise.resolve(on),
    configurable: true,
    writable: true,
  });
  return () => {
    if (original) Object.defineProperty(pk, 'isConditionalMediationAvailable', original);
    else delete pk.isConditionalMediationAvailable;
  };
}

async function signInWithCode(el: PasswordlessLogin): Promise<void> {
  await toCodeState(el);
  type($(el, '#code') as HTMLInputElement, '123456');
  await until(el, 'done');
}

describe('<passwordless-login> passkeys', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
    sinon.restore();
    localStorage.clear();
  });

  it('without passkeys from the API: no passkey UI, the field keeps autocomplete="email", a code signs in as before', async () => {
    const { requests, stub } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
    const el = await mount();
    if (webauthn()) {
      // The probe was asked (and said no) before anything is checked.
      await waitUntil(() => stub.getCalls().some((c) => String(c.args[0]).endsWith(DISCOVERY)), 'discovery asked');
      await el.updateComplete;
    }
    expect(part(el, 'passkey')).to.equal(null);
    expect($<HTMLInputElement>(el, '#email').autocomplete).to.equal('email');
    await signInWithCode(el);
    const grant = requests.find((r) => r.url.endsWith('/oauth/token'))!;
    expect(grant.body.scope).to.equal('openid profile email phone');
    expect(grant.body.audience).to.equal(undefined);
    await el.updateComplete;
    expect(part(el, 'passkey-offer')).to.equal(null);
  });

  it('without WebAuthn in the browser: no passkey UI and no probe, a code signs in as before', async () => {
    const saved = Object.getOwnPropertyDescriptor(window, 'PublicKeyCredential');
    // @ts-expect-error -- a browser without WebAuthn
    delete window.PublicKeyCredential;
    restore = () => saved && Object.defineProperty(window, 'PublicKeyCredential', saved);
    const { requests, stub } = fakeServer({
      ...offersPasskeys(),
      '/passwordless/start': EMAIL_START_OK,
      '/oauth/token': TOKEN_OK,
    });
    const el = await mount();
    await signInWithCode(el);
    expect(
      stub.getCalls().some((c) => String(c.args[0]).endsWith(DISCOVERY)),
      'discovery never asked',
    ).to.equal(false);
    expect(requests.map((r) => new URL(r.url).pathname)).to.deep.equal(['/passwordless/start', '/oauth/token']);
    expect(part(el, 'passkey')).to.equal(null);
    expect(part(el, 'passkey-offer')).to.equal(null);
  });

  it('knows a page on an IP address can never use passkeys (browsers refuse an IP as RP ID)', () => {
    expect(['127.0.0.1', '[::1]', '10.0.0.7'].map(isIpHost)).to.deep.equal([true, true, true]);
    expect(['localhost', 'login.example.com', '1password.example'].map(isIpHost)).to.deep.equal([false, false, false]);
  });

  describe('where the API offers passkeys', () => {
    beforeEach(function () {
      if (!webauthn()) this.skip();
    });

    it('autofill: the field gets "username webauthn", a conditional request runs, and sending a code aborts it', async () => {
      restore = autofill(true);
      fakeServer({ ...offersPasskeys(), '/passwordless/start': EMAIL_START_OK });
      const get = sinon
        .stub(navigator.credentials, 'get')
        .callsFake(
          (o?: CredentialRequestOptions) =>
            new Promise((_, reject) =>
              o?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
            ),
        );
      const el = await mount();
      await waitUntil(() => get.called, 'a conditional request');
      const options = get.firstCall.args[0]!;
      expect(options.mediation).to.equal('conditional');
      expect($<HTMLInputElement>(el, '#email').getAttribute('autocomplete')).to.equal('username webauthn');
      await toCodeState(el);
      expect(options.signal!.aborted, 'aborted on leaving the identifier state').to.equal(true);
      expect(get.callCount).to.equal(1);
      expect(part(el, 'passkey-error')).to.equal(null);
    });

    it('autofill: the button aborts the conditional request first, then asks on its own', async () => {
      restore = autofill(true);
      fakeServer(offersPasskeys());
      const get = sinon.stub(navigator.credentials, 'get');
      get
        .onFirstCall()
        .callsFake(
          (o?: CredentialRequestOptions) =>
            new Promise((_, reject) =>
              o?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
            ),
        );
      get.onSecondCall().rejects(new DOMException('closed', 'NotAllowedError'));
      // Then autofill waits again, as the browser would.
      get.callsFake(() => new Promise(() => undefined));
      const el = await mount();
      await waitUntil(() => get.calledOnce, 'a conditional request');
      button(el, 'passkey-button').click();
      await waitUntil(() => !$(el, '#passkey-error').hidden, 'the failure said');
      expect(get.firstCall.args[0]!.signal!.aborted).to.equal(true);
      expect(get.secondCall.args[0]!.mediation).to.equal(undefined);
      expect($(el, '#passkey-error').textContent!.trim()).to.equal('No passkey was used. Try again or use a code.');
      expect(el.state).to.equal('identifier');
    });

    it('says when the passkey request timed out, and the code flow still works', async () => {
      restore = autofill(false);
      fakeServer({ ...offersPasskeys(0), '/passwordless/start': EMAIL_START_OK });
      sinon.stub(navigator.credentials, 'get').rejects(new DOMException('timed out', 'NotAllowedError'));
      const el = await mount();
      await waitUntil(() => part(el, 'passkey-button'), 'the passkey button');
      expect($<HTMLInputElement>(el, '#email').autocomplete, 'no autofill: no webauthn token').to.equal('email');
      button(el, 'passkey-button').click();
      await waitUntil(() => !$(el, '#passkey-error').hidden, 'the failure said');
      expect($(el, '#passkey-error').textContent!.trim()).to.equal(
        'The passkey request timed out. Try again or use a code.',
      );
      await toCodeState(el);
    });

    it('offers to save a passkey after a code sign-in, only after login; "Not now" is remembered, not in clear', async () => {
      restore = autofill(false);
      const { requests } = fakeServer({
        ...offersPasskeys(),
        '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK],
        '/oauth/token': [TOKEN_WITH_ME, TOKEN_WITH_ME],
      });
      let el = await mount();
      await waitUntil(() => part(el, 'passkey-button'), 'the passkey part');
      const seen: boolean[] = [];
      el.addEventListener('login', () => seen.push(!!part(el, 'passkey-offer')));
      await signInWithCode(el);
      await waitUntil(() => part(el, 'passkey-offer'), 'the offer');
      expect(seen, 'login came first, without the offer').to.deep.equal([false]);
      const grant = requests.find((r) => r.url.endsWith('/oauth/token'))!;
      expect(grant.body.audience).to.equal(`${API}/me/`);
      expect(String(grant.body.scope).split(' ')).to.include(CREATE);
      expect(part(el, 'passkey-offer-text')!.textContent).to.include('save a passkey');
      await expect(el).to.be.accessible();

      button(el, 'passkey-not-now-button').click();
      await el.updateComplete;
      expect(part(el, 'passkey-offer')).to.equal(null);
      expect(el.state).to.equal('done');
      expect(JSON.stringify({ ...localStorage })).to.not.include('ada');

      el.remove();
      el = await mount();
      await waitUntil(() => part(el, 'passkey-button'), 'the passkey part');
      const login = oneEvent(el, 'login');
      await signInWithCode(el);
      await login;
      await el.updateComplete;
      await el.updateComplete;
      expect(part(el, 'passkey-offer'), 'no offer for the same address').to.equal(null);
    });

    it('offers to save a passkey after a magic-link sign-in, on the return page even when its chunk comes after login', async () => {
      restore = autofill(false);
      let idToken = '';
      // The return page's discovery (its passkey chunk) is held until its `login`: the chunk arrives after it.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let discoveries = 0;
      const { requests } = fakeServer({
        [DISCOVERY]: async () => {
          if (discoveries++ > 0) await held;
          return offersPasskeys()[DISCOVERY];
        },
        '/passkey/challenge': offersPasskeys()['/passkey/challenge'],
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': () => ({ body: { ...TOKEN_WITH_ME.body, id_token: idToken } }),
      });
      const pageUrl = location.href;
      try {
        const asking = await mount('send="link"');
        await waitUntil(() => part(asking, 'passkey-button'), 'the passkey part');
        type($<HTMLInputElement>(asking, '#email'), 'ada@example.com');
        $(asking, 'button[type=submit]').click();
        await until(asking, 'link-sent');
        const authParams = requests.find((r) => r.url.endsWith('/passwordless/start'))!.body.authParams as Record<
          string,
          string
        >;
        expect(authParams.audience, "the link asks for MyAccount's audience, as a code does").to.equal(`${API}/me/`);
        expect(authParams.scope!.split(' ')).to.include(CREATE);
        idToken = fakeJwt({ ...ID_CLAIMS, exp: 9999999999, nonce: authParams.nonce });
        const askingLogin = oneEvent(asking, 'login');

        history.replaceState(
          null,
          '',
          `${location.origin}${location.pathname}?code=authcode-pk&state=${authParams.state}`,
        );
        const seen: boolean[] = [];
        const el = await fixture<PasswordlessLogin>(
          html`<passwordless-login domain=${API} client-id="demo"></passwordless-login>`,
        );
        el.addEventListener('login', () => {
          seen.push(!!part(el, 'passkey-offer'));
          release();
        });
        await waitUntil(() => seen.length === 1, 'login on the return page');
        await waitUntil(() => part(el, 'passkey-offer'), 'the offer on the return page');
        expect(seen, 'login came first, without the offer').to.deep.equal([false]);
        expect(discoveries, "the return page's passkey chunk came after login").to.equal(2);
        expect(el.state).to.equal('done');
        await expect(el).to.be.accessible();

        // The tab that asked (BroadcastChannel) is signed in too, and offers as well.
        await askingLogin;
        await waitUntil(() => part(asking, 'passkey-offer'), 'the offer in the asking tab');
      } finally {
        release();
        history.replaceState(null, '', pageUrl);
      }
    });

    it('saving: a failure says so and keeps the sign-in; then passkey-saved with the method', async () => {
      restore = autofill(false);
      const method = { id: 'passkey|p1', type: 'passkey', name: 'Passkey', created_at: '2026-12-07T00:00:00Z' };
      const { requests } = fakeServer({
        ...offersPasskeys(),
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': TOKEN_WITH_ME,
        [METHOD]: {
          status: 201,
          headers: { location: `${API}${PENDING}` },
          body: {
            type: 'passkey',
            auth_session: 'e1',
            authn_params_public_key: {
              challenge: 'AAAA',
              rp: { id: location.hostname, name: 'Test' },
              user: { id: 'AAAA', name: 'ada@example.com', displayName: 'ada@example.com' },
              pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
            },
          },
        },
        [`${PENDING}/verify`]: { status: 201, body: method },
      });
      const create = sinon.stub(navigator.credentials, 'create');
      create.onFirstCall().rejects(new DOMException('closed', 'NotAllowedError'));
      create.onSecondCall().resolves({
        toJSON: () => ({ id: 'c1', rawId: 'c1', type: 'public-key', response: {}, clientExtensionResults: {} }),
      } as unknown as Credential);
      const el = await mount();
      await waitUntil(() => part(el, 'passkey-button'), 'the passkey part');
      const logins: unknown[] = [];
      el.addEventListener('login', (e) => logins.push(e.detail));
      await signInWithCode(el);
      await waitUntil(() => part(el, 'passkey-save-button'), 'the offer');

      button(el, 'passkey-save-button').click();
      await waitUntil(() => !$(el, '#passkey-error').hidden, 'the failure said');
      expect($(el, '#passkey-error').textContent!.trim()).to.equal(
        'The passkey was not saved. You are still signed in.',
      );
      expect(el.state).to.equal('done');
      expect(logins).to.have.length(1);

      const saved = oneEvent(el, 'passkey-saved');
      button(el, 'passkey-save-button').click();
      const event = await saved;
      expect(event.detail.method.id).to.equal('passkey|p1');
      await el.updateComplete;
      expect(part(el, 'passkey-saved')!.textContent!.trim()).to.equal('Passkey saved. Next time, sign in with it.');
      const enrol = requests.filter((r) => new URL(r.url).pathname.startsWith(METHOD));
      expect(enrol.map((r) => r.headers.authorization)).to.deep.equal(['Bearer at-me', 'Bearer at-me', 'Bearer at-me']);
      expect(enrol.at(-1)!.body).to.deep.include({ auth_session: 'e1' });
      expect(logins).to.have.length(1);
    });
  });
});
