/**
 * The email and SMS texts in all 49 languages: every template renders in every locale with its
 * code, app name and minutes filled in (plural forms from Intl.PluralRules), right to left where
 * the language is, and the language negotiation the element relies on.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../src/protocol/languages.js';
import { formatText, type Text } from '../../src/protocol/i18n.js';
import { MESSAGES, pickLocale, renderEmail, renderNoAccountEmail, renderSms } from '../../src/server/messages.js';
import type { MessageTexts } from '../../src/server/i18n/types.js';
import en from '../../src/server/i18n/en.json' with { type: 'json' };

// English has exactly the texts of MessageTexts (checked by npm run typecheck), and every other
// language the keys of English (below).
const english: MessageTexts = en;
const unknownKeys: Record<Exclude<keyof typeof en, keyof MessageTexts>, never> = {};
void [english, unknownKeys];

const I18N = new URL('../../src/server/i18n/', import.meta.url);
const fileOf = (tag: string) =>
  JSON.parse(readFileSync(new URL(`${tag}.json`, I18N), 'utf8')) as Record<string, unknown> & { $base?: string };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (t: Text): [string, string][] => (typeof t === 'string' ? [['other', t]] : Object.entries(t));
const number = (lang: string, n: number) => new Intl.NumberFormat(lang).format(n);

describe('email and SMS texts in every language', () => {
  it('has one file per language, and a variant has only what it says differently from its base', () => {
    const tags = readdirSync(I18N)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length));
    assert.deepEqual(tags.sort(), [...LANGUAGES].sort());
    const variants = tags.filter((tag) => fileOf(tag).$base !== undefined);
    assert.deepEqual(variants.sort(), ['es-419', 'fr-CA']);
    for (const tag of variants) {
      const { $base, ...own } = fileOf(tag);
      assert.ok(tags.includes($base!) && fileOf($base!).$base === undefined, `${tag}: base ${$base}`);
      const base = fileOf($base!);
      for (const [key, text] of Object.entries(own)) {
        assert.ok(key in base, `${tag}.${key} is a text of ${$base}`);
        assert.notDeepEqual(text, base[key], `${tag}.${key} repeats ${$base}`);
      }
    }
  });

  it('has exactly the 49 languages, each with every text and the same placeholders as English', () => {
    assert.deepEqual([...MESSAGES.keys()].sort(), [...LANGUAGES].sort());
    const en = MESSAGES.get('en')!;
    for (const [lang, texts] of MESSAGES) {
      assert.deepEqual(Object.keys(texts).sort(), Object.keys(en).sort(), lang);
      const categories = new Set<string>();
      const rules = new Intl.PluralRules(lang);
      for (let n = 1; n <= 1000; n++) categories.add(rules.select(n));
      for (const [key, text] of Object.entries(texts) as [keyof typeof en, Text][]) {
        const english = en[key];
        const wanted = placeholders(typeof english === 'string' ? english : english.other);
        for (const [category, form] of forms(text)) {
          if (category === 'other') assert.deepEqual(placeholders(form), wanted, `${lang}.${key}`);
          else for (const p of placeholders(form)) assert.ok(wanted.includes(p), `${lang}.${key}.${category}: {${p}}`);
          if (lang !== 'en' && /\p{L}/u.test(form.replace(/\{\w+\}/g, ''))) {
            assert.ok(!forms(english).some(([, e]) => e === form), `${lang}.${key} is still English`);
          }
        }
        if (typeof text !== 'string') for (const c of categories) assert.ok(c in text, `${lang}.${key} lacks ${c}`);
      }
    }
  });

  for (const locale of LANGUAGES) {
    it(`renders the code email, the link email, the SMS and the no-account email in ${locale}`, () => {
      const input = { locale, appName: 'Acme <Shop>', code: '482913', codeTtlSeconds: 600 };
      const email = renderEmail({ ...input, link: 'https://login.example.com/l?t=a&b=1', linkTtlSeconds: 900 });
      for (const part of [email.subject, email.text, email.html]) assert.doesNotMatch(part, /\{\w+\}/, locale);
      assert.ok(email.subject.includes('482913'), `${locale} subject has the code`);
      assert.ok(email.text.includes('482913') && email.html.includes('482913'), locale);
      assert.ok(email.text.includes('Acme <Shop>'), `${locale} text names the app`);
      assert.ok(email.html.includes('Acme &#60;Shop&#62;') && !email.html.includes('<Shop>'), `${locale} escapes`);
      assert.ok(email.text.includes(number(locale, 10)), `${locale}: code minutes`);
      assert.ok(email.text.includes(number(locale, 15)), `${locale}: link minutes`);
      assert.ok(email.text.includes('https://login.example.com/l?t=a&b=1'), locale);
      assert.ok(email.html.includes('href="https://login.example.com/l?t=a&#38;b=1"'), locale);
      const rtl = ['ar', 'he', 'fa', 'ur'].includes(locale);
      assert.equal(email.html.includes(`<html lang="${locale}" dir="rtl">`), rtl, `${locale} html dir`);

      const sms = renderSms({ ...input, appName: 'Acme', originHost: 'login.example.com' });
      assert.doesNotMatch(sms, /\{\w+\}/);
      assert.ok(sms.includes('482913') && sms.includes('Acme'), locale);
      // With the expiry, unless only the short form fits one segment (docs/emails.md).
      const short = formatText(locale, MESSAGES.get(locale)!.smsShort, { app: 'Acme', code: '482913' });
      assert.ok(sms.includes(number(locale, 10)) || sms.startsWith(short), `${locale}: the expiry or the short form`);
      assert.ok(sms.endsWith('\n\n@login.example.com #482913'), `${locale}: WebOTP line last`);

      const none = renderNoAccountEmail(locale, 'Acme');
      assert.doesNotMatch(none.subject + none.text + none.html, /\{\w+\}/);
      assert.ok(none.subject.includes('Acme') && none.text.includes('Acme'), locale);
      assert.doesNotMatch(none.text, /\d{6}/, `${locale}: no code in the no-account email`);
    });
  }

  it('gives each message its own code and link, though the texts around them are rendered once', () => {
    const input = { locale: 'de', appName: 'Acme', codeTtlSeconds: 600, linkTtlSeconds: 900 };
    const first = renderEmail({ ...input, code: '111111', link: 'https://a.example/l?t=first&x=$&' });
    const second = renderEmail({ ...input, code: '222222', link: 'https://a.example/l?t=second&x=$1' });
    for (const part of [second.subject, second.text, second.html]) {
      assert.ok(part.includes('222222') || part === second.subject, 'the second code');
      assert.ok(!part.includes('111111') && !part.includes('first'), 'nothing of the first message');
    }
    assert.ok(second.subject.includes('222222'));
    assert.ok(second.text.includes('https://a.example/l?t=second&x=$1'), 'the link as it is, $ and all');
    assert.ok(second.html.includes('href="https://a.example/l?t=second&#38;x=$1"'), 'the link escaped in HTML');
    assert.ok(first.text.includes('https://a.example/l?t=first&x=$&'));
    assert.equal(
      second.text.replace('222222', '111111').replace('second&x=$1', () => 'first&x=$&'),
      first.text,
    );
    // Another app name, other minutes, no link: other texts, not the ones rendered before.
    const other = renderEmail({ locale: 'de', appName: 'Other', code: '333333', codeTtlSeconds: 120 });
    assert.ok(other.text.includes('Other') && !other.text.includes('Acme'));
    assert.ok(other.text.includes('2') && !other.text.includes('https://'));
    // An app name with a control character is rendered as it is, every time.
    const odd = renderSms({ locale: 'en', appName: 'A\u0001B', code: '444444', codeTtlSeconds: 60, originHost: null });
    assert.equal(odd, '444444 is your A\u0001B verification code. It expires in 1 minute.');
  });

  it('writes minutes with the plural form of the language', () => {
    const sms = (locale: string, minutes: number) =>
      renderSms({ locale, appName: 'Acme', code: '111222', codeTtlSeconds: minutes * 60, originHost: null });
    assert.equal(sms('en', 1), '111222 is your Acme verification code. It expires in 1 minute.');
    assert.equal(sms('en', 5), '111222 is your Acme verification code. It expires in 5 minutes.');
    assert.match(sms('ru', 1), /Действует 1 минуту\.$/);
    assert.match(sms('ru', 3), /Действует 3 минуты\.$/);
    assert.match(sms('ru', 5), /Действует 5 минут\.$/);
    assert.match(sms('ru', 21), /Действует 21 минуту\.$/);
    assert.match(sms('pl', 2), /Wygaśnie za 2 minuty\.$/);
    assert.match(sms('pl', 12), /Wygaśnie za 12 minut\.$/);
    assert.match(sms('ar', 1), /بعد دقيقة واحدة\.$/);
    assert.match(sms('ar', 2), /بعد دقيقتين\.$/);
    assert.ok(sms('ar', 5).endsWith(`بعد ${number('ar', 5)} دقائق.`));
    assert.ok(sms('ar', 15).endsWith(`بعد ${number('ar', 15)} دقيقة.`));
  });

  it('picks the language the element picks: shipped variants, the bare language, then English', () => {
    assert.equal(pickLocale('pt', undefined), 'pt-BR');
    assert.equal(pickLocale('pt-BR', undefined), 'pt-BR');
    assert.equal(pickLocale('pt-AO', undefined), 'pt-PT');
    assert.equal(pickLocale('es-MX', undefined), 'es-419');
    assert.equal(pickLocale('es-ES', undefined), 'es');
    assert.equal(pickLocale('fr-CA', undefined), 'fr-CA');
    assert.equal(pickLocale('zh-Hant-HK', undefined), 'zh-TW');
    assert.equal(pickLocale('zh', undefined), 'zh-CN');
    assert.equal(pickLocale('nn-NO', undefined), 'nb');
    assert.equal(pickLocale(undefined, 'tlh, sv-FI;q=0.9, de;q=0.8'), 'sv');
    assert.equal(pickLocale('constructor', '__proto__, toString'), 'en');
    assert.equal(pickLocale('not a tag!', undefined), 'en');
  });
});
