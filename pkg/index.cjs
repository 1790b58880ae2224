// CommonJS entry for Node: loads the wasm synchronously, no init call.
const glue = require('./dist/node/balena_api_key.js');

module.exports = {
  getSdk: glue.getSdk,
  errors: glue.errorClasses(),
  // The module is loaded by the time `require` returns.
  ready: Promise.resolve(),
};
