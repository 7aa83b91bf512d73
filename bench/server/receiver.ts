/**
 * The webhook receiver of the benchmark and the soak: answers every POST 204 after reading its
 * body, as its own process (so delivery costs what it costs in a deployment: an HTTP round trip,
 * and the load generator's process does not serve it). PORT from the env. `GET /` answers how
 * many messages arrived. With KEEP_CODES=1 (the soak) it also keeps each message's recipient and
 * code, and `GET /codes` hands over (and forgets) those kept so far, oldest first.
 */
import { createServer } from 'node:http';

const keep = process.env.KEEP_CODES === '1';
let received = 0;
let codes: { to: string; code: string }[] = [];
createServer((req, res) => {
  if (req.method === 'GET') {
    let body: unknown = { received };
    if (req.url === '/codes') {
      body = codes;
      codes = [];
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return;
  }
  if (!keep) {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
    return;
  }
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (text += c));
  req.on('end', () => {
    received++;
    // The answer first: the server's start waits for it, not for the parse.
    res.writeHead(204).end();
    const m = JSON.parse(text) as { to: string; code: string };
    codes.push({ to: m.to, code: m.code });
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
