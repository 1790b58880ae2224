// Differential suite: every scenario of tests/js/helpers/scenarios.mjs runs
// on balena-sdk@23.2.15 and on the package under test (a fresh sdk each,
// one recording server), and must give the same requests (method,
// request-target, Authorization, Content-Type, X-Balena-Client with the
// client name normalised, body bytes) and the same outcome (resolved value,
// or the error's class, name, code, message, statusCode, body,
// parameterName), then the same result for an ordinary getAll on the same
// instance.
//
//   node --test tests/js/sdk-differential.test.mjs                       # against pkg/
//   SDK_UNDER_TEST=balena-sdk node --test tests/js/sdk-differential.test.mjs   # self-check
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { startRecordingServer } from './helpers/recording-server.mjs';
import { allScenarios, loadSides, runScenario } from './helpers/scenarios.mjs';

const scenarios = allScenarios();
let server;
let sides;

before(async () => {
  server = await startRecordingServer();
  sides = await loadSides();
  console.log(`differential: ${sides.reference.label} vs ${sides.underTest.label}, ${scenarios.length} scenarios`);
});

after(async () => {
  await server?.close();
});

/** Re-throws an assertion failure with what was being compared in front. */
function check(label, actual, expected) {
  try {
    assert.deepStrictEqual(actual, expected);
  } catch (error) {
    error.message = `${label} (actual: ${sides.underTest.label}, expected: ${sides.reference.label})\n${error.message}`;
    throw error;
  }
}

/** The reference's requests against the ones tests/data/sdk-calls.json recorded. */
function checkRecorded(requests, recorded) {
  const project = (r) => {
    const out = { method: r.method, target: r.target };
    if (r.authorization !== undefined) out.authorization = r.authorization;
    if (r.contentType !== undefined) out.contentType = r.contentType;
    if (r.body !== undefined) out.body = r.body;
    return out;
  };
  assert.deepStrictEqual(requests.map(project), recorded.map(project), 'the reference no longer matches sdk-calls.json: the harness is wrong');
}

// Only an Error-ness check where the spec leaves the error to the port.
function rejectsOnly(outcome) {
  return outcome.rejected ? { rejected: { instanceofError: outcome.rejected.instanceofError } } : outcome;
}

for (const scenario of scenarios) {
  test(scenario.name, async () => {
    const expected = await runScenario(sides.reference, scenario, server);
    const actual = await runScenario(sides.underTest, scenario, server);
    if (scenario.recorded) checkRecorded(expected.requests, scenario.recorded);

    if (scenario.compare === 'same-or-rejects' && actual.outcome.rejected && !isDeepStrictEqual(actual.outcome, expected.outcome)) {
      // Refusing an argument the reference mishandles by accident is allowed:
      // with an Error, sending nothing the reference did not, and the
      // instance keeps working.
      check('a refusal must be an Error', actual.outcome.rejected.instanceofError, true);
      check('a refusal sends no request the reference did not', actual.requests, expected.requests.slice(0, actual.requests.length));
      check('after a refusal the same instance must keep working', 'resolved' in actual.followUp.outcome, true);
      console.log(`${scenario.name}: allowed refusal ${JSON.stringify(actual.outcome.rejected)} where the reference gave ${JSON.stringify(expected.outcome)}`);
      return;
    }
    let project = (outcome) => outcome;
    let label = 'outcome or requests differ';
    if (scenario.compare === 'rejects') {
      assert.ok(expected.outcome.rejected, 'the reference was expected to reject');
      project = rejectsOnly;
      label += ` (for the outcome only "rejects with an Error" is compared: ${scenario.why})`;
    }
    // Outcome and requests in one comparison, so the diff shows both.
    check(label, { outcome: project(actual.outcome), requests: actual.requests }, { outcome: project(expected.outcome), requests: expected.requests });
    check("follow-up getAll({$select:['id']}) on the same instance differs", actual.followUp, expected.followUp);
  });
}
