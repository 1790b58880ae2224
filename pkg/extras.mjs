// ESM entry of `balena-api-key-wasm/extras` for Node: the CommonJS build
// loads synchronously, so `import` needs no init call either.
import entry from './extras.cjs';

export const { getSdk, errors, ready } = entry;
export default entry;
