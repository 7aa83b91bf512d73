/**
 * What an email-code page loads. In a page of its own (each test file gets one), so that nothing
 * an earlier test loaded is counted.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { $, mount } from './helpers.js';

const loaded = () => performance.getEntriesByType('resource').map((e) => e.name);

describe('<passwordless-login> (lazy chunks)', () => {
  it('does not load phone support or oidc-client-ts on an email-code page', async () => {
    const el = await mount();
    await el.updateComplete;
    // Phone support and the magic-link code would be asked for when the element connects or first
    // renders; the API calls only when focus first enters it, later. Once those are loaded, the
    // element has asked for everything an email-code page needs before the person sends.
    ($(el, '#email') as HTMLInputElement).focus();
    await waitUntil(
      () => loaded().some((n) => /\/requests\.(ts|js)/.test(n)),
      'the API calls were not loaded on focus',
      { timeout: 8000 },
    );
    expect(loaded().some((n) => n.includes('passwordless-login'))).to.equal(true);
    expect(loaded().filter((n) => /phone-support|libphonenumber|oidc/.test(n))).to.deep.equal([]);
  });
});
