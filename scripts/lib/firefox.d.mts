import type { Browser, LaunchOptions } from 'puppeteer-core';
export declare const FIREFOX_ARGS: string[];
export declare const FIREFOX_PREFS: Record<string, unknown>;
export declare function firefoxPath(): string;
export declare function firefoxLaunchOptions(): LaunchOptions;
export declare function emulateFirefoxMedia(
  browser: Browser,
  media?: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' },
): Promise<void>;
