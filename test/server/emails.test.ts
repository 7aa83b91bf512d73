/**
 * The HTML emails and the SMS in every language, as a recipient gets them: every text of the
 * message is there (nothing missing, no `{placeholder}` left), the HTML asks for nothing remote but
 * the logo, right-to-left languages are laid out right to left, the branding shows, and the SMS
 * carries the app, the code and WebOTP's `@host #code` line (and which languages fit one segment).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedBranding } from '../../src/protocol/branding.js';
import { formatText, isRtl } from '../../src/protocol/i18n.js';
import { LANGUAGES } from '../../src/protocol/languages.js';
import { DEFAULT_PRIMARY, emailHtml, safeColor, textOn } from '../../src/server/email/html.js';
import { composeMessage, MESSAGES } from '../../src/server/messages.js';
import { darkVariant } from '../../src/server/routes/dev.js';
import { smsSegments } from '../../src/server/sms-segments.js';

const LOGO = 'https://cdn.example.com/acme/logo.png';
const LINK = 'https://login.example.com/passwordless/verify_redirect?verification_code=abc&state=x';
const branding: ResolvedBranding = {
  appName: 'Acme & Co',
  logoUrl: LOGO,
  primaryColor: '#0f766e',
  pageBackground: '#eef6f5',
};
const base = {
  to: 'ada@example.com',
  client_id: 'demo',
  appName: 'Acme & Co',
  branding,
  codeTtlSeconds: 300,
  linkTtlSeconds: 900,
  originHost: null,
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every address the HTML would load or link to: src/href/url()/@import/srcset/background. */
function resources(html: string): { loads: string[]; links: string[] } {
  const loads = [
    ...[...html.matchAll(/\s(?:src|srcset|background|poster|data)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!),
    ...[...html.matchAll(/url\(\s*['"]?([^'")]+)/gi)].map((m) => m[1]!),
    ...[...html.matchAll(/@import\s+['"]?([^'";\s]+)/gi)].map((m) => m[1]!),
  ];
  const links = [...html.matchAll(/\shref\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
  return { loads, links };
}

const kinds = [
  { name: 'verify_email_by_code', input: { code: '482913' } },
  { name: 'verify_email', input: { code: '482913', link: LINK } },
  { name: 'passwordless_no_account', input: { code: null } },
] as const;

describe('HTML emails in every language', () => {
  it('ships the new texts in all 49 languages, translated', () => {
    assert.equal(LANGUAGES.length, 49);
    const en = MESSAGES.get('en')!;
    for (const lang of LANGUAGES) {
      const t = MESSAGES.get(lang);
      assert.ok(t, lang);
      for (const key of ['emailWhy', 'emailLinkFallback'] as const) {
        assert.ok(t[key].trim().length > 10, `${lang}.${key}`);
        if (lang !== 'en') assert.notEqual(t[key], en[key], `${lang}.${key} is translated`);
      }
      assert.ok(t.emailWhy.includes('{app}'), `${lang}: the why-line names the app`);
    }
  });

  for (const lang of LANGUAGES) {
    it(`renders every email in ${lang} with every text, no placeholder and nothing remote but the logo`, () => {
      const t = MESSAGES.get(lang)!;
      const f = (s: Parameters<typeof formatText>[1]) =>
        formatText(lang, s, { app: branding.appName, code: '482913', minutes: 5, link_minutes: 15 });
      for (const { name, input } of kinds) {
        const m = composeMessage({ ...base, ...input, channel: 'email', locale: lang });
        const html = m.html!;
        for (const part of [m.subject!, m.text, html]) {
          assert.doesNotMatch(part, /\{[a-z_]+\}|\{\{|\{%|undefined|\[object/, `${lang} ${name}`);
          assert.ok(!part.includes('\u0001') && !part.includes('\u0002'), `${lang} ${name}: no marker left`);
        }
        // Every text of the message, in the HTML (escaped) and, but the button, in the plain text.
        const expected =
          input.code === null
            ? [f(t.noAccountBody)]
            : [
                f(t.emailIntro),
                f(t.emailCodeLine),
                f(t.emailWhy),
                f(t.emailIgnore),
                ...('link' in input ? [f(t.emailLinkIntro), f(t.emailLinkExpiry), f(t.emailLinkFallback)] : []),
              ];
        for (const s of expected) {
          assert.ok(html.includes(escape(s)), `${lang} ${name}: HTML has «${s}»`);
          if (s !== f(t.emailLinkFallback)) assert.ok(m.text.includes(s), `${lang} ${name}: text has «${s}»`);
        }
        if ('link' in input) {
          assert.ok(html.includes(escape(f(t.emailLinkButton))), `${lang}: the button`);
          assert.equal(
            html.split(`href="${escape(LINK)}"`).length - 1,
            2,
            `${lang}: the button and the written-out link`,
          );
          assert.ok(html.includes(`>${escape(LINK)}</a>`), `${lang}: the link written out`);
          assert.ok(m.text.includes(LINK));
        }
        if (input.code) {
          assert.match(
            html,
            /<td class="pwl-code" dir="ltr"[^>]*>482913<\/td>/,
            `${lang}: the code, large, left to right`,
          );
          assert.ok(m.text.includes('482913'));
        } else {
          assert.doesNotMatch(html + m.text, /\d{6}/, `${lang}: no code in the notice`);
        }
        // Nothing remote but the logo; links only to the sign-in link.
        const { loads, links } = resources(html);
        assert.deepEqual(loads, [LOGO], `${lang} ${name}: loads only the logo`);
        assert.deepEqual(
          links.filter((l) => l !== escape(LINK)),
          [],
          `${lang} ${name}: links only to the sign-in link`,
        );
        assert.doesNotMatch(html, /<script|<link|<iframe|<object|<embed|<form|@font-face/i);
        // Layout and colour scheme.
        assert.match(html, /<meta name="color-scheme" content="light dark">/);
        assert.match(html, /@media \(prefers-color-scheme: dark\)/);
        assert.match(html, /<table role="presentation"/);
        assert.ok(html.includes(`<html lang="${lang}" dir="${isRtl(lang) ? 'rtl' : 'ltr'}">`), `${lang}: dir`);
        assert.ok(html.includes(`alt="Acme &#38; Co"`), 'the logo, with the app name as its text');
        assert.ok(html.includes('background-color:#0f766e'), 'the primary colour');
        assert.ok(html.includes('background-color:#eef6f5'), 'the page background');
      }
    });
  }

  it('draws the app name instead of a logo when there is none, and refuses a colour that is not one', () => {
    const html = emailHtml(
      { appName: 'Plain <App>', primaryColor: 'red;background:url(https://evil.example/x)', pageBackground: '#fff' },
      { locale: 'en', subject: 's', intro: 'i', code: '111222' },
    );
    assert.ok(html.includes('Plain &#60;App&#62;'));
    assert.doesNotMatch(html, /<img|evil\.example/);
    assert.ok(html.includes(DEFAULT_PRIMARY), 'the default primary colour instead');
  });

  it('picks readable button text on the primary colour', () => {
    assert.equal(textOn('#ffeb3b'), '#101418', 'dark text on yellow');
    assert.equal(textOn('#1a56db'), '#ffffff', 'white text on blue');
    assert.equal(safeColor('hsl(200 50% 40%)', 'x'), 'hsl(200 50% 40%)');
    assert.equal(safeColor('expression(alert(1))', 'x'), 'x');
  });

  it('shows the dark colours in the dark preview', () => {
    const html = composeMessage({ ...base, channel: 'email', locale: 'en', code: '123456' }).html!;
    const dark = darkVariant(html);
    assert.match(dark, /@media all\{/);
    assert.match(dark, /<meta name="color-scheme" content="dark">/);
  });
});

describe('SMS in every language', () => {
  // A realistic app name and host: 12 and 17 characters.
  const sms = (lang: string) =>
    composeMessage({
      ...base,
      branding: { ...branding, appName: 'Acme Travel' },
      appName: 'Acme Travel',
      channel: 'sms',
      to: '+447400123456',
      locale: lang,
      code: '482913',
      codeTtlSeconds: 600,
      originHost: 'login.acme.travel',
    }).text;

  it('names the app, gives the code and ends with the WebOTP line in all 49 languages', () => {
    for (const lang of LANGUAGES) {
      const text = sms(lang);
      assert.ok(text.includes('Acme Travel'), lang);
      assert.ok(text.includes('482913'), lang);
      assert.ok(text.endsWith('\n\n@login.acme.travel #482913'), `${lang}: WebOTP line last`);
      assert.doesNotMatch(text, /\{[a-z_]+\}/, lang);
    }
  });

  it('fits one segment where the language can: GSM-7 languages in 160, the others reported', (t) => {
    const rows = LANGUAGES.map((lang) => ({ lang, ...smsSegments(sms(lang)) }));
    const fit = rows.filter((r) => r.segments === 1).map((r) => r.lang);
    const over = rows.filter((r) => r.segments > 1);
    t.diagnostic(`one segment (${fit.length}/49): ${fit.join(' ')}`);
    t.diagnostic(
      `more than one: ${over.map((r) => `${r.lang} ${r.encoding} ${r.units} units → ${r.segments}`).join('; ')}`,
    );
    // Every language written in the GSM-7 alphabet fits one 160-septet segment.
    for (const r of rows.filter((x) => x.encoding === 'GSM-7')) {
      assert.equal(r.segments, 1, `${r.lang}: ${r.units} septets`);
    }
    // UCS-2 (70 units) fits the scripts that write the message short.
    for (const lang of ['ja', 'ko', 'zh-CN', 'zh-TW']) {
      assert.equal(rows.find((r) => r.lang === lang)!.segments, 1, lang);
    }
  });
});
