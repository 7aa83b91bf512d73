/** Escapes text for HTML content and quoted attribute values: the server's pages and emails. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
