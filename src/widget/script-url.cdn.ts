/**
 * Script-tag build only: the URL of the script itself, read while it runs (`document.currentScript`
 * is only set then). The files it loads later (locales/<lang>.js, phone-support.js) sit beside it,
 * wherever it is served from: the page's own origin or unpkg and jsdelivr.
 */
const script =
  (document.currentScript as HTMLScriptElement | null)?.src ||
  document.querySelector<HTMLScriptElement>('script[src*="passwordless-login"]')?.src ||
  location.href;

/** The URL of `file` beside the script. */
export function besideScript(file: string): string {
  return new URL(file, script).href;
}
