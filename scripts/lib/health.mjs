/**
 * Readiness of the companion API: polls its `GET /health` (200 once it listens and its store
 * answers) instead of reading its log. Used by `npm start` and the end-to-end tests.
 */

/**
 * Resolves once `${origin}/health` answers 200. Rejects after `timeoutMs`, or as soon as
 * `exited()` returns an exit code (the process died before it was ready).
 */
export async function waitForHealth(origin, { timeoutMs = 20_000, stepMs = 100, exited = () => undefined } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const code = exited();
    if (code !== undefined) throw new Error(`the API stopped before it was ready (exit ${code})`);
    try {
      const res = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `GET /health answered ${res.status}: ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? (error.cause?.message ?? error.message) : String(error);
    }
    if (Date.now() > deadline) throw new Error(`the API at ${origin} was not ready within ${timeoutMs} ms (${last})`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
