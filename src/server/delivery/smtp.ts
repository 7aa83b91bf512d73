/** SMTP delivery through nodemailer, configured by a URL (`smtp://user:pass@host:port`, `smtps://…`). */
import nodemailer from 'nodemailer';
import { DeliveryError, type DeliveryProvider } from './types.js';

export function smtpProvider(url: string, from: string, timeoutMs: number): DeliveryProvider {
  const u = new URL(url);
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587,
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // A plain smtp:// URL to loopback means a local relay: no STARTTLS upgrade is attempted.
    ignoreTLS:
      u.protocol === 'smtp:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '::1'),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    pool: true,
    maxConnections: 5,
  });
  return {
    name: 'smtp',
    async send(m, signal) {
      if (signal.aborted) throw new DeliveryError('smtp send aborted');
      try {
        // An address object, never a string nodemailer would parse: the canonical identifier is
        // the envelope recipient as it is.
        await transport.sendMail({
          from: m.from ?? from,
          to: { name: '', address: m.to },
          subject: m.subject,
          text: m.text,
          html: m.html,
        });
      } catch (err) {
        throw new DeliveryError('smtp send failed', { cause: err });
      }
    },
    async close() {
      transport.close();
    },
  };
}
