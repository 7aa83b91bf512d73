/** The identifier state: email or phone (with country), and the send button. */
import { html, nothing } from 'lit';
import type { ViewContext } from './context.js';
import { describedBy, ERROR_ID, invalid, renderError, renderRetry, spinner } from './shared.js';

function renderSwitch(ctx: ViewContext) {
  if (ctx.connections.length < 2) return nothing;
  const option = (value: 'email' | 'sms', label: string) =>
    html`<label part="switch-option">
      <input
        type="radio"
        name="connection"
        value=${value}
        .checked=${ctx.channel === value}
        ?disabled=${ctx.state === 'sending'}
        @change=${ctx.on.channel}
      /><span>${label}</span>
    </label>`;
  return html`<fieldset part="switch">
    <legend>${ctx.t('switchLegend')}</legend>
    ${option('email', ctx.t('useEmail'))} ${option('sms', ctx.t('usePhone'))}
  </fieldset>`;
}

/**
 * The email field. Its error paragraph is written out here rather than taken from renderError: the
 * first state of an email page then prepares three templates instead of four (Lit parses and walks
 * each template once, on its first use; see docs/performance.md, "The element's first render").
 */
function renderEmail(ctx: ViewContext) {
  const hint = ctx.remembered ? ctx.t('rememberedHint') : ctx.t(ctx.linkMode ? 'emailHintLink' : 'emailHint');
  const error = ctx.error?.field === 'identifier' ? ctx.error : undefined;
  return html`<div part="field">
    <label part="label" for="email">${ctx.t('emailLabel')}</label>
    <input
      id="email"
      part="input email-input"
      type="email"
      name="email"
      autocomplete="email"
      dir="ltr"
      spellcheck="false"
      required
      data-autofocus
      .value=${ctx.email}
      ?readonly=${ctx.state === 'sending'}
      aria-invalid=${invalid(ctx, 'identifier')}
      aria-describedby=${describedBy(ctx, 'identifier', 'identifier-hint')}
      @input=${ctx.on.emailInput}
    />
    <p id="identifier-hint" part="hint">${hint}</p>
    <p id=${ERROR_ID.identifier} part="error" ?hidden=${!error}>${error?.message ?? nothing}</p>
    ${error?.retry ? renderRetry(ctx) : nothing}
  </div>`;
}

/** The country select's options are not in the template: the element fills them (PhoneField.fill). */
function renderPhone(ctx: ViewContext) {
  const hint = ctx.remembered ? ctx.t('rememberedHint') : ctx.t('phoneHint');
  return html`<div part="phone-row">
      <div part="field">
        <label part="label" for="country">${ctx.t('countryLabel')}</label>
        <select
          id="country"
          part="input country-select"
          name="country"
          autocomplete="tel-country-code"
          ?disabled=${!ctx.phoneReady || ctx.state === 'sending'}
          @change=${ctx.on.countryChange}
        ></select>
      </div>
      <div part="field">
        <label part="label" for="phone">${ctx.t('phoneLabel')}</label>
        <input
          id="phone"
          part="input phone-input"
          type="tel"
          name="phone"
          autocomplete="tel-national"
          inputmode="tel"
          dir="ltr"
          required
          data-autofocus
          .value=${ctx.phoneText}
          ?readonly=${ctx.state === 'sending'}
          aria-invalid=${invalid(ctx, 'identifier')}
          aria-describedby=${describedBy(ctx, 'identifier', 'identifier-hint')}
          @input=${ctx.on.phoneInput}
        />
      </div>
    </div>
    <p id="identifier-hint" part="hint">${hint}</p>
    ${renderError(ctx, 'identifier')}`;
}

export function renderIdentifier(ctx: ViewContext) {
  const sending = ctx.state === 'sending';
  const blocked = ctx.error?.field === 'identifier' && ctx.countdown > 0;
  return html`<form part="form identifier-form" novalidate @submit=${ctx.on.submitIdentifier}>
    ${renderSwitch(ctx)} ${ctx.channel === 'sms' ? renderPhone(ctx) : renderEmail(ctx)}
    <button
      type="submit"
      part="button primary-button send-button"
      aria-disabled=${sending || blocked ? 'true' : 'false'}
    >
      ${sending ? spinner() : nothing}${ctx.t(sending ? 'sending' : ctx.linkMode ? 'sendLink' : 'sendCode')}
    </button>
  </form>`;
}
