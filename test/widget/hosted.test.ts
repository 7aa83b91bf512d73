/**
 * The element on the API's hosted login page (`transaction` set by the page, not by embedders):
 * it takes the focus at once, sends the magic link the server prepared (whose verifier the server
 * keeps), and shows a link's failure the server found, with nothing to start over there.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { PasswordlessLogin } from '../../src/widget/passwordless-login.js';
import { $, API, EMAIL_START_OK, fakeServer, text, type, until } from './helpers.js';

const LINK = {
  response_type: 'code',
  redirect_uri: `${API}/authorize/link`,
  state: 'server-made-state',
  scope: 'openid',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
};

async function hosted(transaction: object, attrs: { send?: string } = {}) {
  const el = await fixture<PasswordlessLogin>(
    html`<passwordless-login
      domain=${API}
      client-id="demo"
      connection="email sms"
      send=${attrs.send ?? 'code'}
      transaction=${JSON.stringify(transaction)}
    ></passwordless-login>`,
  );
  await el.updateComplete;
  return el;
}

describe('<passwordless-login> on the hosted login page', () => {
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
  });

  it('focuses the identifier field on load; an embedded element leaves the focus alone', async () => {
    const el = await hosted({ id: 'tx-1' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('email');
    const embedded = await fixture<PasswordlessLogin>(
      html`<passwordless-login domain=${API} client-id="demo" connection="email sms"></passwordless-login>`,
    );
    await embedded.updateComplete;
    expect(embedded.shadowRoot!.activeElement).to.equal(null);
  });

  it("sends the server's link request as is and keeps nothing in this browser's storage", async () => {
    const { requests } = fakeServer({ '/passwordless/start': EMAIL_START_OK });
    const el = await hosted({ id: 'tx-1', link: LINK }, { send: 'link' });
    type($(el, '#email') as HTMLInputElement, 'ada@example.com');
    $(el, 'button[type=submit]').click();
    await until(el, 'link-sent');
    const start = requests.find((r) => r.url.endsWith('/passwordless/start'))!;
    expect(start.body.send).to.equal('link');
    expect(start.body.authParams).to.deep.equal(LINK);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('passwordless-login.oidc.'))).to.deep.equal([]);
    expect(text(el)).to.contain('Enter the code instead');
  });

  it("says the person is signed in when, shown again, it learns the link's tab finished the sign-in", async () => {
    const { requests } = fakeServer({
      '/passwordless/start': EMAIL_START_OK,
      // Offline once (asked again on the next showing), then still waiting, then finished.
      '/authorize/status': ['network-error', { body: { status: 'pending' } }, { body: { status: 'complete' } }],
    });
    const el = await hosted({ id: 'tx-9', link: LINK }, { send: 'link' });
    type($(el, '#email') as HTMLInputElement, 'ada@example.com');
    $(el, 'button[type=submit]').click();
    await until(el, 'link-sent');
    const asked = () => requests.filter((r) => r.url.endsWith('/authorize/status'));
    expect(asked()).to.have.length(0, 'nothing is asked while the tab stays in view');
    for (let shown = 1; shown <= 3; shown++) {
      window.dispatchEvent(new Event('focus'));
      // A second event while the answer is on its way asks nothing more.
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => asked().length === shown, `asked ${asked().length} times`);
      await aTimeout(50);
      expect(asked()).to.have.length(shown);
      if (shown < 3) expect(el.state).to.equal('link-sent');
    }
    expect(asked()[0]!.body).to.deep.equal({ transaction: 'tx-9' });
    await until(el, 'done');
    expect(text(el)).to.contain('You are signed in.');
    // Done: nothing more is asked.
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    await el.updateComplete;
    expect(asked()).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('shows a failure the server found with the link, without a sign-in to start over', async () => {
    const el = await hosted({ failure: 'link_state_missing' });
    await until(el, 'error');
    await el.updateComplete;
    expect(text(el)).to.contain('opened in a different browser or device');
    expect(el.shadowRoot!.querySelector('[part~="start-over-button"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
