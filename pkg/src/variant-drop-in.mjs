// The main entry's build (pkg/browser.mjs): the drop-in surface only.

/** Whether the sdk has `extras.apiKey`. */
export const WITH_EXTRAS = false;
