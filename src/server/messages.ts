import type { Connection } from '../protocol/index.js';
import type { OutgoingMessage } from './delivery/types.js';

/**
 * Message texts. Templates are data: each language is one entry of MESSAGES, so adding a language
 * is adding an entry (no code change). `{app}`, `{code}`, `{minutes}`, `{link_minutes}` are filled in.
 */
export interface MessageTexts {
  emailSubject: string;
  emailIntro: string;
  emailCodeLine: string;
  emailLinkIntro: string;
  emailLinkButton: string;
  emailLinkExpiry: string;
  emailIgnore: string;
  sms: string;
  /** disable_signup: sent instead of a code when no account exists (reveals nothing to the requester). */
  noAccountSubject: string;
  noAccountBody: string;
}

export const MESSAGES: Record<string, MessageTexts> = {
  en: {
    emailSubject: 'Your {app} verification code: {code}',
    emailIntro: 'Use this code to sign in to {app}:',
    emailCodeLine: 'The code expires in {minutes} minutes.',
    emailLinkIntro: 'Or sign in with one click:',
    emailLinkButton: 'Sign in to {app}',
    emailLinkExpiry: 'The link works for {link_minutes} minutes, once, in the browser where you asked for it.',
    emailIgnore: 'If you did not ask to sign in, you can ignore this message.',
    sms: '{code} is your {app} verification code. It expires in {minutes} minutes.',
    noAccountSubject: 'Sign-in attempt at {app}',
    noAccountBody:
      'Someone asked to sign in to {app} with this address, but it has no account there. If it was not you, you can ignore this message.',
  },
  fr: {
    emailSubject: 'Votre code de vérification {app} : {code}',
    emailIntro: 'Utilisez ce code pour vous connecter à {app} :',
    emailCodeLine: 'Le code expire dans {minutes} minutes.',
    emailLinkIntro: 'Ou connectez-vous en un clic :',
    emailLinkButton: 'Se connecter à {app}',
    emailLinkExpiry:
      'Le lien fonctionne pendant {link_minutes} minutes, une seule fois, dans le navigateur où vous l’avez demandé.',
    emailIgnore: 'Si vous n’avez pas demandé à vous connecter, ignorez ce message.',
    sms: '{code} est votre code de vérification {app}. Il expire dans {minutes} minutes.',
    noAccountSubject: 'Tentative de connexion à {app}',
    noAccountBody:
      'Quelqu’un a demandé à se connecter à {app} avec cette adresse, mais elle n’y a pas de compte. Si ce n’était pas vous, ignorez ce message.',
  },
  de: {
    emailSubject: 'Ihr {app}-Bestätigungscode: {code}',
    emailIntro: 'Mit diesem Code melden Sie sich bei {app} an:',
    emailCodeLine: 'Der Code läuft in {minutes} Minuten ab.',
    emailLinkIntro: 'Oder melden Sie sich mit einem Klick an:',
    emailLinkButton: 'Bei {app} anmelden',
    emailLinkExpiry: 'Der Link gilt {link_minutes} Minuten, einmal, in dem Browser, in dem Sie ihn angefordert haben.',
    emailIgnore: 'Wenn Sie keine Anmeldung angefordert haben, ignorieren Sie diese Nachricht.',
    sms: '{code} ist Ihr {app}-Bestätigungscode. Er läuft in {minutes} Minuten ab.',
    noAccountSubject: 'Anmeldeversuch bei {app}',
    noAccountBody:
      'Jemand wollte sich mit dieser Adresse bei {app} anmelden, aber dort gibt es kein Konto dafür. Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.',
  },
  es: {
    emailSubject: 'Tu código de verificación de {app}: {code}',
    emailIntro: 'Usa este código para iniciar sesión en {app}:',
    emailCodeLine: 'El código caduca en {minutes} minutos.',
    emailLinkIntro: 'O inicia sesión con un clic:',
    emailLinkButton: 'Iniciar sesión en {app}',
    emailLinkExpiry: 'El enlace funciona durante {link_minutes} minutos, una vez, en el navegador donde lo pediste.',
    emailIgnore: 'Si no pediste iniciar sesión, ignora este mensaje.',
    sms: '{code} es tu código de verificación de {app}. Caduca en {minutes} minutos.',
    noAccountSubject: 'Intento de inicio de sesión en {app}',
    noAccountBody:
      'Alguien pidió iniciar sesión en {app} con esta dirección, pero no tiene cuenta allí. Si no fuiste tú, ignora este mensaje.',
  },
};

export const FALLBACK_LOCALE = 'en';

/**
 * Picks a supported language: `x-request-language` first (Auth0's header), then the best
 * `accept-language` entry by q-value, then English. Region subtags fall back to the base language.
 */
export function pickLocale(requestLanguage: string | undefined, acceptLanguage: string | undefined): string {
  const candidates: { tag: string; q: number }[] = [];
  if (requestLanguage) candidates.push({ tag: requestLanguage, q: 2 });
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (tag && Number.isFinite(q) && q > 0) candidates.push({ tag, q });
  }
  candidates.sort((a, b) => b.q - a.q);
  for (const { tag } of candidates) {
    const lower = tag.trim().toLowerCase();
    if (hasMessages(lower)) return lower;
    const base = lower.split('-')[0]!;
    if (hasMessages(base)) return base;
  }
  return FALLBACK_LOCALE;
}

/**
 * Header values are attacker-chosen: `constructor` or `__proto__` is `in` every object. Only the
 * table's own keys count.
 */
function hasMessages(tag: string): boolean {
  return Object.hasOwn(MESSAGES, tag);
}

/** The texts of a supported locale, English for anything else (never an inherited property). */
function textsFor(locale: string): MessageTexts {
  return hasMessages(locale) ? MESSAGES[locale]! : MESSAGES[FALLBACK_LOCALE]!;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : m));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderInput {
  locale: string;
  appName: string;
  code: string;
  codeTtlSeconds: number;
  link?: string;
  linkTtlSeconds?: number;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const minutes = (s: number) => String(Math.max(1, Math.round(s / 60)));

export function renderEmail(input: RenderInput): EmailContent {
  const t = textsFor(input.locale);
  const vars = {
    app: input.appName,
    code: input.code,
    minutes: minutes(input.codeTtlSeconds),
    link_minutes: minutes(input.linkTtlSeconds ?? input.codeTtlSeconds),
  };
  const f = (s: string) => fill(s, vars);
  const text = [f(t.emailIntro), '', input.code, '', f(t.emailCodeLine)];
  const h = (s: string) => escapeHtml(f(s));
  const html = [
    `<!doctype html><html lang="${escapeHtml(input.locale)}"><body style="font-family:system-ui,sans-serif;line-height:1.5">`,
    `<p>${h(t.emailIntro)}</p>`,
    `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(input.code)}</p>`,
    `<p>${h(t.emailCodeLine)}</p>`,
  ];
  if (input.link) {
    text.push('', f(t.emailLinkIntro), input.link, f(t.emailLinkExpiry));
    html.push(
      `<p>${h(t.emailLinkIntro)}</p>`,
      `<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 18px;background:#1a56db;color:#fff;text-decoration:none;border-radius:6px">${h(t.emailLinkButton)}</a></p>`,
      `<p>${h(t.emailLinkExpiry)}</p>`,
    );
  }
  text.push('', f(t.emailIgnore));
  html.push(`<p style="color:#555">${h(t.emailIgnore)}</p>`, '</body></html>');
  return { subject: f(t.emailSubject), text: text.join('\n'), html: html.join('\n') };
}

export function renderNoAccountEmail(locale: string, appName: string): EmailContent {
  const t = textsFor(locale);
  const body = fill(t.noAccountBody, { app: appName });
  return {
    subject: fill(t.noAccountSubject, { app: appName }),
    text: body,
    html: `<!doctype html><html lang="${escapeHtml(locale)}"><body><p>${escapeHtml(body)}</p></body></html>`,
  };
}

/** SMS text; the last line is the WebOTP origin-bound line `@host #code`. */
export function renderSms(input: RenderInput & { originHost: string | null }): string {
  const t = textsFor(input.locale);
  const body = fill(t.sms, { app: input.appName, code: input.code, minutes: minutes(input.codeTtlSeconds) });
  return input.originHost ? `${body}\n\n@${input.originHost} #${input.code}` : body;
}

export interface MessageInput {
  channel: Connection;
  /** Email address or E.164 number. */
  to: string;
  client_id: string;
  locale: string;
  appName: string;
  /** The one-time code; null when the recipient has no account (disable_signup): a notice instead. */
  code: string | null;
  codeTtlSeconds: number;
  /** The magic link, when one was asked for (email only). */
  link?: string;
  linkTtlSeconds: number;
  /** SMS only: the host of the WebOTP line. */
  originHost: string | null;
}

/** The whole message a start request sends: a code (and link), or the no-account notice. */
export function composeMessage(input: MessageInput): OutgoingMessage {
  const { channel, to, client_id, locale, appName, code } = input;
  const base = { channel, to, client_id, locale };
  if (code === null) {
    const notice = renderNoAccountEmail(locale, appName);
    return channel === 'email' ? { ...base, ...notice, code: '' } : { ...base, text: notice.text, code: '' };
  }
  const ttl = { locale, appName, code, codeTtlSeconds: input.codeTtlSeconds };
  if (channel === 'sms') return { ...base, code, text: renderSms({ ...ttl, originHost: input.originHost }) };
  const email = renderEmail({ ...ttl, link: input.link, linkTtlSeconds: input.linkTtlSeconds });
  return input.link ? { ...base, ...email, code, link: input.link } : { ...base, ...email, code };
}
