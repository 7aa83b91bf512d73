/** The code state: ONE one-time-code input (drawn as boxes by CSS), resend and "change". */
import { html, nothing } from 'lit';
import type { ViewContext } from './context.js';
import { describedBy, invalid, renderError, spinner } from './shared.js';

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
