import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { GRANT_PASSWORDLESS_OTP } from '../../src/protocol/index.js';
import { registerMessages, type PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import {
  $,
  API,
  EMAIL_START_OK,
  fakeServer,
  ID_CLAIMS,
  mount,
  text,
  toCodeState,
  TOKEN_OK,
  type,
  until,
} from './helpers.js';

describe('<passwordless-login>', () => {
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
  });

  describe('identifier state', () => {
    it('is accessible', async () => {
      const el = await mount();
      await expect(el).to.be.accessible();
    });

    it('reflects state="identifier" and names the email field "Email"', async () => {
      const el = await mount();
      expect(el.getAttribute('state')).to.equal('identifier');
      const input = $<HTMLInputElement>(el, '#email');
      expect(input.type).to.equal('email');
      expect(input.autocomplete).to.equal('email');
      expect($(el, 'label[for=email]').textContent!.trim()).to.equal('Email');
    });

    it('validates the email before sending and ties the error to the field', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example');
      $(el, 'button[type=submit]').click();
      // The email rule comes with the lazy requests chunk: wait for its verdict, not a fixed count of renders.
      await waitUntil(() => $(el, '#email').getAttribute('aria-invalid') === 'true', 'the field shows its error');
      const input = $(el, '#email');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('identifier-error');
      expect($(el, '#identifier-error').textContent).to.contain('valid email');
      expect(requests).to.have.length(0);
      expect(el.state).to.equal('identifier');
    });

    for (const typed of ['Ada <ada@example.com>', 'ada@example.com(work)', 'ada@[127.0.0.1]', '"ada"@example.com']) {
      it(`refuses ${typed} (not a bare address) with the valid-email message`, async () => {
        const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
        const el = await mount();
        type($(el, '#email') as HTMLInputElement, typed);
        $(el, 'button[type=submit]').click();
        await waitUntil(() => $(el, '#email').getAttribute('aria-invalid') === 'true', 'the field shows its error');
        expect($(el, '#identifier-error').textContent).to.contain('valid email');
        expect(requests).to.have.length(0);
      });
    }

    it('sends the canonical form of the address (NFKC, lower-case)', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, ' Ada@Ｅxample.COM ');
      $(el, 'button[type=submit]').click();
      await until(el, 'code');
      expect((requests[0]!.body as { email: string }).email).to.equal('ada@example.com');
    });
  });

  describe('sending state', () => {
    it('is accessible', async () => {
      let release!: () => void;
      fakeServer({ '/passwordless/start': () => new Promise((r) => (release = () => r(EMAIL_START_OK as never))) });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await until(el, 'sending');
      await expect(el).to.be.accessible();
      expect($(el, '[part~=send-button]').getAttribute('aria-disabled')).to.equal('true');
      expect($(el, '[role=status]').textContent).to.contain('Sending');
      release();
      await until(el, 'code');
    });
  });

  describe('code state', () => {
    it('is accessible', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      await expect(el).to.be.accessible();
    });

    it('posts exactly the /passwordless/start body of the wire protocol (docs/server.md#endpoints)', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount('lang="en-GB"');
      await toCodeState(el, '  ada@example.com ');
      expect(requests).to.have.length(1);
      expect(requests[0]!.url).to.equal(`${API}/passwordless/start`);
      expect(requests[0]!.method).to.equal('POST');
      expect(requests[0]!.headers['content-type']).to.equal('application/json');
      // The language the element chose (en-GB is spoken in en), so the email matches the form.
      expect(requests[0]!.headers['x-request-language']).to.equal('en');
      expect(requests[0]!.body).to.deep.equal({
        client_id: 'demo',
        connection: 'email',
        email: 'ada@example.com',
        send: 'code',
      });
    });

    it('emits sent with {connection, send, to}', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      setTimeout(() => $(el, 'button[type=submit]').click());
      const ev = await oneEvent(el, 'sent');
      expect(ev.detail).to.deep.equal({ connection: 'email', send: 'code', to: 'ada@example.com' });
      expect(ev.bubbles && ev.composed).to.equal(true);
    });

    it('moves focus to the code field and says where the code went', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      expect(el.shadowRoot!.activeElement?.id).to.equal('code');
      const code = $<HTMLInputElement>(el, '#code');
      expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(code.inputMode).to.equal('numeric');
      expect(el.shadowRoot!.querySelectorAll('input')).to.have.length(1);
      expect($(el, 'label[for=code]').textContent!.trim()).to.equal('Verification code');
      expect($(el, '[role=status]').textContent).to.contain('ada@example.com');
    });

    it('goes back to change the identifier, keeping what was typed', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      $(el, '[part~=change-button]').click();
      await until(el, 'identifier');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ada@example.com');
      expect(el.shadowRoot!.activeElement?.id).to.equal('email');
    });
  });

  describe('verifying and done states', () => {
    it('is accessible', async () => {
      let release!: () => void;
      fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': () => new Promise((r) => (release = () => r(TOKEN_OK as never))),
      });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '123456');
      await until(el, 'verifying');
      await expect(el).to.be.accessible();
      release();
      await until(el, 'done');
      await expect(el).to.be.accessible();
      expect(text(el)).to.contain('You are signed in.');
    });

    it('auto-submits a pasted "123 456" and posts the OTP grant of the wire protocol (docs/server.md#endpoints)', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount('audience="https://api.example.com"');
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '123 456', 'insertFromPaste');
      await until(el, 'done');
      expect(requests[1]!.url).to.equal(`${API}/oauth/token`);
      expect(requests[1]!.body).to.deep.equal({
        grant_type: GRANT_PASSWORDLESS_OTP,
        client_id: 'demo',
        username: 'ada@example.com',
        otp: '123456',
        realm: 'email',
        scope: 'openid profile email phone',
        audience: 'https://api.example.com',
      });
    });

    it('accepts "123-456" and keeps only the digits in the field', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      await toCodeState(el);
      const input = $<HTMLInputElement>(el, '#code');
      type(input, '123-4');
      await el.updateComplete;
      expect(input.value).to.equal('1234');
      expect(el.state).to.equal('code');
      type(input, '123-456');
      await until(el, 'done');
    });

    it('emits login with the Auth0 Lock result names', async () => {
      fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': { body: { ...(TOKEN_OK as { body: object }).body, refresh_token: 'rt-1' } },
      });
      const el = await mount();
      await toCodeState(el);
      setTimeout(() => type($(el, '#code') as HTMLInputElement, '123456'));
      const ev = await oneEvent(el, 'login');
      expect(ev.bubbles && ev.composed).to.equal(true);
      expect(ev.detail).to.deep.equal({
        accessToken: 'at-1',
        idToken: (TOKEN_OK as { body: { id_token: string } }).body.id_token,
        idTokenPayload: ID_CLAIMS,
        refreshToken: 'rt-1',
        expiresIn: 3600,
        tokenType: 'Bearer',
        scope: 'openid profile email',
      });
    });

    it('emits state-change for every step of the flow', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      const seen: string[] = [];
      el.addEventListener('state-change', (e) => seen.push(`${e.detail.previous}>${e.detail.state}`));
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '000000');
      await until(el, 'done');
      expect(seen).to.deep.equal(['identifier>sending', 'sending>code', 'code>verifying', 'verifying>done']);
    });
  });

  describe('no double submit', () => {
    it('sends /passwordless/start once on a double click', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      const button = $(el, 'button[type=submit]');
      button.click();
      button.click();
      await until(el, 'code');
      button.click();
      // Then the sign-in goes on: a start the extra clicks made would have been asked before the
      // code's verification, so once the sign-in is done every start is recorded.
      const login = oneEvent(el, 'login');
      type($(el, '#code') as HTMLInputElement, '123456');
      await login;
      expect(requests.filter((r) => r.url.endsWith('/passwordless/start'))).to.have.length(1);
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(1);
    });

    it('verifies once when the code is completed and submitted at the same time', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '123456');
      $(el, 'button[type=submit]').click();
      $(el, 'button[type=submit]').click();
      await until(el, 'done');
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(1);
    });
  });

  describe('remember', () => {
    it('offers the last email next time', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const first = await mount('remember=""');
      await toCodeState(first, 'grace@example.com');
      first.remove();
      const second = await mount('remember=""');
      expect($<HTMLInputElement>(second, '#email').value).to.equal('grace@example.com');
      expect(text(second)).to.contain('Last used on this device.');
    });

    it('keeps nothing without the attribute', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const first = await mount();
      await toCodeState(first, 'grace@example.com');
      const second = await mount('remember=""');
      expect($<HTMLInputElement>(second, '#email').value).to.equal('');
    });
  });

  it('reset() goes back to the identifier state, keeps what was typed and cancels timers', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { requests } = fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
    const el = await mount();
    await toCodeState(el, 'grace@example.com');
    type($(el, '#code') as HTMLInputElement, '12');
    clock.tick(20_000);
    await el.updateComplete;
    expect(text(el)).to.contain('You can ask for a new one in 40 seconds.');
    el.reset();
    await until(el, 'identifier');
    expect($<HTMLInputElement>(el, '#email').value).to.equal('grace@example.com');
    // The resend countdown no longer ticks (no timer left re-rendering the element).
    expect(clock.countTimers()).to.equal(0);
    // Sending again starts afresh: a full countdown and an empty code field.
    $(el, 'button[type=submit]').click();
    await until(el, 'code');
    expect(requests).to.have.length(2);
    expect(requests[1]!.body).to.include({ email: 'grace@example.com' });
    expect(text(el)).to.contain('You can ask for a new one in 60 seconds.');
    expect($<HTMLInputElement>(el, '#code').value).to.equal('');
  });
});

describe('<passwordless-login> (configuration)', () => {
  afterEach(() => sinon.restore());

  it('treats a bare host in domain as https://', async () => {
    const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const el = await mount('domain="login.example.com/"');
    await toCodeState(el);
    expect(requests[0]!.url).to.equal('https://login.example.com/passwordless/start');
  });

  it('speaks a registered language chosen with lang, with messages overriding it', async () => {
    // Esperanto does not ship: registerMessages adds it.
    registerMessages('eo', { title: 'Ensaluti', sendCode: 'Sendi kodon' });
    const el = await mount('lang="eo"');
    expect($(el, '[part~=title]').textContent!.trim()).to.equal('Ensaluti');
    expect($(el, '[part~=send-button]').textContent!.trim()).to.equal('Sendi kodon');
    // Keys the language does not have fall back to English.
    expect($(el, 'label[for=email]').textContent!.trim()).to.equal('Email');
    el.messages = { title: 'Bienvenue' };
    await el.updateComplete;
    expect($(el, '[part~=title]').textContent!.trim()).to.equal('Bienvenue');
  });

  it('shows the header and footer slots', async () => {
    const el = await fixture<PasswordlessLogin>(
      html`<passwordless-login domain=${API} client-id="demo">
        <img slot="header" alt="Acme" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
        <p slot="footer">By signing in you accept the terms.</p>
      </passwordless-login>`,
    );
    const header = $<HTMLSlotElement>(el, 'slot[name=header]');
    const footer = $<HTMLSlotElement>(el, 'slot[name=footer]');
    expect(header.assignedElements()[0]!.getAttribute('alt')).to.equal('Acme');
    expect(footer.assignedElements()[0]!.textContent).to.contain('terms');
    await expect(el).to.be.accessible();
  });
});
