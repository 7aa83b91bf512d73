/**
 * What a screen-reader user hears and where their focus goes (docs/accessibility.md): every
 * announcement of the live region, said once and in the element's language (German here), and the
 * focus after each action. A sighted user sees the same things; these tests listen.
 */
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { EXPIRED_CODE_DESCRIPTION, WRONG_CODE_DESCRIPTION } from '../../src/protocol/index.js';
import { formatText } from '../../src/protocol/i18n.js';
import type { MessageKey } from '../../src/widget/i18n/en.js';
import de from '../../src/widget/i18n/locales/de.js';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, EMAIL_START_OK, fakeServer, mount, toCodeState, TOKEN_OK, type, until, type Reply } from './helpers.js';
import { emulateMedia } from './media.js';

const ADDRESS = 'ada@example.com';
const err = (status: number, error: string, description = 'x', headers?: Record<string, string>): Reply => ({
  status,
  body: { error, error_description: description },
  ...(headers ? { headers } : {}),
});

/** A German message as the element words it. */
const say = (key: MessageKey, params: Record<string, string | number> = {}) =>
  formatText('de', de[key], { digits: 6, to: ADDRESS, ...params });

/** Every text the live region takes from now on (trimmed: a repeated text gets a no-break space). */
function listen(el: PasswordlessLogin) {
  const region = $(el, '[role=status]');
  const heard: string[] = [];
  const observer = new MutationObserver(() => heard.push(region.textContent!.trim()));
  observer.observe(region, { subtree: true, childList: true, characterData: true });
  return {
    heard,
    /** Resolves once the region has said `text` (at least `times` times). */
    until: (text: string, times = 1) =>
      waitUntil(
        () => heard.filter((t) => t === text).length >= times,
        `never said "${text}"; heard ${JSON.stringify(heard)}`,
        {
          interval: 5,
          timeout: 4000,
        },
      ),
    count: (text: string) => heard.filter((t) => t === text).length,
  };
}

/** A German element, its language loaded. */
async function german(attrs = '') {
  const el = await mount(`lang="de" ${attrs}`);
  await waitUntil(() => $(el, '[part~=title]').textContent!.trim() === de.title, 'German never loaded', {
    timeout: 8000,
  });
  return el;
}

const focused = (el: PasswordlessLogin) => (document.activeElement === el ? el.shadowRoot!.activeElement : null);

describe('<passwordless-login> announcements', () => {
  afterEach(() => sinon.restore());

  it('says the code was sent, then a wrong code, once each, in the element language', async () => {
    fakeServer({
      '/passwordless/start': EMAIL_START_OK,
      '/oauth/token': err(403, 'invalid_grant', WRONG_CODE_DESCRIPTION.email),
    });
    const el = await german();
    const live = listen(el);
    await toCodeState(el, ADDRESS);
    await live.until(say('codeSent'));
    type($(el, '#code') as HTMLInputElement, '111111');
    await live.until(say('wrongCode'));
    await el.updateComplete;
    // The audit's finding: the region went back to "we sent a code" and the error was never said.
    expect(live.heard.slice(-2)).to.deep.equal([say('verifying'), say('wrongCode')]);
    expect(live.count(say('codeSent'))).to.equal(1);
    expect(live.count(say('wrongCode'))).to.equal(1);
  });

  it('says an expired code and too many attempts', async () => {
    fakeServer({
      '/passwordless/start': EMAIL_START_OK,
      '/oauth/token': [err(403, 'invalid_grant', EXPIRED_CODE_DESCRIPTION), err(429, 'too_many_attempts')],
    });
    const el = await german();
    const live = listen(el);
    await toCodeState(el, ADDRESS);
    type($(el, '#code') as HTMLInputElement, '111111');
    await live.until(say('expiredCode'));
    type($(el, '#code') as HTMLInputElement, '222222');
    await live.until(say('tooManyAttempts'));
    expect(live.count(say('expiredCode'))).to.equal(1);
  });

  it('says a repeated error again (the region changes)', async () => {
    const el = await german();
    const live = listen(el);
    type($(el, '#email') as HTMLInputElement, 'ada');
    $(el, 'button[type=submit]').click();
    await live.until(say('invalidEmail'));
    $(el, 'button[type=submit]').click();
    await live.until(say('invalidEmail'), 2);
  });

  it('says signed in', async () => {
    fakeServer({ '/passwordless/start': EMAIL_START_OK, '/oauth/token': TOKEN_OK });
    const el = await german();
    const live = listen(el);
    await toCodeState(el, ADDRESS);
    type($(el, '#code') as HTMLInputElement, '123456');
    await live.until(say('done'));
    expect(live.count(say('done'))).to.equal(1);
  });

  it('says once when a new code may be asked for, and nothing each second before', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
    const el = await german();
    await toCodeState(el, ADDRESS);
    const live = listen(el);
    for (let s = 0; s < 60; s++) {
      clock.tick(1000);
      await el.updateComplete;
    }
    await live.until(say('askAgain'));
    // The visible countdown changed sixty times; the region only once.
    expect(live.heard).to.deep.equal([say('askAgain')]);
    $(el, '[part~=resend-button]').click();
    await live.until(say('resent'));
    expect(live.heard).to.deep.equal([say('askAgain'), say('resent')]);
  });

  it('says a link was sent', async () => {
    fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const el = await german('send="link"');
    const live = listen(el);
    type($(el, '#email') as HTMLInputElement, ADDRESS);
    $(el, 'button[type=submit]').click();
    await until(el, 'link-sent');
    await live.until(say('linkSent'));
    expect(live.heard).to.deep.equal([say('sending'), say('linkSent')]);
  });

  it('after a 429, says the current wait, lets a different address through, and says when the wait is over', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const limited = err(429, 'too_many_requests', 'x', { 'retry-after': '30' });
    const { requests } = fakeServer({ '/passwordless/start': [limited, limited, EMAIL_START_OK] });
    const el = await german();
    const live = listen(el);
    const send = async (address: string) => {
      type($(el, '#email') as HTMLInputElement, address);
      $(el, 'button[type=submit]').click();
      await waitUntil(() => !el.shadowRoot!.querySelector('[part~=spinner]'), 'still sending', { timeout: 8000 });
      await el.updateComplete;
    };
    await send(ADDRESS);
    await live.until(say('rateLimitedFor', { seconds: 30 }));
    clock.tick(10_000);
    await el.updateComplete;
    // Sending the same address again: no request, and the wait said as it is now.
    $(el, 'button[type=submit]').click();
    await live.until(say('rateLimitedFor', { seconds: 20 }));
    expect(requests).to.have.length(1);
    // A different address is not held back by the first one's wait.
    await send('grace@example.com');
    expect(requests).to.have.length(2);
    await live.until(say('rateLimitedFor', { seconds: 30 }), 2);
    clock.tick(30_000);
    await live.until(say('askAgain'));
    await el.updateComplete;
    expect($(el, '#identifier-error').hidden, 'the message of the wait is gone').to.equal(true);
    await send('grace@example.com');
    await until(el, 'code');
  });
});

describe('<passwordless-login> focus', () => {
  afterEach(() => sinon.restore());

  it('keeps focus in the form when "Send a new code" disables itself: on the code field', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
    const el = await mount();
    await toCodeState(el);
    clock.tick(60_000);
    await el.updateComplete;
    const resend = $<HTMLButtonElement>(el, '[part~=resend-button]');
    resend.focus();
    resend.click();
    expect(focused(el)?.id).to.equal('code');
    await waitUntil(() => resend.disabled, 'the countdown did not start again', { timeout: 8000 });
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('code');
  });

  it('keeps focus in the form when "Send a new link" disables itself: on "Enter the code instead"', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    fakeServer({ '/passwordless/start': [EMAIL_START_OK, EMAIL_START_OK] });
    const el = await mount('send="link"');
    type($(el, '#email') as HTMLInputElement, ADDRESS);
    $(el, 'button[type=submit]').click();
    await until(el, 'link-sent');
    clock.tick(60_000);
    await el.updateComplete;
    const resend = $<HTMLButtonElement>(el, '[part~=resend-button]');
    resend.focus();
    resend.click();
    await waitUntil(() => resend.disabled, 'the countdown did not start again', { timeout: 8000 });
    await el.updateComplete;
    expect(focused(el)).to.equal($(el, '[part~=enter-code-button]'));
  });

  it('goes to the field that shows the error, to the email after "change", to the message when signed in', async () => {
    fakeServer({
      '/passwordless/start': [err(400, 'bad.email'), EMAIL_START_OK, EMAIL_START_OK],
      '/oauth/token': [err(403, 'invalid_grant', WRONG_CODE_DESCRIPTION.email), TOKEN_OK],
    });
    const el = await mount();
    type($(el, '#email') as HTMLInputElement, ADDRESS);
    $(el, '[part~=send-button]').focus();
    $(el, '[part~=send-button]').click();
    await waitUntil(() => $(el, '#email').getAttribute('aria-invalid') === 'true', 'no error shown');
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('email');
    await toCodeState(el);
    expect(focused(el)?.id).to.equal('code');
    type($(el, '#code') as HTMLInputElement, '111111');
    await waitUntil(() => $(el, '#code').getAttribute('aria-invalid') === 'true', 'no error shown');
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('code');
    $(el, '[part~=change-button]').focus();
    $(el, '[part~=change-button]').click();
    await until(el, 'identifier');
    expect(focused(el)?.id).to.equal('email');
    await toCodeState(el);
    type($(el, '#code') as HTMLInputElement, '123456');
    await until(el, 'done');
    expect(focused(el)).to.equal($(el, '[part~=success]'));
  });
});

describe('<passwordless-login> theme="auto" and the page colour scheme', () => {
  const root = document.documentElement;
  afterEach(async () => {
    root.style.colorScheme = '';
    await emulateMedia({ colorScheme: 'light' });
  });

  const background = (el: PasswordlessLogin) => getComputedStyle($(el, '[part~=base]')).backgroundColor;

  it('stays light in dark mode on a page that declares itself light-only', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const lightPage = async (scheme: string) => {
      root.style.colorScheme = scheme;
      return background(await mount());
    };
    expect(await lightPage('light')).to.equal('rgb(255, 255, 255)');
    expect(await lightPage('only light')).to.equal('rgb(255, 255, 255)');
    expect(await lightPage('light dark')).to.equal('rgb(22, 24, 29)');
    expect(await lightPage('')).to.equal('rgb(22, 24, 29)', 'a page that declares nothing follows the system');
  });
});
