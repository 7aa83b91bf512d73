#!/usr/bin/env node
/**
 * The element reference (docs/element-reference.md), generated from custom-elements.json (which
 * `cem analyze` builds from the class's JSDoc), so the tables never drift from the code.
 *
 *   node scripts/element-reference.mjs          rewrite the block between the page's markers
 *   node scripts/element-reference.mjs --check  exit 1 when the page is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const START = '<!-- generated:element-api (node scripts/element-reference.mjs; do not edit by hand) -->';
const END = '<!-- /generated:element-api -->';
/** The page that holds the generated block. */
export const PAGE = 'docs/element-reference.md';

const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text === undefined || text === '' ? '' : `\`${cell(text)}\``);

function table(headers, rows) {
  if (rows.length === 0) return '_None._\n';
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function elementDeclaration(manifest, tagName = 'passwordless-login') {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName === tagName) return declaration;
    }
  }
  throw new Error(`custom-elements.json has no <${tagName}>: run npm run build:widget`);
}

export function renderElementApi(manifest) {
  const element = elementDeclaration(manifest);
  const members = (element.members ?? []).filter(
    (m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected',
  );
  const fields = members.filter((m) => m.kind === 'field');
  const byAttribute = new Map((element.attributes ?? []).map((a) => [a.name, a]));

  const attributeRows = (element.attributes ?? []).map((a) => [
    code(a.name),
    code(a.fieldName),
    code(a.type?.text),
    code(a.default),
    cell(a.description),
  ]);
  const propertyRows = fields
    .filter((f) => !f.attribute || !byAttribute.has(f.attribute))
    .map((f) => [code(f.name), code(f.type?.text), f.readonly ? 'read-only' : 'read/write', cell(f.description)]);
  const methodRows = members
    .filter((m) => m.kind === 'method')
    .map((m) => [
      code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`),
      code(m.return?.type?.text ?? 'void'),
      cell(m.description),
    ]);
  const eventRows = (element.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]);
  const slotRows = (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]);
  const partRows = (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]);
  const cssProperties = element.cssProperties ?? [];
  const withDefaults = cssProperties.some((p) => p.default !== undefined);
  const propRows = cssProperties.map((p) =>
    withDefaults ? [code(p.name), code(p.default), cell(p.description)] : [code(p.name), cell(p.description)],
  );

  return [
    '### Attributes',
    '',
    table(['attribute', 'property', 'type', 'default', 'description'], attributeRows),
    '### Other properties and methods',
    '',
    table(['property', 'type', 'access', 'description'], propertyRows),
    table(['method', 'returns', 'description'], methodRows),
    '### Events',
    '',
    'All bubble and are composed (they cross shadow roots).',
    '',
    table(['event', 'type', 'description'], eventRows),
    '### Slots',
    '',
    table(['slot', 'description'], slotRows),
    '### CSS parts',
    '',
    table(['part', 'description'], partRows),
    '### CSS custom properties',
    '',
    table(withDefaults ? ['property', 'default', 'description'] : ['property', 'description'], propRows),
  ].join('\n');
}

/** The page with its generated block replaced by `block`. */
export function withBlock(page, block) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${PAGE} lacks the markers ${START} … ${END}`);
  return `${page.slice(0, start + START.length)}\n\n${block}\n${page.slice(end)}`;
}

function main() {
  const manifest = JSON.parse(readFileSync(resolve(repo, 'custom-elements.json'), 'utf8'));
  const pagePath = resolve(repo, PAGE);
  const page = readFileSync(pagePath, 'utf8');
  const updated = withBlock(page, renderElementApi(manifest));
  if (process.argv.includes('--check')) {
    if (updated !== page) {
      process.stderr.write(`${PAGE} is out of date: run node scripts/element-reference.mjs\n`);
      process.exit(1);
    }
    return;
  }
  if (updated !== page) writeFileSync(pagePath, updated);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
