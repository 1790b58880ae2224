// The demo link (`make demo`): its fragment carries a one-time code, which
// the page trades for the API URL and the token with the server that served
// it. The token itself never appears in a URL, so neither the address bar,
// the history nor the navigation entries ever hold it.

/** Where the demo's server trades a launch code (relative to the page). */
const LAUNCH_PATH = 'demo/session';

/**
 * Reads `#code=…` (what `make demo` prints) and removes the fragment from
 * the address bar at once.
 * @param {Location} location
 * @param {History} history
 * @returns {string|undefined} the code, or undefined when the URL has none
 * @example takeLaunchCode({ hash: '#code=ab12', pathname: '/', search: '' }, history) // 'ab12'
 */
export function takeLaunchCode(location, history) {
  if (!location.hash || location.hash === '#') return undefined;
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (code === null) return undefined;
  history.replaceState(history.state, '', location.pathname + location.search);
  return code;
}

/** A refused or failed trade of a launch code; `statusCode` is the server's answer, if any. */
export class DemoLinkError extends Error {
  /**
   * @param {string} message
   * @param {number} [statusCode]
   */
  constructor(message, statusCode) {
    super(message);
    this.name = 'DemoLinkError';
    this.code = 'DemoLinkError';
    if (statusCode !== undefined) this.statusCode = statusCode;
  }
}

/**
 * Trades a launch code for the session, once: a second trade of the same
 * code is refused with HTTP 410.
 * @param {string} code
 * @param {{ baseUrl: string, fetch?: typeof fetch }} where `baseUrl` is the page's URL
 * @returns {Promise<{ apiUrl: string, token: string }>}
 * @throws {DemoLinkError} with the server's message (e.g. 'This demo link was already used')
 */
export async function redeemLaunchCode(code, { baseUrl, fetch = globalThis.fetch }) {
  let response;
  try {
    response = await fetch(new URL(LAUNCH_PATH, baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new DemoLinkError(`The demo server did not answer (${error.message})`);
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new DemoLinkError(body?.message ?? `The demo server answered ${response.status}`, response.status);
  if (typeof body?.apiUrl !== 'string' || typeof body?.token !== 'string') {
    throw new DemoLinkError('The demo server answered without an API URL and a token', response.status);
  }
  return { apiUrl: body.apiUrl, token: body.token };
}
