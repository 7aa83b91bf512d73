import { createServer } from 'node:net';

/** True when nothing listens on host:port (we could bind it). */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * `wanted` from the environment is taken as is (an error if busy: the user asked for it);
 * otherwise the first free port from `preferred` upwards.
 */
export async function pickPort(wanted, preferred, label) {
  if (wanted) {
    const port = Number(wanted);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${label} must be a port number, got "${wanted}"`);
    if (!(await portIsFree(port))) throw new Error(`${label}=${port} is already in use`);
    return port;
  }
  for (let port = preferred; port < preferred + 100; port += 1) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port from ${preferred} to ${preferred + 99}`);
}
