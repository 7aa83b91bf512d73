/**
 * The element's styles, adopted as a constructable stylesheet (no inline style attributes, so
 * the element works under `Content-Security-Policy: default-src 'self'`). Logical properties
 * throughout, so `dir="rtl"` mirrors the layout.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --pwl-color-background: #ffffff;
    --pwl-color-surface: #f6f7f9;
    --pwl-color-text: #1a1c20;
    --pwl-color-muted: #555b66;
    --pwl-color-border: #8a909b;
    --pwl-color-primary: #2f54d6;
    --pwl-color-primary-text: #ffffff;
    --pwl-color-error: #b3261e;
    --pwl-color-success: #1e7a3c;
    --pwl-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --pwl-font-size: 1rem;
    --pwl-radius: 0.5rem;
    --pwl-spacing: 1rem;
    --pwl-focus-ring-color: var(--pwl-color-primary);
    /* A ring with a gap of background inside it: it contrasts with the page around the control, and
       stays apart from a control of the ring's own colour (the selected switch option). */
    --pwl-focus-ring: 0 0 0 2px var(--pwl-color-background), 0 0 0 4px var(--pwl-focus-ring-color);
    --pwl-max-inline-size: 24rem;

    /* The scheme of the palette in use (dark below): native controls match it, and a theme's
       light-dark() values pick the same side as the element. */
    color-scheme: light;
    display: block;
    box-sizing: border-box;
    max-inline-size: var(--pwl-max-inline-size);
    color: var(--pwl-color-text);
    font-family: var(--pwl-font-family);
    font-size: var(--pwl-font-size);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  /* The dark palette is written twice, here and for theme=auto under a dark colour scheme. CSS
     cannot share one declaration block between a selector and a media query, and splicing a
     shared css constant in here hides the declarations from lit-analyzer, which then fails lint. */
  :host([theme='dark']) {
    color-scheme: dark;
    --pwl-color-background: #16181d;
    --pwl-color-surface: #22252c;
    --pwl-color-text: #eceef2;
    --pwl-color-muted: #b2b8c3;
    --pwl-color-border: #7d8492;
    --pwl-color-primary: #8ea8ff;
    --pwl-color-primary-text: #0d1020;
    --pwl-color-error: #ffb4ab;
    --pwl-color-success: #8fd9a8;
  }
  /* data-light-page: the page declares itself light-only (see connectedCallback). */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light']):not([data-light-page])) {
      color-scheme: dark;
      --pwl-color-background: #16181d;
      --pwl-color-surface: #22252c;
      --pwl-color-text: #eceef2;
      --pwl-color-muted: #b2b8c3;
      --pwl-color-border: #7d8492;
      --pwl-color-primary: #8ea8ff;
      --pwl-color-primary-text: #0d1020;
      --pwl-color-error: #ffb4ab;
      --pwl-color-success: #8fd9a8;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--pwl-spacing);
    padding: var(--pwl-spacing);
    background: var(--pwl-color-background);
    border-radius: var(--pwl-radius);
    /* A long address breaks rather than widening the page (320 px reflow). */
    overflow-wrap: anywhere;
  }
  [part~='form'] {
    display: flex;
    flex-direction: column;
    gap: calc(var(--pwl-spacing) * 0.75);
    margin: 0;
  }
  [part~='title'] {
    margin: 0;
    font-size: 1.25em;
    font-weight: 600;
  }
  [part~='field'] {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  [part~='label'] {
    font-weight: 600;
  }
  [part~='hint'],
  [part~='countdown'] {
    margin: 0;
    color: var(--pwl-color-muted);
    font-size: 0.875em;
  }
  [part~='message'] {
    margin: 0;
  }
  [part~='input'] {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--pwl-color-border);
    border-radius: var(--pwl-radius);
    background: var(--pwl-color-background);
    color: inherit;
    font: inherit;
  }
  [part~='input'][aria-invalid='true'] {
    border-color: var(--pwl-color-error);
  }
  /* Side by side when both fit, else the country above the number, at full width (so the select
     shows the whole name and the calling code). */
  [part~='phone-row'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  [part~='phone-row'] > [part~='field'] {
    flex: 1 1 11rem;
    min-inline-size: 0;
  }
  [part~='phone-row'] > :last-child {
    flex-basis: 8rem;
  }
  [part~='button'] {
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: var(--pwl-radius);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  [part~='primary-button'] {
    border: 1px solid var(--pwl-color-primary);
    background: var(--pwl-color-primary);
    color: var(--pwl-color-primary-text);
  }
  [part~='secondary-button'] {
    border: 1px solid transparent;
    background: transparent;
    color: var(--pwl-color-primary);
    text-decoration: underline;
    padding-inline: 0;
    align-self: flex-start;
  }
  [part~='button']:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  [part~='input']:focus-visible,
  [part~='button']:focus-visible,
  [part~='switch'] input:focus-visible + span {
    outline: 2px solid transparent;
    box-shadow: var(--pwl-focus-ring);
  }
  [part~='switch'] {
    display: flex;
    gap: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  [part~='switch'] legend {
    padding: 0;
    margin-block-end: 0.25rem;
    font-weight: 600;
  }
  [part~='switch-option'] {
    position: relative;
    flex: 1;
  }
  [part~='switch-option'] input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
  }
  [part~='switch-option'] span {
    display: block;
    background: var(--pwl-color-surface);
    padding-block: 0.5rem;
    text-align: center;
    border: 1px solid var(--pwl-color-border);
    cursor: pointer;
  }
  [part~='switch-option']:first-of-type span {
    border-start-start-radius: var(--pwl-radius);
    border-end-start-radius: var(--pwl-radius);
  }
  [part~='switch-option']:last-of-type span {
    border-start-end-radius: var(--pwl-radius);
    border-end-end-radius: var(--pwl-radius);
    border-inline-start-width: 0;
  }
  [part~='switch-option'] input:checked + span {
    background: var(--pwl-color-primary);
    border-color: var(--pwl-color-primary);
    color: var(--pwl-color-primary-text);
    font-weight: 600;
  }
  [part~='error'] {
    margin: 0;
    color: var(--pwl-color-error);
    font-size: 0.875em;
  }
  [part~='error'][hidden] {
    display: none;
  }
  [part~='success'] {
    margin: 0;
    color: var(--pwl-color-success);
    font-weight: 600;
  }
  [part~='spinner'] {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    margin-inline-end: 0.5em;
    vertical-align: -0.125em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: pwl-spin 0.8s linear infinite;
  }
  @keyframes pwl-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='spinner'] {
      animation: none;
      border-inline-end-color: currentColor;
      opacity: 0.6;
    }
    * {
      transition: none !important;
    }
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
