/**
 * Widget builds. `vite build` (mode `production`) makes the ES build for bundlers in dist/widget:
 * lit stays external, phone support and the magic-link (oidc-client-ts) code are lazy chunks.
 * `vite build --mode cdn` makes the self-contained script-tag file dist/cdn/passwordless-login.js:
 * an IIFE with lit and every lazy chunk inlined, so a plain `<script src>` is enough.
 * Types come from `tsc -p tsconfig.widget.json` (see the `build:widget` script).
 *
 * Every plugin here returns a real source map (magic-string edits), so the shipped `.map` files
 * point devtools at the right line of the right file; test/build/source-maps.test.ts checks it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { transform } from 'esbuild';
import MagicString from 'magic-string';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

/** Our own sources: the only files whose templates are minified and whose `import()` is inlined. */
const WIDGET_SOURCE = /\/src\/widget\/.*\.ts$/;

/**
 * Minifies the markup and CSS inside our html`` and css`` templates (Lit's own plugin:
 * html-minifier-next and lightningcss over TypeScript's parse of the template literals). It runs
 * before esbuild strips the types, on the TypeScript source, and returns a source map.
 */
export function minifyTemplates(): Plugin {
  const plugin = minifyHtmlLiterals({
    filter: (id: unknown) => typeof id === 'string' && WIDGET_SOURCE.test(id),
    // A template the minifier cannot handle fails the build instead of shipping unminified.
    failOnError: true,
  }) as unknown as Plugin;
  return { ...plugin, name: 'passwordless-login:minify-templates', enforce: 'pre' };
}

/** The oidc-client-ts build stripOidcLogs was written against (its test pins the figures). */
export const OIDC_CLIENT_TS = /\/oidc-client-ts\/dist\/esm\/oidc-client-ts\.js$/;

/**
 * Finds oidc-client-ts's logging statements (`logger.debug("…");`, `.info`, `.warn`, `.error`):
 * the ranges [start, end) of whole statements ending in `;`. Every one of them in 3.5.0 stands in
 * a braced block (none is the lone body of an `if`), so removing one removes nothing else.
 */
export function logStatements(code: string): Array<[number, number]> {
  const call = /(?<![\w$.])(?:this\.)?[\w$]+\.(?:debug|info|warn|error)\(/g;
  const ranges: Array<[number, number]> = [];
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
    ranges.push([m.index, i + 1]);
    call.lastIndex = i + 1;
  }
  return ranges;
}

/**
 * Drops oidc-client-ts's logging statements from the bundle: 171 calls (debug, info, warn, error)
 * whose strings cost ~1 kB gzip in the magic-link chunk and the script-tag file, and whose output
 * goes nowhere anyway: its logger is a no-op until an app calls `Log.setLogger`, and the element
 * never does (nor exposes it). `logger.throw(err)` stays, so errors are still thrown. It edits a
 * dependency's build by pattern, so test/build/vite-plugins.test.ts pins it to the installed
 * oidc-client-ts: the count of removed statements, and that no logging call is left.
 */
export function stripOidcLogs(): Plugin {
  return {
    name: 'passwordless-login:strip-oidc-logs',
    transform(code, id) {
      if (!OIDC_CLIENT_TS.test(id)) return null;
      const s = new MagicString(code);
      for (const [start, end] of logStatements(code)) s.remove(start, end);
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

/**
 * Methods of oidc-client-ts's classes that the element never reaches. It calls only
 * `createSigninRequest` and `processSigninResponse` (src/widget/link/oidc-link.ts), but Rolldown
 * keeps a class whole once anything uses it, so the rest came along with OidcClient:
 *   - removed: sign-out, refresh, password grant, revocation and the metadata getters only they
 *     use, plus the DPoP and client-assertion signing helpers. Nothing the element runs calls
 *     them (test/build/bundle-contents.test.ts checks the built files for a call of each);
 *   - stubbed (the body throws): DPoP proofs and `client_secret_jwt`, reachable only with the
 *     `dpop` or `client_authentication` settings, which a public browser client never gets from
 *     the element (oidc-link.ts passes neither; the same test checks that).
 * Pinned to oidc-client-ts 3.5.0 (test/build/vite-plugins.test.ts).
 */
export const OIDC_UNUSED_METHODS: Record<string, string[]> = {
  OidcClient: [
    'processResourceOwnerPasswordCredentials',
    'useRefreshToken',
    'createSignoutRequest',
    'readSignoutResponseState',
    'processSignoutResponse',
    'revokeToken',
  ],
  TokenClient: ['exchangeCredentials', 'exchangeRefreshToken', 'revoke'],
  ResponseValidator: ['validateCredentialsResponse', 'validateRefreshResponse', 'validateSignoutResponse'],
  MetadataService: [
    'resetSigningKeys',
    'getCheckSessionIframe',
    'getEndSessionEndpoint',
    'getRevocationEndpoint',
    'getSigningKeys',
  ],
  _CryptoUtils: ['generateDPoPProof', 'generateDPoPJkt', 'generateDPoPKeys', 'customCalculateJwkThumbprint', 'hash'],
  JwtUtils: ['generateSignedJwt', 'generateSignedJwtWithHmac'],
};

/** See OIDC_UNUSED_METHODS: kept as methods whose body throws this build's error. */
export const OIDC_STUBBED_METHODS: Record<string, string[]> = {
  OidcClient: ['getDpopProof'],
  _CryptoUtils: ['generateClientAssertionJwt'],
};

export const OIDC_STUB_ERROR = 'DPoP and client_secret_jwt are not in the passwordless-login build';

interface MethodRange {
  /** `Class.method` */
  name: string;
  /** The method with its JSDoc, [start, end). */
  start: number;
  end: number;
  /** Its body, braces included. */
  bodyStart: number;
  bodyEnd: number;
}

/** Where the methods of `methods` are defined in oidc-client-ts's build (`var Class = class {…}`). */
export function oidcMethods(code: string, methods: Record<string, string[]>): MethodRange[] {
  const file = ts.createSourceFile('oidc-client-ts.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: MethodRange[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const names = ts.isIdentifier(decl.name) ? methods[decl.name.text] : undefined;
      if (!names || !decl.initializer || !ts.isClassExpression(decl.initializer)) continue;
      for (const member of decl.initializer.members) {
        if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
        if (!names.includes(member.name.text)) continue;
        found.push({
          name: `${decl.name.getText()}.${member.name.text}`,
          start: member.getFullStart(),
          end: member.end,
          bodyStart: member.body.getStart(),
          bodyEnd: member.body.end,
        });
      }
    }
  }
  return found;
}

const qualified = (methods: Record<string, string[]>) =>
  Object.entries(methods).flatMap(([c, names]) => names.map((m) => `${c}.${m}`));

/**
 * Removes OIDC_UNUSED_METHODS from oidc-client-ts's classes and stubs OIDC_STUBBED_METHODS; what
 * only they used (SignoutRequest, SignoutResponse, DPoPState, the refresh and password-grant
 * paths) then falls out of the bundle: about 2 kB gzip. Fails the build if a method is not found
 * (an upgrade moved things: look again).
 */
export function trimOidcClient(): Plugin {
  return {
    name: 'passwordless-login:trim-oidc-client',
    transform(code, id) {
      if (!OIDC_CLIENT_TS.test(id)) return null;
      const removed = oidcMethods(code, OIDC_UNUSED_METHODS);
      const stubbed = oidcMethods(code, OIDC_STUBBED_METHODS);
      const found = [...removed, ...stubbed].map((r) => r.name);
      const missing = [...qualified(OIDC_UNUSED_METHODS), ...qualified(OIDC_STUBBED_METHODS)].filter(
        (name) => !found.includes(name),
      );
      if (missing.length) return this.error(`${id}: not found: ${missing.join(', ')}`);
      const s = new MagicString(code);
      for (const { start, end } of removed) s.remove(start, end);
      for (const { bodyStart, bodyEnd } of stubbed) {
        s.overwrite(bodyStart, bodyEnd, `{ throw new Error(${JSON.stringify(OIDC_STUB_ERROR)}); }`);
      }
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

/**
 * Inside oidc-client-ts, `jwt-decode` resolves to src/widget/link/jwt-decode.ts, which reads the
 * claims with the element's own decoder (src/widget/tokens.ts): one JWT decoder shipped instead of
 * two (about 0.4 kB gzip). oidc-client-ts only calls `jwtDecode(token)`, on the ID token;
 * test/build/vite-plugins.test.ts pins that.
 */
export function oneJwtDecoder(): Plugin {
  const ours = fileURLToPath(new URL('./src/widget/link/jwt-decode.ts', import.meta.url));
  return {
    name: 'passwordless-login:one-jwt-decoder',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === 'jwt-decode' && importer && OIDC_CLIENT_TS.test(importer) ? ours : null;
    },
  };
}

/**
 * libphonenumber-js ships two ES builds of the same sources: `es6/` (Babel-compiled to ES5-style
 * classes, each module with its own copy of Babel's helpers) and `es6-modern/` (native classes,
 * spread and for-of, no helpers). Its package entry points import `es6/`; this resolves those
 * imports to the same file in `es6-modern/`, which our es2022 target runs as it is: -2.6 kB gzip.
 * The phone code imports the `core` entry with the metadata passed in (the `min` entry's
 * `.call(this, …)` wrappers cannot construct native classes); the e2e SMS flows run this build.
 */
export function modernPhoneLib(): Plugin {
  return {
    name: 'passwordless-login:modern-phone-lib',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.includes('/libphonenumber-js/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.includes('/libphonenumber-js/es6/')) return null;
      return { ...resolved, id: resolved.id.replace('/libphonenumber-js/es6/', '/libphonenumber-js/es6-modern/') };
    },
  };
}

/** libphonenumber-js's metadata module: `export default {…}`, one large object literal. */
export const PHONE_METADATA = /\/libphonenumber-js\/metadata\.min\.json\.js$/;

/**
 * Ships libphonenumber-js's metadata (about 83 kB) as `JSON.parse(String.raw\`…\`)` instead of an
 * object literal: the engine scans a string far faster than it parses and builds an object
 * literal, and JSON.parse is the fast path for data (V8's "cost of JavaScript" advice). String.raw
 * keeps the JSON text byte for byte (its regex backslashes need no second escaping), so the file
 * does not grow. Fails the build if the module no longer has that shape.
 */
export function phoneMetadataAsJson(): Plugin {
  return {
    name: 'passwordless-login:phone-metadata-json',
    transform(code, id) {
      if (!PHONE_METADATA.test(id)) return null;
      const m = /export default (\{.*\})\s*$/s.exec(code);
      if (!m) return this.error(`${id}: expected \`export default {…}\``);
      // Round-trip through JSON: the literal must be plain JSON data, and the text has no newlines.
      const json = JSON.stringify(JSON.parse(m[1]!));
      if (/[`\\]$|`|\$\{/.test(json)) return this.error(`${id}: the metadata cannot go in a template literal`);
      const s = new MagicString(code);
      s.overwrite(m.index, code.length, `export default JSON.parse(String.raw\`${json}\`);\n`);
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

/**
 * Script-tag build only: turns our `import('./x.js')` calls into static namespace imports. The
 * file inlines every chunk anyway, and without dynamic imports Rolldown can scope-hoist it flat
 * instead of wrapping each module in a lazy initialiser (about 1.8 kB gzip of overhead).
 *
 * Phone support stays a dynamic import: it imports nothing the rest uses (libphonenumber-js, its
 * metadata, the phone field, WebOTP), so Rolldown wraps only those modules, about 0.5 kB gzip, and
 * runs them the first time a connection includes sms. An email or link page then never
 * evaluates the biggest part of the file (the metadata's JSON.parse included).
 */
/** The dynamic imports the script-tag build keeps (see inlineLazyChunks). */
export const LAZY_IN_SCRIPT_TAG = /\/phone\/phone-support\.js$/;

export function inlineLazyChunks(): Plugin {
  return {
    name: 'passwordless-login:inline-lazy-chunks',
    enforce: 'pre',
    transform(code, id) {
      if (!WIDGET_SOURCE.test(id) || !code.includes('import(')) return null;
      const s = new MagicString(code);
      const imports: string[] = [];
      for (const m of code.matchAll(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g)) {
        if (LAZY_IN_SCRIPT_TAG.test(m[2]!)) continue;
        const name = `__pwlInlined${imports.length}`;
        imports.push(`import * as ${name} from '${m[2]}';`);
        s.overwrite(m.index, m.index + m[0].length, `Promise.resolve(${name})`);
      }
      if (!imports.length) return null;
      s.prepend(`${imports.join(' ')}\n`);
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

/**
 * Script-tag build only: a widget module `x.ts` with a sibling `x.cdn.ts` is replaced by it
 * (src/widget/i18n/loaders.cdn.ts: the script-tag build loads languages from files beside the
 * script instead of from chunks).
 */
export function cdnVariants(): Plugin {
  return {
    name: 'passwordless-login:cdn-variants',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !WIDGET_SOURCE.test(importer) || !/^\.{1,2}\/.*\.js$/.test(source)) return null;
      const variant = fileURLToPath(new URL(source.replace(/\.js$/, '.cdn.ts'), pathToFileURL(importer)));
      return existsSync(variant) ? variant : null;
    },
  };
}

/**
 * Script-tag build only: languages are not inlined but written beside the script, one ES module
 * each (`dist/cdn/locales/ar.js`: `export default JSON.parse('…')`), and the element imports the
 * one it needs from its own URL (src/widget/i18n/loaders.cdn.ts, swapped in for loaders.ts by
 * cdnVariants).
 */
export function cdnLocales(): Plugin {
  const dir = fileURLToPath(new URL('./src/widget/i18n/locales/', import.meta.url));
  return {
    name: 'passwordless-login:cdn-locales',
    enforce: 'pre',
    async generateBundle() {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        const { code } = await transform(readFileSync(join(dir, file), 'utf8'), { loader: 'ts', format: 'cjs' });
        const module = { exports: {} as { default?: unknown } };
        new Function('module', 'exports', code)(module, module.exports);
        const json = JSON.stringify(module.exports.default).replace(/[\\']/g, (c) => `\\${c}`);
        this.emitFile({
          type: 'asset',
          fileName: `locales/${basename(file, '.ts')}.js`,
          source: `export default JSON.parse('${json}');\n`,
        });
      }
    },
  };
}

/** The passkey UI's entry, and the file the script-tag build writes it to (beside the script). */
export const PASSKEY_UI = 'src/widget/passkeys/passkey-ui.ts';
export const CDN_PASSKEYS_FILE = 'passkeys.js';

/**
 * Script-tag build only: the passkey UI (./src/widget/passkeys/passkey-ui.ts and the passkey
 * client) is written beside the script as one ES module, `passkeys.js`, with its source map, and
 * the element imports it from its own URL when the API offers passkeys
 * (src/widget/passkeys/passkey-ui.cdn.ts, swapped in by cdnVariants), the way languages are
 * loaded: the one file stays within its 60 kB budget, and pages without WebAuthn never load it.
 * It gets lit's `html` and `registerMessages` from the element, so it carries no second lit.
 */
export function cdnPasskeys(): Plugin {
  return {
    name: 'passwordless-login:cdn-passkeys',
    async generateBundle() {
      const { rolldown } = await import('rolldown');
      const bundle = await rolldown({
        input: fileURLToPath(new URL(`./${PASSKEY_UI}`, import.meta.url)),
        plugins: [minifyTemplates()] as never,
        logLevel: 'silent',
      });
      try {
        const { output } = await bundle.generate({
          format: 'es',
          minify: true,
          sourcemap: true,
          postBanner: COMPILE_HINT,
        });
        const [chunk] = output;
        this.emitFile({
          type: 'asset',
          fileName: CDN_PASSKEYS_FILE,
          source: `${chunk.code}\n//# sourceMappingURL=${CDN_PASSKEYS_FILE}.map\n`,
        });
        if (chunk.map)
          this.emitFile({ type: 'asset', fileName: `${CDN_PASSKEYS_FILE}.map`, source: chunk.map.toString() });
      } finally {
        await bundle.close();
      }
    },
  };
}

/**
 * V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints), first line of every
 * script we ship but the language files (data, no functions). Chromium then compiles the whole
 * file while it streams in, on a background thread, instead of compiling each function on the main
 * thread the first time it runs: the first render does run most of them (script-tag pages showed
 * their input 20–50 ms sooner at 4× throttling; the ES page about the same). Other engines read it
 * as a comment. A bundler that re-minifies our ES build drops it; the README says what to do.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

const compileHint = (chunk: { fileName: string }) => (chunk.fileName.includes('locales/') ? '' : COMPILE_HINT);

export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  // `--mode bundled`: the ES build with lit inlined, as an app's bundler would ship it. Only the
  // size bench uses it (it measures what a page really downloads, lit included).
  const bundled = mode === 'bundled';
  return {
    // The demo has its own Vite dev server config; builds here only read src/widget.
    publicDir: false,
    plugins: [
      minifyTemplates(),
      stripOidcLogs(),
      trimOidcClient(),
      phoneMetadataAsJson(),
      oneJwtDecoder(),
      modernPhoneLib(),
      ...(cdn ? [cdnVariants(), cdnLocales(), cdnPasskeys(), inlineLazyChunks()] : []),
    ],
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
        ? { output: { postBanner: compileHint } }
        : {
            external: bundled ? [] : [/^lit(\/|$)/, /^@lit\//, /^@lit-labs\//],
            // Let the class-only entry be the module the registering entry imports, instead of a
            // third shared chunk (one request and ~0.2 kB less on first load).
            preserveEntrySignatures: 'allow-extension',
            output: {
              entryFileNames: '[name].js',
              // Languages keep plain names (chunks/locales/ar.js): the table of them stays small.
              chunkFileNames: (chunk) =>
                chunk.facadeModuleId?.includes('/src/widget/i18n/locales/')
                  ? 'chunks/locales/[name].js'
                  : 'chunks/[name]-[hash].js',
              // Vite keeps whitespace in ES library builds; these files are what browsers load.
              minify: true,
              postBanner: compileHint,
            },
          },
    },
  };
});
