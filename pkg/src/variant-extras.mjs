// The `balena-api-key-wasm/extras` build (pkg/extras-browser.mjs): the
// drop-in surface and the helpers beyond it.

/** The wasm, found by bundlers as an asset of the package. */
export const WASM_URL = new URL('./dist/extras/balena_api_key_bg.wasm', import.meta.url);

/** Whether the sdk has `extras.apiKey`. */
export const WITH_EXTRAS = true;
