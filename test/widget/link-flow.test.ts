import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, API, EMAIL_START_OK, fakeServer, mount, text, TOKEN_OK, type, until, type Recorded } from './helpers.js';

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const b64json = (o: unknown) => b64url(new TextEncoder().encode(JSON.stringify(o)));

/** A real ES256 JWT, signed with a fresh P-256 key through WebCrypto. */
async function es256Jwt(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const input = `${b64json({ alg: 'ES256', typ: 'JWT', kid: 'test-key' })}.${b64json(claims)}`;
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(sig)}`;
}

async function s256(verifier: string): Promise<string> {
  return b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

interface AuthParams {
  response_type: string;
  redirect_uri: string;
  state: string;
  nonce: string;
  scope: string;
  code_challenge: string;
  code_challenge_method: string;
}

const pageUrl = location.href;
const here = location.origin + location.pathname;

/** Sends a link from a `send="link"` element; returns the element and the authParams it posted. */
async function askForLink(requests: Recorded[], attrs = '') {
  const el = await mount(`send="link" ${attrs}`);
  type($(el, '#email') as HTMLInputElement, 'ada@example.com');
  $(el, 'button[type=submit]').click();
  await until(el, 'link-sent');
  const start = requests.find((r) => r.url.endsWith('/passwordless/start'))!;
  return { el, authParams: start.body.authParams as AuthParams };
}

function visit(query: string) {
  history.replaceState(null, '', `${here}?${query}`);
}

describe('<passwordless-login>', () => {
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
    history.replaceState(null, '', pageUrl);
  });

  describe('link-sent state', () => {
    it('is accessible', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const { el } = await askForLink(requests);
      await expect(el).to.be.accessible();
      expect(text(el)).to.contain('Check your email');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=enter-code-button]'));
    });

    it('posts /passwordless/start with state, nonce and a PKCE S256 challenge kept in this browser', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const { authParams } = await askForLink(requests, 'audience="https://api.example.com"');
      const body = requests[0]!.body;
      expect(requests[0]!.url).to.equal(`${API}/passwordless/start`);
      expect(body).to.include({ client_id: 'demo', connection: 'email', email: 'ada@example.com', send: 'link' });
      expect(Object.keys(authParams).sort()).to.deep.equal(
        [
          'audience',
          'code_challenge',
          'code_challenge_method',
          'nonce',
          'redirect_uri',
          'response_type',
          'scope',
          'state',
        ].sort(),
      );
      expect(authParams).to.include({
        response_type: 'code',
        redirect_uri: here,
        scope: 'openid profile email phone',
        code_challenge_method: 'S256',
        audience: 'https://api.example.com',
      });
      expect(authParams.state).to.match(/^[\w-]{16,}$/);
      expect(authParams.nonce).to.match(/^[\w-]{16,}$/);
      expect(authParams.code_challenge).to.match(/^[\w-]{43}$/);
      const stored = JSON.parse(localStorage.getItem(`passwordless-login.oidc.${authParams.state}`)!);
      expect(await s256(stored.code_verifier)).to.equal(authParams.code_challenge);
      expect(stored.nonce).to.equal(authParams.nonce);
    });

    it('uses the redirect-uri attribute when given', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const { authParams } = await askForLink(requests, `redirect-uri="${location.origin}/callback.html"`);
      expect(authParams.redirect_uri).to.equal(`${location.origin}/callback.html`);
    });

    it('lets the user enter the code from the same email instead', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const { el } = await askForLink(requests);
      $(el, '[part~=enter-code-button]').click();
      await until(el, 'code');
      type($(el, '#code') as HTMLInputElement, '123456');
      await until(el, 'done');
      expect(requests[1]!.body).to.include({ username: 'ada@example.com', realm: 'email', otp: '123456' });
    });

    it('resends a new link after the countdown', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const { requests } = fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
      const { el, authParams } = await askForLink(requests);
      expect($<HTMLButtonElement>(el, '[part~=resend-button]').disabled).to.equal(true);
      clock.tick(60_000);
      await el.updateComplete;
      const sent = oneEvent(el, 'sent');
      $(el, '[part~=resend-button]').click();
      await sent;
      expect(requests).to.have.length(2);
      const second = requests[1]!.body.authParams as AuthParams;
      expect(second.state).not.to.equal(authParams.state);
      expect(second.code_challenge).not.to.equal(authParams.code_challenge);
    });
  });

  describe('callback state', () => {
    it('completes the exchange, cleans the URL and emits login here and in the asking tab', async () => {
      let tokenRequest: Recorded | undefined;
      let idToken = '';
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': async (req) => {
          tokenRequest = req;
          return {
            body: {
              access_token: 'at-link',
              id_token: idToken,
              token_type: 'Bearer',
              expires_in: 3600,
              scope: 'openid profile email',
            },
          };
        },
      });
      const { el: asking, authParams } = await askForLink(requests);
      const claims = {
        iss: API,
        sub: 'user-1',
        aud: 'demo',
        iat: 1,
        exp: 9999999999,
        nonce: authParams.nonce,
        email: 'ada@example.com',
      };
      idToken = await es256Jwt(claims);
      const askingLogin = oneEvent(asking, 'login');

      visit(`code=authcode-1&state=${authParams.state}`);
      const callback = await mount();
      const ev = await oneEvent(callback, 'login');
      await until(callback, 'done');
      expect(location.search).to.equal('');
      expect(tokenRequest!.url).to.equal(`${API}/oauth/token`);
      expect(tokenRequest!.body).to.include({
        grant_type: 'authorization_code',
        code: 'authcode-1',
        redirect_uri: here,
        client_id: 'demo',
      });
      expect(await s256(tokenRequest!.body.code_verifier as string)).to.equal(authParams.code_challenge);
      // oidc-client-ts keeps expires_at and derives expires_in from the clock: allow one second.
      expect(ev.detail.expiresIn).to.be.within(3599, 3600);
      expect({ ...ev.detail, expiresIn: 3600 }).to.deep.equal({
        accessToken: 'at-link',
        idToken,
        idTokenPayload: claims,
        expiresIn: 3600,
        tokenType: 'Bearer',
        scope: 'openid profile email',
      });
      expect(text(callback)).to.contain('You are signed in.');
      // The tab that asked (BroadcastChannel) continues with the same result.
      const other = await askingLogin;
      expect(other.detail.idToken).to.equal(idToken);
      await until(asking, 'done');
      // The stored request is single use.
      expect(localStorage.getItem(`passwordless-login.oidc.${authParams.state}`)).to.equal(null);
    });

    it('completes the exchange when domain and client-id arrive after the first render', async () => {
      let idToken = '';
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': async () => ({
          body: { access_token: 'at-late', id_token: idToken, token_type: 'Bearer', expires_in: 60, scope: 'openid' },
        }),
      });
      const { authParams } = await askForLink(requests);
      idToken = await es256Jwt({ iss: API, sub: 'u', aud: 'demo', iat: 1, exp: 9999999999, nonce: authParams.nonce });
      visit(`code=authcode-6&state=${authParams.state}`);
      // An app that creates the element first and configures it once its own settings load.
      const el = await fixture<PasswordlessLogin>(html`<passwordless-login></passwordless-login>`);
      expect(el.state).to.equal('identifier');
      // A few frames drawn unconfigured, as while an app's own settings load.
      for (let i = 0; i < 3; i++) await nextFrame();
      expect(el.state).to.equal('identifier');
      const login = oneEvent(el, 'login');
      el.domain = API;
      el.clientId = 'demo';
      const ev = await login;
      expect(ev.detail.accessToken).to.equal('at-late');
      await until(el, 'done');
      expect(location.search).to.equal('');
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(1);
    });

    it('is accessible while the exchange runs', async () => {
      let release!: () => void;
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': () =>
          new Promise(
            (r) => (release = () => r({ status: 400, body: { error: 'invalid_grant', error_description: 'used' } })),
          ),
      });
      const { authParams } = await askForLink(requests);
      visit(`code=authcode-4&state=${authParams.state}`);
      const el = await mount();
      await until(el, 'callback');
      expect(text(el)).to.contain('Signing you in');
      await expect(el).to.be.accessible();
      release();
      await until(el, 'error');
      expect(text(el)).to.contain('This link has expired or was already used.');
    });

    it('redeems the code once when two elements share the redirect page', async () => {
      let idToken = '';
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': async () => ({
          body: { access_token: 'a', id_token: idToken, token_type: 'Bearer', expires_in: 60, scope: 'openid' },
        }),
      });
      const { authParams } = await askForLink(requests);
      idToken = await es256Jwt({ iss: API, sub: 'u', aud: 'demo', iat: 1, exp: 9999999999, nonce: authParams.nonce });
      visit(`code=authcode-5&state=${authParams.state}`);
      const [first, second] = await Promise.all([mount(), mount()]);
      // Both look at the redirect as soon as the oidc chunk is there, before either redeems; a
      // second redemption would have asked for tokens (and left 'identifier') before the first
      // one's tokens were checked, so once one element is done every token request is recorded.
      await Promise.race([until(first, 'done'), until(second, 'done')]);
      await Promise.all([first.updateComplete, second.updateComplete]);
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(1);
      expect([first.state, second.state].sort()).to.deep.equal(['done', 'identifier']);
    });

    it('refuses an id_token whose nonce does not match', async () => {
      let idToken = '';
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': async () => ({
          body: { access_token: 'a', id_token: idToken, token_type: 'Bearer', expires_in: 60, scope: 'openid' },
        }),
      });
      const { authParams } = await askForLink(requests);
      idToken = await es256Jwt({ iss: API, sub: 'u', aud: 'demo', iat: 1, exp: 9999999999, nonce: 'someone-else' });
      visit(`code=authcode-2&state=${authParams.state}`);
      const callback = await mount();
      const ev = await oneEvent(callback, 'login-error');
      expect(ev.detail.error).to.equal('access_denied');
      await until(callback, 'error');
    });

    it('explains a link opened in another browser (no stored state)', async () => {
      const { requests } = fakeServer({});
      visit('code=authcode-3&state=unknown-state');
      const el = await mount();
      await until(el, 'error');
      expect(text(el)).to.contain('opened in a different browser or device');
      expect(text(el)).to.contain('type the code from the same email');
      expect(location.search).to.equal('');
      expect(requests).to.have.length(0);
      await expect(el).to.be.accessible();
      $(el, '[part~=start-over-button]').click();
      await until(el, 'identifier');
    });

    it('says an expired or used link is dead and sends a new one', async () => {
      const { requests } = fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
      const { authParams } = await askForLink(requests);
      visit(`error=access_denied&error_description=expired&state=${authParams.state}`);
      const el: PasswordlessLogin = await mount();
      await until(el, 'error');
      expect(text(el)).to.contain('This link has expired or was already used.');
      await expect(el).to.be.accessible();
      $(el, '[part~=new-link-button]').click();
      await until(el, 'link-sent');
      expect(requests[1]!.body).to.include({ email: 'ada@example.com', send: 'link' });
    });

    it("leaves another client's redirect alone", async () => {
      const { requests } = fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
      const { authParams } = await askForLink(requests);
      visit(`code=x&state=${authParams.state}`);
      const el = await fixture<PasswordlessLogin>(
        html`<passwordless-login domain=${API} client-id="another-app"></passwordless-login>`,
      );
      // The element looks at the redirect at its first render, and the person then uses it as on
      // any page: once its own code is sent, the redirect has long been looked at and left alone.
      type($(el, '#email') as HTMLInputElement, 'bob@example.com');
      const sent = oneEvent(el, 'sent');
      $(el, 'button[type=submit]').click();
      await sent;
      await until(el, 'code');
      expect(location.search).to.contain('code=x');
      expect(requests).to.have.length(2);
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(0);
      expect(requests[1]!.body).to.include({ client_id: 'another-app', email: 'bob@example.com' });
    });
  });
});
