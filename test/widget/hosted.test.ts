/**
 * The element on the API's hosted login page (`transaction` set by the page, not by embedders):
 * it takes the focus at once, sends the magic link the server prepared (whose verifier the server
 * keeps), and shows a link's failure the server found, with nothing to start over there.
 */
import { expect, fixture, html } from '@open-wc/testing';
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

  it('shows a failure the server found with the link, without a sign-in to start over', async () => {
    const el = await hosted({ failure: 'link_state_missing' });
    await until(el, 'error');
    await el.updateComplete;
    expect(text(el)).to.contain('opened in a different browser or device');
    expect(el.shadowRoot!.querySelector('[part~="start-over-button"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
