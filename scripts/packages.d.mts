export const REPO: string;
export const ELEMENT_DIR: string;
export const SERVER_DIR: string;
export function packagePath(path: string, from: string): string;
export function packageManifest<T extends { modules: unknown[] }>(manifest: T): T;
export function manifestPaths(manifest: unknown): string[];
export function assembleElement(): Promise<void>;
/** The server's bundled command: its entry and the specifiers it imports at run time. */
export function assembleServer(): Promise<{ entry: string; imports: string[] }>;
export interface Tarball {
  name: string;
  version: string;
  filename: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}
export function packPackages(destination: string): Tarball[];
export function checkTarballs(tarballs: Tarball[]): string;
export function main(argv: string[]): Promise<void>;
