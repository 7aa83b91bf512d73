/**
 * Log lines: the secret-name safety net, one access line per request, and the CLI's batched
 * stdout, which still hands a quiet server's lines over while it runs.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import pino from 'pino';
import { loggerOptions } from '../../src/server/app.js';
import { cliConfig, removeDir, startCli, tempDir } from './cli-process.js';
import { baseConfig, get, startServer, until } from './helpers.js';

it('writes secret-named fields inside logged objects as [redacted], and changes nothing it logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino(loggerOptions(baseConfig()) as pino.LoggerOptions, stream);
  const detail = {
    otp: '123456',
    nested: { refresh_token: 'rt-secret', kept: 'visible' },
    list: [{ link: 'https://x/?verification_code=abc' }],
    headers: { authorization: 'Bearer at-secret', cookie: 'sid=s' },
  };
  log.info({ audit: 'test', code: 'top-level-stays', detail }, 'hello');
  const entry = JSON.parse(lines[0]!);
  assert.equal(entry.code, 'top-level-stays', "a line's own top-level fields are the code's, not secrets");
  assert.deepEqual(entry.detail, {
    otp: '[redacted]',
    nested: { refresh_token: '[redacted]', kept: 'visible' },
    list: [{ link: '[redacted]' }],
    headers: { authorization: '[redacted]', cookie: '[redacted]' },
  });
  assert.equal(detail.otp, '123456', 'the logged object itself is left as it was');
  assert.equal(detail.nested.refresh_token, 'rt-secret');
});

it('writes one access line per request, when it is answered, without the query string', async () => {
  const s = await startServer();
  try {
    await get(`${s.url}/.well-known/openid-configuration?probe=secret-value`);
    const entries = s.logs.flatMap((l) => l.split('\n').filter(Boolean)).map((l) => JSON.parse(l));
    assert.equal(entries.filter((e) => e.msg === 'incoming request').length, 0);
    const done = entries.filter((e) => e.msg === 'request completed');
    assert.equal(done.length, 1);
    assert.equal(done[0].req.method, 'GET');
    assert.equal(done[0].req.url, '/.well-known/openid-configuration');
    assert.equal(done[0].res.statusCode, 200);
    assert.equal(typeof done[0].responseTime, 'number');
    assert.equal(s.logs.join('').includes('secret-value'), false);
  } finally {
    await s.close();
  }
});

it('the CLI writes the access line of a lone request to stdout while it runs, not only on exit', async () => {
  // Lines go out in 8 KiB batches; one request's line is far less, and must not wait for more.
  const dir = tempDir('log-flush');
  const server = await startCli(dir, cliConfig(dir));
  try {
    const res = await fetch(`${server.url}/.well-known/jwks.json?probe=1`);
    assert.equal(res.status, 200);
    await until(
      () => server.proc.output().includes('"url":"/.well-known/jwks.json"'),
      'the access line of the request on stdout',
    );
    assert.equal(server.proc.child.exitCode, null, 'the server is still running');
  } finally {
    await server.cleanup();
    removeDir(dir);
  }
});
