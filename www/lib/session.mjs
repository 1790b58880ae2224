// What the dashboard remembers between visits. The token itself is kept by
// the package: a browser sdk instance stores it in
// localStorage['balena-token'], as balena's dashboard does.

const API_URL_KEY = 'balena-api-keys-dashboard:api-url';
/** The API a first visit points at, when no link or earlier visit says otherwise. */
export const DEFAULT_API_URL = 'https://api.balena-cloud.com/';

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
