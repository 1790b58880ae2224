// Types for the ESM entries (index.mjs in Node, browser.mjs elsewhere): the
// same declarations as index.d.ts, which types the CommonJS entry, plus the
// default export `{ getSdk, errors, ready }`.
import { errors, getSdk, ready } from './index.js';

export * from './index.js';

/**
 * The package as one object: `import balena from 'balena-api-key-wasm'`,
 * then `balena.getSdk(...)`, `balena.errors`, `balena.ready`.
 */
declare const balena: { getSdk: typeof getSdk; errors: typeof errors; ready: typeof ready };
export default balena;
