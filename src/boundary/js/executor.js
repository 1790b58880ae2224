// The one fetch executor: carries out the requests the Rust core describes,
// over the host's fetch, with a timeout that covers the whole exchange
// (headers and body), and decodes the body by content type as
// balena-request does. The decoded body stays a JS value.

/** The errors of fetch itself and of the timeout (balena-request attaches
 * `requestOptions` to those, not to errors reading the body). */
function networkError(error, sent) {
  if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    try {
      error.requestOptions = sent;
    } catch {
      // a frozen error stays as it is
    }
  }
  return error;
}

/**
 * One request, as the Rust core describes it (`core::Request`).
 * `token` is the text after `Bearer ` or undefined; `json` says the body is
 * JSON text; `body` is that text, a caller's falsy body, or undefined.
 */
export class Request {
  constructor(method, url, token, identify, json, body) {
    this.method = method;
    this.url = url;
    this.token = token;
    this.identify = identify;
    this.json = json;
    this.body = body;
  }
}

/**
 * The executor of one sdk: `fetch` (or undefined for the global one), the
 * timeout in ms, the largest response body accepted, the `X-Balena-Client` value, and the callback every
 * outcome goes to, once: `settle({ id, ok, value })`.
 */
export function createExecutor(customFetch, timeoutMs, maxResponseBytes, client, settle) {
  return {
    /**
     * Sends `request`; settles `id` with `{ status, headers, body, sent }`
     * (`status` 0 when fetch's is not a number; `sent` the request without
     * credentials), or with what fetch, the timeout or the body threw.
     * Headers, in balena-request's order: `Authorization`,
     * `X-Balena-Client`, `Content-Type` for JSON, `Accept-Encoding` in Node.
     */
    send(request, id) {
      const { method, url, body } = request;
      const headers = {};
      if (request.token !== undefined) {
        headers.Authorization = `Bearer ${request.token}`;
      }
      if (request.identify) {
        headers['X-Balena-Client'] = client;
      }
      if (request.json) {
        headers['Content-Type'] = 'application/json';
      }
      if (typeof window === 'undefined') {
        headers['Accept-Encoding'] = 'compress, gzip';
      }
      const sent = body === undefined ? { method, url } : { method, url, body };
      const controller = new AbortController();
      let pending = true;
      const finish = (ok, value) => {
        clearTimeout(timer);
        if (pending) {
          pending = false;
          settle({ id, ok, value });
        }
      };
      const timer = setTimeout(() => {
        controller.abort();
        finish(false, networkError(timeoutError(), sent));
      }, timeoutMs);
      const init = { method, headers, body, signal: controller.signal };
      exchange(customFetch, url, init, sent, maxResponseBytes).then(
        (value) => finish(true, value),
        (value) => finish(false, value),
      );
    },

    /** Settles `id` after `ms` milliseconds. */
    sleep(ms, id) {
      setTimeout(() => settle({ id, ok: true, value: undefined }), ms);
    },
  };
}

/** The rejection of a request that outlasted `requestTimeout`: balena-request's
 * message, with `code` 'ETIMEDOUT' (as Node's own timeouts) to tell it apart. */
function timeoutError() {
  const error = new Error('network timeout');
  error.code = 'ETIMEDOUT';
  return error;
}

/** Calls fetch and reads the body: `{ status, headers, body, sent }`. */
async function exchange(customFetch, url, init, sent, maxBytes) {
  let response;
  try {
    response = await (customFetch ? customFetch(url, init) : globalThis.fetch(url, init));
  } catch (error) {
    throw networkError(error, sent);
  }
  const { status, headers } = response;
  const body = await readBody(response, maxBytes);
  return { status: typeof status === 'number' ? status : 0, headers, body, sent };
}

/** The error of a body larger than `maxBytes` (the `maxResponseBytes` option). */
function tooLarge(maxBytes) {
  const error = new Error(`The response body is larger than maxResponseBytes (${maxBytes} bytes)`);
  error.code = 'BalenaResponseTooLarge';
  return error;
}

/** The body's bytes, refused past `maxBytes` as soon as they pass it. */
async function readBytes(stream, maxBytes) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body decoded by content type, as balena-request does: a Blob for
 * `binary/octet-stream`, JSON for `application/json`, text otherwise; a
 * body past `maxBytes` is refused (by its Content-Length at once, else
 * while it streams). A response without a readable stream (a custom
 * fetch's) is read with its own methods and checked after.
 */
async function readBody(response, maxBytes) {
  const type = response.headers.get('Content-Type') ?? '';
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > maxBytes) {
    response.body?.cancel?.()?.catch?.(() => {});
    throw tooLarge(maxBytes);
  }
  if (typeof response.body?.getReader !== 'function') {
    const body = type.includes('binary/octet-stream')
      ? await response.blob()
      : type.includes('application/json') ? await response.json() : await response.text();
    if (typeof body === 'string' && body.length > maxBytes) throw tooLarge(maxBytes);
    return body;
  }
  const bytes = await readBytes(response.body, maxBytes);
  if (type.includes('binary/octet-stream')) {
    return new Blob([bytes], { type });
  }
  const text = new TextDecoder().decode(bytes);
  return type.includes('application/json') ? JSON.parse(text) : text;
}

/** The `Retry-After` header of `headers`, or undefined. */
export function retryAfter(headers) {
  try {
    const value = headers.get('Retry-After');
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `debug` option's report of a failed request (never the token). */
export function debugFailure(statusCode, method, url) {
  console.error({ statusCode, method, url });
}

/** `new URL(path, base).href`; throws TypeError for an invalid base. */
export function resolveUrl(path, base) {
  return new URL(path, base).href;
}
