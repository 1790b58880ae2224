// The `balena-api-key-wasm/extras` build (pkg/extras-browser.mjs): the
// drop-in surface and the helpers beyond it.

/** Whether the sdk has `extras.apiKey`. */
export const WITH_EXTRAS = true;
