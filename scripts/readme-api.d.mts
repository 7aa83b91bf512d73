export function elementDeclaration(manifest: unknown, tagName?: string): Record<string, unknown>;
export function renderElementApi(manifest: unknown): string;
export function withBlock(readme: string, block: string): string;
