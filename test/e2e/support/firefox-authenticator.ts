/**
 * Firefox with a WebAuthn virtual authenticator. Our Firefox driver, puppeteer-core over WebDriver
 * BiDi, has none: BiDi defines no virtual-authenticator commands (Firefox 153 answers
 * `webauthn.addVirtualAuthenticator` with "unknown command") and Firefox has no CDP. Firefox's
 * Marionette does implement WebDriver's classic WebAuthn extension commands (what geckodriver maps
 * `POST /session/{id}/webauthn/authenticator` to), so Firefox starts here with Marionette on
 * beside BiDi, on a port of its own, and the authenticator commands go there (they need no
 * Marionette session: puppeteer's BiDi session is the one session Firefox allows).
 * `security.webauth.webauthn_enable_softtoken` routes WebAuthn to that virtual authenticator.
 */
import { connect, type Socket } from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { firefoxLaunchOptions } from '../../../scripts/lib/firefox.mjs';
import { freePort } from './net.js';

/** A Marionette connection: `length:JSON` packets, commands `[0, id, name, params]`. */
class Marionette {
  private buffer = Buffer.alloc(0);
  private readonly waiting = new Map<number, (reply: [number, number, unknown, unknown]) => void>();
  private next = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(':');
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString());
        if (this.buffer.length < colon + 1 + length) return;
        const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as unknown;
        this.buffer = this.buffer.subarray(colon + 1 + length);
        // The greeting is an object; replies are [1, id, error, result].
        if (Array.isArray(packet)) this.waiting.get(packet[1] as number)?.(packet as [number, number, unknown, unknown]);
      }
    });
  }

  static async open(port: number): Promise<Marionette> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    return new Marionette(socket);
  }

  async command<T>(name: string, params: object): Promise<T> {
    const id = ++this.next;
    const text = JSON.stringify([0, id, name, params]);
    const reply = new Promise<[number, number, unknown, unknown]>((resolve) => this.waiting.set(id, resolve));
    this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    const [, , error, result] = await reply;
    this.waiting.delete(id);
    if (error) throw new Error(`Marionette ${name}: ${JSON.stringify(error)}`);
    return (result as { value: T }).value;
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface FirefoxAuthenticator {
  readonly id: string;
  credentials(): Promise<{ credentialId: string; isResidentCredential: boolean; rpId: string }[]>;
  setUserVerified(verified: boolean): Promise<void>;
}

/** Firefox (puppeteer-core over BiDi) with one virtual authenticator: resident keys, user verification. */
export async function launchFirefoxWithAuthenticator(): Promise<{
  browser: Browser;
  authenticator: FirefoxAuthenticator;
  close(): Promise<void>;
}> {
  const port = await freePort();
  const options = firefoxLaunchOptions();
  const browser = await puppeteer.launch({
    ...options,
    args: [...(options.args ?? []), '--marionette'],
    extraPrefsFirefox: {
      ...options.extraPrefsFirefox,
      'marionette.port': port,
      'security.webauth.webauthn_enable_softtoken': true,
      'security.webauth.webauthn_enable_usbtoken': false,
    },
  } as Parameters<typeof puppeteer.launch>[0]);
  try {
    const marionette = await Marionette.open(port);
    const id = await marionette.command<string>('WebAuthn:AddVirtualAuthenticator', {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserConsenting: true,
      isUserVerified: true,
    });
    return {
      browser,
      authenticator: {
        id,
        credentials: () => marionette.command('WebAuthn:GetCredentials', { authenticatorId: id }),
        setUserVerified: (isUserVerified) =>
          marionette.command('WebAuthn:SetUserVerified', { authenticatorId: id, isUserVerified }),
      },
      async close() {
        marionette.close();
        // With Marionette on beside BiDi, Firefox may not exit on BiDi's browser.close: give it a
        // few seconds, then end the process, so the test run never waits on a browser left behind.
        const proc = browser.process();
        await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
        if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
