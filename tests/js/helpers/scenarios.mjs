// Differential scenarios for balena-sdk@23.2.15 versus balena-api-key-wasm,
// and the machinery to run one scenario on one sdk against the recording
// server (tests/js/helpers/recording-server.mjs).
//
// A scenario is `{ name, login, server, run, sdkOptions?, apiUrl?, compare?, recorded? }`:
//   login       token stored with auth.loginWithToken before `run`, or null
//   server      (req) => response | undefined: overrides of the default answers
//   run         async (sdk) => value: the user code; its result or rejection is compared
//   sdkOptions  extra getSdk options, the same on both sides
//   apiUrl      (serverUrl) => apiUrl, when not the server's origin
//   compare     'rejects': the spec lets a port choose the error, so only
//               "both reject with an Error" is compared (reason in `why`);
//               'same-or-rejects': an argument the reference accepts by accident
//               or mishandles by accident (issue 3: "a thrown error or the
//               reference's behaviour"): the package may reject with another
//               Error instead, sending no request the reference did not (its
//               follow-up must then still resolve); otherwise everything must match
//   recorded    the requests tests/data/sdk-calls.json recorded from balena-sdk
//               (checked against the reference side too)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const require = createRequire(import.meta.url);

export const TOKEN = 'tok_abcdef';
export const REFERENCE_CLIENT = 'balena-sdk/23.2.15';
export const SCENARIO_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------- sdks

/**
 * The two sides: the reference (balena-sdk) and the package under test
 * (`SDK_UNDER_TEST=balena-sdk` makes both sides balena-sdk, to prove the
 * scenarios deterministic). Each side: `{ label, getSdk, client }` where
 * `client` is the X-Balena-Client value that side must send.
 */
export async function loadSides() {
  const reference = { label: 'balena-sdk@23.2.15', getSdk: require('balena-sdk').getSdk, client: REFERENCE_CLIENT };
  const choice = process.env.SDK_UNDER_TEST ?? 'balena-api-key-wasm';
  if (choice === 'balena-sdk') {
    return { reference, underTest: { ...reference, label: 'balena-sdk@23.2.15 (self-check)' } };
  }
  if (choice !== 'balena-api-key-wasm') throw new Error(`SDK_UNDER_TEST must be balena-sdk or balena-api-key-wasm, got ${choice}`);
  const { version } = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
  const module = await import(join(root, 'pkg/index.mjs'));
  return { reference, underTest: { label: `balena-api-key-wasm@${version}`, getSdk: module.getSdk, client: `balena-api-key-wasm/${version}` } };
}

// ---------------------------------------------------------------- outcomes

/** What callers can observe of an error. */
export function describeError(error) {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) {
    return { thrownNonObject: typeof error, value: String(error) };
  }
  const described = {
    constructor: error.constructor?.name,
    instanceofError: error instanceof Error,
    name: error.name,
    code: error.code,
    message: error.message,
  };
  for (const key of ['statusCode', 'body', 'parameterName']) {
    if (key in error) described[key] = error[key];
  }
  return described;
}

/** `{ resolved: value }` or `{ rejected: describeError(e) }`; never throws. */
export async function settle(promiseOrFn) {
  try {
    const value = await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    return { resolved: value };
  } catch (error) {
    return { rejected: describeError(error) };
  }
}

function withTimeout(fn, ms = SCENARIO_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve().then(fn), timeout]).finally(() => clearTimeout(timer));
}

/** The request fields that must match, with the side's client name normalised. */
export function normaliseRequests(requests, client) {
  return requests.map((r) => {
    const out = { method: r.method, target: r.target };
    if (r.headers.authorization !== undefined) out.authorization = r.headers.authorization;
    if (r.headers['content-type'] !== undefined) out.contentType = r.headers['content-type'];
    const sent = r.headers['x-balena-client'];
    out.client = sent === client ? '<sdk>/<version>' : sent;
    if (r.hasBody) out.body = r.body;
    return out;
  });
}

/**
 * Runs one scenario on one side: fresh sdk, optional login, the user code,
 * then one ordinary getAll on the same instance with default server answers.
 */
export async function runScenario(side, scenario, server) {
  server.reset(scenario.server);
  const apiUrl = scenario.apiUrl ? scenario.apiUrl(server.url) : server.url;
  let sdk;
  const outcome = await settle(() =>
    withTimeout(async () => {
      sdk = side.getSdk({ apiUrl, isBrowser: false, dataDirectory: false, ...scenario.sdkOptions });
      if (scenario.login != null) await sdk.auth.loginWithToken(scenario.login);
      return scenario.run(sdk);
    }),
  );
  // Let late requests of the scenario (none expected) land before reading.
  await new Promise((resolve) => setImmediate(resolve));
  const requests = normaliseRequests(server.requests, side.client);
  server.reset();
  const followUp = sdk
    ? await settle(() => withTimeout(() => sdk.models.apiKey.getAll({ $select: ['id'] })))
    : { rejected: 'no sdk instance' };
  const followUpRequests = normaliseRequests(server.requests, side.client);
  server.reset();
  return { requests, outcome, followUp: { requests: followUpRequests, outcome: followUp } };
}

// ---------------------------------------------------------------- server scripts

const json = (status, value, headers) => ({ status, json: value, headers });
const text = (status, value, headers) => ({ status, text: value, headers });
const empty = (status, headers) => ({ status, headers });

/** Answer every request with `response`. */
const always = (response) => () => response;
/** Answer requests whose path starts with `prefix` (and method, if given). */
const onPath = (prefix, response, method) => (req) =>
  req.path.startsWith(prefix) && (!method || req.method === method) ? (typeof response === 'function' ? response(req) : response) : undefined;
/** The first script that answers wins. */
const first = (...scripts) => (req) => {
  for (const script of scripts) {
    const answer = script(req);
    if (answer !== undefined) return answer;
  }
  return undefined;
};
/** The server checks the token: anything but `Bearer <good>` gets 401. */
const requireToken = (good) => (req) => (req.headers.authorization === `Bearer ${good}` ? undefined : empty(401));

const ROWS_TWO = { d: [{ actor: { __id: 77 } }, { actor: { __id: 78 } }] };
const NONE = { d: [] };

// ---------------------------------------------------------------- JWTs

const b64url = (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
/** A JWT the SDKs can decode (the signature is never checked client-side). */
export const jwt = (payload) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;
const JWT_FRESH = jwt({ id: 5, actorId: 42, iat: NOW - 60, exp: NOW + DAY });
const JWT_EXPIRED = jwt({ id: 5, iat: NOW - 2 * DAY, exp: NOW - DAY });
const JWT_OLD = jwt({ id: 5, iat: NOW - 2 * DAY, exp: NOW + DAY });
const JWT_NO_EXP = jwt({ id: 5, iat: NOW - 60 });
const JWT_NEW = jwt({ id: 5, iat: NOW, exp: NOW + 7 * DAY });

// ---------------------------------------------------------------- parameter values

const UUID32 = '7cf02a69e4d34c9da573914963cf54fd';
const UUID32_UPPER = UUID32.toUpperCase();
const UUID62 = 'f716a3e020bd444b885cb394453917520c3cf82e69654f84be0d33e31a0e15';
const APP_UUID_UPPER = '1BF99A68CF9E4266986E6DEC7A6E8F46';

// ---------------------------------------------------------------- scenarios from tests/data/sdk-calls.json

// The server descriptions used by the recording, as scripts.
const RECORDED_SERVERS = {
  'default mock': undefined,
  '400 JSON "Key expiry date should be a valid date"': always(json(400, 'Key expiry date should be a valid date')),
  '400 JSON "No fields to update"': always(json(400, 'No fields to update')),
  '401 empty': always(empty(401)),
  '500 {"error":{"text":"deep"}}': always(json(500, { error: { text: 'deep' } })),
  '500 {"foo":1}': always(json(500, { foo: 1 })),
  '500 {"message":"msg","error":"err"}': always(json(500, { message: 'msg', error: 'err' })),
  'application GET -> 2 rows': onPath('/v7/application', json(200, ROWS_TWO), 'GET'),
  'every GET -> {"d":[]}': (req) => (req.method === 'GET' && req.path.startsWith('/v7/') ? json(200, NONE) : undefined),
  'whoami 401': onPath('/actor/v1/whoami', empty(401)),
};

function recordedScenarios() {
  const calls = JSON.parse(readFileSync(join(root, 'tests/data/sdk-calls.json'), 'utf8'));
  return calls.map((call, index) => {
    if (!(call.server in RECORDED_SERVERS)) throw new Error(`sdk-calls.json: unknown server "${call.server}"`);
    // The recorded call is code over the apiKey model, e.g. "getAll({$top:5})".
    const invoke = new Function('apiKey', `return apiKey.${call.call};`);
    return {
      name: `recorded #${index + 1}: ${call.call} [${call.server}${call.loggedIn ? '' : ', no token'}]`,
      login: call.loggedIn ? TOKEN : null,
      server: RECORDED_SERVERS[call.server],
      run: (sdk) => invoke(sdk.models.apiKey),
      recorded: call.requests,
    };
  });
}

// ---------------------------------------------------------------- hand-written scenarios

const scenarios = [];
/** Adds a scenario on `sdk.models.apiKey`, logged in with TOKEN unless said otherwise. */
function api(name, run, extra = {}) {
  scenarios.push({ name, login: TOKEN, server: undefined, run: (sdk) => run(sdk.models.apiKey, sdk), ...extra });
}
/** Adds a scenario on the whole sdk. */
function sdkScenario(name, run, extra = {}) {
  scenarios.push({ name, login: TOKEN, server: undefined, run, ...extra });
}
/**
 * Several steps on one instance; each step's outcome is compared. Steps are
 * a macrotask apart: balena-sdk evicts a failed whoami from its cache on a
 * later tick (a call in the same microtask flush gets the same rejection),
 * and BEHAVIOR 1.6 asks a port for "cache successes only", so the steps
 * leave that tick to pass.
 */
const steps = async (...fns) => {
  const outcomes = [];
  for (const fn of fns) {
    if (outcomes.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    outcomes.push(await settle(fn));
  }
  return outcomes;
};

// create ---------------------------------------------------------------
api('create: name, expiryDate string', (a) => a.create({ name: 'n1', expiryDate: '2030-10-12' }));
api('create: description undefined is dropped', (a) => a.create({ name: 'n', expiryDate: null, description: undefined }));
api('create: description number is dropped', (a) => a.create({ name: 'x', expiryDate: '2030-01-01', description: 5 }));
api('create: description null is dropped', (a) => a.create({ name: 'x', expiryDate: '2030-01-01', description: null }));
api('create: Date expiryDate serialises as ISO', (a) => a.create({ name: 'x', expiryDate: new Date('2030-01-01T00:00:00Z') }));
api('create: name null and number pass through', async (a) => [
  await a.create({ name: null, expiryDate: null }),
  await a.create({ name: 12.5, expiryDate: null }),
]);
api('create: extra properties are ignored, key order kept', (a) =>
  a.create({ description: 'd', extra: 1, expiryDate: '2031-01-01', name: 'z' }));
api('create: unicode and escapes in the body', (a) =>
  a.create({ name: '日本語 "q" \\ \u2028 😀 \u0001', expiryDate: null, description: 'é\n\t' }));
api('create: JSON.stringify semantics (NaN, -0, 1e21, toJSON, lone surrogate)', (a) => a.create({
  name: NaN,
  expiryDate: { toJSON: () => '2030-02-03' },
  description: 'a\ud800b',
  extra: [-0, 1e21],
}));
api('create: -0 and 1e21 values, nested name object', (a) => a.create({ name: { n: -0, big: 1e21, list: [Infinity, 'x'] }, expiryDate: -0 }));
api('create: BigInt members (JSON.stringify throws)', (a) => a.create({ name: 10n, expiryDate: null }), { compare: 'same-or-rejects' });
api('create: cyclic member (JSON.stringify throws)', (a) => {
  const name = { self: null };
  name.self = name;
  return a.create({ name, expiryDate: null });
}, { compare: 'same-or-rejects' });
api('create: expiryDate undefined explicitly', (a) => a.create({ name: 'x', expiryDate: undefined }));
api('create: no argument', (a) => a.create(), {
  compare: 'rejects',
  why: 'BEHAVIOR 2.1: the destructuring TypeError is incidental; a port may map it to an invalid-parameter error',
});
api('create: null argument', (a) => a.create(null), { compare: 'rejects', why: 'as create()' });
api('create: server answers text/plain', (a) => a.create({ name: 'x', expiryDate: null }), {
  server: onPath('/api-key/user/full', text(200, 'RAWKEY')),
});
api('create: server answers a JSON object', (a) => a.create({ name: 'x', expiryDate: null }), {
  server: onPath('/api-key/user/full', json(201, { key: 'K', id: 3 })),
});
api('create: server answers empty 200', (a) => a.create({ name: 'x', expiryDate: null }), {
  server: onPath('/api-key/user/full', empty(200)),
});
for (const [label, response] of [
  ['403 text', text(403, 'Forbidden')],
  ['404 empty', empty(404)],
  ['429 Retry-After', text(429, 'Too Many Requests', { 'Retry-After': '1' })],
  ['500 JSON {message}', json(500, { message: 'srv' })],
]) {
  api(`create: server ${label} becomes BalenaNotLoggedIn`, (a) => a.create({ name: 'x', expiryDate: null }), {
    server: always(response),
  });
}
api('create: not logged in, server 401', (a) => a.create({ name: 'x', expiryDate: '2030-10-12' }), {
  login: null,
  server: always(empty(401)),
});

// getAll ---------------------------------------------------------------
const GET_ALL_OPTIONS = [
  ['no options', undefined],
  ['empty object', {}],
  ['null options', null],
  ['$select string', { $select: 'name' }],
  ['$select star', { $select: '*' }],
  ['$select array with duplicates', { $select: ['id', 'name', 'id'] }],
  ['$select empty array', { $select: [] }],
  ['$select null is ignored', { $select: null }],
  ['$select undefined is ignored', { $select: undefined }],
  ['$filter nested $and/$or/$not', { $filter: { $or: [{ name: 'a' }, { $not: { id: { $in: [1, 2] } } }], description: null } }],
  ['$filter date and numbers', { $filter: { created_at: { $ge: new Date('2024-02-29T12:34:56.789Z') }, id: { $gt: -1.5 } } }],
  ['$filter with quote, unicode, #, &, %', { $filter: { name: { $startswith: "o'k &#%+/? \n\u00e9" } } }],
  ['$filter present-but-undefined member', { $filter: { name: undefined } }],
  ['$filter null is ignored', { $filter: null }],
  ['$orderby string', { $orderby: 'id desc' }],
  ['$orderby object', { $orderby: { created_at: 'desc' } }],
  ['$orderby array', { $orderby: [{ created_at: 'desc' }, 'id'] }],
  ['$orderby empty object', { $orderby: {} }],
  ['$orderby present but undefined', { $orderby: undefined }],
  ['$orderby null', { $orderby: null }],
  ['$top and $skip', { $skip: 10, $top: 5 }],
  ['$top 0', { $top: 0 }],
  ['$top present but undefined', { $top: undefined }],
  ['$skip present but undefined', { $skip: undefined }],
  ['$top string', { $top: '5' }],
  ['$top NaN', { $top: NaN }],
  ['$expand string', { $expand: 'is_of__actor' }],
  ['$expand with $select beside $count rejects', { $expand: { is_of__actor: { $select: 'id', $count: {} } } }],
  ['$expand array', { $expand: ['is_of__actor', { api_key: { $top: 1 } }] }],
  ['$expand null is ignored', { $expand: null }],
  ['unknown keys dropped', { foo: 'bar', $format: 'json', $count: { $filter: { id: 1 } }, '@a': 1 }],
  ['every option, reversed key order', {
    $expand: { is_of__actor: { $select: 'id' } },
    $filter: { name: { $contains: "x'y" } },
    $skip: 1,
    $top: 2,
    $select: ['id', 'name'],
    $orderby: [{ created_at: 'desc' }, 'id'],
  }],
  ['$select a Set (merge quirk)', { $select: new Set(['id']) }],
  ['$filter with $raw', { $filter: { $raw: ['id eq $1', 5] } }],
  ['$filter with $any lambda', { $filter: { is_of__actor: { $any: { $alias: 'a', $expr: { a: { id: 1 } } } } } }],
  ['$filter unknown operator', { $filter: { $nope: 1 } }],
];
for (const [label, options] of GET_ALL_OPTIONS) {
  api(`getAll: ${label}`, (a) => a.getAll(options));
}
api('getAll: inherited option keys', (a) => a.getAll(Object.assign(Object.create({ $top: 5, $select: 'name' }), { $skip: 1 })), {
  compare: 'same-or-rejects',
});
api('getAll: function operators with a null argument', (a) => a.getAll({ $filter: { name: { $startswith: null }, created_at: { $year: null } } }));
api('getAll: refused filter quoted in the message keeps a lone surrogate escaped', (a) => a.getAll({ $filter: [{ name: 'a\udc00b' }] }));
// Keys with lone surrogates: escaped keys throw URIError (after the value's
// own errors), keys printed as they are go out as the URL parser writes them.
api('getAll: filter key with a lone surrogate', (a) => a.getAll({ $filter: { 'a\ud800': 1 } }));
api('getAll: filter key with a lone surrogate and a refused value', (a) => a.getAll({ $filter: { '\udc00': { $eq: Symbol('s') } } }));
api('getAll: function operator on a key with a lone surrogate', (a) => a.getAll({ $filter: { '\ud83d': { $contains: 'x' } } }));
api('getAll: orderby key with a lone surrogate', (a) => a.getAll({ $orderby: { 'n\udfff': 'desc' } }));
api('getAll: expand key with a lone surrogate', (a) => a.getAll({ $expand: { 'o\ud800': { $select: 'id' } } }));
api('getAll: expand key with a lone surrogate and a bad nested option', (a) => a.getAll({ $expand: { '\ud800': { $nope: 1 } } }));
api('getAll: count filter under a key with a lone surrogate', (a) => a.getAll({ $filter: { $eq: [{ 'k\udc00': { $count: {} } }, 1] } }));
api('getAll: unknown operator with a lone surrogate', (a) => a.getAll({ $filter: { '$\udc00': 1 } }));
api('getAll: a string conversion that throws rejects with what it threw', (a) => a.getAll({
  $select: ['id', { toString: () => { throw new RangeError('no string'); } }],
}));
api('revoke: an id whose conversion throws is refused as balena-sdk refuses it', (a) => a.revoke({ toString: () => { throw new SyntaxError('no id'); } }));
api('getAll: non-object options (string)', (a) => a.getAll('abc'));
api('getAll: non-object options (number)', (a) => a.getAll(5));
api('getAll: rows returned verbatim (unicode, nesting, nulls)', (a) => a.getAll(), {
  server: onPath('/v7/api_key', json(200, {
    d: [
      { id: 2, name: 'ünï 😀', description: null, created_at: '2024-01-01T00:00:00.000Z', is_of__actor: { __id: 42 } },
      { id: 3, name: null, nested: { a: [1, 2, { b: true }] }, big: 1e21, neg: -0.5 },
    ],
    '@odata.count': 2,
  })),
});
api('getAll: empty d', (a) => a.getAll(), { server: onPath('/v7/api_key', json(200, NONE)) });
api('getAll: 200 text body is not a JSON object', (a) => a.getAll(), { server: onPath('/v7/api_key', text(200, 'hello')) });
api('getAll: 200 JSON without d', (a) => a.getAll(), { server: onPath('/v7/api_key', json(200, { value: [] })) });
api('getAll: 200 JSON with d null', (a) => a.getAll(), { server: onPath('/v7/api_key', json(200, { d: null })) });
api('getAll: 200 empty body', (a) => a.getAll(), { server: onPath('/v7/api_key', empty(200)) });
api('getAll: connection dropped (network error)', (a) => a.getAll(), { server: onPath('/v7/api_key', { destroy: true }) });
api('getAll: invalid JSON with a JSON content type', (a) => a.getAll(), {
  server: onPath('/v7/api_key', { status: 200, body: '{"d":[', headers: { 'Content-Type': 'application/json' } }),
});
api('getAll: binary/octet-stream answer', (a) => a.getAll(), {
  server: onPath('/v7/api_key', { status: 200, body: '{"d":[]}', headers: { 'Content-Type': 'binary/octet-stream' } }),
});
api('getAll: 500 application/problem+json is read as text', (a) => a.getAll(), {
  server: onPath('/v7/api_key', { status: 500, body: '{"message":"x"}', headers: { 'Content-Type': 'application/problem+json' } }),
});
api('getAll: 200 JSON with upper-case content type', (a) => a.getAll(), {
  server: onPath('/v7/api_key', { status: 200, body: '{"d":[{"id":7}]}', headers: { 'Content-Type': 'Application/JSON' } }),
});
api('getAll: same-origin redirect is followed with the token', (a) => a.getAll({ $top: 1 }), {
  server: (req) => (req.path === '/v7/api_key' && req.nth === 0 ? { status: 302, headers: { Location: '/v7/api_key?moved=1' } } : undefined),
});
api('create: connection dropped becomes BalenaNotLoggedIn', (a) => a.create({ name: 'x', expiryDate: null }), {
  server: onPath('/api-key/user/full', { destroy: true }),
});
sdkScenario('auth.whoami: connection dropped', (sdk) => sdk.auth.whoami(), { server: onPath('/actor/v1/whoami', { destroy: true }) });
api('getAll: slow server (300 ms) still answers', (a) => a.getAll(), {
  server: onPath('/v7/api_key', { status: 200, json: { d: [{ id: 9 }] }, delay: 300 }),
});
api('getAll: not logged in, server accepts', (a) => a.getAll({ $select: 'id' }), { login: null });
api('getAll: not logged in, server 401 with JSON', (a) => a.getAll(), { login: null, server: always(json(401, { message: 'nope' })) });

// Server errors: every status with every body form, through getAll.
const ERROR_BODIES = [
  ['text', (s) => text(s, 'boom')],
  ['JSON string', (s) => json(s, 'json string error')],
  ['JSON {message}', (s) => json(s, { message: 'msg text' })],
  ['JSON {error}', (s) => json(s, { error: 'err text' })],
  ['JSON {error:{text}}', (s) => json(s, { error: { text: 'deep text' } })],
  ['JSON unmatched object', (s) => json(s, { foo: 1, message: 5 })],
  ['empty', (s) => empty(s)],
];
for (const status of [400, 401, 403, 404, 429, 500]) {
  for (const [label, make] of ERROR_BODIES) {
    const response = make(status);
    if (status === 429) response.headers = { 'Retry-After': '2' };
    api(`getAll: server ${status} ${label}`, (a) => a.getAll(), { server: onPath('/v7/api_key', response) });
  }
}
api('getAll: server 502 HTML', (a) => a.getAll(), { server: always({ status: 502, body: '<html>bad gateway</html>', headers: { 'Content-Type': 'text/html' } }) });
api('getAll: server 500 JSON null', (a) => a.getAll(), { server: always({ status: 500, body: 'null', headers: { 'Content-Type': 'application/json' } }) });
api('getAll: server 500 JSON {message:""} falls back', (a) => a.getAll(), { server: always(json(500, { message: '', error: 'e2' })) });
api('getAll: server 500 JSON {error:{text:null}}', (a) => a.getAll(), { server: always(json(500, { error: { text: null }, message: 'm' })) });

// getAllNamedUserApiKeys ----------------------------------------------------
api('getAllNamedUserApiKeys: default', (a) => a.getAllNamedUserApiKeys());
api('getAllNamedUserApiKeys: second call reuses whoami', async (a) => [
  await a.getAllNamedUserApiKeys(),
  await a.getAllNamedUserApiKeys({ $select: 'name' }),
]);
api('getAllNamedUserApiKeys: $orderby override', (a) => a.getAllNamedUserApiKeys({ $orderby: 'id desc' }));
api('getAllNamedUserApiKeys: $filter is and-ed', (a) => a.getAllNamedUserApiKeys({ $filter: { name: { $contains: "x'y" } }, $top: 3 }));
api('getAllNamedUserApiKeys: invalid options still cost a whoami', (a) => a.getAllNamedUserApiKeys({ $top: undefined }));
api('getAllNamedUserApiKeys: whoami without id', (a) => a.getAllNamedUserApiKeys(), {
  server: onPath('/actor/v1/whoami', json(200, { actorType: 'user' })),
});
api('getAllNamedUserApiKeys: whoami string id', (a) => a.getAllNamedUserApiKeys(), {
  server: onPath('/actor/v1/whoami', json(200, { id: 'abc' })),
});
api('getAllNamedUserApiKeys: whoami 500 {message}', (a) => a.getAllNamedUserApiKeys(), {
  server: onPath('/actor/v1/whoami', json(500, { message: 'srv' })),
});
api('getAllNamedUserApiKeys: whoami 403 text', (a) => a.getAllNamedUserApiKeys(), {
  server: onPath('/actor/v1/whoami', text(403, 'forbidden')),
});
api('getAllNamedUserApiKeys: not logged in', (a) => a.getAllNamedUserApiKeys(), { login: null, server: always(empty(401)) });
api('getAllNamedUserApiKeys: api_key 401 with token stays a request error', (a) => a.getAllNamedUserApiKeys(), {
  server: onPath('/v7/api_key', empty(401)),
});

// getProvisioningApiKeysByApplication ----------------------------------------
const APP_PARAMS = [
  ['number', 123],
  ['zero', 0],
  ['negative', -1],
  ['fraction', 1.5],
  ['1e21', 1e21],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['slug with capitals', 'MyOrg/MyApp'],
  ['uuid upper case', APP_UUID_UPPER],
  ['62-char uuid', UUID62],
  ['empty string', ''],
  ['slug with space, # and quote', "My Org/App #1 o'k"],
  ['unicode capitals', 'ÜNÏCÖDÉ/Straße'],
  ['dotted capital I', 'İstanbul'],
  ['percent and plus', '100%+more&x=y'],
  ['null', null],
  ['undefined', undefined],
  ['object', { id: 1 }],
  ['array', ['a', 'b']],
  ['true', true],
  ['false', false],
];
for (const [label, value] of APP_PARAMS) {
  api(`getProvisioningApiKeysByApplication: ${label}`, (a) => a.getProvisioningApiKeysByApplication(value));
}
api('getProvisioningApiKeysByApplication: no argument', (a) => a.getProvisioningApiKeysByApplication());
api('getProvisioningApiKeysByApplication: options merged', (a) =>
  a.getProvisioningApiKeysByApplication(APP_UUID_UPPER, { $select: ['id'], $filter: { name: null }, $orderby: 'id desc', $expand: 'is_of__actor' }));
api('getProvisioningApiKeysByApplication: $orderby {} after lookup', (a) => a.getProvisioningApiKeysByApplication(1, { $orderby: {} }));
api('getProvisioningApiKeysByApplication: $skip present but undefined', (a) => a.getProvisioningApiKeysByApplication('app', { $skip: undefined }));
api('getProvisioningApiKeysByApplication: string not found keeps casing', (a) => a.getProvisioningApiKeysByApplication('Org/App'), {
  server: onPath('/v7/application', json(200, NONE)),
});
api('getProvisioningApiKeysByApplication: number not found', (a) => a.getProvisioningApiKeysByApplication(99), {
  server: onPath('/v7/application', json(200, NONE)),
});
api('getProvisioningApiKeysByApplication: ambiguous string', (a) => a.getProvisioningApiKeysByApplication('AbC'), {
  server: onPath('/v7/application', json(200, ROWS_TWO)),
});
api('getProvisioningApiKeysByApplication: number with two rows', (a) => a.getProvisioningApiKeysByApplication(5), {
  server: onPath('/v7/application', json(200, ROWS_TWO)),
});
api('getProvisioningApiKeysByApplication: row without actor', (a) => a.getProvisioningApiKeysByApplication(5), {
  server: onPath('/v7/application', json(200, { d: [{ id: 5 }] })),
  compare: 'rejects',
  why: 'BEHAVIOR 2.4: JS throws a TypeError reading __id; a port may report it however it likes',
});
api('getProvisioningApiKeysByApplication: actor id as string', (a) => a.getProvisioningApiKeysByApplication(5), {
  server: onPath('/v7/application', json(200, { d: [{ actor: { __id: 'x' } }] })),
});
api('getProvisioningApiKeysByApplication: lookup 401 with token', (a) => a.getProvisioningApiKeysByApplication(5), {
  server: onPath('/v7/application', empty(401)),
});
api('getProvisioningApiKeysByApplication: lookup 401 without token', (a) => a.getProvisioningApiKeysByApplication('x'), {
  login: null,
  server: onPath('/v7/application', empty(401)),
});
api('getProvisioningApiKeysByApplication: lookup 404 text', (a) => a.getProvisioningApiKeysByApplication('x'), {
  server: onPath('/v7/application', text(404, 'not here')),
});
api('getProvisioningApiKeysByApplication: api_key 500 after lookup', (a) => a.getProvisioningApiKeysByApplication(7), {
  server: onPath('/v7/api_key', json(500, { error: 'later' })),
});

// getDeviceApiKeysByDevice ---------------------------------------------------
const DEVICE_PARAMS = [
  ['32-char uuid', UUID32],
  ['32-char uuid upper case (no lower-casing)', UUID32_UPPER],
  ['62-char uuid', UUID62],
  ['number', 5],
  ['zero', 0],
  ['negative fraction', -2.5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['short string', 'abc'],
  ['empty string', ''],
  ['31 chars', UUID32.slice(1)],
  ['33 chars', `${UUID32}0`],
  ['61 chars', UUID62.slice(1)],
  ['63 chars', `${UUID62}0`],
  ['32 chars with quote and space', "ab'cd ef".padEnd(32, 'x')],
  ['32 UTF-16 units of é', 'é'.repeat(32)],
  ['16 emoji = 32 UTF-16 units', '😀'.repeat(16)],
  ['32 chars with # and %', '#%?&'.repeat(8)],
  ['null', null],
  ['undefined', undefined],
  ['object', { uuid: UUID32 }],
  ['true', true],
  ['array of 32 chars', [UUID32]],
];
for (const [label, value] of DEVICE_PARAMS) {
  api(`getDeviceApiKeysByDevice: ${label}`, (a) => a.getDeviceApiKeysByDevice(value));
}
api('getDeviceApiKeysByDevice: options merged (filter first)', (a) =>
  a.getDeviceApiKeysByDevice(1, { $filter: { name: { $ne: null } }, $orderby: { created_at: 'desc' }, $select: 'id', $top: 2, $skip: 1 }));
api('getDeviceApiKeysByDevice: $expand', (a) => a.getDeviceApiKeysByDevice(UUID62, { $expand: { is_of__actor: { $select: 'id' } } }));
api('getDeviceApiKeysByDevice: $select star', (a) => a.getDeviceApiKeysByDevice(3, { $select: '*' }));
api('getDeviceApiKeysByDevice: invalid $top after lookup', (a) => a.getDeviceApiKeysByDevice(1, { $top: 'x' }));
api('getDeviceApiKeysByDevice: not found by uuid', (a) => a.getDeviceApiKeysByDevice(UUID32_UPPER), {
  server: onPath('/v7/device', json(200, NONE)),
});
api('getDeviceApiKeysByDevice: not found by id', (a) => a.getDeviceApiKeysByDevice(12), {
  server: onPath('/v7/device', json(200, NONE)),
});
api('getDeviceApiKeysByDevice: two rows', (a) => a.getDeviceApiKeysByDevice(12), {
  server: onPath('/v7/device', json(200, { d: [{ actor: { __id: 1 } }, { actor: { __id: 2 } }] })),
});
api('getDeviceApiKeysByDevice: lookup 404 empty', (a) => a.getDeviceApiKeysByDevice(UUID32), {
  server: onPath('/v7/device', empty(404)),
});
api('getDeviceApiKeysByDevice: lookup 401 without token', (a) => a.getDeviceApiKeysByDevice(UUID32), {
  login: null,
  server: always(empty(401)),
});
api('getDeviceApiKeysByDevice: lookup 429 with Retry-After', (a) => a.getDeviceApiKeysByDevice(4), {
  server: onPath('/v7/device', json(429, { message: 'slow down' }, { 'Retry-After': '3' })),
});

// update ----------------------------------------------------------------
api('update: name and null expiry', (a) => a.update(7, { name: 'x', expiryDate: null }));
api('update: all fields, key order name/description/expiry_date', (a) =>
  a.update(1, { expiryDate: '2030-01-01', description: null, name: 'n', extra: true }));
api('update: Date expiry and unicode', (a) => a.update(2, { name: 'ñ "q" 😀', expiryDate: new Date('2031-05-06T07:08:09.010Z') }));
api('update: empty info object, server 400', (a) => a.update(1, {}), { server: always(json(400, 'No fields to update')) });
api('update: string id', (a) => a.update('abc', { name: 'n' }));
api('update: string id with quote and space', (a) => a.update("a'b c", { name: 'n' }));
api('update: id 0', (a) => a.update(0, { description: 'd' }));
api('update: id object (alternate key)', (a) => a.update({ name: 'k' }, { description: 'd' }));
api('update: id true', (a) => a.update(true, { description: 'd' }));
api('update: id NaN', (a) => a.update(NaN, { name: 'n' }));
api('update: id null', (a) => a.update(null, { name: 'n' }));
api('update: info undefined', (a) => a.update(1));
api('update: info false', (a) => a.update(1, false));
api('update: info 0', (a) => a.update(1, 0));
api('update: info empty string', (a) => a.update(1, ''));
api('update: info non-empty string', (a) => a.update(1, 'abc'));
api('update: name empty string', (a) => a.update(1, { name: '' }));
api('update: name number passes through', (a) => a.update(1, { name: 0 }));
api('update: 401 with token', (a) => a.update(1, { name: 'n' }), { server: always(empty(401)) });
api('update: 401 without token', (a) => a.update(1, { name: 'n' }), { login: null, server: always(empty(401)) });
api('update: 400 long-name JSON string', (a) => a.update(1, { name: 'x'.repeat(51) }), {
  server: always(json(400, 'It is necessary that each api key that has a name, has a name that has a Length (Type) that is less than or equal to 50.')),
});
api('update: 403 {error:{text}}', (a) => a.update(1, { name: 'n' }), { server: always(json(403, { error: { text: 'denied' } })) });
api('update: undefined members omitted', (a) => a.update(1, { name: 'x', description: undefined, expiryDate: undefined }));
api('update: lone surrogate and control characters', (a) => a.update(1, { name: '\ud83d', description: '\u0000\u001f\u007f' }));
api('update: 204 answer', (a) => a.update(1, { name: 'n' }), { server: always(empty(204)) });

// revoke ----------------------------------------------------------------
const REVOKE_IDS = [
  ['number', 9],
  ['string with quote and space', "a'b c"],
  ['unicode string', 'é/ü?#'],
  ['empty string', ''],
  ['negative zero', -0],
  ['1e21', 1e21],
  ['NaN', NaN],
  ['null', null],
  ['undefined', undefined],
  ['empty object', {}],
  ['Date', new Date('2030-01-01T00:00:00Z')],
];
for (const [label, id] of REVOKE_IDS) {
  api(`revoke: ${label}`, (a) => a.revoke(id));
}
api('revoke: no argument', (a) => a.revoke());
api('revoke: server 500 {message,error}', (a) => a.revoke(5), { server: always(json(500, { message: 'msg', error: 'err' })) });
api('revoke: server 404 text', (a) => a.revoke(5), { server: always(text(404, 'Not Found')) });
api('revoke: server 200 JSON body ignored', (a) => a.revoke(5), { server: always(json(200, { d: [] })) });
api('revoke: without token, server 401', (a) => a.revoke(5), { login: null, server: always(empty(401)) });

// auth ------------------------------------------------------------------
sdkScenario('auth.getToken: logged in', (sdk) => sdk.auth.getToken());
sdkScenario('auth.getToken: not logged in', (sdk) => sdk.auth.getToken(), { login: null });
sdkScenario('auth.isLoggedIn: true', (sdk) => sdk.auth.isLoggedIn());
sdkScenario('auth.isLoggedIn: whoami 401', (sdk) => sdk.auth.isLoggedIn(), { server: onPath('/actor/v1/whoami', empty(401)) });
sdkScenario('auth.isLoggedIn: no token, whoami 401', (sdk) => sdk.auth.isLoggedIn(), { login: null, server: always(empty(401)) });
sdkScenario('auth.isLoggedIn: whoami 500 rejects', (sdk) => sdk.auth.isLoggedIn(), { server: onPath('/actor/v1/whoami', text(500, 'down')) });
sdkScenario('auth.whoami: value', (sdk) => sdk.auth.whoami());
sdkScenario('auth.whoami: 401 gives undefined', (sdk) => sdk.auth.whoami(), { server: always(empty(401)) });
sdkScenario('auth.whoami: 500 JSON rejects', (sdk) => sdk.auth.whoami(), { server: always(json(500, { message: 'srv' })) });
sdkScenario('auth.whoami: text/plain body', (sdk) => sdk.auth.whoami(), { server: onPath('/actor/v1/whoami', text(200, 'plain')) });
sdkScenario('auth.getActorId: value', (sdk) => sdk.auth.getActorId());
sdkScenario('auth.getActorId: not logged in', (sdk) => sdk.auth.getActorId(), { login: null, server: always(empty(401)) });
sdkScenario('whoami cache: second getActorId reuses', (sdk) => steps(() => sdk.auth.getActorId(), () => sdk.auth.getActorId(), () => sdk.auth.whoami()));
sdkScenario('whoami cache: concurrent callers share one request', (sdk) =>
  Promise.all([sdk.auth.getActorId(), sdk.auth.getActorId(), sdk.models.apiKey.getAllNamedUserApiKeys()]), {
  server: onPath('/actor/v1/whoami', { status: 200, json: { id: 43 }, delay: 100 }),
});
sdkScenario('whoami cache: isLoggedIn always refetches', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.isLoggedIn(), () => sdk.auth.getActorId()));
sdkScenario('whoami cache: loginWithToken clears it', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.loginWithToken('tok_second'), () => sdk.auth.getActorId()), {
  server: onPath('/actor/v1/whoami', (req) => json(200, { id: req.headers.authorization === 'Bearer tok_second' ? 100 : 42 })),
});
sdkScenario('whoami cache: logout clears it', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.logout(), () => sdk.auth.getActorId(), () => sdk.auth.isLoggedIn()), {
  server: onPath('/actor/v1/whoami', (req) => (req.headers.authorization ? undefined : empty(401))),
});
sdkScenario('whoami cache: a failed whoami is not cached', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.getActorId(), () => sdk.auth.getActorId()), {
  server: onPath('/actor/v1/whoami', (req) => (req.nth === 0 ? json(500, { message: 'first fails' }) : undefined)),
});
sdkScenario('whoami cache: shared by getAllNamedUserApiKeys and getActorId', (sdk) =>
  steps(() => sdk.models.apiKey.getAllNamedUserApiKeys(), () => sdk.auth.getActorId(), () => sdk.auth.whoami()));
sdkScenario('auth.logout: later requests carry no Authorization', (sdk) =>
  steps(() => sdk.auth.logout(), () => sdk.auth.getToken(), () => sdk.models.apiKey.getAll(), () => sdk.auth.isLoggedIn()));
sdkScenario('auth.logout: when not logged in', (sdk) => steps(() => sdk.auth.logout(), () => sdk.auth.getToken()), { login: null });
sdkScenario('auth.loginWithToken: replaces the token', (sdk) =>
  steps(() => sdk.auth.loginWithToken('tok_other'), () => sdk.auth.getToken(), () => sdk.models.apiKey.revoke(1)));
sdkScenario("auth.loginWithToken: 'a.b' is an API key", (sdk) => steps(() => sdk.auth.loginWithToken('a.b'), () => sdk.auth.getToken(), () => sdk.auth.whoami()), { login: null });
sdkScenario('auth.loginWithToken: empty string', (sdk) => steps(() => sdk.auth.loginWithToken(''), () => sdk.auth.getToken(), () => sdk.models.apiKey.getAll()), { login: null });
for (const [label, token] of [['number', 123], ['null', null], ['undefined', undefined], ['object', { a: 1 }]]) {
  sdkScenario(`auth.loginWithToken: ${label} token`, async (sdk) => {
    await sdk.auth.loginWithToken(token);
    return sdk.auth.getToken();
  }, {
    login: null,
    compare: 'same-or-rejects',
  });
}
sdkScenario('auth.loginWithToken: surrounding spaces kept', (sdk) =>
  steps(() => sdk.auth.loginWithToken('  tok  '), () => sdk.auth.getToken(), () => sdk.auth.whoami()), { login: null });
sdkScenario('auth.loginWithToken: resolves undefined', (sdk) => sdk.auth.loginWithToken('tok_x'), { login: null });
sdkScenario('bad token: server rejects everything with 401', (sdk) =>
  steps(
    () => sdk.models.apiKey.getAll(),
    () => sdk.models.apiKey.getAllNamedUserApiKeys(),
    () => sdk.models.apiKey.create({ name: 'n', expiryDate: null }),
    () => sdk.models.apiKey.revoke(3),
    () => sdk.auth.isLoggedIn(),
    () => sdk.auth.whoami(),
  ), { login: 'bad_token', server: requireToken(TOKEN) });

// JWTs ------------------------------------------------------------------
sdkScenario('jwt: expired token refused with BalenaExpiredToken', (sdk) => sdk.auth.loginWithToken(JWT_EXPIRED), { login: null });
sdkScenario('jwt: expired token refused, previous token kept', (sdk) =>
  steps(() => sdk.auth.loginWithToken(JWT_EXPIRED), () => sdk.auth.getToken(), () => sdk.models.apiKey.getAll()));
sdkScenario('jwt: fresh token sent as is, no refresh', (sdk) =>
  steps(() => sdk.auth.getToken(), () => sdk.auth.whoami(), () => sdk.models.apiKey.create({ name: 'j', expiryDate: null })), { login: JWT_FRESH });
sdkScenario('jwt: without exp never expires', (sdk) => steps(() => sdk.auth.getActorId(), () => sdk.models.apiKey.getAll()), { login: JWT_NO_EXP });
sdkScenario('jwt: older than 24h refreshes before whoami', (sdk) =>
  steps(() => sdk.auth.whoami(), () => sdk.auth.getToken(), () => sdk.models.apiKey.getAll()), { login: JWT_OLD });
sdkScenario('jwt: older than 24h refreshes before create', (sdk) =>
  steps(() => sdk.models.apiKey.create({ name: 'r', expiryDate: null }), () => sdk.auth.getToken()), {
  login: JWT_OLD,
  server: onPath('/user/v1/refresh-token', text(200, JWT_NEW)),
});
sdkScenario('jwt: older than 24h, pine calls do not refresh', (sdk) =>
  steps(() => sdk.models.apiKey.getAll(), () => sdk.models.apiKey.update(1, { name: 'u' }), () => sdk.auth.getToken()), { login: JWT_OLD });
sdkScenario('jwt: refresh answered 401 (token not expired)', (sdk) =>
  steps(() => sdk.auth.whoami(), () => sdk.auth.getActorId(), () => sdk.auth.getToken()), {
  login: JWT_OLD,
  server: onPath('/user/v1/refresh-token', empty(401)),
});
sdkScenario('jwt: refresh answers an expired JWT', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.getToken()), {
  login: JWT_OLD,
  server: onPath('/user/v1/refresh-token', text(200, JWT_EXPIRED)),
});
sdkScenario('jwt: refresh 500', (sdk) => steps(() => sdk.models.apiKey.create({ name: 'r', expiryDate: null }), () => sdk.auth.getToken()), {
  login: JWT_OLD,
  server: onPath('/user/v1/refresh-token', json(500, { message: 'refresh down' })),
});
sdkScenario('jwt: refreshed token is an API key and stops refreshing', (sdk) =>
  steps(() => sdk.auth.getActorId(), () => sdk.auth.isLoggedIn(), () => sdk.auth.getToken()), { login: JWT_OLD });

// pine ------------------------------------------------------------------
sdkScenario('pine.get: collection with options', (sdk) => sdk.pine.get({ resource: 'api_key', options: { $select: ['id'], $filter: { id: { $in: [1, 2] } } } }));
sdkScenario('pine.get: by id returns one row', (sdk) => sdk.pine.get({ resource: 'api_key', id: 5, options: { $select: 'name' } }));
sdkScenario('pine.get: by id, empty d gives undefined', (sdk) => sdk.pine.get({ resource: 'api_key', id: 5 }), { server: always(json(200, NONE)) });
sdkScenario('pine.get: by id, two rows rejects', (sdk) => sdk.pine.get({ resource: 'application', id: { slug: 'a' } }), { server: always(json(200, ROWS_TWO)) });
sdkScenario('pine.get: 401 without token', (sdk) => sdk.pine.get({ resource: 'api_key' }), { login: null, server: always(empty(401)) });
// Params from a class: pine.get spreads them (`{ ...params, method }`), so
// getters and values on the prototype do not count (pine.compile, which
// does not spread, reads them: see pine-compile.test.mjs).
class KeyQuery {
  get resource() {
    return 'api_key';
  }
  get options() {
    return { $select: ['id', 'name'], $filter: { name: { $ne: null } } };
  }
}
sdkScenario('pine.get: params with inherited resource and options', (sdk) => sdk.pine.get(new KeyQuery()));
sdkScenario('pine.get: params with an inherited id is a collection', (sdk) => sdk.pine.get(Object.assign(Object.create({ id: 5 }), { resource: 'api_key' })));
sdkScenario('pine.get: compile error, no request', (sdk) => sdk.pine.get({ resource: 'api_key', options: { $top: 'x' } }));
sdkScenario('pine.patch: body and id', (sdk) => sdk.pine.patch({ resource: 'api_key', id: 3, body: { name: 'z', description: null } }));
sdkScenario('pine.patch: with $filter, no id', (sdk) => sdk.pine.patch({ resource: 'api_key', options: { $filter: { name: 'a' } }, body: { description: 'd' } }));
sdkScenario('pine.post: body', (sdk) => sdk.pine.post({ resource: 'api_key', body: { name: 'x', description: null } }));
sdkScenario('pine.delete: by id', (sdk) => sdk.pine.delete({ resource: 'api_key', id: 3 }));
sdkScenario('pine.delete: 500 text', (sdk) => sdk.pine.delete({ resource: 'api_key', id: 3 }), { server: always(text(500, 'nope')) });

// transport options -----------------------------------------------------
api('apiUrl with trailing slash', (a) => steps(() => a.getAll(), () => a.create({ name: 's', expiryDate: null })), {
  apiUrl: (url) => `${url}/`,
});
api('apiUrl with a path prefix: only the origin is used', (a, sdk) =>
  steps(() => a.getAll(), () => sdk.auth.getActorId(), () => a.create({ name: 's', expiryDate: null })), {
  apiUrl: (url) => `${url}/some/prefix`,
});
api('apiKey option is ignored', (a) => a.getAll(), { sdkOptions: { apiKey: 'SECRETKEY' } });
api('retryRateLimitedRequests: 429 Retry-After 0 is retried', (a) => a.getAll(), {
  sdkOptions: { retryRateLimitedRequests: true },
  server: onPath('/v7/api_key', (req) => (req.nth === 0 ? text(429, 'slow', { 'Retry-After': '0' }) : undefined)),
});
api('retryRateLimitedRequests off: 429 Retry-After 0 rejects', (a) => a.getAll(), {
  server: onPath('/v7/api_key', (req) => (req.nth === 0 ? text(429, 'slow', { 'Retry-After': '0' }) : undefined)),
});
api('retryRateLimitedRequests: non-integer Retry-After is not retried', (a) => a.getAll(), {
  sdkOptions: { retryRateLimitedRequests: true },
  server: onPath('/v7/api_key', (req) => (req.nth === 0 ? text(429, 'slow', { 'Retry-After': 'soon' }) : undefined)),
});
api('retryRateLimitedRequests as a function that allows', (a) => a.getAll(), {
  sdkOptions: { retryRateLimitedRequests: () => true },
  server: onPath('/v7/api_key', (req) => (req.nth === 0 ? json(429, { message: 'slow' }, { 'Retry-After': '0' }) : undefined)),
});
api('retryRateLimitedRequests as a function that vetoes', (a) => a.getAll(), {
  sdkOptions: { retryRateLimitedRequests: () => false },
  server: onPath('/v7/api_key', (req) => (req.nth === 0 ? json(429, { message: 'slow' }, { 'Retry-After': '0' }) : undefined)),
});
api('requestLimit: parallel calls all complete', (a) => Promise.all([a.getAll({ $top: 1 }), a.revoke(2), a.getAll({ $top: 3 })]), {
  sdkOptions: { requestLimit: 2, requestLimitInterval: 300 },
});
api('apiVersion v6 changes the pine prefix only', (a, sdk) => steps(() => a.getAll(), () => sdk.auth.getActorId(), () => a.revoke(1)), {
  sdkOptions: { apiVersion: 'v6' },
  server: onPath('/v6/', json(200, { d: [] })),
});
sdkScenario('whoami cache: concurrent callers share one failure', (sdk) =>
  Promise.allSettled([sdk.auth.getActorId(), sdk.auth.getActorId()]).then((all) => all.map((r) => r.status)), {
  server: onPath('/actor/v1/whoami', { status: 500, json: { message: 'down' }, delay: 100 }),
});
api('getAllNamedUserApiKeys: whoami id 0', (a) => a.getAllNamedUserApiKeys(), { server: onPath('/actor/v1/whoami', json(200, { id: 0 })) });
api('getAllNamedUserApiKeys: whoami id null', (a) => a.getAllNamedUserApiKeys(), { server: onPath('/actor/v1/whoami', json(200, { id: null })) });
api('getProvisioningApiKeysByApplication: actor id null', (a) => a.getProvisioningApiKeysByApplication('app'), {
  server: onPath('/v7/application', json(200, { d: [{ actor: { __id: null } }] })),
});

/** Every scenario: the recorded calls first, then the hand-written ones. */
export function allScenarios() {
  const all = [...recordedScenarios(), ...scenarios];
  const names = new Set();
  for (const scenario of all) {
    if (names.has(scenario.name)) throw new Error(`duplicate scenario name: ${scenario.name}`);
    names.add(scenario.name);
  }
  return all;
}
