// Random options through `models.apiKey.getAll(options)` on balena-sdk@23.2.15
// and on the package under test, against the recording server: each call
// must send the same request-target (or none) and resolve the same rows or
// reject with the same error. One logged-in sdk per side serves every call,
// so this also shows an instance keeps working after refused options.
//
//   node --test tests/js/sdk-random-getall.test.mjs
//   GETALL_CASES=3000 GETALL_SEED=7 node --test tests/js/sdk-random-getall.test.mjs
//   SDK_UNDER_TEST=balena-sdk node --test tests/js/sdk-random-getall.test.mjs   # self-check
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { makeGenerator } from './helpers/gen-options.mjs';
import { startRecordingServer } from './helpers/recording-server.mjs';
import { loadSides, normaliseRequests, settle, TOKEN } from './helpers/scenarios.mjs';

const CASES = Number(process.env.GETALL_CASES ?? 1000);
const SEED = Number(process.env.GETALL_SEED ?? 20261127);
const CALL_TIMEOUT_MS = 5000;
const BUDGET_MS = 25_000;

// One recording server per side, so the two calls of a case run at once.
const servers = {};
let sides;

before(async () => {
  servers.reference = await startRecordingServer();
  servers.underTest = await startRecordingServer();
  sides = await loadSides();
});

after(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

/** The options as code-like text: shows undefined, NaN, Sets, Dates, functions. */
const describe = (value) => inspect(value, { depth: null, breakLength: Infinity });

async function call(side, server, sdk, options) {
  server.reset();
  let timer;
  const outcome = await settle(
    Promise.race([
      sdk.models.apiKey.getAll(options),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
      }),
    ]),
  );
  clearTimeout(timer);
  const requests = normaliseRequests(server.requests, side.client);
  return { requests, outcome };
}

test(`getAll(options): ${CASES} random options (seed ${SEED}) give the same request or error on both SDKs`, async () => {
  // Two generators with one seed: each side gets its own, identical options
  // (they hold Sets, Dates and functions, so they are not cloned).
  const forReference = makeGenerator(SEED);
  const forUnderTest = makeGenerator(SEED);
  const reference = sides.reference.getSdk({ apiUrl: servers.reference.url, isBrowser: false, dataDirectory: false });
  const underTest = sides.underTest.getSdk({ apiUrl: servers.underTest.url, isBrowser: false, dataDirectory: false });
  await reference.auth.loginWithToken(TOKEN);
  await underTest.auth.loginWithToken(TOKEN);

  const started = Date.now();
  let sent = 0;
  let done = 0;
  for (; done < CASES; done++) {
    const optionsReference = forReference.options();
    const optionsUnderTest = forUnderTest.options();
    const [expected, actual] = await Promise.all([
      call(sides.reference, servers.reference, reference, optionsReference),
      call(sides.underTest, servers.underTest, underTest, optionsUnderTest),
    ]);
    try {
      assert.deepStrictEqual(actual, expected);
    } catch (error) {
      error.message = `case ${done} (seed ${SEED}): getAll(${describe(optionsReference)})\n` +
        `(actual: ${sides.underTest.label}, expected: ${sides.reference.label})\n${error.message}`;
      throw error;
    }
    if (expected.requests.length > 0) sent++;
    if (Date.now() - started > BUDGET_MS) break;
  }
  assert.equal(done, CASES, `time budget of ${BUDGET_MS} ms ran out after ${done} of ${CASES} cases`);
  console.log(`getAll: ${CASES} random cases identical (${sent} sent a request, ${CASES - sent} refused before sending)`);
});
