// How this project runs WebKit: Debian's WebKitGTK MiniBrowser (webkit2gtk-driver), driven by
// WebKitWebDriver over classic WebDriver (plain HTTP, no client library), on an Xvfb display
// started here (so it is headless, and its desktop settings are ours to change). Used by the
// widget tests (Web Test Runner launcher in web-test-runner.config.mjs) and the e2e flows.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';

/** Throws a message naming the install command when a piece is missing. */
export function checkWebKit() {
  for (const path of [WEBKIT_DRIVER, MINIBROWSER]) {
    if (!existsSync(path)) {
      throw new Error(
        `WebKit not found at ${path}. Install it with \`apt-get install -y webkit2gtk-driver xvfb\` (Debian).`,
      );
    }
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a free display number (it picks one itself and tells us through fd 3). */
async function startXvfb() {
  if (!existsSync('/usr/bin/Xvfb')) {
    throw new Error('WebKit needs Xvfb. Install it with `apt-get install -y xvfb` (Debian).');
  }
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdio[2].on('data', (chunk) => (stderr += chunk));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr}`)));
    child.once('error', reject);
  });
  return { display, stop: () => child.kill() };
}

/**
 * The display's desktop settings, served by xsettingsd as a desktop would: WebKitGTK takes
 * prefers-color-scheme from the GTK theme name and prefers-reduced-motion from
 * Gtk/EnableAnimations, and follows both live when they change.
 */
class DesktopSettings {
  constructor(display) {
    this.display = display;
    this.dir = mkdtempSync(join(tmpdir(), 'pwl-xsettings-'));
    this.file = join(this.dir, 'xsettingsd.conf');
    this.values = { colorScheme: 'light', reducedMotion: 'no-preference' };
  }

  write() {
    const theme = this.values.colorScheme === 'dark' ? 'Adwaita-dark' : 'Adwaita';
    const animations = this.values.reducedMotion === 'reduce' ? 0 : 1;
    writeFileSync(this.file, `Net/ThemeName "${theme}"\nGtk/EnableAnimations ${animations}\n`);
  }

  async start() {
    this.write();
    if (!existsSync('/usr/bin/xsettingsd')) return; // set() says what to install
    this.child = spawn('xsettingsd', ['-c', this.file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DISPLAY: this.display },
    });
    // Ready once it owns the settings selection (before the browser starts and reads them).
    await new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`xsettingsd did not start: ${err}`)), 10_000);
      this.child.stderr.on('data', (chunk) => {
        err += chunk;
        if (err.includes('Took ownership')) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`xsettingsd exited with ${code}: ${err}`));
      });
    });
    this.child.stderr.resume();
  }

  /** Changes the settings; the caller waits until the page sees them. */
  set(values) {
    if (!this.child) {
      throw new Error('Media emulation in WebKit needs xsettingsd. Install it with `apt-get install -y xsettingsd`.');
    }
    Object.assign(this.values, values);
    this.write();
    this.child.kill('SIGHUP');
  }

  stop() {
    this.child?.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const KEYS = {
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  Backspace: '\uE003',
  Space: '\uE00D',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Shift: '\uE008',
  Control: '\uE009',
};

/** One WebDriver session: a MiniBrowser window, driven through WebKitWebDriver. */
export class WebKitSession {
  constructor(base, id, onClose) {
    this.base = base;
    this.id = id;
    this.onClose = onClose;
  }

  async command(method, path, body) {
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (json.value && json.value.error) {
      throw new Error(`WebDriver ${method} ${path}: ${json.value.error}: ${json.value.message}`);
    }
    return json.value;
  }

  navigate(url) {
    return this.command('POST', '/url', { url });
  }

  url() {
    return this.command('GET', '/url');
  }

  /** Runs `script` (a function body; `arguments` are `args`) in the page and returns its value. */
  execute(script, args = []) {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** Presses keys one after the other, named as in KeyboardEvent.key ('Tab', 'ArrowRight', 'a'). */
  async keys(names) {
    const actions = [];
    for (const name of names) {
      const value = KEYS[name] ?? name;
      actions.push({ type: 'keyDown', value }, { type: 'keyUp', value });
    }
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** Presses `key` while holding `modifier` ('Control', 'Shift'), e.g. Control+v to paste. */
  async chord(modifier, key) {
    const held = KEYS[modifier] ?? modifier;
    const value = KEYS[key] ?? key;
    const actions = [
      { type: 'keyDown', value: held },
      { type: 'keyDown', value },
      { type: 'keyUp', value },
      { type: 'keyUp', value: held },
    ];
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** Opens a new tab and returns its handle (switch with `switchTo`). */
  async newTab() {
    const { handle } = await this.command('POST', '/window/new', { type: 'tab' });
    return handle;
  }

  switchTo(handle) {
    return this.command('POST', '/window', { handle });
  }

  windowHandle() {
    return this.command('GET', '/window');
  }

  windowHandles() {
    return this.command('GET', '/window/handles');
  }

  closeWindow() {
    return this.command('DELETE', '/window');
  }

  /**
   * A PNG (a Buffer) of the viewport (WebDriver's Take Screenshot). Crop it for one element:
   * WebKitGTK answers Take Element Screenshot with a black picture.
   */
  async screenshot() {
    return Buffer.from(await this.command('GET', '/screenshot'), 'base64');
  }

  /**
   * Makes prefers-color-scheme ('light' | 'dark') and prefers-reduced-motion ('reduce' |
   * 'no-preference') report the given values, and waits until the current page sees them.
   */
  async emulateMedia({ colorScheme, reducedMotion } = {}) {
    const values = {};
    if (colorScheme) values.colorScheme = colorScheme;
    if (reducedMotion) values.reducedMotion = reducedMotion;
    if (Object.keys(values).length === 0) return;
    this.settings.set(values);
    const { colorScheme: scheme, reducedMotion: motion } = this.settings.values;
    const query = `(prefers-color-scheme: ${scheme}) and (prefers-reduced-motion: ${motion})`;
    const deadline = Date.now() + 5000;
    while (!(await this.execute('return matchMedia(arguments[0]).matches', [query]))) {
      if (Date.now() > deadline) throw new Error(`WebKit did not switch to ${query}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close() {
    await fetch(`${this.base}/session/${this.id}`, { method: 'DELETE' }).catch(() => undefined);
    await this.onClose();
  }
}

/**
 * Starts Xvfb, its desktop settings and WebKitWebDriver, and opens one session.
 * `close()` on the session stops everything this started.
 */
export async function launchWebKit() {
  checkWebKit();
  const xvfb = await startXvfb();
  const settings = new DesktopSettings(xvfb.display);
  await settings.start();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // WebKitGTK takes navigator.language from the POSIX locale ("C" on a bare CI machine):
    // American English, as the other engines report when headless.
    env: { ...process.env, DISPLAY: xvfb.display, LANG: 'en_US.UTF-8', LC_ALL: '', LANGUAGE: 'en_US' },
  });
  let driverErr = '';
  driver.stderr.on('data', (chunk) => (driverErr += chunk));
  const stop = () => {
    driver.kill();
    settings.stop();
    xvfb.stop();
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const status = await (await fetch(`${base}/status`)).json();
        if (status.value?.ready !== false) break;
      } catch {
        // not listening yet
      }
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driverErr}`);
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not start: ${driverErr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      }),
    });
    const json = await response.json();
    if (!json.value?.sessionId) throw new Error(`WebKitWebDriver refused a session: ${JSON.stringify(json.value)}`);
    const version = json.value.capabilities?.browserVersion;
    const session = new WebKitSession(base, json.value.sessionId, async () => stop());
    session.version = version;
    session.settings = settings;
    return session;
  } catch (error) {
    stop();
    throw error;
  }
}
