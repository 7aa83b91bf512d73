import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import {
  BLOCKED_USER_DESCRIPTION,
  EXPIRED_CODE_DESCRIPTION,
  WRONG_CODE_DESCRIPTION,
} from '../../src/protocol/index.js';
import { enPasskeys } from '../../src/widget/i18n/en-passkeys.js';
import { en, type MessageKey, type Messages } from '../../src/widget/i18n/en.js';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { remember } from '../../src/widget/remember.js';
import {
  $,
  API,
  EMAIL_START_OK,
  fakeServer,
  mount,
  phoneReady,
  SMS_START_OK,
  toCodeState,
  TOKEN_OK,
  type,
  until,
  type Reply,
} from './helpers.js';
import { emulateMedia } from './media.js';

const pageUrl = location.href;

const err = (status: number, error: string, description = 'x', headers?: Record<string, string>): Reply => ({
  status,
  body: { error, error_description: description },
  ...(headers ? { headers } : {}),
});

const parts = (el: PasswordlessLogin) =>
  new Set([...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(/\s+/)));

describe('<passwordless-login>', () => {
  afterEach(async () => {
    sinon.restore();
    localStorage.clear();
    history.replaceState(null, '', pageUrl);
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  describe('parts', () => {
    it('exposes a part for every visible piece of the identifier state', async () => {
      const el = await mount('connection="email sms" default-country="GB"');
      expect([...parts(el)]).to.include.members([
        'base',
        'header',
        'title',
        'form',
        'identifier-form',
        'switch',
        'switch-option',
        'field',
        'label',
        'input',
        'email-input',
        'hint',
        'button',
        'primary-button',
        'send-button',
        'status',
        'footer',
      ]);
      $<HTMLInputElement>(el, 'input[value=sms]').click();
      await phoneReady(el);
      expect([...parts(el)]).to.include.members(['phone-row', 'phone-input', 'country-select']);
    });

    it('exposes the parts of the code state', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      expect([...parts(el)]).to.include.members([
        'code-form',
        'message',
        'code-input',
        'verify-button',
        'countdown',
        'resend-button',
        'change-button',
        'secondary-button',
        'error',
      ]);
    });

    it('lets the page style parts from outside', async () => {
      const el = await fixture<PasswordlessLogin>(
        html`<div>
          <style>
            .styled::part(primary-button) {
              background-color: rgb(1, 2, 3);
            }
          </style>
          <passwordless-login class="styled" domain=${API} client-id="demo"></passwordless-login>
        </div>`,
      ).then((d) => d.querySelector('passwordless-login')!);
      await el.updateComplete;
      expect(getComputedStyle($(el, '[part~=primary-button]')).backgroundColor).to.equal('rgb(1, 2, 3)');
    });
  });

  describe('theming', () => {
    it('follows prefers-color-scheme with theme="auto" and can be forced', async () => {
      const el = await mount();
      const bg = () => getComputedStyle($(el, '[part~=base]')).backgroundColor;
      expect(el.getAttribute('theme')).to.equal('auto');
      const light = bg();
      await emulateMedia({ colorScheme: 'dark' });
      const dark = bg();
      expect(dark).not.to.equal(light);
      el.theme = 'light';
      await el.updateComplete;
      expect(bg()).to.equal(light);
      await emulateMedia({ colorScheme: 'light' });
      el.theme = 'dark';
      await el.updateComplete;
      expect(bg()).to.equal(dark);
    });

    it('reads --pwl-* custom properties', async () => {
      const el = await mount();
      el.style.setProperty('--pwl-color-primary', 'rgb(10, 20, 30)');
      el.style.setProperty('--pwl-radius', '0px');
      const button = $(el, '[part~=primary-button]');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(10, 20, 30)');
      expect(getComputedStyle(button).borderTopLeftRadius).to.equal('0px');
    });

    it('stops the spinner under prefers-reduced-motion', async function () {
      let release!: () => void;
      fakeServer({ '/passwordless/start': () => new Promise((r) => (release = () => r(EMAIL_START_OK as never))) });
      const probe = await fixture<HTMLElement>(
        html`<p class="motion-probe">
          <style>
            @media (prefers-reduced-motion: reduce) {
              .motion-probe {
                order: 1;
              }
            }
          </style>
        </p>`,
      );
      await emulateMedia({ reducedMotion: 'reduce' });
      // WebKitGTK (2.50) reports a live change of the setting through matchMedia but does not
      // restyle: every stylesheet that existed before the change (this page's, and the element's,
      // built once per page) keeps its old @media result until reloaded. Nothing an element can
      // fix, so this test needs an engine that restyles; Chromium and Firefox do.
      if (getComputedStyle(probe).order !== '1') this.skip();
      const el = await mount();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await until(el, 'sending');
      expect(getComputedStyle($(el, '[part~=spinner]')).animationName).to.equal('none');
      await emulateMedia({ reducedMotion: 'no-preference' });
      expect(getComputedStyle($(el, '[part~=spinner]')).animationName).to.equal('pwl-spin');
      release();
      await until(el, 'code');
    });

    it('uses no inline style attributes in any state (CSP default-src self)', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      expect(el.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
      await toCodeState(el);
      expect(el.shadowRoot!.querySelectorAll('[style], script')).to.have.length(0);
      type($(el, '#code') as HTMLInputElement, '123456');
      await until(el, 'done');
      expect(el.shadowRoot!.querySelectorAll('[style], script')).to.have.length(0);
    });

    it('takes every string from messages', async function () {
      // Walks through every state and failure: far longer than one ordinary test.
      this.timeout(60_000);
      // Each key gets a marker, `«key|param…»`, so the test sees which key produced each text.
      const messages = Object.fromEntries(
        Object.entries({ ...en, ...enPasskeys }).map(([key, english]) => [
          key,
          `«${key}${((typeof english === 'string' ? english : english.other).match(/\{\w+\}/g) ?? []).map((p) => `|${p}`).join('')}»`,
        ]),
      ) as Messages;
      const english = Object.values(en)
        .flatMap((text) => (typeof text === 'string' ? [text] : Object.values(text)))
        .flatMap((text) => text.split(/\{\w+\}/))
        .map((bit) => bit.trim())
        .filter((bit) => bit.length >= 4);
      const seen = new Set<string>();
      const leaks = new Set<string>();
      /** Everything the element shows or announces, labels and attributes included. */
      const look = (el: PasswordlessLogin): string => {
        const root = el.shadowRoot!;
        const attributes = [...root.querySelectorAll('*')].flatMap((n) =>
          ['aria-label', 'title', 'placeholder', 'alt'].map((a) => n.getAttribute(a) ?? ''),
        );
        const all = [root.textContent ?? '', ...attributes].join(' ');
        for (const m of all.matchAll(/«(\w+)/g)) seen.add(m[1]!);
        const plain = all.replace(/«[^»]*»/g, ' ');
        for (const bit of english) if (plain.includes(bit)) leaks.add(`"${bit}" in state ${el.state}`);
        return all;
      };
      const shows = (el: PasswordlessLogin, key: MessageKey) =>
        waitUntil(() => look(el).includes(`«${key}`), `«${key}» shown in state ${el.state}`, {
          interval: 5,
          timeout: 8000,
        });
      const make = async (attrs = '') => {
        const el = await mount(attrs);
        el.messages = messages;
        await el.updateComplete;
        look(el);
        return el;
      };
      const gate = () => {
        let open!: (reply: Reply) => void;
        const reply = new Promise<Reply>((r) => (open = r));
        return { reply, open };
      };

      // Identifier state, both channels, and what the fields say when they are wrong.
      let el = await make('connection="email sms"');
      type($(el, '#email') as HTMLInputElement, 'ada');
      $(el, 'button[type=submit]').click();
      await shows(el, 'invalidEmail');
      $<HTMLInputElement>(el, 'input[value=sms]').click();
      await shows(el, 'countryOption');
      type($(el, '#phone') as HTMLInputElement, '12');
      $(el, 'button[type=submit]').click();
      await shows(el, 'invalidPhone');
      remember('demo', { connection: 'email', identifier: 'ada@example.com' });
      el = await make('remember=""');
      await shows(el, 'rememberedHint');
      localStorage.clear();

      // Sending, the code state and every answer to a code.
      const sending = gate();
      const verifying = gate();
      const tokens: (Reply | Promise<Reply>)[] = [
        err(403, 'invalid_grant', WRONG_CODE_DESCRIPTION.email),
        err(403, 'invalid_grant', EXPIRED_CODE_DESCRIPTION),
        err(429, 'too_many_attempts'),
        err(401, 'unauthorized', BLOCKED_USER_DESCRIPTION),
        verifying.reply,
      ];
      fakeServer({ '/passwordless/start': () => sending.reply, '/oauth/token': () => tokens.shift()! });
      el = await make();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await shows(el, 'sending');
      sending.open(EMAIL_START_OK);
      await shows(el, 'codeSent');
      $(el, '[part~=verify-button]').click();
      await shows(el, 'invalidCode');
      for (const key of ['wrongCode', 'expiredCode', 'tooManyAttempts', 'accountBlocked'] as const) {
        type($(el, '#code') as HTMLInputElement, '111111');
        await shows(el, key);
      }
      type($(el, '#code') as HTMLInputElement, '222222');
      await shows(el, 'verifying');
      verifying.open(TOKEN_OK);
      await shows(el, 'done');
      sinon.restore();

      // A resend once the countdown is over.
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      el = await make();
      await toCodeState(el);
      clock.tick(60_000);
      await shows(el, 'resendCode');
      $(el, '[part~=resend-button]').click();
      await shows(el, 'resent');
      sinon.restore();

      // Every failure of /passwordless/start.
      const failures: [MessageKey, Reply, string?][] = [
        ['badIdentifierEmail', err(400, 'bad.email')],
        ['providerError', err(503, 'email_provider_error')],
        ['misconfigured', err(400, 'bad.client_id')],
        ['serverError', err(500, 'server_error')],
        ['invalidResponse', { status: 200, raw: '<html>hello</html>' }],
        ['networkError', 'network-error'],
        ['rateLimitedFor', err(429, 'too_many_requests', 'x', { 'retry-after': '30' })],
        ['rateLimited', err(429, 'too_many_requests', 'x', { 'retry-after': '0' })],
        ['badIdentifierPhone', err(400, 'bad.phone_number'), 'connection="sms" default-country="GB"'],
      ];
      for (const [key, reply, attrs] of failures) {
        fakeServer({ '/passwordless/start': reply });
        el = await make(attrs);
        if (attrs) {
          await shows(el, 'countryOption');
          type($(el, '#phone') as HTMLInputElement, '07400 123456');
        } else type($(el, '#email') as HTMLInputElement, 'ada@example.com');
        $(el, 'button[type=submit]').click();
        await shows(el, key);
        if (key === 'serverError') await shows(el, 'retry');
        sinon.restore();
      }
      fakeServer({ '/passwordless/start': 'network-error' });
      sinon.stub(navigator, 'onLine').get(() => false);
      el = await make();
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await shows(el, 'offline');
      sinon.restore();

      // Magic links: the link-sent state, and the redirect page's states.
      const redeeming = gate();
      const { requests } = fakeServer({
        '/passwordless/start': EMAIL_START_OK,
        '/oauth/token': () => redeeming.reply,
      });
      el = await make('send="link"');
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await shows(el, 'linkSent');
      const state = (requests.at(-1)!.body.authParams as { state: string }).state;
      history.replaceState(null, '', `${location.pathname}?code=c1&state=${state}`);
      el = await make();
      await shows(el, 'callbackWorking');
      redeeming.open(err(400, 'invalid_grant', 'used'));
      await shows(el, 'linkExpired');
      el = await make('send="link"');
      type($(el, '#email') as HTMLInputElement, 'ada@example.com');
      $(el, 'button[type=submit]').click();
      await shows(el, 'linkSent');
      const second = (requests.at(-1)!.body.authParams as { state: string }).state;
      history.replaceState(null, '', `${location.pathname}?error=server_error&state=${second}`);
      el = await make();
      await shows(el, 'linkFailed');
      history.replaceState(null, '', `${location.pathname}?code=c2&state=never-asked-here`);
      el = await make();
      await shows(el, 'linkStateMissing');
      await shows(el, 'startOver');

      // The passkey button (the API offers passkeys) and each way its ceremony can fail.
      history.replaceState(null, '', pageUrl);
      sinon.restore();
      fakeServer({
        '/.well-known/openid-configuration': { body: { passkey_challenge_endpoint: `${API}/passkey/challenge` } },
        '/passkey/challenge': {
          body: {
            authn_params_public_key: { challenge: 'AAAA', rpId: location.hostname, userVerification: 'required' },
            auth_session: 's1',
          },
        },
      });
      const ceremonies: [MessageKey, string][] = [
        ['passkeyCancelled', 'NotAllowedError'],
        ['passkeyNotAllowed', 'SecurityError'],
        ['passkeyFailed', 'UnknownError'],
      ];
      // WebKitGTK built without WebAuthn (the MiniBrowser here) has no navigator.credentials: the
      // element offers no passkey there, so its passkey strings cannot be shown.
      const webauthn = typeof PublicKeyCredential === 'function' && navigator.credentials !== undefined;
      if (webauthn) {
        const get = sinon.stub(navigator.credentials, 'get');
        el = await make();
        await shows(el, 'passkeySignIn');
        for (const [key, name] of ceremonies) {
          get.rejects(new DOMException('refused', name));
          $(el, '[part~=passkey-button]').click();
          await shows(el, key);
        }
        expect(el.state, 'the code flow is still there').to.equal('identifier');
      } else {
        el = await make();
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part~=passkey-button]'), 'no passkey button without WebAuthn').to.equal(
          null,
        );
      }
      sinon.restore();

      const passkeyKeys = new Set<string>(['passkeySignIn', ...ceremonies.map(([key]) => key)]);
      expect([...leaks], 'English text shown despite messages').to.deep.equal([]);
      expect(
        Object.keys(en).filter((key) => !seen.has(key) && (webauthn || !passkeyKeys.has(key))),
        'keys never shown',
      ).to.deep.equal([]);
    });
  });

  describe('focus()', () => {
    it('moves focus to the field of the current state', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount('connection="email sms"');
      const before = document.createElement('button');
      document.body.append(before);
      before.focus();
      el.focus();
      // The email field, not the email/phone switch that comes first.
      expect(document.activeElement).to.equal(el);
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#email'));
      await toCodeState(el);
      before.focus();
      el.focus();
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#code'));
      before.remove();
    });

    it('goes to a field that shows an error first', async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await mount();
      await toCodeState(el);
      $(el, '[part~=verify-button]').click();
      await el.updateComplete;
      $(el, '[part~=change-button]').focus();
      el.focus();
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#code'));
      expect($(el, '#code').getAttribute('aria-invalid')).to.equal('true');
    });
  });

  describe('RTL', () => {
    it('mirrors the layout under dir="rtl"', async () => {
      const wrap = await fixture<HTMLDivElement>(
        html`<div dir="rtl">
          <passwordless-login domain=${API} client-id="demo" connection="sms" default-country="GB"></passwordless-login>
        </div>`,
      );
      const el = wrap.querySelector('passwordless-login')!;
      await phoneReady(el);
      const select = $(el, '#country').getBoundingClientRect();
      const input = $(el, '#phone').getBoundingClientRect();
      // The country comes first in reading order, so it sits on the right in RTL.
      expect(select.left).to.be.greaterThan(input.left);
      const label = $(el, 'label[for=phone]').getBoundingClientRect();
      expect(Math.round(label.right)).to.equal(Math.round(input.right));
      await expect(el).to.be.accessible();
    });

    it('keeps left-to-right layout by default', async () => {
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      expect($(el, '#country').getBoundingClientRect().left).to.be.lessThan(
        $(el, '#phone').getBoundingClientRect().left,
      );
    });
  });

  describe('keyboard only', () => {
    it('signs in with Tab, typing and Enter', async () => {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount();
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('email');
      await sendKeys({ type: 'ada@example.com' });
      await sendKeys({ press: 'Enter' });
      await until(el, 'code');
      expect(el.shadowRoot!.activeElement?.id).to.equal('code');
      await sendKeys({ type: '123456' });
      await until(el, 'done');
      expect(requests.map((r) => new URL(r.url).pathname)).to.deep.equal(['/passwordless/start', '/oauth/token']);
      before.remove();
    });

    it('switches to phone and picks a country with the keyboard', async () => {
      fakeServer({ '/passwordless/start': SMS_START_OK });
      const el = await mount('connection="email sms" default-country="GB"');
      $<HTMLInputElement>(el, 'input[value=email]').focus();
      await sendKeys({ press: 'ArrowRight' });
      await phoneReady(el);
      expect($<HTMLInputElement>(el, 'input[value=sms]').checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('country');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('phone');
      await sendKeys({ type: '07400123456' });
      await sendKeys({ press: 'Enter' });
      await until(el, 'code');
    });
  });
});
