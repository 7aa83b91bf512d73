/* global document, location, window, InputEvent, customElements, requestAnimationFrame */
/**
 * One element, one theme, one state, reached without a server: `?theme=…&state=…` on load, or
 * `visualShow(theme, state)` to replace the element without reloading the page (the lists are
 * test/e2e/visual.test.ts's). Runs before the element's script, so the element's first request
 * already meets the fake API below and its first countdown reads the frozen clock.
 *
 * When the state is reached, `<html data-visual="ready">` (or `"failed: why"`); the test waits for
 * that, never for a time.
 */
(() => {
  const params = new URLSearchParams(location.search);
  /** What the page shows now (the fake API answers for this state). */
  let theme = params.get('theme');
  let state = params.get('state');
  /** The origin the element talks to; nothing listens there, every request is answered below. */
  const API = 'http://127.0.0.1:1';

  // A frozen clock: the resend countdown (Date.now based) says "30 s" in every picture.
  const FROZEN = Date.UTC(2026, 0, 1, 12, 0, 0);
  Date.now = () => FROZEN;

  const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const ID_TOKEN = [
    b64({ alg: 'RS256', kid: 'k1' }),
    b64({ iss: API, sub: 'u1', aud: 'demo', iat: 1767268800, exp: 1767272400, email: 'ada@example.com' }),
    'c2ln',
  ].join('.');
  const json = (status, body) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    if (url.origin !== API) return realFetch(input, init);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : {};
    if (url.pathname === '/passwordless/start') {
      if (state === 'sending') return new Promise(() => undefined); // never answered: stays "sending"
      if (state === 'identifier-error') {
        const field = body.connection === 'sms' ? 'bad.phone_number' : 'bad.email';
        return json(400, { error: field, error_description: 'This address cannot receive codes.' });
      }
      return body.connection === 'sms'
        ? json(200, { _id: 'u1', phone_number: body.phone_number, phone_verified: false })
        : json(200, { _id: 'u1', email: body.email, email_verified: false });
    }
    if (url.pathname === '/oauth/token') {
      if (body.otp === '000000') {
        const description =
          body.realm === 'sms' ? 'Wrong phone number or verification code.' : 'Wrong email or verification code.';
        return json(403, { error: 'invalid_grant', error_description: description });
      }
      return json(200, { access_token: 'a', id_token: ID_TOKEN, token_type: 'Bearer', expires_in: 3600 });
    }
    return json(404, { error: 'not_found', error_description: `${url.pathname} is not faked` });
  };

  /** Themes: the class the demo gallery puts around the element, and the element's attributes there. */
  const THEMES = {
    default: { className: '', attributes: {} },
    dark: { className: 'theme-dark', attributes: {} },
    brand: { className: 'theme-brand', attributes: {} },
    compact: { className: 'theme-compact', attributes: { connection: 'email sms' } },
    rtl: {
      className: 'theme-rtl',
      attributes: { lang: 'ar', connection: 'sms', 'default-country': 'EG' },
      dir: 'rtl',
      lang: 'ar',
    },
  };
  const PHONE = { GB: '7400 123456', EG: '100 123 4567' };

  const until = (test, what, ms = 15000) =>
    new Promise((ok, fail) => {
      const start = performance.now();
      (function poll() {
        let value;
        try {
          value = test();
        } catch {
          value = false;
        }
        if (value) return ok(value);
        if (performance.now() - start > ms) return fail(new Error(`timed out waiting for ${what}`));
        setTimeout(poll, 10);
      })();
    });
  const $ = (el, selector) => el.shadowRoot && el.shadowRoot.querySelector(selector);
  const type = (input, value) => {
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  };

  async function drive() {
    const look = THEMES[theme];
    if (!look) throw new Error(`unknown theme ${theme}`);
    // Every face first, so no text is ever drawn in a fallback font.
    await Promise.all(
      ['Visual Sans', 'Visual Serif', 'Visual Mono'].flatMap((family) =>
        ['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "${family}"`, 'Aa')),
      ),
    );
    const shot = document.getElementById('shot');
    shot.replaceChildren();
    shot.className = look.className;
    shot.removeAttribute('dir');
    shot.removeAttribute('lang');
    if (look.dir) shot.dir = look.dir;
    if (look.lang) shot.lang = look.lang;
    const el = document.createElement('passwordless-login');
    const attributes = { domain: API, 'client-id': 'demo', passkeys: 'off', ...look.attributes };
    if (state === 'country') {
      attributes.connection = 'sms';
      attributes['default-country'] ??= 'GB';
    }
    if (state === 'link-sent') {
      // Links go by email only (the Arabic look is an SMS one elsewhere).
      attributes.send = 'link';
      if (attributes.connection === 'sms') attributes.connection = 'email';
    }
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    shot.append(el);

    await customElements.whenDefined('passwordless-login');
    await until(() => $(el, '[part~=title]'), 'first render');
    const lang = el.getAttribute('lang');
    if (lang && lang !== 'en')
      await until(() => $(el, '[part~=title]').textContent.trim() !== 'Sign in', `the ${lang} strings`);
    const sms = el.getAttribute('connection') === 'sms';
    if (sms) await until(() => $(el, '#country') && $(el, '#country').options.length > 1, 'the country list');

    const identifier = sms ? $(el, '#phone') : $(el, '#email');
    type(identifier, sms ? PHONE[el.getAttribute('default-country')] : 'ada@example.com');
    await el.updateComplete;
    if (state === 'identifier' || state === 'country') {
      (state === 'country' ? $(el, '#country') : identifier).focus();
    } else {
      $(el, '[part~=send-button]').click();
      const after = { sending: 'sending', 'identifier-error': 'identifier', 'link-sent': 'link-sent' }[state] ?? 'code';
      await until(
        () => el.state === after && (after !== 'identifier' || identifier.getAttribute('aria-invalid') === 'true'),
        `state ${after}`,
      );
      if (state === 'code') type($(el, '#code'), '271');
      if (state === 'code-error') {
        type($(el, '#code'), '000000');
        await until(() => $(el, '#code').getAttribute('aria-invalid') === 'true', 'the wrong-code message');
      }
      if (state === 'done') {
        type($(el, '#code'), '123456');
        await until(() => el.state === 'done', 'state done');
      }
    }
    await el.updateComplete;
    await document.fonts.ready;
    // Two frames: what the last update drew has been painted.
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const focused = el.shadowRoot.activeElement;
    document.documentElement.dataset.focus = focused
      ? `${focused.id || focused.getAttribute('part')}${focused.matches(':focus-visible') ? ' (ring)' : ''}`
      : 'none';
    document.documentElement.dataset.visual = 'ready';
  }

  const start = () =>
    drive().catch((error) => {
      document.documentElement.dataset.visual = `failed: ${error && error.message}`;
    });
  window.visualShow = (nextTheme, nextState) => {
    delete document.documentElement.dataset.visual;
    delete document.documentElement.dataset.focus;
    theme = nextTheme;
    state = nextState;
    void start();
  };
  if (theme && state) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else void start();
  }
})();
