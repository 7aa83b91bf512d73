/** The code state: ONE one-time-code input (drawn as boxes by CSS), resend and "change". */
import { css, html, nothing } from 'lit';
import type { ViewContext } from './context.js';
import { describedBy, invalid, renderError, spinner } from './shared.js';

/**
 * Styles of the code field, adopted by the element with this chunk (the first state never shows
 * it, so they stay out of the first load).
 */
export const codeStyles = css`
  /* One real input, drawn as six boxes: the digits sit on a monospace grid over a striped
     background. Splitting it into six inputs would break iOS/Android one-time-code autofill. */
  [part~='code-input'] {
    /* One box. The input has dir="ltr": digits stay left to right on a right-to-left page, as
       phone keypads show them. */
    --c: 2.25rem;
    inline-size: calc(var(--c) * 6 + 2px);
    max-inline-size: 100%;
    padding-inline: calc(var(--c) / 2 - 0.5ch);
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.5em;
    letter-spacing: calc(var(--c) - 1ch);
    background-image: repeating-linear-gradient(
      to right,
      transparent 0 calc(var(--c) - 1px),
      var(--pwl-color-border) calc(var(--c) - 1px) var(--c)
    );
    background-size: calc(var(--c) * 5) 60%;
    background-position: left center;
    background-repeat: no-repeat;
  }
  @media (forced-colors: active) {
    /* Forced colours drop background images, and the boxes with them: this field keeps its own
       colours (the element's palette meets the contrast minimums), its boxes and its focus ring. */
    [part~='code-input'] {
      forced-color-adjust: none;
    }
  }
`;

export function renderResend(ctx: ViewContext, key: 'resendCode' | 'resendLink') {
  return html`${
      ctx.countdown > 0 ? html`<p part="countdown">${ctx.t('resendIn', { seconds: ctx.countdown })}</p>` : nothing
    }
    <button
      type="button"
      part="button secondary-button resend-button"
      ?disabled=${ctx.countdown > 0 || ctx.resending || ctx.state === 'verifying'}
      @click=${ctx.on.resend}
    >
      ${ctx.t(key)}
    </button>`;
}

/**
 * The code form. `autocomplete` is bound as a property: lit-analyzer's list of autocomplete
 * tokens lacks `one-time-code` (in HTML since 2018), so the plain attribute fails lint.
 */
export function renderCode(ctx: ViewContext) {
  const verifying = ctx.state === 'verifying';
  return html`<form part="form code-form" novalidate @submit=${ctx.on.submitCode}>
    <p id="code-hint" part="message">${withIdentifier(ctx.t('codeSent'), ctx.sentTo)}</p>
    <div part="field">
      <label part="label" for="code">${ctx.t('codeLabel')}</label>
      <input
        id="code"
        part="input code-input"
        type="text"
        name="code"
        .autocomplete=${'one-time-code'}
        inputmode="numeric"
        dir="ltr"
        pattern="[0-9]*"
        spellcheck="false"
        data-autofocus
        .value=${ctx.code}
        ?readonly=${verifying}
        aria-invalid=${invalid(ctx, 'code')}
        aria-describedby=${describedBy(ctx, 'code', 'code-hint')}
        @input=${ctx.on.codeInput}
      />
      ${renderError(ctx, 'code')}
    </div>
    <button type="submit" part="button primary-button verify-button" aria-disabled=${verifying ? 'true' : 'false'}>
      ${verifying ? spinner() : nothing}${ctx.t(verifying ? 'verifying' : 'verify')}
    </button>
    ${renderResend(ctx, 'resendCode')}
    <button type="button" part="button secondary-button change-button" ?disabled=${verifying} @click=${ctx.on.change}>
      ${ctx.t('change')}
    </button>
  </form>`;
}

export function renderDone(ctx: ViewContext) {
  return html`<p part="success" tabindex="-1" data-autofocus>${ctx.t('done')}</p>`;
}

/**
 * A message holding `{to}` (an email address or phone number) with the identifier in a
 * left-to-right `<bdi>`, so `+44 7400 123456` keeps its order inside right-to-left text.
 */
export function withIdentifier(message: string, to: string) {
  const [before, after = ''] = message.split('{to}');
  return html`${before}<bdi dir="ltr">${to}</bdi>${after}`;
}
