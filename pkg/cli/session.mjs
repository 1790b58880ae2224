// The sdk a command works with, logged in as the command line says.
import { getSdk } from '../extras.mjs';

/**
 * A fetch that sends reads only: anything but GET is refused before it
 * leaves the process (`expiring --revoke --dry-run`).
 */
export function readOnlyFetch(url, init = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET') return Promise.reject(new Error(`dry run: refused to send ${method} ${url}`));
  return fetch(url, init);
}

/**
 * The sdk (with `extras`) for `connection` (`{ apiUrl, token, timeoutMs }`).
 * A token given is kept in memory (`dataDirectory: false`: nothing is read
 * or written on disk); without one the sdk uses the token the balena CLI
 * stored ($BALENARC_DATA_DIRECTORY or ~/.balena). `readOnly` sends GETs only.
 */
export async function connect({ apiUrl, token, timeoutMs }, { readOnly = false } = {}) {
  const options = { apiUrl, ...(timeoutMs !== undefined && { requestTimeout: timeoutMs }), ...(readOnly && { fetch: readOnlyFetch }) };
  if (token === undefined) return getSdk(options);
  const sdk = getSdk({ ...options, dataDirectory: false });
  await sdk.auth.loginWithToken(token);
  return sdk;
}
