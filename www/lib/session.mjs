// What the dashboard remembers between visits, and what the demo link hands
// it. The token itself is kept by the package: a browser sdk instance stores
// it in localStorage['balena-token'], as balena's dashboard does.

const API_URL_KEY = 'balena-api-keys-dashboard:api-url';
/** The API a first visit points at, when no link or earlier visit says otherwise. */
export const DEFAULT_API_URL = 'https://api.balena-cloud.com/';

/**
 * Reads `#api=…&token=…` (what `make demo` prints) and removes the fragment
 * from the address bar at once, so the token stays out of history and of
 * any later copy of the URL.
 * @param {Location} location
 * @param {History} history
 * @returns {{ api?: string, token?: string }|undefined} undefined when there is no such fragment
 */
export function takeLaunchFragment(location, history) {
  if (!location.hash || location.hash === '#') return undefined;
  const params = new URLSearchParams(location.hash.slice(1));
  const api = params.get('api') ?? undefined;
  const token = params.get('token') ?? undefined;
  if (api === undefined && token === undefined) return undefined;
  history.replaceState(history.state, '', location.pathname + location.search);
  return { api, token };
}

/**
 * The API URL of the last successful connection, if any.
 * @param {Storage} storage
 * @returns {string|undefined}
 */
export function rememberedApiUrl(storage) {
  return storage.getItem(API_URL_KEY) ?? undefined;
}

/**
 * Remembers the API URL of a successful connection.
 * @param {Storage} storage
 * @param {string} apiUrl
 */
export function rememberApiUrl(storage, apiUrl) {
  storage.setItem(API_URL_KEY, apiUrl);
}

/**
 * Checks what the user typed as the API URL: an absolute http(s) URL.
 * @param {string} text
 * @returns {string} the URL as typed, trimmed
 * @throws {Error} with a readable message otherwise
 */
export function checkApiUrl(text) {
  const value = text.trim();
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Not a URL: "${value}". Use e.g. ${DEFAULT_API_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Not an http(s) URL: "${value}"`);
  return value;
}

/**
 * What to call the actor a token belongs to: a user's username, an
 * application's slug, a device's uuid, or the actor id.
 * @param {{ id: number, username?: string, slug?: string, uuid?: string }} actor whoami's answer
 * @returns {string}
 */
export function actorLabel(actor) {
  return actor.username ?? actor.slug ?? actor.uuid ?? `actor ${actor.id}`;
}
