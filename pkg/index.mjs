// ESM entry for Node: the CommonJS build loads synchronously, so `import`
// needs no init call either.
import node from './dist/node/balena_api_key.js';

export const { getSdk } = node;
