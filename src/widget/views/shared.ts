/** Small pieces used by several views. */
import { html, nothing } from 'lit';
import type { ViewContext, ViewError } from './context.js';

export const ERROR_ID = { identifier: 'identifier-error', code: 'code-error', form: 'form-error' } as const;

/** The error paragraph of one field; always in the DOM so aria-describedby never dangles. */
export function renderError(ctx: ViewContext, field: ViewError['field']) {
  const error = ctx.error?.field === field ? ctx.error : undefined;
  return html`<p id=${ERROR_ID[field]} part="error" ?hidden=${!error}>${error?.message ?? nothing}</p>
    ${error?.retry ? renderRetry(ctx) : nothing}`;
}

/** "Try again" after a network or server failure. */
export function renderRetry(ctx: ViewContext) {
  return html`<button type="button" part="button secondary-button retry-button" @click=${ctx.on.retry}>
    ${ctx.t('retry')}
  </button>`;
}

/** `aria-invalid` value for a field. */
export function invalid(ctx: ViewContext, field: ViewError['field']): 'true' | 'false' {
  return ctx.error?.field === field ? 'true' : 'false';
}

/** `aria-describedby` for a field: its hint (when any) and its error. */
export function describedBy(ctx: ViewContext, field: ViewError['field'], hintId?: string): string {
  return [hintId, ctx.error?.field === field ? ERROR_ID[field] : undefined].filter(Boolean).join(' ');
}

export function spinner() {
  return html`<span part="spinner" aria-hidden="true"></span>`;
}
