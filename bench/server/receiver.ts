/**
 * The webhook receiver of the benchmark: answers every POST 204 after reading its body, as its own
 * process (so delivery costs what it costs in a deployment: an HTTP round trip). PORT from the env.
 */
import { createServer } from 'node:http';

let received = 0;
createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received }));
    return;
  }
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
