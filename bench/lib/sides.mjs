// The two libraries compared, loaded lazily (a measurement installs its fetch
// stub first), and the request and rows every measurement uses.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The package folder measured: the runner's snapshot of pkg/ (BENCH_PKG_DIR),
 * so that a rebuild during a run cannot mix two builds, else pkg/ itself.
 */
export const PKG_DIR = process.env.BENCH_PKG_DIR ?? fileURLToPath(new URL('../../pkg/', import.meta.url));

/** The package's CommonJS entry: file names inside dist/ are never named here. */
export const PACKAGE_ENTRY = join(PKG_DIR, 'index.cjs');

/** The sides: `ours` is the package, `balena-sdk` the reference. */
export const SIDES = {
  ours: { label: 'balena-api-key-wasm', specifier: PACKAGE_ENTRY },
  'balena-sdk': { label: 'balena-sdk 23.2.15', specifier: 'balena-sdk' },
};

/** The API key both sides log in with. */
export const TOKEN = 'benchApiKey0123456789abcdefABCDEF';

/** The options of every measured `getAll`. */
export const QUERY = { $select: ['id', 'name'], $filter: { name: { $ne: null } } };

/** The request that QUERY becomes on the wire (for the raw fetch loops). */
export function queryUrl(apiUrl) {
  return new URL('v7/api_key?$orderby=name%20asc&$select=id,name&$filter=name%20ne%20null', apiUrl).href;
}

/** `require`s a side's entry and returns its `getSdk`. */
export function loadGetSdk(side) {
  const entry = SIDES[side];
  if (!entry) throw new Error(`unknown side ${side}; one of ${Object.keys(SIDES).join(', ')}`);
  return require(entry.specifier).getSdk;
}

/** A logged-in sdk of `side` against `apiUrl`, token in memory. */
export async function loggedInSdk(side, apiUrl) {
  const sdk = loadGetSdk(side)({ apiUrl, dataDirectory: false });
  await sdk.auth.loginWithToken(TOKEN);
  return sdk;
}

/**
 * `count` api_key rows. `wide` rows carry what a default `getAll()` returns
 * (id, name, description, dates, actor), otherwise only the `$select`ed id and name.
 */
export function apiKeyRows(count, { wide = false } = {}) {
  return Array.from({ length: count }, (_, i) => (wide
    ? {
      id: i + 1,
      created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      name: `key-${String(i).padStart(5, '0')}`,
      description: i % 3 === 0 ? null : `deploy key number ${i} for the fleet`,
      expiry_date: i % 2 === 0 ? null : '2030-10-12T00:00:00.000Z',
      is_of__actor: { __id: 1000 + (i % 7) },
    }
    : { id: i + 1, name: `key-${String(i).padStart(5, '0')}` }));
}

/** A short sha256 of a value's JSON, to compare results across processes. */
export function digest(value) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
