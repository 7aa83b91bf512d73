/**
 * Makes the API's JSON log (pino, one object per line) readable in the `npm start` terminal:
 * one short line per request (the dev mailbox's polling and CORS preflights left out) and the
 * message of every other entry with its fields. Lines that are not JSON (the outbox printing a
 * message) pass through. `PWL_LOG=json` keeps the raw lines.
 */
const LEVELS = { 10: 'trace', 20: 'debug', 30: '', 40: 'WARN ', 50: 'ERROR ', 60: 'FATAL ' };
const PLUMBING = new Set(['level', 'time', 'pid', 'hostname', 'reqId', 'msg', 'req', 'res', 'responseTime']);
const QUIET = (request) => request.method === 'OPTIONS' || request.url.startsWith('/dev/outbox');

export function createApiLogFormatter() {
  const requests = new Map();
  /** Returns the text to print for one line of API output, or undefined to print nothing. */
  return function format(line) {
    if (process.env.PWL_LOG === 'json' || !line.startsWith('{')) return line;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return line;
    }
    const level = LEVELS[entry.level] ?? '';
    if (entry.msg === 'incoming request' && entry.req) {
      requests.set(entry.reqId, { method: entry.req.method, url: entry.req.url });
      return undefined;
    }
    if (entry.msg === 'request completed' && entry.res) {
      // The server writes one line per request, with its req; older ones wrote a line on arrival.
      const request = entry.req ?? requests.get(entry.reqId) ?? { method: '?', url: '?' };
      requests.delete(entry.reqId);
      if (QUIET(request) && entry.res.statusCode < 400) return undefined;
      return `${level}${request.method} ${request.url} → ${entry.res.statusCode} (${Math.round(entry.responseTime ?? 0)} ms)`;
    }
    const fields = Object.entries(entry)
      .filter(([key]) => !PLUMBING.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return `${level}${entry.msg ?? ''}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  };
}
