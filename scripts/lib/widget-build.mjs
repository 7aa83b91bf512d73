import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['dist/cdn/passwordless-login.js', 'dist/widget/passwordless-login.js', 'dist/widget/react.js'];
const INPUTS = ['src/widget', 'src/protocol', 'src/react', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

/** True when both widget builds exist and are newer than every source file. */
export function widgetBuildIsFresh(repo) {
  const built = OUTPUTS.map((file) => join(repo, file));
  if (!built.every((file) => existsSync(file))) return false;
  const oldestOutput = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return INPUTS.every((input) => newestMtime(join(repo, input)) <= oldestOutput);
}

/** Runs `npm run build:widget`, output shown to the user; rejects if it fails. */
export function buildWidget(repo) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build:widget'], { cwd: repo, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build:widget failed (exit ${code})`)),
    );
  });
}
