export declare const MINIBROWSER: string;
export declare const WEBKIT_DRIVER: string;
export declare function checkWebKit(): void;
export declare class WebKitSession {
  /** WebKitGTK's version, as the driver reports it. */
  version: string | undefined;
  navigate(url: string): Promise<void>;
  url(): Promise<string>;
  execute<T = unknown>(script: string, args?: unknown[]): Promise<T>;
  keys(names: string[]): Promise<void>;
  chord(modifier: string, key: string): Promise<void>;
  newTab(): Promise<string>;
  switchTo(handle: string): Promise<void>;
  windowHandle(): Promise<string>;
  windowHandles(): Promise<string[]>;
  closeWindow(): Promise<void>;
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  emulateMedia(media?: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' }): Promise<void>;
  close(): Promise<void>;
}
export declare function launchWebKit(): Promise<WebKitSession>;
