/** OIDC's `max_age` (OIDC Core 3.1.2.1): whole seconds since the last sign-in. */

/** The seconds of a max_age parameter; null when it is not a whole number of at most 10 digits. */
export function readMaxAge(raw: string): number | null {
  return /^\d{1,10}$/.test(raw) ? Number(raw) : null;
}

/**
 * Whether a sign-in at `authTime` (seconds) still meets `maxAge` at `nowMs`. max_age=0 always
 * asks for a new sign-in, even in the second of the last one.
 */
export function withinMaxAge(authTime: number, maxAge: number | null, nowMs: number): boolean {
  return maxAge === null || (maxAge > 0 && Math.floor(nowMs / 1000) - authTime <= maxAge);
}
