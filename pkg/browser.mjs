// ESM entry for browsers, Web Workers and bundlers: dist/browser.mjs (built
// by scripts/build.mjs: the web glue and its snippets in one minified
// module) fetches and instantiates the wasm once, at top level, before the
// first `getSdk` call can happen.
export { getSdk, errors } from './dist/browser.mjs';
