/**
 * `npm start` picks its ports like a newcomer expects: the default when free, else the next free
 * one; a port asked for in the environment is used as is, and a busy one is a clear error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { pickPort } from '../../scripts/lib/ports.mjs';
import { freePort } from './support/net.js';

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('npm start port choice', () => {
  it('takes the preferred port when it is free, else the next free one', async () => {
    const port = await freePort();
    assert.equal(await pickPort(undefined, port, 'API_PORT'), port);
    const busy = await occupy(port);
    try {
      const picked = await pickPort(undefined, port, 'API_PORT');
      assert.ok(picked > port, `${picked} comes after the busy ${port}`);
    } finally {
      busy.close();
    }
  });

  it('uses the port from the environment, and says so when it is busy or not a port', async () => {
    const port = await freePort();
    assert.equal(await pickPort(String(port), 3000, 'API_PORT'), port);
    const busy = await occupy(port);
    try {
      await assert.rejects(pickPort(String(port), 3000, 'API_PORT'), new RegExp(`API_PORT=${port} is already in use`));
    } finally {
      busy.close();
    }
    await assert.rejects(pickPort('http', 3000, 'DEMO_PORT'), /DEMO_PORT must be a port number/);
  });
});
