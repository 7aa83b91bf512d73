/**
 * Views of the magic-link states (link-sent, callback, error). They ship in the lazy oidc chunk:
 * those states are only ever entered once that chunk has loaded.
 */
import { html, nothing } from 'lit';
import { renderResend, withIdentifier } from './code-view.js';
import type { ViewContext } from './context.js';
import { renderError, spinner } from './shared.js';

export function renderLinkSent(ctx: ViewContext) {
  return html`<div part="form link-sent">
    <p part="message">${withIdentifier(ctx.t('linkSent'), ctx.sentTo)}</p>
    ${renderError(ctx, 'form')}
    <button type="button" part="button primary-button enter-code-button" data-autofocus @click=${ctx.on.enterCode}>
      ${ctx.t('enterCodeInstead')}
    </button>
    ${renderResend(ctx, 'resendLink')}
    <button type="button" part="button secondary-button change-button" @click=${ctx.on.change}>
      ${ctx.t('change')}
    </button>
  </div>`;
}

export function renderCallback(ctx: ViewContext) {
  return html`<p part="message" tabindex="-1" data-autofocus>${spinner()}${ctx.t('callbackWorking')}</p>`;
}

export function renderFailure(ctx: ViewContext) {
  // Either button takes the focus; "Send a new link", when offered, is the main action.
  const button = (parts: string, click: () => void, label: string) =>
    html`<button type="button" part="button ${parts}" data-autofocus @click=${click}>${label}</button>`;
  return html`<div part="form failure">
    <p part="error">${ctx.error?.message ?? ctx.t('linkFailed')}</p>
    ${ctx.canSendNewLink ? button('primary-button new-link-button', ctx.on.newLink, ctx.t('resendLink')) : nothing}
    ${
      ctx.canStartOver
        ? button(
            `${ctx.canSendNewLink ? 'secondary-button' : 'primary-button'} start-over-button`,
            ctx.on.startOver,
            ctx.t('startOver'),
          )
        : nothing
    }
  </div>`;
}
