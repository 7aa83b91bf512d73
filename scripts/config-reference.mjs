#!/usr/bin/env node
/**
 * The server's config reference (docs/config-reference.md), generated from the one config schema
 * (`ConfigSchema` in src/server/config-schema.ts): every key with its type, range, default and the doc
 * comment written above it in the schema. The schema stays the only description of the config;
 * this page is its readable form, and a test fails when the two differ.
 *
 *   node --import tsx scripts/config-reference.mjs          rewrite the block between the page's markers
 *   node --import tsx scripts/config-reference.mjs --check  exit 1 when the page is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ConfigSchema } from '../src/server/config-schema.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PAGE = 'docs/config-reference.md';
export const SOURCE = 'src/server/config-schema.ts';
const START =
  '<!-- generated:config-reference (node --import tsx scripts/config-reference.mjs; do not edit by hand) -->';
const END = '<!-- /generated:config-reference -->';

/**
 * Where each schema constant of config-schema.ts sits in the config, so that a doc comment written on a
 * key of `LimitsSchema` is the one of `limits.<key>`. A constant shared by several places (the
 * delivery options of both connections) lists each.
 */
const ROOTS = {
  ConfigSchema: [''],
  EmailSchema: ['email'],
  SmsSchema: ['sms'],
  smsOptions: ['sms'],
  connectionOptions: ['email', 'sms'],
  ClientSchema: ['clients[]'],
  ClientGrantSchema: ['clients[].client_grants[]'],
  LimitsSchema: ['limits'],
  BrandingSchema: ['branding'],
};

/**
 * The doc comments of config-schema.ts's schema keys, by config path (`limits.code_ttl_seconds`), and the
 * comments whose constant is not in ROOTS (`orphans`, which the test refuses).
 */
export function docComments(source = readFileSync(resolve(repo, SOURCE), 'utf8')) {
  const file = ts.createSourceFile(SOURCE, source, ts.ScriptTarget.Latest, true);
  const docs = new Map();
  const orphans = [];
  const visit = (node) => {
    // A property whose value is a function (the string checks) is code, not a config key.
    const isKey =
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      !ts.isArrowFunction(node.initializer) &&
      !ts.isFunctionExpression(node.initializer);
    if (isKey) {
      const text = (node.jsDoc ?? [])
        .map((d) => (typeof d.comment === 'string' ? d.comment : (ts.getTextOfJSDocComment(d.comment) ?? '')))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      if (text) {
        const keys = [];
        let root;
        let variant = '';
        for (let up = node; up; up = up.parent) {
          if (ts.isPropertyAssignment(up) && ts.isIdentifier(up.name)) keys.unshift(up.name.text);
          if (ts.isObjectLiteralExpression(up) && !variant) variant = tagOf(up);
          if (ts.isVariableDeclaration(up) && ts.isIdentifier(up.name)) {
            root = up.name.text;
            break;
          }
        }
        const prefixes = ROOTS[root];
        if (!prefixes) orphans.push(`${root ?? '?'}.${keys.join('.')}`);
        for (const prefix of prefixes ?? []) {
          const path = [prefix, ...keys.map((k, i) => (i < keys.length - 1 && arrayKeys.has(k) ? `${k}[]` : k))]
            .filter(Boolean)
            .join('.');
          docs.set(variant ? `${path}@${variant}` : path, text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  // Keys whose value is an array of objects: their members' paths read `apis[].audience`.
  const arrayKeys = new Set(['apis']);
  visit(file);
  return { docs, orphans };
}

/**
 * The tag value of one branch of a choice (`{ provider: Type.Literal('smtp'), … }` → `smtp`), so
 * that a comment on `url` there describes `email.url` of the SMTP provider only.
 */
function tagOf(object) {
  for (const p of object.properties) {
    const init = ts.isPropertyAssignment(p) ? p.initializer : undefined;
    if (
      init &&
      ts.isCallExpression(init) &&
      init.expression.getText() === 'Type.Literal' &&
      ts.isStringLiteral(init.arguments[0])
    ) {
      return init.arguments[0].text;
    }
  }
  return '';
}

const CHECK_WORDS = {
  httpUrl: 'http(s) URL',
  smtpUrl: '`smtp://` or `smtps://` URL',
  redisUrl: '`redis://` or `rediss://` URL',
  postgresUrl: '`postgres://` or `postgresql://` URL',
  issuer: 'http(s) URL, no query or fragment',
  origin: 'origin (`https://host[:port]`)',
  redirectUri: 'http(s) URL, no fragment',
  proxyAddress: 'IP address or CIDR range',
};

const isObject = (s) => s.type === 'object' && !s.oneOf && !s.patternProperties;
const isTagged = (s) => Boolean(s.discriminator && s.oneOf);
const isObjectArray = (s) => s.type === 'array' && s.items && (isObject(s.items) || isTagged(s.items));

function range(s) {
  const { minimum: lo, maximum: hi } = s;
  if (lo !== undefined && hi !== undefined) return ` ${lo.toLocaleString('en')}–${hi.toLocaleString('en')}`;
  if (lo !== undefined) return ` ≥ ${lo}`;
  return hi !== undefined ? ` ≤ ${hi}` : '';
}

/** A schema's type in a few words (a table cell). */
export function typeText(s) {
  if (s.enum) return s.enum.map((v) => `\`"${v}"\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.anyOf) return s.anyOf.map(typeText).join(', or ');
  if (s.type === 'array') {
    const min = s.minItems ? ` (at least ${s.minItems})` : '';
    return `list of ${isObject(s.items) ? 'objects (below)' : typeText(s.items)}${min}`;
  }
  if (s.type === 'integer' || s.type === 'number') return `${s.type}${range(s)}`;
  if (s.type === 'string') {
    if (s.check) return CHECK_WORDS[s.check] ?? s.check;
    const len =
      s.minLength && s.maxLength
        ? ` (${s.minLength}–${s.maxLength} characters)`
        : s.minLength > 1
          ? ` (≥ ${s.minLength} characters)`
          : s.maxLength
            ? ` (≤ ${s.maxLength} characters)`
            : '';
    return `string${len}`;
  }
  if (s.patternProperties) {
    const [[key, value]] = Object.entries(s.patternProperties);
    return `object: keys matching \`${key}\`, values ${typeText(value)}`;
  }
  return s.type ?? 'any';
}

function defaultText(s, required) {
  if (s.default !== undefined) {
    const d = s.default;
    return typeof d === 'object' && d !== null && !Array.isArray(d) && Object.keys(d).length === 0
      ? 'all defaults'
      : `\`${JSON.stringify(d)}\``;
  }
  return required ? '**required**' : 'none';
}

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|');
const row = (cells) => `| ${cells.join(' | ')} |`;

function table(rows) {
  if (rows.length === 0) return '';
  return [row(['key', 'type', 'default', 'meaning']), row(['---', '---', '---', '---']), ...rows.map(row)].join('\n');
}

/** The rows of an object's keys (nested plain objects flattened as `a.b`), in schema order. */
function rows(object, path, docs, skip = [], variant = '') {
  const out = [];
  const required = new Set(object.required ?? []);
  for (const [key, s] of Object.entries(object.properties ?? {})) {
    if (skip.includes(key)) continue;
    const at = path ? `${path}.${key}` : key;
    const doc = docs.get(`${at}@${variant}`) ?? docs.get(at) ?? '';
    out.push([`\`${at}\``, typeText(s), defaultText(s, required.has(key)), cell(doc)]);
    if (isObject(s)) out.push(...rows(s, at, docs, [], variant));
  }
  return out;
}

/** Every key path the reference lists, for the test. */
export function keyPaths(schema = ConfigSchema, path = '') {
  const out = [];
  const walk = (s, at) => {
    if (isTagged(s)) {
      for (const variant of s.oneOf) walk(variant, at);
    } else if (isObject(s)) {
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        const p = at ? `${at}.${key}` : key;
        out.push(p);
        walk(child, p);
      }
    } else if (isObjectArray(s)) {
      walk(s.items, `${at}[]`);
    }
  };
  walk(schema, path);
  return [...new Set(out)];
}

function section(level, key, s, docs) {
  const hashes = '#'.repeat(level);
  const parts = [`${hashes} \`${key}\``, ''];
  const intro = [];
  const doc = docs.get(key.replace(/\[\]$/, ''));
  if (doc) intro.push(doc);
  if (s.default !== undefined) intro.push(`Default: ${defaultText(s, false)}.`);
  if (s.minItems) intro.push(`At least ${s.minItems}.`);
  if (intro.length) parts.push(intro.join(' '), '');
  if (isTagged(s)) {
    const tag = s.discriminator.propertyName;
    for (const variant of s.oneOf) {
      const value = variant.properties[tag].const;
      parts.push(`${hashes}# \`${key}.${tag}: "${value}"\``, '');
      parts.push(table(rows(variant, key, docs, [tag], value)) || '_No other keys._', '');
    }
    return parts;
  }
  const object = isObjectArray(s) ? s.items : s;
  parts.push(table(rows(object, key, docs)), '');
  for (const [child, cs] of Object.entries(object.properties ?? {})) {
    if (isObjectArray(cs)) parts.push(...section(level + 1, `${key}.${child}[]`, cs, docs));
  }
  return parts;
}

/** The generated block: the plain top-level keys, then one section per object, list of objects or choice. */
export function renderConfigReference(schema = ConfigSchema, docs = docComments().docs) {
  const required = new Set(schema.required ?? []);
  const simple = [];
  const sections = [];
  for (const [key, s] of Object.entries(schema.properties)) {
    if (isObject(s) || isTagged(s) || isObjectArray(s)) {
      sections.push(...section(2, isObjectArray(s) ? `${key}[]` : key, s, docs));
    } else {
      simple.push([`\`${key}\``, typeText(s), defaultText(s, required.has(key)), cell(docs.get(key) ?? '')]);
    }
  }
  return (
    ['## Top-level keys', '', table(simple), '', ...sections]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

/** The page with its generated block replaced by `block`. */
export function withBlock(page, block) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${PAGE} lacks the markers ${START} … ${END}`);
  return `${page.slice(0, start + START.length)}\n\n${block}\n${page.slice(end)}`;
}

function main() {
  const pagePath = resolve(repo, PAGE);
  const page = readFileSync(pagePath, 'utf8');
  const updated = withBlock(page, renderConfigReference());
  if (process.argv.includes('--check')) {
    if (updated !== page) {
      process.stderr.write(`${PAGE} is out of date: run node --import tsx scripts/config-reference.mjs\n`);
      process.exit(1);
    }
    return;
  }
  if (updated !== page) writeFileSync(pagePath, updated);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
