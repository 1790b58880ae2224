// Token hygiene (issue 7): the session token never shows up where it could
// be logged or leaked: not in a request URL or any header but Authorization,
// an error's message or stack, `err.requestOptions` as printed (util.inspect
// and JSON.stringify), the whole error as util.inspect prints it, or a
// `debug: true` console line. Checked on success and on every fault of
// tests/js/helpers/fault-server.mjs (and a refused connection), for an API
// key and for a day-old JWT (whose refresh is then the failing request).
//
// balena-sdk@23.2.15 is run on the refused connection too, for the report:
// it attaches its request options, Authorization header included, to
// network errors.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { getSdk } from '../../pkg/index.mjs';
import { FAULTS, closedPortUrl, startFaultServer } from './helpers/fault-server.mjs';
import { jwt } from './helpers/scenarios.mjs';

const reference = createRequire(import.meta.url)('balena-sdk');

const API_KEY = 'SECRETapikey7f3c9a2b';
const NOW = Math.floor(Date.now() / 1000);
const OLD_JWT = jwt({ id: 5, actorId: 42, iat: NOW - 2 * 86_400, exp: NOW + 86_400, secret: 'SECRETjwt' });
const TOKENS = { 'API key': API_KEY, 'day-old JWT': OLD_JWT };
/** Enough of each token to recognise it anywhere (a JWT's payload segment included). */
const MARKS = [API_KEY, OLD_JWT, OLD_JWT.split('.')[1]];

/** Each call, as a user would make it. */
const CALLS = {
  getAll: (sdk) => sdk.models.apiKey.getAll(),
  getDeviceApiKeysByDevice: (sdk) => sdk.models.apiKey.getDeviceApiKeysByDevice(5),
  update: (sdk) => sdk.models.apiKey.update(7, { name: 'n' }),
  revoke: (sdk) => sdk.models.apiKey.revoke(7),
  create: (sdk) => sdk.models.apiKey.create({ name: 'k', expiryDate: null }),
  whoami: (sdk) => sdk.auth.whoami(),
  getActorId: (sdk) => sdk.auth.getActorId(),
  'pine.get': (sdk) => sdk.pine.get({ resource: 'api_key', options: { $top: 1 } }),
};

/** Faults that are not worth the time here (the 50 MB body says nothing new). */
const SKIPPED = new Set(['50 MB body']);

let server;
before(async () => {
  server = await startFaultServer();
});
after(() => server?.close());

/**
 * Runs `fn` with console output and process.stderr captured; resolves with
 * `{ outcome, logged }` where `logged` is everything printed.
 */
async function captured(fn) {
  const lines = [];
  const methods = ['log', 'error', 'warn', 'info', 'debug', 'trace'];
  const saved = methods.map((name) => console[name]);
  const savedWrite = process.stderr.write;
  methods.forEach((name) => {
    console[name] = (...args) => lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: null }))).join(' '));
  });
  process.stderr.write = (chunk, ...rest) => {
    lines.push(String(chunk));
    return typeof rest.at(-1) === 'function' ? rest.at(-1)() || true : true;
  };
  try {
    const outcome = await fn().then(
      (value) => ({ value }),
      (error) => ({ error }),
    );
    return { outcome, logged: lines.join('\n') };
  } finally {
    methods.forEach((name, i) => {
      console[name] = saved[i];
    });
    process.stderr.write = savedWrite;
  }
}

/** Every place a token must not be, as text, by name. */
function exposures(error, logged, requests) {
  const places = {
    'debug output': logged,
    'request URLs': requests.map((r) => r.target).join('\n'),
    'request headers other than Authorization': requests.map((r) => JSON.stringify({ ...r.headers, authorization: undefined })).join('\n'),
  };
  if (error !== undefined) {
    places['error message'] = String(error?.message);
    places['error stack'] = String(error?.stack);
    places['util.inspect(err.requestOptions)'] = inspect(error?.requestOptions, { depth: null });
    places['JSON.stringify(err.requestOptions)'] = JSON.stringify(error?.requestOptions) ?? '';
    places['util.inspect(err)'] = inspect(error, { depth: null, showHidden: true });
  }
  return places;
}

/** The places among `places` that hold a token. */
function leaks(places) {
  return Object.entries(places)
    .filter(([, text]) => MARKS.some((mark) => text.includes(mark)))
    .map(([where]) => where);
}

test('the token is in no URL, error, requestOptions or debug line, on success and on every fault', { timeout: 120_000 }, async () => {
  const found = [];
  let runs = 0;
  let debugLines = 0;
  const faults = [undefined, ...Object.keys(FAULTS).filter((name) => !SKIPPED.has(name))];
  for (const [kind, token] of Object.entries(TOKENS)) {
    for (const fault of faults) {
      for (const [name, call] of Object.entries(CALLS)) {
        server.use(fault);
        const sdk = getSdk({ apiUrl: server.url, dataDirectory: false, debug: true, requestTimeout: 100 });
        await sdk.auth.loginWithToken(token);
        const { outcome, logged } = await captured(() => call(sdk));
        if (logged) debugLines++;
        const where = leaks(exposures(outcome.error, logged, server.requests));
        if (where.length > 0) found.push(`${kind}, ${fault ?? 'healthy server'}, ${name}: ${where.join(', ')}`);
        // The token did go out, in the one place it belongs.
        if (server.requests.length > 0) assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
        runs++;
      }
    }
  }
  const refused = await closedPortUrl();
  for (const token of Object.values(TOKENS)) {
    for (const call of Object.values(CALLS)) {
      const sdk = getSdk({ apiUrl: refused, dataDirectory: false, debug: true });
      await sdk.auth.loginWithToken(token);
      const { outcome, logged } = await captured(() => call(sdk));
      const where = leaks(exposures(outcome.error, logged, []));
      if (where.length > 0) found.push(`connection refused: ${where.join(', ')}`);
      runs++;
    }
  }
  assert.ok(debugLines > 100, `debug printed for ${debugLines} calls only`);
  console.log(`token hygiene: ${runs} calls (${debugLines} with debug output) (${faults.length - 1} faults, a healthy server and a refused connection; ${Object.keys(CALLS).length} calls; an API key and a day-old JWT) leaked nothing`);
  assert.deepEqual(found, []);
});

test('for the record: balena-sdk puts the token into err.requestOptions of a network error', async () => {
  const sdk = reference.getSdk({ apiUrl: await closedPortUrl(), isBrowser: false, dataDirectory: false });
  await sdk.auth.loginWithToken(API_KEY);
  const { outcome, logged } = await captured(() => sdk.models.apiKey.getAll());
  const where = leaks(exposures(outcome.error, logged, []));
  console.log(`balena-sdk@23.2.15, connection refused: the token is in ${where.join(', ') || 'nothing'}`);
  assert.ok(where.includes('JSON.stringify(err.requestOptions)'), 'balena-sdk no longer leaks: update the README note');
});
