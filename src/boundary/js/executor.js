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
 * timeout in ms, the `X-Balena-Client` value, and the callback every
 * outcome goes to, once: `settle({ id, ok, value })`.
 */
export function createExecutor(customFetch, timeoutMs, client, settle) {
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
        finish(false, networkError(new Error('network timeout'), sent));
      }, timeoutMs);
      exchange(customFetch, url, { method, headers, body, signal: controller.signal }, sent).then(
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

/** Calls fetch and reads the body: `{ status, headers, body, sent }`. */
async function exchange(customFetch, url, init, sent) {
  let response;
  try {
    response = await (customFetch ? customFetch(url, init) : globalThis.fetch(url, init));
  } catch (error) {
    throw networkError(error, sent);
  }
  const { status, headers } = response;
  const body = await readBody(response);
  return { status: typeof status === 'number' ? status : 0, headers, body, sent };
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
