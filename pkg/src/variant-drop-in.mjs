// The main entry's build (pkg/browser.mjs): the drop-in surface only.

/** The wasm, found by bundlers as an asset of the package. */
export const WASM_URL = new URL('./dist/balena_api_key_bg.wasm', import.meta.url);

/** Whether the sdk has `extras.apiKey`. */
export const WITH_EXTRAS = false;
