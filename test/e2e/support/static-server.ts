/**
 * Serves the test pages and the built widget with a strict Content Security Policy:
 * `default-src 'self'`, no `unsafe-inline` anywhere, the API origin allowed for fetch only.
 * A page that works here works on a site with a locked-down CSP.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  readonly origin: string;
  /** Set once the API runs: allowed in `connect-src` and handed to pages by `/config.js`. */
  setApi(apiOrigin: string, clientId: string): void;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** URL prefix → directory, e.g. `{'/dist/': 'dist', '/': 'test/e2e/pages'}`; longest prefix wins. */
  mounts: Record<string, string>;
}

export function cspFor(apiOrigin: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Runs first in every test page (the head of /config.js), for engines whose driver cannot add a
 * script before the page's own or read its console (WebKit over WebDriver): CSP violations,
 * uncaught exceptions, unhandled rejections and console.error calls are kept in sessionStorage
 * (so they survive the tab's redirects) under `e2e-problems`, for the test to read.
 */
export const PAGE_GUARD = `(() => {
  const note = (text) => {
    try {
      const list = JSON.parse(sessionStorage.getItem('e2e-problems') || '[]');
      list.push(location.pathname + ': ' + text);
      sessionStorage.setItem('e2e-problems', JSON.stringify(list));
    } catch {}
  };
  addEventListener('securitypolicyviolation', (e) =>
    note('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')), true);
  addEventListener('error', (e) => note('uncaught exception: ' + ((e.error && e.error.stack) || e.message)));
  addEventListener('unhandledrejection', (e) => note('unhandled rejection: ' + ((e.reason && e.reason.stack) || e.reason)));
  const error = console.error;
  console.error = function (...args) {
    note('console error: ' + args.map(String).join(' '));
    return error.apply(this, args);
  };
})();
`;

export async function startStaticServer({ mounts }: StaticServerOptions): Promise<StaticServer> {
  const roots = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  let api = { origin: 'http://127.0.0.1:1', clientId: '' };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = {
      'content-security-policy': cspFor(api.origin),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    };
    if (url.pathname === '/config.js') {
      // The only way a test page learns the API URL: an external script (inline is forbidden).
      const body = `${PAGE_GUARD}window.E2E_CONFIG = ${JSON.stringify({ domain: api.origin, clientId: api.clientId })};\n`;
      res.writeHead(200, { ...headers, 'content-type': TYPES['.js']! }).end(body);
      return;
    }
    const mount = roots.find(([prefix]) => url.pathname.startsWith(prefix));
    if (!mount) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    const [prefix, dir] = mount;
    let relative = decodeURIComponent(url.pathname.slice(prefix.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(dir, relative));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403, headers).end('forbidden');
      return;
    }
    stat(file)
      .then((info) => {
        if (!info.isFile()) throw new Error('not a file');
        return readFile(file);
      })
      .then((body) => {
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        res.writeHead(200, { ...headers, 'content-type': type }).end(body);
      })
      .catch(() => res.writeHead(404, headers).end('not found'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setApi(apiOrigin, clientId) {
      api = { origin: apiOrigin, clientId };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
