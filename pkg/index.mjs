// ESM entry for Node: the CommonJS build loads synchronously, so `import`
// needs no init call either.
import entry from './index.cjs';

export const { getSdk, errors, ready } = entry;
export default entry;
