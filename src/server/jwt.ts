/**
 * JWT signing on node:crypto: the key is a KeyObject imported once (keys.ts), and each token is one
 * asynchronous `crypto.sign(alg, data, key, callback)`, which runs in libuv's thread pool, off the
 * event loop (threadpool.ts sizes the pool). An RS256 signature (RSA-2048, PKCS#1 v1.5) costs about
 * 0.3 ms of CPU here, an ES256 one about 0.03 ms: signed synchronously, an RS256 ID token held the
 * event loop for most of a token request, so one process answered from one core. Through the thread
 * pool the loop spends ~40 µs per RS256 signature and the rest runs on the other cores; a
 * worker_threads pool measured worse (its postMessage round trip costs more than libuv's queue;
 * `node --import tsx bench/sign.bench.ts`, docs/performance.md). jose signs through WebCrypto, which
 * measured two to three times the CPU per ES256 signature. Verification stays on jose (jwtVerify),
 * which checks what a verifier must; WebCrypto's verify already runs in the same thread pool.
 */
import { sign, type KeyObject } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Encoded headers by kid and typ: a key's header never changes, so it is encoded once. */
const headers = new Map<string, string>();

function encodedHeader(header: { alg: string; kid: string; typ: string }): string {
  const id = `${header.kid}.${header.typ}.${header.alg}`;
  let encoded = headers.get(id);
  if (encoded === undefined) {
    encoded = b64({ alg: header.alg, kid: header.kid, typ: header.typ });
    headers.set(id, encoded);
  }
  return encoded;
}

/**
 * A compact JWS signed with SHA-256: RS256 by an RSA key, ES256 by an EC key (in the JOSE r||s form
 * rather than DER; `dsaEncoding` does not apply to RSA). The signature is made in the thread pool.
 */
export function signJwt(
  header: { alg: string; kid: string; typ: string },
  claims: object,
  key: KeyObject,
): Promise<string> {
  const input = `${encodedHeader(header)}.${b64(claims)}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }, (err, signature) => {
      if (err) reject(err);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
