import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { DeliveryProvider } from '../../src/server/delivery/index.js';
import { putTemplate } from '../../src/server/email/templates.js';
import { otpLogin, startEmail, startServer, startSms, wrongCode } from './helpers.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The connection it came on. */
  socket: unknown;
}

async function receiver(handler: (r: Received, res: ServerResponse) => void) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body, socket: req.socket };
      got.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    got,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('SMTP delivery through a real SMTP server', () => {
  const mails: { from: string; to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let port = 0;
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c) => (data += c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    port = (smtp.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => smtp.close(() => r())));

  it('sends HTML and text with the code; the code signs in', async () => {
    const s = await startServer({
      email: { provider: 'smtp', url: `smtp://127.0.0.1:${port}`, from: 'Demo <login@example.com>' },
    });
    try {
      const res = await startEmail(s, 'smtp@example.com');
      assert.equal(res.status, 200);
      const mail = mails.at(-1)!;
      assert.deepEqual(mail.to, ['smtp@example.com']);
      assert.equal(mail.from, 'login@example.com');
      assert.match(mail.data, /Content-Type: text\/plain/i);
      assert.match(mail.data, /Content-Type: text\/html/i);
      const code = /\n([0-9]{6})\r?\n/.exec(mail.data)![1]!;
      assert.equal((await otpLogin(s, 'smtp@example.com', code)).status, 200);
      assert.equal((await s.outbox()).length, 0, 'nothing went to the dev outbox');
    } finally {
      await s.close();
    }
  });

  it("sends a custom template's sender and HTML, with the built-in text part", async () => {
    const s = await startServer({
      email: { provider: 'smtp', url: `smtp://127.0.0.1:${port}`, from: 'Demo <login@example.com>' },
    });
    try {
      await putTemplate(s.store, {
        template: 'verify_email_by_code',
        body: '<p id="custom">{{ code }}</p>',
        subject: 'Code for {{ application.name }}',
        from: 'Brand <brand@example.com>',
        syntax: 'liquid',
        enabled: true,
      });
      assert.equal((await startEmail(s, 'brand@example.com')).status, 200);
      const mail = mails.at(-1)!;
      assert.equal(mail.from, 'brand@example.com');
      assert.match(mail.data, /Subject: Code for Demo App/);
      assert.match(mail.data, /<p id="custom">[0-9]{6}<\/p>/, 'the custom HTML');
      assert.match(mail.data, /Content-Type: text\/plain/i);
    } finally {
      await s.close();
    }
  });

  it('answers email_provider_error when the SMTP server is unreachable, and the code is dead', async () => {
    const s = await startServer({
      email: { provider: 'smtp', url: 'smtp://127.0.0.1:1', from: 'x@example.com', timeout_ms: 2000 },
    });
    try {
      const res = await startEmail(s, 'down@example.com');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'email_provider_error');
    } finally {
      await s.close();
    }
  });
});

describe('SMS through a webhook receiver', () => {
  it('POSTs signed JSON; the signature verifies and the code signs in', async () => {
    const hook = await receiver((_r, res) => res.end('ok'));
    const secret = 'webhook-secret-0123456789';
    const s = await startServer({ sms: { provider: 'webhook', url: `${hook.url}/sms`, secret } });
    try {
      const res = await startSms(
        s,
        '+14155550111',
        {},
        { origin: 'http://localhost:5173', 'x-request-language': 'es' },
      );
      assert.equal(res.status, 200);
      const r = hook.got[0]!;
      assert.equal(r.url, '/sms');
      assert.equal(r.headers['content-type'], 'application/json');
      const ts = r.headers['x-passwordless-timestamp'] as string;
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex');
      const sig = r.headers['x-passwordless-signature'] as string;
      assert.ok(timingSafeEqual(Buffer.from(sig), Buffer.from(expected)), 'signature verifies');
      const payload = JSON.parse(r.body);
      assert.equal(payload.channel, 'sms');
      assert.equal(payload.to, '+14155550111');
      assert.equal(payload.locale, 'es');
      assert.match(payload.code, /^[0-9]{6}$/);
      assert.ok(payload.text.endsWith(`@localhost #${payload.code}`));
      assert.equal((await otpLogin(s, '+14155550111', payload.code)).status, 200);
    } finally {
      await s.close();
      await hook.close();
    }
  });

  it('email through a webhook carries the link for send=link', async () => {
    const hook = await receiver((_r, res) => res.end('ok'));
    const s = await startServer({ email: { provider: 'webhook', url: hook.url, secret: 'webhook-secret-0123456789' } });
    try {
      const res = await startEmail(s, 'hook@example.com', {
        send: 'link',
        authParams: {
          response_type: 'code',
          redirect_uri: 'http://localhost:5173/callback.html',
          state: 's',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        },
      });
      assert.equal(res.status, 200);
      const payload = JSON.parse(hook.got[0]!.body);
      assert.ok(payload.link.startsWith(`${s.url}/passwordless/verify_redirect?`));
      assert.match(payload.code, /^[0-9]{6}$/);
    } finally {
      await s.close();
      await hook.close();
    }
  });

  it('keeps the connection to the webhook open between messages', async () => {
    const hook = await receiver((_r, res) => res.end('ok'));
    const sockets = new Set<unknown>();
    const s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      sms: { provider: 'webhook', url: hook.url, secret: 'webhook-secret-0123456789' },
    });
    try {
      for (const n of ['+14155550121', '+14155550122', '+14155550123']) {
        assert.equal((await startSms(s, n)).status, 200);
      }
      assert.equal(hook.got.length, 3);
      for (const r of hook.got) sockets.add(r.socket);
      assert.equal(sockets.size, 1, 'three messages, one connection');
    } finally {
      await s.close();
      await hook.close();
    }
  });

  it('a webhook answering 500 gives sms_provider_error and leaves no usable code', async () => {
    const hook = await receiver((_r, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    const s = await startServer({ sms: { provider: 'webhook', url: hook.url, secret: 'webhook-secret-0123456789' } });
    try {
      const res = await startSms(s, '+14155550112');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'sms_provider_error');
      const code = JSON.parse(hook.got[0]!.body).code;
      const login = await otpLogin(s, '+14155550112', code);
      assert.equal(login.status, 403, 'the code of a failed delivery is dead');
    } finally {
      await s.close();
      await hook.close();
    }
  });
});

describe('SMS through a fake Twilio', () => {
  it('POSTs form-encoded To/From/Body with Basic auth to the Messages endpoint', async () => {
    const twilio = await receiver((_r, res) => {
      res.statusCode = 201;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ sid: 'SM123', status: 'queued' }));
    });
    const s = await startServer({
      sms: {
        provider: 'twilio',
        account_sid: 'AC0123456789',
        auth_token: 'tok',
        from: '+15005550006',
        base_url: twilio.url,
      },
    });
    try {
      assert.equal((await startSms(s, '+14155550113')).status, 200);
      const r = twilio.got[0]!;
      assert.equal(r.method, 'POST');
      assert.equal(r.url, '/2010-04-01/Accounts/AC0123456789/Messages.json');
      assert.equal(r.headers.authorization, 'Basic ' + Buffer.from('AC0123456789:tok').toString('base64'));
      assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
      const form = new URLSearchParams(r.body);
      assert.equal(form.get('To'), '+14155550113');
      assert.equal(form.get('From'), '+15005550006');
      const code = /#([0-9]{6})$/.exec(form.get('Body')!)![1]!;
      assert.equal((await otpLogin(s, '+14155550113', code)).status, 200);
    } finally {
      await s.close();
      await twilio.close();
    }
  });

  it('a Twilio error answer gives sms_provider_error', async () => {
    const twilio = await receiver((_r, res) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number." }));
    });
    const s = await startServer({
      sms: { provider: 'twilio', account_sid: 'AC1', auth_token: 't', from: '+15005550006', base_url: twilio.url },
    });
    try {
      const res = await startSms(s, '+14155550114');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'sms_provider_error');
      assert.ok(
        s.logs.some((l) => l.includes('21211')),
        'the provider reason is logged',
      );
    } finally {
      await s.close();
      await twilio.close();
    }
  });
});

describe('failing and hanging providers', () => {
  it('a provider that throws → email_provider_error; the code is invalidated', async () => {
    let sent = '';
    const failing: DeliveryProvider = {
      name: 'failing',
      async send(m) {
        sent = m.code;
        throw new Error('mail relay refused');
      },
    };
    const s = await startServer({}, { delivery: { email: failing } });
    try {
      const res = await startEmail(s, 'fail@example.com');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'email_provider_error');
      assert.equal((await otpLogin(s, 'fail@example.com', sent)).status, 403);
    } finally {
      await s.close();
    }
  });

  it('a provider that hangs is cut off by the timeout → sms_provider_error', async () => {
    let sent = '';
    let aborted = false;
    const hanging: DeliveryProvider = {
      name: 'hanging',
      send(m, signal) {
        sent = m.code;
        signal.addEventListener('abort', () => (aborted = true));
        return new Promise(() => {});
      },
    };
    const s = await startServer({ sms: { provider: 'outbox', timeout_ms: 300 } }, { delivery: { sms: hanging } });
    try {
      const res = await startSms(s, '+14155550115');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'sms_provider_error');
      assert.equal(aborted, true, 'the provider was told to abort');
      assert.equal((await otpLogin(s, '+14155550115', sent)).status, 403);
    } finally {
      await s.close();
    }
  });

  it('a webhook that never answers is cut off by the timeout, and the next message goes out', async () => {
    // The first message hangs; later ones are answered.
    const hook = await receiver((r, res) => {
      if (!r.body.includes('hang@example.com')) res.end('ok');
    });
    const s = await startServer({
      email: { provider: 'webhook', url: hook.url, secret: 'webhook-secret-0123456789', timeout_ms: 300 },
    });
    try {
      const res = await startEmail(s, 'hang@example.com');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'email_provider_error');
      assert.ok(
        s.logs.some((l) => l.includes('send.failed') && l.includes('webhook did not answer within 300 ms')),
        'the timeout is the logged reason',
      );
      const code = JSON.parse(hook.got[0]!.body).code;
      assert.equal((await otpLogin(s, 'hang@example.com', code)).status, 403, 'the code of the lost message is dead');
      assert.equal((await startEmail(s, 'next@example.com')).status, 200);
      assert.equal(hook.got.length, 2);
    } finally {
      await s.close();
      await hook.close();
    }
  });

  it('a Twilio that never answers is cut off by the timeout', async () => {
    const twilio = await receiver(() => {
      /* never answers */
    });
    const s = await startServer({
      sms: {
        provider: 'twilio',
        account_sid: 'AC1',
        auth_token: 't',
        from: '+15005550006',
        base_url: twilio.url,
        timeout_ms: 300,
      },
    });
    try {
      const res = await startSms(s, '+14155550116');
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'sms_provider_error');
      assert.ok(s.logs.some((l) => l.includes('twilio did not answer within 300 ms')));
    } finally {
      await s.close();
      await twilio.close();
    }
  });
});

describe('audit log', () => {
  it('has start, send, verify ok/fail and lockout lines, and never a code, token, link or secret', async () => {
    const s = await startServer({ limits: { max_consecutive_failures: 2, starts_per_ip_per_hour: 1000 } });
    try {
      await startEmail(s, 'log@example.com');
      const code = await s.lastCode('log@example.com');
      const ok = await otpLogin(s, 'log@example.com', code, { scope: 'openid offline_access' });
      s.clock.advance(61);
      await startEmail(s, 'log@example.com', {
        send: 'link',
        authParams: {
          redirect_uri: 'http://localhost:5173/callback.html',
          state: 'st',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        },
      });
      const [linkMsg] = await s.outbox();
      await fetch(linkMsg!.link!, { redirect: 'manual' });
      await otpLogin(s, 'log@example.com', wrongCode(linkMsg!.code));
      await otpLogin(s, 'log@example.com', wrongCode(linkMsg!.code));
      const text = s.logs.join('');
      for (const audit of ['start', 'send', 'verify.ok', 'verify.fail', 'lockout', 'link.open']) {
        assert.ok(text.includes(`"audit":"${audit}"`), `audit line ${audit}`);
      }
      const token = new URL(linkMsg!.link!).searchParams.get('verification_code')!;
      for (const secret of [
        code,
        linkMsg!.code,
        token,
        ok.body.access_token,
        ok.body.id_token,
        ok.body.refresh_token,
        'test-secret-test-secret',
      ]) {
        assert.equal(text.includes(secret), false, `log leaks ${secret.slice(0, 12)}…`);
      }
    } finally {
      await s.close();
    }
  });
});
