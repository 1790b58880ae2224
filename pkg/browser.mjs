// ESM entry for browsers, Web Workers and bundlers: fetches and instantiates
// the wasm once, before the first `getSdk` call can happen.
import init, { getSdk, errorClasses } from './dist/web/balena_api_key.js';

await init();

export { getSdk };
export const errors = errorClasses();
