// A loopback HTTP server for differential tests: it records every request
// exactly as received (method, raw request-target, headers, raw body) and
// answers from a programmable script, falling back to defaults under which
// every balena.models.apiKey method succeeds.
//
//   const server = await startRecordingServer();
//   server.reset((req) => (req.path === '/actor/v1/whoami' ? { status: 401 } : undefined));
//   ... point an sdk at server.url ...
//   server.requests; // [{ method, target, path, headers, body, ... }]
//   await server.close();
//
// A script is `(req) => response | undefined`; `undefined` means "use the
// default answer". A response is `{ status = 200, headers = {}, delay = 0 }`
// plus at most one body form:
//   json: value   → JSON.stringify(value), Content-Type application/json
//   text: string  → the text, Content-Type text/plain (unless headers say otherwise)
//   body: string | Buffer → sent verbatim, only the headers given
//   (none)        → empty body
// and `destroy: true` drops the connection without answering (a network error).
import { createServer } from 'node:http';

export const WHOAMI = { id: 42, actorType: 'user', actorTypeId: 5, username: 'u', email: null };
export const API_KEY_ROWS = [{ id: 1, name: 'a', is_of__actor: { __id: 42 } }];
export const APPLICATION_ROWS = [{ actor: { __id: 77 } }];
export const DEVICE_ROWS = [{ actor: { __id: 88 } }];
export const NEW_KEY = 'KEY123';
export const REFRESHED_TOKEN = 'refreshed_token_abc';

/** The default answer for a request: every apiKey method succeeds. */
export function defaultResponse(req) {
  const { method, path } = req;
  if (method === 'GET' && path === '/actor/v1/whoami') return { json: WHOAMI };
  if (method === 'GET' && path === '/user/v1/refresh-token') return { text: REFRESHED_TOKEN };
  if (method === 'POST' && path === '/api-key/user/full') return { json: NEW_KEY };
  if (method === 'GET' && path.startsWith('/v7/api_key')) return { json: { d: API_KEY_ROWS } };
  if (method === 'GET' && path.startsWith('/v7/application')) return { json: { d: APPLICATION_ROWS } };
  if (method === 'GET' && path.startsWith('/v7/device')) return { json: { d: DEVICE_ROWS } };
  if ((method === 'PATCH' || method === 'DELETE') && path.startsWith('/v7/')) return { status: 200 };
  if (method === 'POST' && path.startsWith('/v7/')) return { status: 201, json: { id: 1 } };
  return { status: 404, text: `no default answer for ${method} ${path}` };
}

function encodeResponse(response) {
  const headers = { ...(response.headers ?? {}) };
  const has = (name) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  let body = Buffer.alloc(0);
  if ('json' in response) {
    body = Buffer.from(JSON.stringify(response.json), 'utf8');
    if (!has('content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
  } else if ('text' in response) {
    body = Buffer.from(response.text, 'utf8');
    if (!has('content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (response.body != null) {
    body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body), 'utf8');
  }
  headers['Content-Length'] = String(body.length);
  return { status: response.status ?? 200, headers, body };
}

// The body as text when it is valid UTF-8 (readable diffs), else as hex, so
// that comparing the recorded strings compares the bytes.
function describeBody(buffer) {
  const text = buffer.toString('utf8');
  return Buffer.from(text, 'utf8').equals(buffer) ? text : `hex:${buffer.toString('hex')}`;
}

/**
 * Starts the server on 127.0.0.1 with a random port.
 * @returns {Promise<{url: string, port: number, requests: object[], reset: Function, close: Function}>}
 */
export async function startRecordingServer() {
  let script = () => undefined;
  let requests = [];
  let generation = 0;
  const timers = new Set();

  const server = createServer((incoming, outgoing) => {
    const chunks = [];
    const mine = generation;
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => {
      const target = incoming.url;
      const queryAt = target.indexOf('?');
      const raw = Buffer.concat(chunks);
      const record = {
        method: incoming.method,
        target,
        path: queryAt === -1 ? target : target.slice(0, queryAt),
        query: queryAt === -1 ? '' : target.slice(queryAt + 1),
        headers: { ...incoming.headers },
        body: describeBody(raw),
        hasBody: raw.length > 0,
      };
      const seen = requests.filter((r) => r.method === record.method && r.path === record.path).length;
      const req = { ...record, seq: requests.length, nth: seen };
      if (mine === generation) requests.push(record);
      let response;
      try {
        response = script(req) ?? defaultResponse(req);
      } catch (error) {
        response = { status: 599, text: `script error: ${error?.stack ?? error}` };
      }
      const { status, headers, body } = encodeResponse(response);
      const send = () => {
        timers.delete(timer);
        if (outgoing.destroyed) return;
        if (response.destroy) {
          incoming.socket.destroy();
          return;
        }
        outgoing.writeHead(status, headers);
        outgoing.end(body);
      };
      const timer = setTimeout(send, Math.max(0, response.delay ?? 0));
      timers.add(timer);
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** Every request since the last reset, in arrival order. */
    get requests() {
      return requests;
    },
    /** Forget recorded requests and answer from `nextScript` (or defaults only). */
    reset(nextScript) {
      generation++;
      requests = [];
      script = nextScript ?? (() => undefined);
    },
    /** Stops listening, drops pending delayed answers and idle connections. */
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections?.();
      await closed;
    },
  };
}
