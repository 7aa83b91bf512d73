export function elementDeclaration(manifest: unknown, tagName?: string): Record<string, unknown>;
export function renderElementApi(manifest: unknown): string;
export const PAGE: string;
export function withBlock(page: string, block: string): string;
