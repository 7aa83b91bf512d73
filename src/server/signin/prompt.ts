/** OIDC's `prompt` (OIDC Core 3.1.2.1): the values this server knows. */
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

/** The values of a prompt parameter, and the first one this server does not know (if any). */
export function readPrompt(raw: string | undefined): { values: string[]; unknown?: string } {
  const values = (raw ?? '').split(' ').filter(Boolean);
  const unknown = values.find((v) => !PROMPTS.has(v));
  return unknown === undefined ? { values } : { values, unknown };
}
