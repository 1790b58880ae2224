// A loopback proxy in front of the API emulator that records every request
// and can refuse the DELETE of chosen keys, or hold a DELETE back: the real
// network path for the failures the emulator itself never produces (a
// revoke that fails after a create succeeded).
//
//   const proxy = await startProxy(emulator.url);
//   proxy.failing.add(12);                  // DELETE /v7/api_key(12) → 503 "maintenance"
//   proxy.refusal = 'other text';           // … or with this JSON string
//   proxy.onDelete = async (id) => { … };   // awaited before each DELETE is forwarded
//   proxy.requests;                         // [{ method, path }] (path percent-decoded)
//   await proxy.close();
import { createServer } from 'node:http';

/** The body of a refused DELETE: a JSON string, as balena's errors are. */
export const REFUSAL = 'maintenance';

/**
 * Starts the proxy to `target` on 127.0.0.1. Returns `{ url, requests,
 * failing, refusal, onDelete, close() }`: `failing` is a Set of key ids whose
 * DELETE is answered 503 with the JSON string `refusal` (REFUSAL unless
 * changed); `onDelete(id)`, when set, is awaited before each DELETE goes on.
 */
export async function startProxy(target) {
  const proxy = { requests: [], failing: new Set(), refusal: REFUSAL, onDelete: undefined };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const path = decodeURIComponent(req.url);
    proxy.requests.push({ method: req.method, path });
    const id = Number(/^\/v7\/api_key\((\d+)\)$/.exec(path)?.[1]);
    if (req.method === 'DELETE') await proxy.onDelete?.(id);
    if (req.method === 'DELETE' && proxy.failing.has(id)) {
      res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify(proxy.refusal));
      return;
    }
    const headers = {};
    for (const name of ['authorization', 'content-type']) if (req.headers[name]) headers[name] = req.headers[name];
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const upstream = await fetch(target + req.url, { method: req.method, headers, body });
    const answer = Buffer.from(await upstream.arrayBuffer());
    const type = upstream.headers.get('content-type');
    res.writeHead(upstream.status, type ? { 'Content-Type': type } : {}).end(answer);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => server.close(resolve));
  return proxy;
}
