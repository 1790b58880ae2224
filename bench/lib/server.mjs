// The throughput measurement's server, run in its own process: node:http on
// 127.0.0.1 answering every request with the same 20-row JSON body, except
// GET /__stats, which answers how many requests it has served. Prints
// `{ "url": ... }` once listening.
import { createServer } from 'node:http';
import { isMain, reply } from './child.mjs';
import { apiKeyRows } from './sides.mjs';

/** Starts the server on an ephemeral port; resolves with its base URL. */
export function startServer() {
  const body = Buffer.from(JSON.stringify({ d: apiKeyRows(20) }));
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) };
  let served = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/__stats') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ served }));
      return;
    }
    served++;
    res.writeHead(200, headers).end(body);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`));
  });
}

if (isMain(import.meta.url)) {
  reply({ url: await startServer() });
}
