// One HTTP exchange over the host's fetch, with a timeout that covers the
// whole exchange (headers and body), and the body decoded by content type
// as balena-request does. The decoded body stays a JS value.

/** Sends one request; resolves `{ status, headers, body }`. */
export function sendRequest(customFetch, url, method, headers, body, timeoutMs) {
  if (typeof window === 'undefined') {
    headers['Accept-Encoding'] = 'compress, gzip';
  }
  const controller = new AbortController();
  const init = { method, headers, body, signal: controller.signal };
  const exchange = (async () => {
    const response = await (customFetch ? customFetch(url, init) : globalThis.fetch(url, init));
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  })();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('network timeout'));
    }, timeoutMs);
  });
  return Promise.race([exchange, timeout]).finally(() => clearTimeout(timer));
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
