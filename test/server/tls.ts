/**
 * A TLS listener on loopback for tests that need `https://` (Auth0's SDKs build every URL as
 * `https://{domain}`): a fresh self-signed certificate for 127.0.0.1 and localhost made with the openssl CLI,
 * forwarding to a plain HTTP port set once it is known.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

export interface Tls {
  server: TlsServer;
  port: number;
  ca: string;
  /** The private key of `ca` (for another listener with the same certificate). */
  key: string;
  /** Where decrypted connections go (the API's own loopback port). */
  target: { port: number };
}

/** A TLS listener on loopback with a fresh self-signed certificate for 127.0.0.1. */
export async function tlsFront(): Promise<Tls> {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const target = { port: 0 };
    const server = createTlsServer({ key, cert: ca }, (socket) => {
      const upstream = connect(target.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, port: (server.address() as AddressInfo).port, ca, key, target };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
