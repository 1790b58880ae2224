// The entry for browsers, Web Workers and bundlers (the `default` export
// condition), bundled by scripts/build.mjs once per build: into
// pkg/browser.mjs and pkg/extras-browser.mjs, where `#glue` is that build's
// wasm-bindgen web glue, `#sdk` its copy of src/boundary/js/sdk.js and
// `#variant` its pkg/src/variant-*.mjs (the wasm's URL, and whether the
// build has `extras`).
//
// No top-level await: evaluating this module starts the wasm download,
// compiled while it streams and instantiated as soon as it is compiled.
// `getSdk` stays synchronous: an sdk made before then has the same methods,
// which wait for the module; only `pine.compile`, which is synchronous,
// throws until `ready` has resolved.
import { getSdk as makeSdk, initSync } from '#glue';
import { buildSdk, withCallerFrames } from '#sdk';
import { WASM_URL, WITH_EXTRAS } from '#variant';

let instantiated = false;

/**
 * Resolves once the WebAssembly module is compiled and instantiated;
 * rejects with why it could not be loaded.
 */
export const ready = compile(WASM_URL).then((module) => {
  initSync({ module });
  instantiated = true;
});
// A failed load is reported by every method that needs the module; nobody
// has to handle `ready` itself.
ready.catch(() => {});

/** The sdk's shape (no method of it is ever called), and the error classes. */
const shape = buildSdk(undefined, undefined, WITH_EXTRAS);

/** The error classes, the same as `sdk.errors`. */
export const { errors } = shape;

/**
 * balena-sdk's `getSdk`, synchronous: see pkg/index.d.ts.
 */
export function getSdk(options) {
  return instantiated ? makeSdk(options) : deferredSdk(options);
}

export default { getSdk, errors, ready };

/** Fetches the wasm and compiles it, streaming when it is served as application/wasm. */
async function compile(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new Error(`balena-api-key-wasm: could not fetch ${url}`, { cause });
  }
  if (!response.ok) {
    throw new Error(`balena-api-key-wasm: could not fetch ${url}: HTTP ${response.status}`);
  }
  const type = response.headers.get('Content-Type') ?? '';
  return /^application\/wasm\s*(;|$)/i.test(type)
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}

/**
 * An sdk made before the module was instantiated: the same namespaces and
 * methods as the real one, each forwarding to the sdk that `getSdk(options)`
 * makes at the first call that finds the module instantiated (the options
 * are read then). Until then the methods wait for `ready`, and
 * `pine.compile` throws.
 */
function deferredSdk(options) {
  let made;
  const sdk = () => (made ??= makeSdk(options));
  const mirror = (namespace, reach) => Object.fromEntries(Object.entries(namespace).map(([name, value]) => {
    if (value === errors) return [name, value];
    if (typeof value !== 'function') return [name, mirror(value, (real) => reach(real)[name])];
    const now = (...args) => reach(sdk())[name](...args);
    if (name === 'compile') {
      return [name, (...args) => {
        if (!instantiated) throw notReady();
        return now(...args);
      }];
    }
    return [name, withCallerFrames((...args) => (instantiated ? now(...args) : ready.then(() => now(...args))), name)];
  }));
  return mirror(shape, (real) => real);
}

function notReady() {
  return new Error('balena-api-key-wasm: pine.compile needs the WebAssembly module, which has not loaded yet: await `ready` first');
}
