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
 * keys balena-sdk's merge reads; `withExtras`: whether the build has the
 * helpers beyond balena-sdk (the `extras` entry's). */
export function buildSdk(core, mergedKeys, withExtras) {
  const options = (value) => encodeOptions(value, mergedKeys);
  const pine = (verb) => (params) => {
    const spread = spreadParams(params);
    return core.pine(verb, spread, encodeValue(spread));
  };
  const sdk = {
    auth: withCallerFramesAll({
      loginWithToken: (token) => core.loginWithToken(token),
      logout: () => core.logout(),
      getToken: () => core.getToken(),
      isLoggedIn: () => core.isLoggedIn(),
      whoami: () => core.whoami(),
      getActorId: () => core.getActorId(),
    }),
    models: {
      apiKey: withCallerFramesAll({
        create: (params) => core.create(params),
        getAll: (value) => core.getAll(options(value)),
        getAllNamedUserApiKeys: (value) => core.getAllNamedUserApiKeys(options(value)),
        getProvisioningApiKeysByApplication: (slugOrUuidOrId, value) =>
          core.getProvisioningApiKeysByApplication(slugOrUuidOrId, options(value)),
        getDeviceApiKeysByDevice: (uuidOrId, value) => core.getDeviceApiKeysByDevice(uuidOrId, options(value)),
        update: (id, apiKeyInfo) => core.update(encodeValue(id), apiKeyInfo),
        revoke: (id) => core.revoke(encodeValue(id)),
      }),
    },
    pine: {
      ...withCallerFramesAll({ get: pine('get'), post: pine('post'), patch: pine('patch'), delete: pine('delete') }),
      compile: (params) => core.compile(encodeParams(params)),
    },
    errors,
  };
  if (withExtras) {
    sdk.extras = {
      apiKey: withCallerFramesAll({
        create: (params) => core.createKey(params),
        rotate: (id, options) => core.rotate(id, options?.expiryDate),
        getExpiring: (options) =>
          core.getExpiring(options?.days, options?.kinds, options?.fleet, options?.onProgress),
      }),
    };
  }
  return sdk;
}

/** `withCallerFrames` on each method of an object of them. */
function withCallerFramesAll(methods) {
  return Object.fromEntries(Object.entries(methods).map(([name, method]) => [name, withCallerFrames(method, name)]));
}

/** The stack an error had before `withCallerFrames` added a caller's frames to it. */
const ownStacks = new WeakMap();

/**
 * Wraps `method` (which returns a promise) so that a rejection's `stack`
 * ends with the frames of the code that awaited the call. The errors are
 * made later, in a task of the wasm, where the stack holds no frame of the
 * caller (balena-sdk's async functions keep them). The wrapper is an async
 * function: when a rejection reaches it, the engine's async stack (V8's
 * `at async …` frames) still leads to the awaiting callers, so the frames
 * are read only then and a call that resolves costs no stack capture. When
 * wrappers nest, the outermost one's frames are the ones kept.
 */
export function withCallerFrames(method, name = method.name) {
  const wrapper = {
    async [name](...args) {
      try {
        return await method(...args);
      } catch (error) {
        throw addFrames(error, captureCallSite(wrapper));
      }
    },
  }[name];
  return wrapper;
}

/** An object whose `stack` lists the frames below `callee` (the whole stack where the engine cannot leave it out). */
function captureCallSite(callee) {
  if (typeof Error.captureStackTrace === 'function') {
    const site = {};
    Error.captureStackTrace(site, callee);
    return site;
  }
  return new Error();
}

/** `error` with the frames of `site` after its own; any other value as it is. */
function addFrames(error, site) {
  // V8 starts a stack with a line naming the error; other engines list frames only.
  const frames = String(site.stack).replace(/^Error\n?/, '');
  if (error instanceof Error && typeof error.stack === 'string' && frames !== '') {
    const own = ownStacks.get(error) ?? error.stack;
    try {
      error.stack = `${own}\n${frames}`;
      ownStacks.set(error, own);
    } catch {
      // a frozen error keeps its stack
    }
  }
  return error;
}
