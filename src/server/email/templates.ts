/**
 * Custom email templates, in the shape of Auth0's Management API (`/api/v2/email-templates`):
 * a Liquid body (HTML) and subject per message, a sender, and a switch. The Liquid engine is
 * liquidjs (Auth0's own template language, a kept library) set up to be safe with text the
 * operator did not write: every `{{ }}` output is HTML-escaped (`outputEscape: 'escape'`; `| raw`
 * opts out), there is no file access (no `include`, `render` or `layout` tag, and an empty
 * in-memory file system behind them), filters must exist, only own properties are read, and
 * parsing and rendering have time and memory limits.
 *
 * A template is checked when it is saved (parsed, then rendered once with sample values in every
 * shape a message can take): a broken one is refused with its line and the reason, so sending
 * never meets one. Each template is one record of the store (`putRecord` of kind
 * `email_template`), so SQLite, Redis and PostgreSQL keep them alike. A send reads them through a
 * short in-process cache (../read-cache.ts): a change applies to the next email of the process
 * that stored it, and within a second to every other's, with no restart. The Management API reads
 * the store itself.
 */
import { Type, type Static } from '@sinclair/typebox';
import { createRequire } from 'node:module';
import type { Liquid, Template } from 'liquidjs';
import type { RecordStore } from '../store/types.js';
import { invalidBody, notFound } from '../errors.js';
import { sameCode, type SchemaErrorTable } from '../request-schema.js';
import { ReadCache } from '../read-cache.js';

/** Our messages under Auth0's template names where one fits (docs/emails.md). */
export const TEMPLATE_NAMES = ['verify_email_by_code', 'verify_email', 'passwordless_no_account'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
export const isTemplateName = (s: string): s is TemplateName => (TEMPLATE_NAMES as readonly string[]).includes(s);

/** One template as the API answers it (Auth0's fields). */
export interface EmailTemplate {
  template: TemplateName;
  body: string;
  subject: string;
  from: string;
  syntax: 'liquid';
  enabled: boolean;
}

/** The enabled templates a message may use, by name. */
export type CustomTemplates = Partial<Record<TemplateName, EmailTemplate>>;

const RECORD_KIND = 'email_template';
/** Templates never expire (9999-12-31); the records table's purge leaves them alone. */
const FOREVER = 253_402_300_799_000;
const MAX_BODY = 100_000;
const MAX_SUBJECT = 1_000;

const LIMITS = { parseLimit: 200_000, renderLimit: 500, memoryLimit: 10_000_000 };

function engine(LiquidEngine: typeof Liquid, escape: boolean): Liquid {
  const liquid = new LiquidEngine({
    ...LIMITS,
    // No file system: nothing to include, and the tags that would read one are gone (below).
    templates: {},
    relativeReference: false,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escape ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete (liquid.tags as Record<string, unknown>)[tag];
  return liquid;
}

/**
 * The body is HTML: outputs escaped. The subject is a header: plain text, no escaping. liquidjs is
 * loaded (its CommonJS build, synchronously) when the first template is checked or sent: a server
 * with no custom template never holds it (about 1.2 MiB of heap).
 */
let engines: { html: Liquid; text: Liquid } | undefined;
function liquidEngines(): { html: Liquid; text: Liquid } {
  if (!engines) {
    const { Liquid: LiquidEngine } = createRequire(import.meta.url)('liquidjs') as typeof import('liquidjs');
    engines = { html: engine(LiquidEngine, true), text: engine(LiquidEngine, false) };
  }
  return engines;
}

/** Parsed templates by source, so a send parses nothing (bounded: the sources are the stored templates). */
const parsed = new Map<string, Template[]>();
function parse(liquid: Liquid, source: string): Template[] {
  const key = (liquid === liquidEngines().html ? 'h' : 't') + source;
  let t = parsed.get(key);
  if (!t) {
    if (parsed.size >= 100) parsed.clear();
    t = liquid.parse(source);
    parsed.set(key, t);
  }
  return t;
}

/** What a Liquid error says, with its line: `line 3: tag "foo" not found`. */
function describe(field: string, err: unknown): string {
  const e = err as { message?: string; token?: { getPosition?: () => [number, number] } };
  const pos = e.token?.getPosition?.();
  // liquidjs appends ", line:3, col:5" to its messages; the position is said once, in front.
  const reason = String(e.message ?? err)
    .replace(/, line:\d+, col:\d+$/, '')
    .split('\n')[0]!
    .slice(0, 300);
  const line = pos?.[0] ?? Number(/line:(\d+)/.exec(String(e.message))?.[1] ?? NaN);
  return Number.isFinite(line) ? `${field}, line ${line}: ${reason}` : `${field}: ${reason}`;
}

/** Sample values in the shapes a message's variables take (docs/emails.md lists them). */
export function sampleVariables(name: TemplateName): Record<string, unknown> {
  const link = name === 'verify_email' ? 'https://login.example.com/passwordless/verify_redirect?x=1' : '';
  return {
    application: { name: 'Example', client_id: 'client', clientID: 'client', logo_url: 'https://example.com/l.png' },
    branding: { logo_url: 'https://example.com/l.png', primary_color: '#1a56db', page_background: '#f4f5f7' },
    code: name === 'passwordless_no_account' ? '' : '123456',
    link,
    url: link,
    email: 'someone@example.com',
    locale: 'en',
    request_language: 'en',
    minutes: 5,
    link_minutes: 15,
    texts: Object.fromEntries(
      [
        'subject',
        'intro',
        'code_line',
        'link_intro',
        'link_button',
        'link_expiry',
        'link_fallback',
        'why',
        'ignore',
      ].map((k) => [k, `sample ${k}`]),
    ),
  };
}

/**
 * Checks a template's body and subject: each must parse and render with the sample values.
 * Throws a 400 (`invalid_body`) naming the field, the line and the reason.
 */
export function checkTemplate(t: Pick<EmailTemplate, 'template' | 'body' | 'subject'>): void {
  const vars = sampleVariables(t.template);
  const { html, text } = liquidEngines();
  for (const [field, liquid, source] of [
    ['body', html, t.body],
    ['subject', text, t.subject],
  ] as const) {
    let tpl: Template[];
    try {
      tpl = liquid.parse(source);
    } catch (err) {
      throw invalidBody(`The template's ${describe(field, err)}`);
    }
    try {
      liquid.renderSync(tpl, vars);
    } catch (err) {
      throw invalidBody(`The template's ${describe(field, err)}`);
    }
  }
}

const Str = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/**
 * The fields of a template body (PUT, PATCH; POST names the template as well). `resultUrl`,
 * `urlLifetimeInSeconds` and `includeEmailInRedirect` are Auth0's fields for verification links,
 * which these messages do not have: accepted and ignored.
 */
const TEMPLATE_FIELDS = {
  template: Str(100),
  body: Str(MAX_BODY),
  subject: Str(MAX_SUBJECT),
  from: Str(320),
  syntax: Str(20),
  enabled: Type.Optional(Type.Boolean()),
  resultUrl: Type.Optional(Type.Unknown()),
  urlLifetimeInSeconds: Type.Optional(Type.Unknown()),
  includeEmailInRedirect: Type.Optional(Type.Unknown()),
};
export const TemplateBody = Type.Object(TEMPLATE_FIELDS, { additionalProperties: false });
export type TemplateBody = Static<typeof TemplateBody>;
/** POST's body: the template's name is required, and an unknown name is a 404, not too long. */
export const NewTemplateBody = Type.Object(
  { ...TEMPLATE_FIELDS, template: Type.String() },
  { additionalProperties: false },
);

/** The path's template name; another name is a 404. */
export const TemplateParams = Type.Object({
  templateName: Type.Unsafe<TemplateName>({ type: 'string', enum: [...TEMPLATE_NAMES] }),
});

const UNKNOWN_NAME = `No email template of that name; the names are ${TEMPLATE_NAMES.join(', ')}.`;
const FIELD_LIMITS = { template: 100, syntax: 20, from: 320, body: MAX_BODY, subject: MAX_SUBJECT };

/** How a body (or path) that does not fit the schemas above is answered, in the order it is checked. */
export const TEMPLATE_ERRORS: SchemaErrorTable = {
  fields: [
    ['templateName', { code: 'not_found', status: 404 }],
    ...sameCode('invalid_body', 'template', 'syntax', 'enabled', 'from', 'body', 'subject'),
  ],
  unknown: { code: 'invalid_body' },
  root: 'The body must be a JSON object.',
  unknownMessage: (names) => `Unknown properties: ${names.join(', ')}`,
  messages: {
    'templateName.enum': UNKNOWN_NAME,
    'enabled.type': 'enabled must be a boolean.',
    ...Object.fromEntries(
      Object.entries(FIELD_LIMITS).map(([k, max]) => [`${k}.maxLength`, `${k} is longer than ${max} characters.`]),
    ),
  },
};
/** POST's: a body without a template name (or not an object) is answered as a missing name. */
export const NEW_TEMPLATE_ERRORS: SchemaErrorTable = {
  ...TEMPLATE_ERRORS,
  root: 'Missing required property: template',
  messages: {
    ...TEMPLATE_ERRORS.messages,
    'template.required': 'Missing required property: template',
    'template.type': 'Missing required property: template',
  },
};

/** The template's name, from a POST body; another name is a 404. */
export function templateNameOf(raw: string): TemplateName {
  if (!isTemplateName(raw)) throw notFound(UNKNOWN_NAME);
  return raw;
}

/**
 * A template from a body over `current` (a PATCH), or a new one (POST, PUT: `body` and `enabled`
 * needed), with the Liquid checked; the body's shape was checked by TemplateBody.
 */
export function readTemplate(name: TemplateName, body: TemplateBody, current: EmailTemplate | null): EmailTemplate {
  const { template, syntax, from } = body;
  if (template !== undefined && template !== name) {
    throw invalidBody(`template must be the name in the path (${name}).`);
  }
  if (syntax !== undefined && syntax !== 'liquid') throw invalidBody('syntax must be liquid.');
  // A sender is one address, or a name and an address; no header may be smuggled in.
  if (
    from !== undefined &&
    from !== '' &&
    (/[\r\n\0]/.test(from) || !/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(from))
  ) {
    throw invalidBody('from must be an email address, or a name and an address in angle brackets.');
  }
  const base = current ?? {
    template: name,
    body: '',
    subject: '',
    from: '',
    syntax: 'liquid' as const,
    enabled: false,
  };
  const next: EmailTemplate = {
    template: name,
    body: body.body ?? base.body,
    subject: body.subject ?? base.subject,
    from: from ?? base.from,
    syntax: 'liquid',
    enabled: body.enabled ?? base.enabled,
  };
  if (!current) {
    const missing = (['body', 'enabled'] as const).filter((k) => body[k] === undefined);
    if (missing.length) throw invalidBody(`Missing required properties: ${missing.join(', ')}`);
  }
  if (next.body.trim() === '') throw invalidBody('body must not be empty.');
  checkTemplate(next);
  return next;
}

export async function getTemplate(store: RecordStore, name: TemplateName, now: number): Promise<EmailTemplate | null> {
  const raw = await store.getRecord(RECORD_KIND, name, now);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as EmailTemplate;
  } catch {
    return null;
  }
}

export async function putTemplate(store: RecordStore, t: EmailTemplate): Promise<void> {
  await store.putRecord(RECORD_KIND, t.template, JSON.stringify(t), FOREVER);
  sendCache.forget(store, t.template);
}

/** The templates as sends read them (kept for a moment; forgotten when this process stores one). */
const sendCache = new ReadCache<EmailTemplate | null>();

/** The enabled templates among `names` (a store read each, unless read within the last moment). */
export async function enabledTemplates(
  store: RecordStore,
  names: readonly TemplateName[],
  now: number,
): Promise<CustomTemplates> {
  const out: CustomTemplates = {};
  for (const name of names) {
    const t = await sendCache.get(store, name, () => getTemplate(store, name, now));
    if (t?.enabled) out[name] = t;
  }
  return out;
}

/**
 * An email drawn with a custom template: its body becomes the HTML part, its subject (when not
 * empty) the subject; the plain-text part stays the built-in one (in the message's language), so
 * every email keeps one. A template that fails anyway (it passed the save-time check, so only an
 * exotic value could make it) leaves the built-in email, and `onError` hears of it.
 */
export function renderCustomEmail(
  t: EmailTemplate,
  builtIn: { subject: string; text: string; html: string },
  vars: Record<string, unknown>,
  onError: (err: unknown) => void = () => {},
): { subject: string; text: string; html: string } {
  try {
    const { html: htmlEngine, text: textEngine } = liquidEngines();
    const html = htmlEngine.renderSync(parse(htmlEngine, t.body), vars) as string;
    const subject = t.subject.trim()
      ? (textEngine.renderSync(parse(textEngine, t.subject), vars) as string).replace(/[\r\n]+/g, ' ').trim()
      : builtIn.subject;
    return { subject: subject || builtIn.subject, text: builtIn.text, html };
  } catch (err) {
    onError(err);
    return builtIn;
  }
}
