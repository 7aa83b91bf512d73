import { expect, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import {
  BLOCKED_USER_DESCRIPTION,
  EXPIRED_CODE_DESCRIPTION,
  WRONG_CODE_DESCRIPTION,
} from '../../src/protocol/index.js';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, EMAIL_START_OK, fakeServer, mount, toCodeState, TOKEN_OK, type, until, type Reply } from './helpers.js';

const err = (status: number, error: string, description = 'x', headers?: Record<string, string>): Reply => ({
  status,
  body: { error, error_description: description },
  ...(headers ? { headers } : {}),
});

async function sendEmail(el: PasswordlessLogin) {
  type($(el, '#email') as HTMLInputElement, 'ada@example.com');
  const failed = oneEvent(el, 'login-error');
  $(el, 'button[type=submit]').click();
  await failed;
  await el.updateComplete;
}

const errorText = (el: PasswordlessLogin, id: string) => $(el, `#${id}`).textContent!.replace(/\s+/g, ' ').trim();

describe('<passwordless-login>', () => {
  afterEach(() => sinon.restore());

  describe('errors from /passwordless/start', () => {
    const cases: [string, Reply, RegExp][] = [
      ['bad.email', err(400, 'bad.email'), /cannot receive codes/],
      ['email_provider_error', err(400, 'email_provider_error'), /could not send the message/],
      ['bad.client_id', err(400, 'bad.client_id'), /not set up correctly/],
      ['500 with a JSON error', err(500, 'server_error'), /wrong on our side/],
      ['502 with an HTML page', { status: 502, raw: '<html>Bad gateway</html>' }, /wrong on our side/],
      ['200 with a body that is not JSON', { status: 200, raw: '<html>hello</html>' }, /do not understand/],
      ['network down', 'network-error', /cannot reach the sign-in server/],
    ];
    for (const [name, reply, message] of cases) {
      it(`shows a clear message for ${name}`, async () => {
        fakeServer({ '/passwordless/start': reply });
        const el = await mount();
        await sendEmail(el);
        expect(errorText(el, 'identifier-error')).to.match(message);
        expect($(el, '#email').getAttribute('aria-invalid')).to.equal('true');
        expect($(el, '[role=status]').textContent).to.match(message);
      });
    }

    it('is accessible with an error shown', async () => {
      fakeServer({ '/passwordless/start': err(400, 'bad.email') });
      const el = await mount();
      await sendEmail(el);
      await expect(el).to.be.accessible();
    });

    it('emits login-error with the protocol error code', async () => {
      fakeServer({ '/passwordless/start': err(400, 'bad.email', 'The email is invalid') });
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      setTimeout(() => $(el, 'button[type=submit]').click());
      const ev = await oneEvent(el, 'login-error');
      expect(ev.detail).to.deep.equal({ error: 'bad.email', errorDescription: 'The email is invalid' });
      expect(ev.bubbles && ev.composed).to.equal(true);
    });

    it('says "offline" when the browser is offline, and retries', async () => {
      const { requests } = fakeServer({ '/passwordless/start': ['network-error', EMAIL_START_OK] });
      sinon.stub(navigator, 'onLine').get(() => false);
      const el = await mount();
      await sendEmail(el);
      expect(errorText(el, 'identifier-error')).to.match(/You are offline/);
      $(el, '[part~=retry-button]').click();
      await until(el, 'code');
      expect(requests).to.have.length(2);
      expect(requests[1]!.body).to.deep.equal(requests[0]!.body);
    });

    it('honours a 429 Retry-After with a live countdown', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const { requests } = fakeServer({
        '/passwordless/start': [err(429, 'too_many_requests', 'slow down', { 'retry-after': '30' }), EMAIL_START_OK],
      });
      const el = await mount();
      await sendEmail(el);
      expect(errorText(el, 'identifier-error')).to.equal('Too many requests. Try again in 30 seconds.');
      $(el, 'button[type=submit]').click();
      await el.updateComplete;
      expect(requests).to.have.length(1);
      expect($(el, 'button[type=submit]').getAttribute('aria-disabled')).to.equal('true');
      clock.tick(12_000);
      await el.updateComplete;
      expect(errorText(el, 'identifier-error')).to.equal('Too many requests. Try again in 18 seconds.');
      clock.tick(18_000);
      await el.updateComplete;
      $(el, 'button[type=submit]').click();
      await until(el, 'code');
      expect(requests).to.have.length(2);
    });
  });

  describe('errors from /oauth/token', () => {
    it('says the code is wrong, clears it and keeps focus in the field', async () => {
      fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': [err(403, 'invalid_grant', WRONG_CODE_DESCRIPTION.email), TOKEN_OK],
      });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '111111');
      await until(el, 'verifying');
      await until(el, 'code');
      const code = $<HTMLInputElement>(el, '#code');
      expect(errorText(el, 'code-error')).to.equal('That code is not right. Check it and try again.');
      expect(code.value).to.equal('');
      expect(code.getAttribute('aria-invalid')).to.equal('true');
      expect(code.getAttribute('aria-describedby')).to.contain('code-error');
      expect(el.shadowRoot!.activeElement).to.equal(code);
      await expect(el).to.be.accessible();
      type(code, '222222');
      await until(el, 'done');
    });

    it('says the code expired for any other invalid_grant', async () => {
      fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': err(403, 'invalid_grant', EXPIRED_CODE_DESCRIPTION),
      });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '111111');
      await until(el, 'verifying');
      await until(el, 'code');
      expect(errorText(el, 'code-error')).to.match(/expired or was already used/);
    });

    it("says the account is blocked on 401 unauthorized (Auth0's blocked user)", async () => {
      fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': err(401, 'unauthorized', BLOCKED_USER_DESCRIPTION),
      });
      const el = await mount();
      await toCodeState(el);
      const failed = oneEvent(el, 'login-error');
      type($(el, '#code') as HTMLInputElement, '111111');
      expect((await failed).detail).to.deep.equal({ error: 'unauthorized', errorDescription: 'user is blocked' });
      await until(el, 'code');
      expect(errorText(el, 'code-error')).to.match(/^This account is blocked\./);
    });

    it('says too many attempts on 429 too_many_attempts', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': err(429, 'too_many_attempts') });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '111111');
      await until(el, 'verifying');
      await until(el, 'code');
      expect(errorText(el, 'code-error')).to.match(/Too many wrong tries/);
      // The dead code can be replaced right away.
      expect($<HTMLButtonElement>(el, '[part~=resend-button]').disabled).to.equal(false);
    });

    it('offers a retry after a network failure without losing the code', async () => {
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': ['network-error', TOKEN_OK],
      });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '123456');
      await until(el, 'verifying');
      await until(el, 'code');
      expect(errorText(el, 'code-error')).to.match(/cannot reach/);
      expect($<HTMLInputElement>(el, '#code').value).to.equal('123456');
      $(el, '[part~=retry-button]').click();
      await until(el, 'done');
      expect(requests.filter((r) => r.url.endsWith('/oauth/token'))).to.have.length(2);
    });

    it('rejects an incomplete code on submit without a request', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      type($(el, '#code') as HTMLInputElement, '123');
      $(el, 'button[type=submit]').click();
      await el.updateComplete;
      expect(errorText(el, 'code-error')).to.equal('Enter the 6-digit code.');
      expect(requests).to.have.length(1);
    });
  });

  describe('resend', () => {
    it('counts down 60 s, then resends the same request', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const { requests } = fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
      const el = await mount();
      await toCodeState(el);
      const resend = () => $<HTMLButtonElement>(el, '[part~=resend-button]');
      expect($(el, '[part~=countdown]').textContent).to.contain('60 s');
      expect(resend().disabled).to.equal(true);
      clock.tick(59_000);
      await el.updateComplete;
      expect($(el, '[part~=countdown]').textContent).to.contain('1 s');
      clock.tick(1_000);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~=countdown]')).to.equal(null);
      expect(resend().disabled).to.equal(false);
      const sent = oneEvent(el, 'sent');
      resend().click();
      resend().click();
      await sent;
      await el.updateComplete;
      expect(requests).to.have.length(2);
      expect(requests[1]!.body).to.deep.equal(requests[0]!.body);
      expect(el.state).to.equal('code');
      expect(resend().disabled).to.equal(true);
    });

    it("uses a 429's Retry-After for the countdown", async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      fakeServer({
        '/passwordless/start': [EMAIL_START_OK, err(429, 'too_many_requests', 'x', { 'retry-after': '120' })],
      });
      const el = await mount();
      await toCodeState(el);
      clock.tick(60_000);
      await el.updateComplete;
      const refused = oneEvent(el, 'login-error');
      $(el, '[part~=resend-button]').click();
      expect((await refused).detail.error).to.equal('too_many_requests');
      await el.updateComplete;
      expect(errorText(el, 'code-error')).to.equal('Too many requests. Try again in 120 seconds.');
      expect($(el, '[part~=countdown]').textContent).to.contain('120 s');
    });
  });
});
