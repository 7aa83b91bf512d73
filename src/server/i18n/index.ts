/**
 * Every language's email and SMS texts and the texts of the server's own pages: one JSON file each,
 * `src/server/i18n/<tag>.json` (the tags of LANGUAGES in src/protocol/languages.ts), read the first
 * time a message or a page needs that language, synchronously, and kept. An idle server holds none
 * of them (all 49 as modules were 0.83 MiB of heap). A regional variant (`es-419`, `fr-CA`) has
 * only what it says differently, and names its base in `$base`; its base's texts fill the rest.
 * test/server/messages-i18n.test.ts checks every file: the keys of MessageTexts, the placeholders,
 * the plural forms.
 */
import { readFileSync } from 'node:fs';
import { LANGUAGES } from '../../protocol/languages.js';
import type { MessageTexts } from './types.js';

type TextsFile = Partial<MessageTexts> & { $base?: string };

/** Set by the bundled CLI (scripts/lib/server-bundle.mjs): where the files are from its chunk. */
declare const PWL_I18N_DIR: string | undefined;
/** The folder of the files: beside this module, or where the bundle says. */
const FOLDER = new URL(typeof PWL_I18N_DIR === 'string' ? PWL_I18N_DIR : './', import.meta.url);

const TAGS: ReadonlySet<string> = new Set(LANGUAGES);
const loaded = new Map<string, MessageTexts>();

function load(tag: string): MessageTexts {
  let texts = loaded.get(tag);
  if (!texts) {
    const { $base, ...own } = JSON.parse(readFileSync(new URL(`${tag}.json`, FOLDER), 'utf8')) as TextsFile;
    texts = ($base ? { ...load($base), ...own } : own) as MessageTexts;
    loaded.set(tag, texts);
  }
  return texts;
}

/** The texts by tag, as a map whose values are read on first use. */
class Texts implements ReadonlyMap<string, MessageTexts> {
  get size(): number {
    return TAGS.size;
  }
  has(tag: string): boolean {
    return TAGS.has(tag);
  }
  get(tag: string): MessageTexts | undefined {
    return TAGS.has(tag) ? load(tag) : undefined;
  }
  keys(): MapIterator<string> {
    return TAGS.values();
  }
  *values(): MapIterator<MessageTexts> {
    for (const tag of TAGS) yield load(tag);
  }
  *entries(): MapIterator<[string, MessageTexts]> {
    for (const tag of TAGS) yield [tag, load(tag)];
  }
  [Symbol.iterator](): MapIterator<[string, MessageTexts]> {
    return this.entries();
  }
  forEach(fn: (texts: MessageTexts, tag: string, map: ReadonlyMap<string, MessageTexts>) => void): void {
    for (const [tag, texts] of this) fn(texts, tag, this);
  }
}

export const TEXTS: ReadonlyMap<string, MessageTexts> = new Texts();
