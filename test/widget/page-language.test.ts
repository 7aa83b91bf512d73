/**
 * The element follows the page's language after it has rendered: an SPA's language switcher on
 * `<html lang>`, a closer `lang` added or removed later, a `dir` set later, a move to another part of
 * the page. It shows the new language once loaded (never English in between), keeps what the user
 * typed and the step they are on, and sends the new language as `x-request-language`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, API, EMAIL_START_OK, fakeServer, toCodeState, type, until } from './helpers.js';

const title = (el: PasswordlessLogin) => $(el, '[part~=title]').textContent!.trim();
const direction = (el: PasswordlessLogin, selector = '[part~=base]') => getComputedStyle($(el, selector)).direction;

/** Waits until the element shows `expected` as its title (a language file may have to load first). */
async function shows(el: PasswordlessLogin, expected: string): Promise<void> {
  await waitUntil(() => title(el) === expected, `title is "${title(el)}", expected "${expected}"`, {
    interval: 5,
    timeout: 8000,
  });
  await el.updateComplete;
}

/** Every text the shadow root shows from now on, until `stop()`. */
function record(el: PasswordlessLogin) {
  const seen: string[] = [];
  const observer = new MutationObserver(() => seen.push(el.shadowRoot!.textContent ?? ''));
  observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}

describe('following the page language', () => {
  afterEach(() => sinon.restore());

  it('follows <html lang> changed by a language switcher, keeping the typed email and the step', async () => {
    const root = document.documentElement;
    const pageLang = root.getAttribute('lang');
    root.setAttribute('lang', 'de');
    try {
      const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await fixture<PasswordlessLogin>(
        html`<passwordless-login domain=${API} client-id="demo"></passwordless-login>`,
      );
      expect(title(el)).to.equal('Anmelden');
      type($<HTMLInputElement>(el, '#email'), 'ada@example.com');
      await el.updateComplete;

      const shown = record(el);
      root.setAttribute('lang', 'ar');
      await shows(el, 'تسجيل الدخول');
      shown.stop();
      // Never English in between: the German form stays until the Arabic one is ready.
      expect(shown.seen.length).to.be.greaterThan(0);
      for (const text of shown.seen) {
        expect(text).to.not.include('Sign in');
        expect(text.includes('Anmelden') || text.includes('تسجيل الدخول'), text).to.equal(true);
      }
      expect($(el, 'label[for=email]').textContent!.trim()).to.equal('البريد الإلكتروني');
      expect($<HTMLInputElement>(el, '#email').value).to.equal('ada@example.com');
      expect(direction(el)).to.equal('rtl');
      expect(direction(el, '#email')).to.equal('ltr');

      $(el, 'button[type=submit]').click();
      await until(el, 'code');
      expect(requests[0]!.headers['x-request-language']).to.equal('ar');

      root.setAttribute('lang', 'ja');
      await shows(el, 'ログイン');
      expect(el.state).to.equal('code');
      expect($(el, '#code-hint').textContent).to.equal('6桁のコードをada@example.comに送信しました。');
      expect(direction(el)).to.equal('ltr');
    } finally {
      if (pageLang === null) root.removeAttribute('lang');
      else root.setAttribute('lang', pageLang);
    }
  });

  it('follows a closer lang added and removed later, and a dir set later', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div lang="fr">
        <section><passwordless-login domain=${API} client-id="demo"></passwordless-login></section>
      </div>`,
    );
    const el = wrap.querySelector('passwordless-login')!;
    await el.updateComplete;
    expect(title(el)).to.equal('Connexion');
    const section = wrap.querySelector('section')!;

    section.setAttribute('lang', 'he');
    await shows(el, 'כניסה');
    expect(direction(el)).to.equal('rtl');

    wrap.setAttribute('dir', 'ltr');
    await waitUntil(() => direction(el) === 'ltr', 'the page dir was not followed', { timeout: 8000 });
    wrap.removeAttribute('dir');
    await waitUntil(() => direction(el) === 'rtl', 'the page dir removed was not followed', { timeout: 8000 });

    section.removeAttribute('lang');
    await shows(el, 'Connexion');
    expect(direction(el)).to.equal('ltr');
  });

  it('follows the language of the place it is moved to', async () => {
    fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <div id="a" lang="fi"><passwordless-login domain=${API} client-id="demo"></passwordless-login></div>
        <div id="b" lang="sv"></div>
      </div>`,
    );
    const el = wrap.querySelector('passwordless-login')!;
    await el.updateComplete;
    expect(title(el)).to.equal('Kirjaudu sisään');
    await toCodeState(el);

    wrap.querySelector('#b')!.append(el);
    await shows(el, 'Logga in');
    wrap.querySelector('#b')!.setAttribute('lang', 'uk');
    await shows(el, 'Вхід');
    expect(el.state).to.equal('code');
  });
});
