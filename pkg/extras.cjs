// CommonJS entry of `balena-api-key-wasm/extras` for Node: the package with
// `extras.apiKey` on every sdk; loads its wasm synchronously, no init call.
const glue = require('./dist/extras/node/balena_api_key.js');

module.exports = {
  getSdk: glue.getSdk,
  errors: glue.errorClasses(),
  // The module is loaded by the time `require` returns.
  ready: Promise.resolve(),
};
