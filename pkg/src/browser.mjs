// The entry for browsers, Web Workers and bundlers (the `default` export
// condition), bundled by scripts/build.mjs once per build: into
// pkg/browser.mjs and pkg/extras-browser.mjs, where `#glue` is that build's
// wasm-bindgen web glue, `#sdk` its copy of src/boundary/js/sdk.js,
// `#variant` its pkg/src/variant-*.mjs (whether the build has `extras`) and
// `#wasm` its WebAssembly module itself: the bytes raw-deflated and in
// base64, so the module arrives with this one and the browser makes no
// second request for it.
//
// No top-level await: evaluating this module starts inflating the wasm,
// compiled while it inflates and instantiated as soon as it is compiled.
// `getSdk` stays synchronous: an sdk made before then has the same methods,
// which wait for the module; only `pine.compile`, which is synchronous,
// throws until `ready` has resolved.
import { getSdk as makeSdk, initSync } from '#glue';
import { buildSdk, withCallerFrames } from '#sdk';
import { WITH_EXTRAS } from '#variant';
import deflatedWasm from '#wasm';

let instantiated = false;

/**
 * Resolves once the WebAssembly module is compiled and instantiated;
 * rejects with why it could not be loaded.
 */
export const ready = compile(deflatedWasm).then((module) => {
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

/** Compiles the module from its base64 text of raw-deflated bytes, while it inflates. */
async function compile(base64) {
  const deflated = Uint8Array.fromBase64?.(base64) ?? Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const inflating = new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return WebAssembly.compileStreaming(new Response(inflating, { headers: { 'Content-Type': 'application/wasm' } }));
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
