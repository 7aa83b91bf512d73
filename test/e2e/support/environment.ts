/**
 * Everything one e2e run needs, started once and stopped together: SMTP and SMS receivers, the
 * CSP-strict page server, the API CLI, and Chromium (startServers: all but Chromium).
 */
import type { Browser } from 'playwright-core';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { startApiServer, type ApiServer } from './api-server.js';
import { launchChromium } from './browser.js';
import { BUILD_DIR, DIST_DIR, PAGES_DIR, buildTestPages } from './build-pages.js';

export type Build = 'cdn' | 'es';
/** The test page of each build; both are redirect URIs of the e2e client. */
export const PAGE: Record<Build, string> = { cdn: '/cdn.html', es: '/es.html' };

/** The servers of a run, without a browser (the Firefox and WebKit tests bring their own). */
export interface Servers {
  smtp: SmtpReceiver;
  sms: WebhookReceiver;
  pages: StaticServer;
  api: ApiServer;
  close(): Promise<void>;
}

export interface Environment extends Servers {
  browser: Browser;
}

let pagesBuilt: Promise<void> | undefined;

export interface EnvironmentOptions {
  limits?: Record<string, number>;
  /** More API clients, given the pages' origin (relying parties of the hosted login page). */
  clients?: (pagesOrigin: string) => Record<string, unknown>[];
}

export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const servers = await startServers(options);
  try {
    const browser = await launchChromium();
    return {
      ...servers,
      browser,
      close: async () => {
        await browser.close().catch(() => undefined);
        await servers.close();
      },
    };
  } catch (error) {
    await servers.close();
    throw error;
  }
}

export async function startServers(options: EnvironmentOptions = {}): Promise<Servers> {
  pagesBuilt ??= buildTestPages();
  await pagesBuilt;
  const stops: (() => Promise<unknown>)[] = [];
  const close = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const smtp = await startSmtpReceiver();
    stops.push(() => smtp.close());
    const sms = await startWebhookReceiver();
    stops.push(() => sms.close());
    const pages = await startStaticServer({ mounts: { '/dist/': DIST_DIR, '/build/': BUILD_DIR, '/': PAGES_DIR } });
    stops.push(() => pages.close());
    const api = await startApiServer({
      smtpUrl: smtp.url,
      smsWebhookUrl: sms.url,
      smsWebhookSecret: sms.secret,
      appOrigin: pages.origin,
      redirectPaths: Object.values(PAGE),
      limits: options.limits,
      extraClients: options.clients?.(pages.origin),
    });
    stops.push(() => api.stop());
    pages.setApi(api.origin, api.clientId);
    return { smtp, sms, pages, api, close };
  } catch (error) {
    await close();
    throw error;
  }
}

let unique = 0;
/** A recipient no other test uses (resend limits are per recipient). */
export function uniqueEmail(label: string): string {
  unique += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${unique}@example.com`;
}
