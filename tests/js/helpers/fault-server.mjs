// A fault-injecting HTTP server on 127.0.0.1 for the reliability tests: every
// request is answered by the current fault (a named entry of FAULTS, or a
// function), and recorded with its arrival time.
//
//   const server = await startFaultServer();
//   server.use('reset-mid-body');            // or server.use((req, res, socket) => …)
//   ... point an sdk at server.url ...
//   server.requests;                         // [{ method, target, headers, at }]
//   await server.close();
//
// `closedPortUrl()` gives a loopback URL nobody listens on (connection refused).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

/** The rows a healthy pine GET answers with. */
export const HEALTHY_ROWS = [{ id: 1, name: 'a' }];

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Ends the response with `body` (a string) and the given headers. */
function answer(res, status, headers, body = '') {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** The three body forms every error status is tried with. */
const BODY_FORMS = {
  text: (status) => [{ 'Content-Type': TEXT_TYPE }, `text body of a ${status}`],
  json: (status) => [{ 'Content-Type': JSON_TYPE }, JSON.stringify({ message: `json body of a ${status}` })],
  empty: () => [{}, ''],
};

/** The error statuses of the issue, each with every body form. */
export const ERROR_STATUSES = [401, 403, 404, 429, 500, 502, 503];

function statusFaults() {
  const faults = {};
  for (const status of ERROR_STATUSES) {
    for (const [form, make] of Object.entries(BODY_FORMS)) {
      faults[`${status} ${form}`] = (req, res) => answer(res, status, ...make(status));
    }
  }
  for (const [form, make] of Object.entries(BODY_FORMS)) {
    faults[`429 ${form} Retry-After: 1`] = (req, res) => {
      const [headers, body] = make(429);
      answer(res, 429, { ...headers, 'Retry-After': '1' }, body);
    };
  }
  return faults;
}

/** 50 MB: a pine answer whose one row carries a 50 MB name. */
export const HUGE_NAME_LENGTH = 50 * 1024 * 1024;

/**
 * Every named fault: `(req, res, socket) => void`. Faults that never answer
 * leave the socket to the client's timeout; `close()` destroys it.
 */
export const FAULTS = {
  'reset mid-body': (req, res, socket) => {
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': '1000' });
    res.write('{"d":[{"id":1,');
    setTimeout(() => (socket.resetAndDestroy ? socket.resetAndDestroy() : socket.destroy()), 20);
  },
  'headers never sent': () => {},
  'body stalls after headers': (req, res) => {
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': '1000' });
    res.write('{"d":[');
  },
  ...statusFaults(),
  'malformed JSON': (req, res) => answer(res, 200, { 'Content-Type': JSON_TYPE }, '{"d":[{"id":1,'),
  'JSON array for an object': (req, res) => answer(res, 200, { 'Content-Type': JSON_TYPE }, '[{"id":1}]'),
  'JSON string for an object': (req, res) => answer(res, 200, { 'Content-Type': JSON_TYPE }, '"not an object"'),
  'missing d': (req, res) => answer(res, 200, { 'Content-Type': JSON_TYPE }, '{"value":[]}'),
  '50 MB body': (req, res) => {
    const [head, tail] = ['{"d":[{"id":1,"name":"', '"}]}'];
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': String(head.length + HUGE_NAME_LENGTH + tail.length) });
    res.write(head);
    res.write(Buffer.alloc(HUGE_NAME_LENGTH, 'x'));
    res.end(tail);
  },
};

/** The answer of a healthy server: whoami, a refreshed token, a created key, and `HEALTHY_ROWS`. */
export function healthy(req, res) {
  if (req.url.startsWith('/actor/v1/whoami')) {
    return answer(res, 200, { 'Content-Type': JSON_TYPE }, JSON.stringify({ id: 42, actorType: 'user' }));
  }
  if (req.url.startsWith('/user/v1/refresh-token')) {
    return answer(res, 200, { 'Content-Type': TEXT_TYPE }, 'refreshed-token');
  }
  if (req.url.startsWith('/api-key/')) {
    return answer(res, 200, { 'Content-Type': JSON_TYPE }, JSON.stringify('NEWKEY'));
  }
  if (req.method === 'GET') {
    return answer(res, 200, { 'Content-Type': JSON_TYPE }, JSON.stringify({ d: HEALTHY_ROWS }));
  }
  return answer(res, 200, {}, '');
}

/**
 * Starts the server on a random loopback port, answering healthily until
 * `use()` picks a fault.
 * @returns {Promise<{url: string, requests: object[], use: Function, close: Function}>}
 */
export async function startFaultServer() {
  let handler = healthy;
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    requests.push({ method: req.method, target: req.url, headers: { ...req.headers }, at: performance.now() });
    req.resume();
    req.on('end', () => handler(req, res, req.socket));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 500;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Answers from now on with the named fault, a handler, or healthily (no argument). */
    use(fault) {
      if (typeof fault === 'string' && !(fault in FAULTS)) throw new Error(`unknown fault ${fault}`);
      handler = fault === undefined ? healthy : typeof fault === 'string' ? FAULTS[fault] : fault;
      requests.length = 0;
    },
    /** Drops every connection (answered or not) and stops listening. */
    async close() {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback URL with no listener: connecting to it is refused. */
export async function closedPortUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
