/**
 * The element's 49 languages: every locale file complete and consistent with English, plural
 * forms, language choice and fallback, the language sent to the server, right-to-left rendering
 * (with axe) and no flash of English while a language loads.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { languageChain, LANGUAGES } from '../../src/protocol/languages.js';
import type { Text } from '../../src/protocol/i18n.js';
import { enPasskeys } from '../../src/widget/i18n/en-passkeys.js';
import { en as enFirstLoad, type Messages } from '../../src/widget/i18n/en.js';

/** Every English string: the first load's and the passkey chunk's. */
const en: Messages = { ...enFirstLoad, ...enPasskeys };
import { loadLanguage } from '../../src/widget/i18n/loaders.js';
import { registerMessages, type PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, API, EMAIL_START_OK, fakeServer, mount, toCodeState, type } from './helpers.js';

/**
 * The only words a language may leave equal to English (used as they are in many languages). A
 * string with no letters outside its placeholders, such as `{name} (+{callingCode})`, is a format,
 * not words, and may be equal too. Any other string equal to English is an untranslated one.
 */
const SAME_AS_ENGLISH_ALLOWED = new Set<string>(['Email', 'SMS']);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (t: Text): [string, string][] => (typeof t === 'string' ? [['other', t]] : Object.entries(t));
const words = (s: string) => s.replace(/\{\w+\}/g, '').replace(/[\p{P}\p{S}\p{Z}\p{N}\u2066-\u2069]/gu, '');

/** The plural categories a language uses for counts from 1 up (seconds, digits, minutes). */
function integerCategories(lang: string): Set<string> {
  const rules = new Intl.PluralRules(lang);
  const used = new Set<string>();
  for (let n = 1; n <= 1000; n++) used.add(rules.select(n));
  return used;
}

const SHIPPED: readonly string[] = LANGUAGES;
/** The shipped languages a language's missing keys come from: `fr-CA` → `fr`, `es-419` → `es`. */
const basesOf = (lang: string) => languageChain(lang).filter((t) => t !== lang && t !== 'en' && SHIPPED.includes(t));

/** What a language shows: its own file over its bases' files (`fr-CA` over `fr`). */
async function resolved(lang: string): Promise<Messages> {
  const files = await Promise.all([lang, ...basesOf(lang)].map(loadLanguage));
  return Object.assign({}, ...files.reverse()) as Messages;
}

const errorText = (el: PasswordlessLogin, id: string) => $(el, `#${id}`).textContent!.replace(/\s+/g, ' ').trim();
const title = (el: PasswordlessLogin) => $(el, '[part~=title]').textContent!.trim();
const status429 = (seconds: number) => ({
  status: 429,
  body: { error: 'too_many_requests', error_description: 'slow down' },
  headers: { 'retry-after': String(seconds) },
});

async function rateLimitedText(lang: string, seconds: number): Promise<string> {
  fakeServer({ '/passwordless/start': status429(seconds) });
  const el = await fixture<PasswordlessLogin>(
    html`<passwordless-login domain=${API} client-id="demo" lang=${lang}></passwordless-login>`,
  );
  type($(el, '#email') as HTMLInputElement, 'ada@example.com');
  $(el, 'button[type=submit]').click();
  await waitUntil(() => !$(el, '#identifier-error').hidden, `no error shown (${lang})`, { timeout: 15_000 });
  await el.updateComplete;
  const text = errorText(el, 'identifier-error');
  sinon.restore();
  return text;
}

describe('languages', () => {
  afterEach(() => sinon.restore());

  it('ships 49 languages, each with every key, the same placeholders and its own plural forms', async () => {
    expect(LANGUAGES).to.have.length(49);
    const keys = Object.keys(en).sort();
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const messages = await resolved(lang);
      expect(Object.keys(messages).sort(), `${lang}: keys`).to.deep.equal(keys);
      const categories = integerCategories(lang);
      for (const key of keys as (keyof Messages)[]) {
        const english = en[key] as Text;
        const wanted = placeholders(typeof english === 'string' ? english : english.other);
        const text = messages[key];
        for (const [category, form] of forms(text)) {
          const where = `${lang}.${key}.${category}`;
          expect(form.trim(), `${where} is empty`).to.not.equal('');
          // The number of a plural may be spelt out in a one/two/zero form ("one second").
          if (category === 'other') expect(placeholders(form), `${where}: placeholders`).to.deep.equal(wanted);
          else expect(wanted, `${where}: unknown placeholder`).to.include.members(placeholders(form));
          const same = forms(english).some(([, e]) => e === form);
          if (same && words(form)) expect(SAME_AS_ENGLISH_ALLOWED, `${where} is still English`).to.include(form);
        }
        if (typeof text !== 'string') {
          for (const category of Object.keys(text)) {
            expect(new Intl.PluralRules(lang).resolvedOptions().pluralCategories, `${lang}.${key}`).to.include(
              category,
            );
          }
          // Every form whole numbers can take is written out (else "other" would show).
          for (const category of categories)
            expect(text, `${lang}.${key} lacks "${category}"`).to.have.property(category);
        }
      }
    }
  });

  it('keeps in a variant only what differs from its base, and shows the base for the rest', async () => {
    const variants = LANGUAGES.filter((lang) => basesOf(lang).length > 0);
    expect(variants).to.deep.equal(['es-419', 'fr-CA']);
    for (const lang of variants) {
      const [base] = basesOf(lang);
      const own = await loadLanguage(lang);
      const inherited = await loadLanguage(base!);
      expect(Object.keys(own), `${lang} has nothing of its own`).to.not.be.empty;
      for (const [key, text] of Object.entries(own)) {
        const same = JSON.stringify(text) === JSON.stringify(inherited[key as keyof Messages]);
        expect(same, `${lang}.${key} is the same as ${base}.${key}: leave it to ${base}`).to.equal(false);
      }
    }
    const el = await fixture<PasswordlessLogin>(html`<passwordless-login lang="fr-CA"></passwordless-login>`);
    expect(title(el)).to.equal('Connexion'); // from fr
    expect($(el, 'label[for=email]').textContent!.trim()).to.equal('Adresse courriel'); // fr-CA's own
    const mx = await fixture<PasswordlessLogin>(html`<passwordless-login lang="es-MX"></passwordless-login>`);
    expect(title(mx)).to.equal('Iniciar sesión'); // from es
    expect($(mx, '[part~=send-button]').textContent!.trim()).to.equal('Enviar código'); // es
    type($(mx, '#email') as HTMLInputElement, 'ada');
    $(mx, 'button[type=submit]').click();
    // The email rule comes with the lazy requests chunk: wait for its verdict.
    await waitUntil(() => errorText(mx, 'identifier-error'), 'the error shows');
    expect(errorText(mx, 'identifier-error')).to.equal('Ingresa un correo electrónico válido, como name@example.com.');
  });

  it('counts seconds with Russian plural forms', async () => {
    expect(await rateLimitedText('ru', 1)).to.equal('Слишком много запросов. Попробуйте снова через 1 секунду.');
    expect(await rateLimitedText('ru', 3)).to.equal('Слишком много запросов. Попробуйте снова через 3 секунды.');
    expect(await rateLimitedText('ru', 5)).to.equal('Слишком много запросов. Попробуйте снова через 5 секунд.');
    expect(await rateLimitedText('ru', 21)).to.equal('Слишком много запросов. Попробуйте снова через 21 секунду.');
  });

  it('counts seconds with Polish plural forms', async () => {
    expect(await rateLimitedText('pl', 1)).to.equal('Zbyt wiele żądań. Spróbuj ponownie za 1 sekundę.');
    expect(await rateLimitedText('pl', 22)).to.equal('Zbyt wiele żądań. Spróbuj ponownie za 22 sekundy.');
    expect(await rateLimitedText('pl', 25)).to.equal('Zbyt wiele żądań. Spróbuj ponownie za 25 sekund.');
    expect(await rateLimitedText('pl', 12)).to.equal('Zbyt wiele żądań. Spróbuj ponownie za 12 sekund.');
  });

  it('counts seconds with Arabic plural forms and Arabic digits', async () => {
    const digits = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(await rateLimitedText('ar', 1)).to.equal('طلبات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.');
    expect(await rateLimitedText('ar', 2)).to.equal('طلبات كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.');
    expect(await rateLimitedText('ar', 5)).to.equal(`طلبات كثيرة جدًا. حاول مرة أخرى بعد ${digits(5)} ثوانٍ.`);
    expect(await rateLimitedText('ar', 30)).to.equal(`طلبات كثيرة جدًا. حاول مرة أخرى بعد ${digits(30)} ثانية.`);
    expect(await rateLimitedText('ar', 120)).to.equal(`طلبات كثيرة جدًا. حاول مرة أخرى بعد ${digits(120)} ثانية.`);
  });

  it('says how many digits the code has, in the language (Russian, then Arabic)', async () => {
    fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const el = await mount('lang="ru"');
    await toCodeState(el);
    expect($(el, '#code-hint').textContent).to.equal('Мы отправили 6-значный код на ada@example.com.');
    expect($(el, '[part~=countdown]').textContent).to.equal('Запросить повторно можно через 60 секунд.');
    el.lang = 'ar';
    await el.updateComplete;
    expect($(el, '#code-hint').textContent).to.equal(
      `أرسلنا رمزًا من ${new Intl.NumberFormat('ar').format(6)} أرقام إلى ada@example.com.`,
    );
  });

  it('takes the language from lang, else the nearest lang around it, else the browser', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div lang="de">
        <section lang="ja"><passwordless-login domain=${API} client-id="demo"></passwordless-login></section>
        <passwordless-login domain=${API} client-id="demo" lang="it"></passwordless-login>
      </div>`,
    );
    const [inner, own] = [...wrap.querySelectorAll('passwordless-login')];
    await inner!.updateComplete;
    await own!.updateComplete;
    expect(title(inner!)).to.equal('ログイン');
    expect(title(own!)).to.equal('Accedi');

    const root = document.documentElement;
    const pageLang = root.getAttribute('lang');
    root.removeAttribute('lang');
    Object.defineProperty(navigator, 'languages', { value: ['xx-YY', 'sv-FI', 'en'], configurable: true });
    try {
      const el = await fixture<PasswordlessLogin>(html`<passwordless-login></passwordless-login>`);
      expect(title(el)).to.equal('Logga in');
    } finally {
      delete (navigator as { languages?: unknown }).languages;
      if (pageLang !== null) root.setAttribute('lang', pageLang);
    }
  });

  it('falls back through the chain: pt → pt-BR, pt-AO → pt-PT, es-MX → es-419, zh-HK → zh-TW, unknown → en', async () => {
    const cases: [string, string][] = [
      ['pt', 'Entrar'],
      ['pt-BR', 'Entrar'],
      ['pt-AO', 'Iniciar sessão'],
      ['es-MX', 'Iniciar sesión'],
      ['zh-HK', '登入'],
      ['zh', '登录'],
      ['no', 'Logg inn'],
      ['tlh', 'Sign in'],
    ];
    for (const [lang, expected] of cases) {
      const el = await fixture<PasswordlessLogin>(html`<passwordless-login lang=${lang}></passwordless-login>`);
      expect(title(el), lang).to.equal(expected);
    }
    // A bare language added with registerMessages sits between a region and English: pt-BR has
    // every key, so only keys missing in a registered `pt-XX` variant fall back further.
    registerMessages('eo-US', { title: 'Ensaluti' });
    const el = await fixture<PasswordlessLogin>(html`<passwordless-login lang="eo-US"></passwordless-login>`);
    expect(title(el)).to.equal('Ensaluti');
    expect($(el, 'label[for=email]').textContent!.trim()).to.equal('Email');
  });

  it('sends the chosen language as x-request-language, and messages still win', async () => {
    const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const el = await mount('lang="pt-AO"');
    el.messages = { sendCode: 'Mandar' };
    await el.updateComplete;
    expect($(el, '[part~=send-button]').textContent!.trim()).to.equal('Mandar');
    await toCodeState(el);
    expect(requests[0]!.headers['x-request-language']).to.equal('pt-PT');
  });

  it('renders nothing until its language has loaded: no flash of English', async () => {
    const el = document.createElement('passwordless-login');
    el.lang = 'fi';
    const seen: string[] = [];
    document.body.append(el);
    const observer = new MutationObserver(() => seen.push(el.shadowRoot!.textContent ?? ''));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    try {
      await el.updateComplete;
      expect(title(el)).to.equal('Kirjaudu sisään');
      expect(seen.length).to.be.greaterThan(0);
      for (const text of seen) expect(text).to.not.include('Sign in');
    } finally {
      observer.disconnect();
      el.remove();
    }
  });

  for (const lang of ['ar', 'he', 'fa', 'ur']) {
    it(`renders ${lang} right to left without page CSS, numbers and codes left to right, and passes axe`, async () => {
      fakeServer({ '/passwordless/start': EMAIL_START_OK });
      const el = await fixture<PasswordlessLogin>(
        html`<passwordless-login
          domain=${API}
          client-id="demo"
          connection="email sms"
          lang=${lang}
        ></passwordless-login>`,
      );
      const dir = (selector: string) => getComputedStyle($(el, selector)).direction;
      expect(dir('[part~=base]')).to.equal('rtl');
      expect(dir('#email')).to.equal('ltr');
      await expect(el).to.be.accessible();
      await toCodeState(el);
      expect(dir('[part~=base]')).to.equal('rtl');
      expect(dir('#code')).to.equal('ltr');
      expect(getComputedStyle($(el, '#code-hint bdi')).direction).to.equal('ltr');
      expect($(el, '#code-hint bdi').textContent).to.equal('ada@example.com');
      await expect(el).to.be.accessible();
    });
  }

  it('keeps the page direction when the page sets one', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div dir="ltr"><passwordless-login lang="he"></passwordless-login></div>`,
    );
    const el = wrap.querySelector('passwordless-login')!;
    await el.updateComplete;
    expect(getComputedStyle($(el, '[part~=base]')).direction).to.equal('ltr');
    expect(title(el)).to.equal('כניסה');
  });
});
