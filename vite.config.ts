/**
 * Widget builds. `vite build` (mode `production`) makes the ES build for bundlers in dist/widget:
 * lit stays external, phone support and the magic-link (oidc-client-ts) code are lazy chunks.
 * `vite build --mode cdn` makes the self-contained script-tag file dist/cdn/passwordless-login.js:
 * an IIFE with lit and every lazy chunk inlined, so a plain `<script src>` is enough.
 * Types come from `tsc -p tsconfig.widget.json` (see the `build:widget` script).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

/**
 * Collapses the indentation inside our own html`` and css`` templates (the minifier leaves
 * template text alone). Only formatting whitespace goes: runs containing a newline become one
 * space (or nothing between tags, or around CSS punctuation), and CSS comments are dropped.
 */
export function minifyTemplates(): Plugin {
  const squeeze = (text: string, tag: string): string => {
    let out = text;
    if (tag === 'css') out = out.replace(/\/\*[\s\S]*?\*\//g, '');
    out = out.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
    if (tag === 'css') out = out.replace(/\s*([{};,])\s*/g, '$1');
    return out;
  };
  /** Index just past the template literal opening at `start` (a backtick), squeezing its text. */
  const scan = (src: string, start: number, tag: string, edits: string[]): number => {
    let i = start + 1;
    let chunk = '';
    const flush = () => {
      edits.push(tag ? squeeze(chunk, tag) : chunk);
      chunk = '';
    };
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        chunk += c + src[i + 1];
        i += 2;
      } else if (c === '`') {
        flush();
        edits.push('`');
        return i + 1;
      } else if (c === '$' && src[i + 1] === '{') {
        flush();
        edits.push('${');
        i = expression(src, i + 2, edits);
      } else {
        chunk += c;
        i++;
      }
    }
    throw new Error('unterminated template literal');
  };
  /** Copies a `${…}` expression (which may hold nested templates), returns the index after `}`. */
  const expression = (src: string, start: number, edits: string[]): number => {
    let depth = 0;
    let i = start;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '`') {
        const tag = /(html|css)\s*$/.exec(src.slice(Math.max(0, i - 8), i))?.[1] ?? '';
        edits.push('`');
        i = scan(src, i, tag, edits);
      } else if (c === "'" || c === '"') {
        let end = i + 1;
        while (end < src.length && src[end] !== c) end += src[end] === '\\' ? 2 : 1;
        edits.push(src.slice(i, end + 1));
        i = end + 1;
      } else {
        if (c === '{') depth++;
        if (c === '}' && depth-- === 0) {
          edits.push('}');
          return i + 1;
        }
        edits.push(c);
        i++;
      }
    }
    throw new Error('unterminated template expression');
  };
  return {
    name: 'passwordless-login:minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/widget\/.*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      const out: string[] = [];
      let i = 0;
      const re = /\b(html|css)`/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(code))) {
        const tick = m.index + m[0].length - 1;
        out.push(code.slice(i, tick + 1));
        i = scan(code, tick, m[1]!, out);
        re.lastIndex = i;
      }
      out.push(code.slice(i));
      return { code: out.join(''), map: null };
    },
  };
}

/**
 * Drops oidc-client-ts's debug/info logging statements (`logger.debug("…");`) from the bundle:
 * about 130 calls whose strings cost ~0.7 kB gzip in the magic-link chunk and the script-tag file,
 * and whose output is off by default anyway (its Logger level is NONE). Only whole statements
 * ending in `;` are removed; warnings and errors stay.
 */
export function stripOidcDebugLogs(): Plugin {
  const strip = (code: string): string => {
    const call = /(?<![\w$.])(?:this\.)?[\w$]+\.(?:debug|info)\(/g;
    let out = '';
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = call.exec(code))) {
      let i = m.index + m[0].length;
      let depth = 1;
      while (i < code.length && depth > 0) {
        const c = code[i]!;
        if (c === '"' || c === "'" || c === '`') {
          // Skip a string; the calls removed here never nest `${…}` with quotes inside.
          for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
        } else if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
      if (code[i] !== ';') continue;
      out += code.slice(last, m.index);
      last = i + 1;
      call.lastIndex = last;
    }
    return out + code.slice(last);
  };
  return {
    name: 'passwordless-login:strip-oidc-debug-logs',
    transform(code, id) {
      return /oidc-client-ts\/dist\/esm\/oidc-client-ts\.js$/.test(id) ? { code: strip(code), map: null } : null;
    },
  };
}

/**
 * Script-tag build only: turns our `import('./x.js')` calls into static namespace imports. The
 * file inlines every chunk anyway, and without dynamic imports Rolldown can scope-hoist it flat
 * instead of wrapping each module in a lazy initialiser (about 1.8 kB gzip of overhead).
 */
export function inlineLazyChunks(): Plugin {
  return {
    name: 'passwordless-login:inline-lazy-chunks',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/widget\/.*\.ts$/.test(id) || !code.includes('import(')) return null;
      const imports: string[] = [];
      const out = code.replace(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g, (_all, _q: string, path: string) => {
        const name = `__pwlInlined${imports.length}`;
        imports.push(`import * as ${name} from '${path}';`);
        return `Promise.resolve(${name})`;
      });
      return { code: `${imports.join('\n')}\n${out}`, map: null };
    },
  };
}

/**
 * Script-tag build only: languages are not inlined but written beside the script, one ES module
 * each (`dist/cdn/locales/ar.js`: `export default JSON.parse('…')`), and the element imports the
 * one it needs from its own URL (src/widget/i18n/loaders.cdn.ts, swapped in for loaders.ts here).
 */
export function cdnLocales(): Plugin {
  const dir = fileURLToPath(new URL('./src/widget/i18n/locales/', import.meta.url));
  return {
    name: 'passwordless-login:cdn-locales',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== './loaders.js' || !importer?.includes('/src/widget/i18n/')) return null;
      return fileURLToPath(new URL('./src/widget/i18n/loaders.cdn.ts', import.meta.url));
    },
    async generateBundle() {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        const { code } = await transform(readFileSync(join(dir, file), 'utf8'), { loader: 'ts', format: 'cjs' });
        const module = { exports: {} as { default?: unknown } };
        new Function('module', 'exports', code)(module, module.exports);
        this.emitFile({
          type: 'asset',
          fileName: `locales/${basename(file, '.ts')}.js`,
          source: `export default JSON.parse(${JSON.stringify(JSON.stringify(module.exports.default))});\n`,
        });
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  // `--mode bundled`: the ES build with lit inlined, as an app's bundler would ship it. Only the
  // size bench uses it (it measures what a page really downloads, lit included).
  const bundled = mode === 'bundled';
  return {
    // The demo has its own Vite dev server config; builds here only read src/widget.
    publicDir: false,
    plugins: [minifyTemplates(), stripOidcDebugLogs(), ...(cdn ? [cdnLocales(), inlineLazyChunks()] : [])],
    build: {
      target: 'es2022',
      emptyOutDir: true,
      outDir: cdn ? 'dist/cdn' : bundled ? 'dist/bundled' : 'dist/widget',
      sourcemap: true,
      minify: true,
      reportCompressedSize: false,
      lib: cdn
        ? {
            entry: 'src/widget/passwordless-login.ts',
            formats: ['iife'],
            name: 'PasswordlessLogin',
            fileName: () => 'passwordless-login.js',
          }
        : {
            entry: {
              'passwordless-login': 'src/widget/passwordless-login.ts',
              'passwordless-login.component': 'src/widget/passwordless-login.component.ts',
            },
            formats: ['es'],
          },
      rolldownOptions: cdn
        ? {}
        : {
            external: bundled ? [] : [/^lit(\/|$)/, /^@lit\//, /^@lit-labs\//],
            // Let the class-only entry be the module the registering entry imports, instead of a
            // third shared chunk (one request and ~0.2 kB less on first load).
            preserveEntrySignatures: 'allow-extension',
            output: {
              entryFileNames: '[name].js',
              // Languages keep plain names (chunks/locales/ar.js): the loader table stays small.
              chunkFileNames: (chunk) =>
                chunk.facadeModuleId?.includes('/src/widget/i18n/locales/')
                  ? 'chunks/locales/[name].js'
                  : 'chunks/[name]-[hash].js',
              // Vite keeps whitespace in ES library builds; these files are what browsers load.
              minify: true,
            },
          },
    },
  };
});
