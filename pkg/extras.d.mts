// Types for the ESM entries of `balena-api-key-wasm/extras` (extras.mjs in
// Node, extras-browser.mjs elsewhere): the same declarations as extras.d.ts,
// plus the default export `{ getSdk, errors, ready }`.
import { errors, getSdk, ready } from './extras.js';

export * from './extras.js';

/**
 * The package as one object: `import balena from 'balena-api-key-wasm/extras'`,
 * then `balena.getSdk(...)`, `balena.errors`, `balena.ready`.
 */
declare const balena: { getSdk: typeof getSdk; errors: typeof errors; ready: typeof ready };
export default balena;
