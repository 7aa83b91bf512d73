// Types of scripts/framework-types.mjs, for the tests that import it.
export const FRAMEWORK_TYPES_DIR: string;
/** `{LoginEvent: 'LoginResult', …}`: each event class of src/widget/events.ts and its detail type. */
export function eventDetailTypes(source?: string): Record<string, string>;
export function withDetailTypes<M>(manifest: M, details?: Record<string, string>): M;
export function forVue<M>(manifest: M): M;
export function generateFrameworkTypes(manifest: unknown, outdir?: string): void;
