export const PAGE: string;
export const SOURCE: string;
export function docComments(source?: string): { docs: Map<string, string>; orphans: string[] };
export function typeText(schema: unknown): string;
export function keyPaths(schema?: unknown, path?: string): string[];
export function renderConfigReference(schema?: unknown, docs?: Map<string, string>): string;
export function withBlock(page: string, block: string): string;
