export function waitForHealth(
  origin: string,
  options?: { timeoutMs?: number; stepMs?: number; exited?: () => number | string | null | undefined },
): Promise<void>;
