// The checks every host runs on the package it loaded (Node CommonJS, Node
// ESM, a browser page, a module Web Worker, a Vite bundle): the same user
// code everywhere. Each step is caught on its own, so one failing step does
// not hide the others; the report is plain JSON for the test to compare.
//
//   const report = await runChecks({ getSdk, errors, ready }, { apiUrl, token, compileParams });
//
// The sdk is made as soon as the package is imported, as a page would: in a
// browser the wasm is still downloading then.

const ERROR_CLASSES = [
  'BalenaInvalidParameterError',
  'BalenaNotLoggedIn',
  'BalenaRequestError',
  'BalenaApplicationNotFound',
  'BalenaAmbiguousApplication',
  'BalenaDeviceNotFound',
  'BalenaExpiredToken',
  'BalenaMalformedToken',
];

function describeError(error) {
  return {
    error: String(error && error.stack ? `${error.name}: ${error.message}` : error),
    name: error?.name,
    code: error?.code,
  };
}

async function step(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, ...describeError(error) };
  }
}

/** `{ value }` of `sdk.pine.compile(params)`, or `{ error }` with the message it threw. */
export function tryCompile(sdk, params) {
  try {
    return { value: sdk.pine.compile(params) };
  } catch (error) {
    return { error: error.message };
  }
}

/** What a rejection's stack says of the function that made the call. */
async function listKeysForTheStackCheck(sdk) {
  return await sdk.models.apiKey.getAll({ $filter: { name: 'boom' } });
}

/** Runs every check; resolves a JSON-able report. */
export async function runChecks(mod, { apiUrl, token, compileParams }) {
  const report = {};
  const { getSdk, errors, ready } = mod;
  let sdk;

  report.getSdk = await step(() => {
    if (typeof getSdk !== 'function') throw new Error(`getSdk is ${typeof getSdk}`);
    sdk = getSdk({ apiUrl, dataDirectory: false, isBrowser: false, requestTimeout: 10000 });
    return {
      isPromise: typeof sdk?.then === 'function',
      auth: Object.keys(sdk?.auth ?? {}).sort(),
      apiKey: Object.keys(sdk?.models?.apiKey ?? {}).sort(),
      pine: Object.keys(sdk?.pine ?? {}).sort(),
      extras: Object.keys(sdk?.extras?.apiKey ?? {}),
    };
  });

  // Before `ready`: the compiled string in Node, the documented error in a
  // browser. A worker runs these checks when its first message comes, maybe
  // after the wasm has loaded: it tries compile as its module evaluates and
  // hands the outcome in as `mod.compiledAtImport`.
  report.compileBeforeReady = await step(() => mod.compiledAtImport ?? tryCompile(sdk, compileParams));

  report.ready = await step(async () => {
    if (typeof ready?.then !== 'function') throw new Error(`ready is ${typeof ready}`);
    return await ready;
  });

  report.compile = await step(() => sdk.pine.compile(compileParams));

  report.compileError = await step(() => {
    try {
      sdk.pine.compile({ resource: 'api_key', options: { $top: 'x' } });
    } catch (error) {
      return { isError: error instanceof Error, message: error.message };
    }
    throw new Error('compile accepted $top: "x"');
  });

  report.getAll = await step(async () => {
    await sdk.auth.loginWithToken(token);
    return await sdk.models.apiKey.getAll();
  });

  report.callerFrames = await step(async () => {
    try {
      await listKeysForTheStackCheck(sdk);
    } catch (error) {
      return { isRequestError: error instanceof errors.BalenaRequestError, namesCaller: error.stack.includes(listKeysForTheStackCheck.name) };
    }
    throw new Error('getAll resolved although the API answered 500');
  });

  report.errorsExport = await step(() => {
    const names = ERROR_CLASSES.filter((name) => typeof errors?.[name] === 'function');
    const sameAsSdk = ERROR_CLASSES.every((name) => sdk?.errors?.[name] === errors?.[name]);
    const constructed = new errors.BalenaInvalidParameterError('uuidOrId', 'abc');
    return {
      names,
      sameAsSdk,
      constructed: {
        isError: constructed instanceof Error,
        isClass: constructed instanceof errors.BalenaInvalidParameterError,
        name: constructed.name,
        code: constructed.code,
        message: constructed.message,
        parameterName: constructed.parameterName,
      },
    };
  });

  report.requestError = await step(async () => {
    try {
      await sdk.models.apiKey.getAll({ $filter: { name: 'boom' } });
    } catch (error) {
      return {
        isError: error instanceof Error,
        isClass: error instanceof errors.BalenaRequestError,
        name: error.name,
        code: error.code,
        message: error.message,
        statusCode: error.statusCode,
      };
    }
    throw new Error('getAll resolved although the API answered 500');
  });

  // Default token storage: localStorage['balena-token'] in a page, as
  // balena-sdk keeps it (a Worker has no localStorage: memory there).
  report.tokenStorage = await step(async () => {
    const first = getSdk({ apiUrl });
    await first.auth.loginWithToken('tok_stored');
    const stored = typeof localStorage === 'undefined' ? 'no localStorage' : localStorage.getItem('balena-token');
    const again = await getSdk({ apiUrl }).auth.getToken().then((t) => t, (e) => e.name);
    await first.auth.logout();
    const removed = typeof localStorage === 'undefined' || localStorage.getItem('balena-token') === null;
    return { stored, again, removed };
  });

  report.notLoggedIn = await step(async () => {
    await sdk.auth.logout();
    try {
      await sdk.auth.getToken();
    } catch (error) {
      return { isClass: error instanceof errors.BalenaNotLoggedIn, name: error.name, code: error.code, message: error.message };
    }
    throw new Error('getToken resolved after logout');
  });

  return report;
}
