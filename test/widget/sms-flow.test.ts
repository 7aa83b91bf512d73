import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, API, fakeServer, mount, phoneReady, SMS_START_OK, text, TOKEN_OK, type, until } from './helpers.js';

/**
 * WebOTP (OTPCredential, navigator.credentials.get({otp})) exists only in Chromium-based browsers;
 * Firefox and Safari never offer the SMS code, and WebKitGTK has no navigator.credentials at all.
 * Read before any test replaces or deletes it.
 */
const ENGINE_HAS_WEBOTP = 'OTPCredential' in window && !!navigator.credentials;

const country = (el: PasswordlessLogin) => $<HTMLSelectElement>(el, '#country');
const phone = (el: PasswordlessLogin) => $<HTMLInputElement>(el, '#phone');

describe('<passwordless-login>', () => {
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
    delete (window as { OTPCredential?: unknown }).OTPCredential;
  });

  describe('identifier state (sms)', () => {
    it('is accessible', async () => {
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      await expect(el).to.be.accessible();
    });

    it('names the fields "Country" and "Phone number" and lists countries with calling codes', async () => {
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      expect($(el, 'label[for=country]').textContent!.trim()).to.equal('Country');
      expect($(el, 'label[for=phone]').textContent!.trim()).to.equal('Phone number');
      expect(phone(el).type).to.equal('tel');
      expect(country(el).value).to.equal('GB');
      const gb = country(el).selectedOptions[0]!.textContent!.trim();
      expect(gb).to.equal('United Kingdom (+44)');
      expect(country(el).options.length).to.be.greaterThan(200);
    });

    it('names countries in the UI language', async () => {
      const el = await mount('connection="sms" default-country="DE" lang="de"');
      await phoneReady(el);
      expect(country(el).selectedOptions[0]!.textContent!.trim()).to.equal('Deutschland (+49)');
    });

    it('names countries in English when the language is no valid tag (a POSIX "C" locale)', async () => {
      const el = await mount('connection="sms" default-country="DE" lang="C"');
      await phoneReady(el);
      expect(country(el).selectedOptions[0]!.textContent!.trim()).to.equal('Germany (+49)');
    });

    it('relabels the countries for a new language or text and after a switch to email and back, keeping the choice', async () => {
      const el = await mount('connection="email sms" default-country="DE"');
      const radios = el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]');
      radios[1]!.click();
      await el.updateComplete;
      await phoneReady(el);
      const count = country(el).options.length;
      const shown = () => country(el).selectedOptions[0]?.textContent?.trim();
      country(el).value = 'FR';
      country(el).dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(shown()).to.equal('France (+33)');

      el.lang = 'de';
      await waitUntil(() => shown() === 'Frankreich (+33)', `shows "${shown()}"`, { timeout: 8000 });
      expect(country(el).value).to.equal('FR');
      expect(country(el).options).to.have.length(count);
      expect([...country(el).options].map((o) => o.textContent)).to.include('Deutschland (+49)');

      el.messages = { countryOption: '{name} · +{callingCode}' };
      await el.updateComplete;
      expect(shown()).to.equal('Frankreich · +33');

      radios[0]!.click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('#country')).to.equal(null);
      radios[1]!.click();
      await el.updateComplete;
      expect(country(el).options).to.have.length(count);
      expect(country(el).value).to.equal('FR');
      expect(shown()).to.equal('Frankreich · +33');
      expect(country(el).disabled).to.equal(false);
    });

    it('shows the selected country first and the whole list once the page is idle, or at once when focused or pressed', async () => {
      // The whole list is asked for after the first frame: hold that frame back to catch the first state.
      const frames: FrameRequestCallback[] = [];
      sinon.stub(window, 'requestAnimationFrame').callsFake((f) => frames.push(f));
      // An allowlist no other test uses: its list is not built yet on this page.
      for (const [codes, use] of [
        ['GB IE MT', (s: HTMLSelectElement) => s.focus()],
        ['GB IE CY', (s: HTMLSelectElement) => s.dispatchEvent(new PointerEvent('pointerdown'))],
      ] as const) {
        const el = await mount(`connection="sms" default-country="IE" countries="${codes}"`);
        await phoneReady(el, false);
        expect([...country(el).options].map((o) => o.text)).to.deep.equal(['Ireland (+353)']);
        expect(country(el).value).to.equal('IE');
        expect(country(el).disabled).to.equal(false);
        use(country(el));
        await el.updateComplete;
        expect([...country(el).options].map((o) => o.value)).to.have.members(codes.split(' '));
        expect(country(el).value).to.equal('IE');
      }
      // Left alone, the list comes once the page is idle after the first frame.
      const el = await mount('connection="sms" default-country="IE" countries="GB IE GI"');
      await phoneReady(el, false);
      expect(country(el).options).to.have.length(1);
      frames.forEach((f) => f(performance.now()));
      await phoneReady(el);
      expect([...country(el).options].map((o) => o.text)).to.deep.equal([
        'Gibraltar (+350)',
        'Ireland (+353)',
        'United Kingdom (+44)',
      ]);
      expect(country(el).value).to.equal('IE');
    });

    it('limits the select to the countries allowlist', async () => {
      const el = await mount('connection="sms" countries="FR DE" default-country="GB"');
      await phoneReady(el);
      const codes = [...country(el).options].map((o) => o.value).sort();
      expect(codes).to.deep.equal(['DE', 'FR']);
      expect(['DE', 'FR']).to.include(country(el).value);
    });

    it("defaults to the browser language's region without default-country", async () => {
      const el = await mount('connection="sms"');
      await phoneReady(el);
      const region = new Intl.Locale(navigator.language).maximize().region;
      expect(country(el).value).to.equal(region);
    });

    it('formats as you type', async () => {
      const el = await mount('connection="sms" default-country="FR"');
      await phoneReady(el);
      type(phone(el), '0612345678');
      await el.updateComplete;
      expect(phone(el).value).to.equal('06 12 34 56 78');
    });

    it('selects the country of a pasted +… number', async () => {
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      type(phone(el), '+33 6 12 34 56 78', 'insertFromPaste');
      await el.updateComplete;
      expect(country(el).value).to.equal('FR');
      expect(phone(el).value).to.equal('06 12 34 56 78');
    });

    it('rejects an invalid number before sending', async () => {
      const { requests } = fakeServer({ '/passwordless/start': SMS_START_OK });
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      type(phone(el), '0740');
      $(el, 'button[type=submit]').click();
      // The refusal is the event: the field is marked invalid (sending would have come first).
      await waitUntil(() => phone(el).getAttribute('aria-invalid') === 'true', 'the number was not refused');
      await el.updateComplete;
      expect(el.state).to.equal('identifier');
      expect(requests).to.have.length(0);
      expect(phone(el).getAttribute('aria-invalid')).to.equal('true');
      expect(phone(el).getAttribute('aria-describedby')).to.contain('identifier-error');
      expect($(el, '#identifier-error').textContent).to.contain('valid phone number');
    });
  });

  describe('sms flow', () => {
    it('sends E.164 without the trunk 0 and verifies with realm sms', async () => {
      const { requests } = fakeServer({ '/passwordless/start': SMS_START_OK, '/oauth/token': TOKEN_OK });
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      type(phone(el), '07400 123456');
      setTimeout(() => $(el, 'button[type=submit]').click());
      const sent = await oneEvent(el, 'sent');
      expect(sent.detail).to.deep.equal({ connection: 'sms', send: 'code', to: '+447400123456' });
      expect(requests[0]!.url).to.equal(`${API}/passwordless/start`);
      expect(requests[0]!.body).to.deep.equal({
        client_id: 'demo',
        connection: 'sms',
        phone_number: '+447400123456',
        send: 'code',
      });
      await until(el, 'code');
      expect(text(el)).to.contain('07400 123456');
      type($(el, '#code') as HTMLInputElement, '654321');
      await until(el, 'done');
      expect(requests[1]!.body).to.include({ username: '+447400123456', otp: '654321', realm: 'sms' });
    });

    it('switches between email and phone with an accessible radio group', async () => {
      const el = await mount('connection="email sms" default-country="GB"');
      const radios = el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]');
      expect(radios).to.have.length(2);
      expect($(el, 'fieldset legend').textContent!.trim()).to.equal('Sign in with');
      expect(radios[0]!.checked).to.equal(true);
      expect(el.shadowRoot!.querySelector('#email')).to.exist;
      radios[1]!.click();
      await el.updateComplete;
      await phoneReady(el);
      expect(el.shadowRoot!.querySelector('#email')).to.equal(null);
      expect(phone(el)).to.exist;
      await expect(el).to.be.accessible();
    });
  });

  describe('WebOTP', () => {
    before(function () {
      // Chromium only (see ENGINE_HAS_WEBOTP): elsewhere the element never asks, nothing to test.
      if (!ENGINE_HAS_WEBOTP) this.skip();
    });

    it('fills and submits the code from navigator.credentials.get({otp})', async () => {
      fakeServer({ '/passwordless/start': SMS_START_OK, '/oauth/token': TOKEN_OK });
      (window as { OTPCredential?: unknown }).OTPCredential = class {};
      const get = sinon.stub(navigator.credentials, 'get').resolves({ code: '112233' } as unknown as Credential);
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      type(phone(el), '07400123456');
      $(el, 'button[type=submit]').click();
      await until(el, 'done');
      const options = get.firstCall.args[0] as { otp: { transport: string[] }; signal: AbortSignal };
      expect(options.otp).to.deep.equal({ transport: ['sms'] });
    });

    /** An SMS code state whose WebOTP request never answers: the element and that request's signal. */
    async function waitingForSms() {
      fakeServer({ '/passwordless/start': SMS_START_OK });
      (window as { OTPCredential?: unknown }).OTPCredential = class {};
      const get = sinon.stub(navigator.credentials, 'get').returns(new Promise(() => undefined));
      const el = await mount('connection="sms" default-country="GB"');
      await phoneReady(el);
      type(phone(el), '07400123456');
      $(el, 'button[type=submit]').click();
      await until(el, 'code');
      const { signal } = get.firstCall.args[0] as { signal: AbortSignal };
      return { el, signal };
    }

    it('aborts the request when the state changes', async () => {
      const { el, signal } = await waitingForSms();
      expect(signal.aborted).to.equal(false);
      $(el, '[part~=change-button]').click();
      await until(el, 'identifier');
      expect(signal.aborted).to.equal(true);
    });

    it('aborts the request when the element is removed from the page', async () => {
      const { el, signal } = await waitingForSms();
      expect(signal.aborted).to.equal(false);
      el.remove();
      expect(signal.aborted).to.equal(true);
    });
  });

  it('remembers the last phone number and offers it in its country', async () => {
    fakeServer({ '/passwordless/start': SMS_START_OK });
    const first = await mount('connection="sms" default-country="GB" remember=""');
    await phoneReady(first);
    type(phone(first), '+33612345678', 'insertFromPaste');
    $(first, 'button[type=submit]').click();
    await until(first, 'code');
    first.remove();
    const second = await mount('connection="sms" default-country="GB" remember=""');
    await phoneReady(second);
    expect(country(second).value).to.equal('FR');
    expect(phone(second).value).to.equal('06 12 34 56 78');
  });
});
