/**
 * better-sqlite3 is a native module: its JavaScript loads anywhere, but its compiled binding
 * (`better_sqlite3.node`) is only there when its install script ran (a prebuilt download, or a
 * compile with python3, make and a C++ compiler), and only loads in the Node.js it was built for.
 * An install with `--ignore-scripts`, a failed compile or a Node upgrade leaves a server that cannot
 * open its store; this turns bindings' "Could not locate the bindings file. Tried: …" (or dlopen's
 * "compiled against a different Node.js version") into a message that says what to do.
 */
import Database from 'better-sqlite3';

/** True when `err` says the native binding is missing or cannot be loaded by this Node.js. */
export function isMissingBinding(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    /Could not locate the bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test(err.message) ||
    code === 'ERR_DLOPEN_FAILED'
  );
}

/** The message the CLI prints (after `passwordless-server: `) when the binding is missing. */
export function missingBindingMessage(err: Error): string {
  const cause = err.message.split('\n')[0]!;
  return [
    `the SQLite store cannot start: better-sqlite3's native binding is missing or was built for another Node.js (${process.version}).`,
    `  Cause: ${cause}`,
    '  Fix it in the folder where passwordless-login-server is installed, with one of:',
    '    npm rebuild better-sqlite3   (runs its install script: downloads a prebuilt binary for this',
    '                                  Node.js, or compiles one, which needs python3, make and a C++ compiler)',
    '    an install without --ignore-scripts, on the Node.js version that runs the server',
    '  Or use Redis instead of SQLite: "store": {"type": "redis", "url": "redis://…"} in the config.',
  ].join('\n');
}

/** `new Database(path, options)`, with a missing binding reported by missingBindingMessage(). */
export function openSqlite(path: string, options?: Database.Options): Database.Database {
  try {
    return new Database(path, options);
  } catch (err) {
    if (isMissingBinding(err)) throw new Error(missingBindingMessage(err as Error), { cause: err });
    throw err;
  }
}
