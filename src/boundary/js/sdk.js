// Builds the object `getSdk` returns around the Rust core: plain namespaces
// of plain functions, as balena-sdk hands out, so methods work unbound too
// (`const { getAll } = sdk.models.apiKey`). Options, ids and pine params
// are encoded here, before the call crosses into Rust, once.
import { encodeOptions, encodeParams, encodeValue } from './encode.js';
import { errors } from './errors.js';

/** pinejs-client-core spreads params (`{ ...params, method }`): a
 * function's own properties count, the function itself does not. */
function spreadParams(params) {
  return typeof params === 'function' ? Object.assign({}, params) : params;
}

/** The sdk object around one `Core` instance; `mergedKeys` are the option
 * keys balena-sdk's merge reads. */
export function buildSdk(core, mergedKeys) {
  const options = (value) => encodeOptions(value, mergedKeys);
  const pine = (verb) => (params) => {
    const spread = spreadParams(params);
    return core.pine(verb, spread, encodeValue(spread));
  };
  return {
    auth: {
      loginWithToken: (token) => core.loginWithToken(token),
      logout: () => core.logout(),
      getToken: () => core.getToken(),
      isLoggedIn: () => core.isLoggedIn(),
      whoami: () => core.whoami(),
      getActorId: () => core.getActorId(),
    },
    models: {
      apiKey: {
        create: (params) => core.create(params),
        getAll: (value) => core.getAll(options(value)),
        getAllNamedUserApiKeys: (value) => core.getAllNamedUserApiKeys(options(value)),
        getProvisioningApiKeysByApplication: (slugOrUuidOrId, value) =>
          core.getProvisioningApiKeysByApplication(slugOrUuidOrId, options(value)),
        getDeviceApiKeysByDevice: (uuidOrId, value) => core.getDeviceApiKeysByDevice(uuidOrId, options(value)),
        update: (id, apiKeyInfo) => core.update(encodeValue(id), apiKeyInfo),
        revoke: (id) => core.revoke(encodeValue(id)),
      },
    },
    pine: {
      get: pine('get'),
      post: pine('post'),
      patch: pine('patch'),
      delete: pine('delete'),
      compile: (params) => core.compile(encodeParams(params)),
    },
    errors,
  };
}
