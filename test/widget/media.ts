/**
 * What the user's system says for prefers-color-scheme and prefers-reduced-motion, switched while
 * the page is open in any of the three engines (the pwl-emulate-media command of
 * scripts/lib/wtr-browsers.mjs: Chromium's emulation, Firefox's preferences, WebKitGTK's desktop
 * settings).
 */
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

export interface MediaFeatures {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

/**
 * Switches the features and resolves once the page sees them. Firefox applies a preference change
 * to the content process a little later than the command returns, so a style read right after it
 * could still see the old value (it failed that way once in CI).
 */
export async function emulateMedia(media: MediaFeatures): Promise<void> {
  await executeServerCommand('pwl-emulate-media', media);
  const queries = [
    media.colorScheme && `(prefers-color-scheme: ${media.colorScheme})`,
    media.reducedMotion && `(prefers-reduced-motion: ${media.reducedMotion})`,
  ].filter((q): q is string => !!q);
  await waitUntil(() => queries.every((q) => matchMedia(q).matches), `media never matched: ${queries.join(' and ')}`, {
    timeout: 5000,
  });
  await new Promise(requestAnimationFrame);
}
