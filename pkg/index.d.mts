// Types for the ESM entries (index.mjs in Node, browser.mjs elsewhere): the
// same declarations as index.d.ts, which types the CommonJS entry.
export * from './index.js';
