// One HTTP exchange over the host's fetch, with a timeout that covers the
// whole exchange (headers and body), and the body decoded by content type
// as balena-request does. The decoded body stays a JS value.

/** The errors of fetch itself and of the timeout (not of reading the body). */
const networkErrors = new WeakSet();

/** Remembers `error` as a network error; returns it. */
function network(error) {
  if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    networkErrors.add(error);
  }
  return error;
}

/** Whether `error` came from fetch or the timeout (balena-request attaches
 * `requestOptions` to those). */
export function isNetworkError(error) {
  return networkErrors.has(error);
}

/**
 * Sends one request and calls `settle({ id, ok: true, value })` with value
 * `{ status, headers, body }` (`status` a number, 0 when fetch's is not
 * one), or `settle({ id, ok: false, value: error })`, once, when the
 * exchange or the timeout ends first. The headers, in balena-request's
 * order: `Authorization` when `token` (a string) is given, `X-Balena-Client`
 * when `client` is, `Content-Type` for a JSON body, `Accept-Encoding` in Node.
 */
export function sendRequest(customFetch, url, method, token, client, json, body, timeoutMs, settle, id) {
  const headers = {};
  if (token !== undefined) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (client !== undefined) {
    headers['X-Balena-Client'] = client;
  }
  if (json) {
    headers['Content-Type'] = 'application/json';
  }
  if (typeof window === 'undefined') {
    headers['Accept-Encoding'] = 'compress, gzip';
  }
  const controller = new AbortController();
  const exchanged = exchange(customFetch, url, { method, headers, body, signal: controller.signal });
  let pending = true;
  // Settles once: with the exchange's outcome, or the timeout's if first.
  const finish = (ok, value) => {
    clearTimeout(timer);
    if (pending) {
      pending = false;
      settle({ id, ok, value });
    }
  };
  const timer = setTimeout(() => {
    controller.abort();
    finish(false, network(timeoutError()));
  }, timeoutMs);
  exchanged.then((value) => finish(true, value), (value) => finish(false, value));
}

/** The rejection of a request that outlasted `requestTimeout`: balena-request's
 * message, with `code` 'ETIMEDOUT' (as Node's own timeouts) to tell it apart. */
function timeoutError() {
  const error = new Error('network timeout');
  error.code = 'ETIMEDOUT';
  return error;
}

/** Calls `settle({ id, ok, value })` when `promise` settles. */
export function watch(promise, settle, id) {
  promise.then(
    (value) => settle({ id, ok: true, value }),
    (value) => settle({ id, ok: false, value }),
  );
}

/** Calls fetch and reads the body: `{ status, headers, body }`. */
async function exchange(customFetch, url, init) {
  let response;
  try {
    response = await (customFetch ? customFetch(url, init) : globalThis.fetch(url, init));
  } catch (error) {
    throw network(error);
  }
  const { status } = response;
  return { status: typeof status === 'number' ? status : 0, headers: response.headers, body: await readBody(response) };
}

function readBody(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('binary/octet-stream')) {
    return response.blob();
  }
  if (type.includes('application/json')) {
    return response.json();
  }
  return response.text();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds since the epoch. */
export function now() {
  return Date.now();
}

/** The `debug` option's report of a failed request (never the token). */
export function debugFailure(statusCode, method, url) {
  console.error({ statusCode, method, url });
}

/** `new URL(path, base).href`; throws TypeError for an invalid base. */
export function resolveUrl(path, base) {
  return new URL(path, base).href;
}
