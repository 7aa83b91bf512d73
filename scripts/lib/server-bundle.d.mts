export const SERVER_BUNDLE_EXTERNAL: readonly string[];
export const SERVER_BUNDLE_ENTRY: string;
/** The entry's path, and the specifiers the bundle imports at run time (Node's and the externals). */
export function bundleServer(dist: string): Promise<{ entry: string; imports: string[] }>;
