/**
 * What the user's system says for prefers-color-scheme and prefers-reduced-motion, switched while
 * the page is open in any of the three engines (the pwl-emulate-media command of
 * scripts/lib/wtr-browsers.mjs: Chromium's emulation, Firefox's preferences, WebKitGTK's desktop
 * settings).
 */
import { executeServerCommand } from '@web/test-runner-commands';

export interface MediaFeatures {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

export async function emulateMedia(media: MediaFeatures): Promise<void> {
  await executeServerCommand('pwl-emulate-media', media);
}
