// Builds the object `getSdk` returns around the Rust core: plain namespaces
// of plain functions, as balena-sdk hands out, so methods work unbound too
// (`const { getAll } = sdk.models.apiKey`).
import { encodeParams } from './encode.js';
import { errors } from './errors.js';

/** The sdk object around one `Core` instance. */
export function buildSdk(core) {
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
        getAll: (options) => core.getAll(options),
        getAllNamedUserApiKeys: (options) => core.getAllNamedUserApiKeys(options),
        getProvisioningApiKeysByApplication: (slugOrUuidOrId, options) =>
          core.getProvisioningApiKeysByApplication(slugOrUuidOrId, options),
        getDeviceApiKeysByDevice: (uuidOrId, options) => core.getDeviceApiKeysByDevice(uuidOrId, options),
        update: (id, apiKeyInfo) => core.update(id, apiKeyInfo),
        revoke: (id) => core.revoke(id),
      },
    },
    pine: {
      get: (params) => core.pine('get', params),
      post: (params) => core.pine('post', params),
      patch: (params) => core.pine('patch', params),
      delete: (params) => core.pine('delete', params),
      compile: (params) => core.compile(encodeParams(params)),
    },
    errors,
  };
}
