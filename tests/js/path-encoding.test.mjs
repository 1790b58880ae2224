// Path encoding (issue 7): ids, uuids, slugs, alternate keys, resources and
// actions holding `../`, `?`, `#`, `%`, `\` and line breaks, through the
// models and pine, on balena-sdk@23.2.15 and on the package, against one
// recording server.
//
// A request target is intact when the path the server receives is the path
// pinejs-client-core compiled, only percent-encoded where the URL parser
// encodes (spaces, quotes, non-ASCII…): nothing cut off at a `?` or `#`, no
// `.`/`..` segment resolved away, no `\` read as `/`. Where balena-sdk's
// targets are intact, the package must send exactly the same requests; where
// balena-sdk itself sends the request elsewhere (pinejs writes the keys of an
// id object and `action` verbatim), the package must send nothing and reject
// with an Error. Those cases are printed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRecordingServer } from './helpers/recording-server.mjs';
import { loadSides, normaliseRequests, settle } from './helpers/scenarios.mjs';

const NASTY = [
  '../x', '../../actor/v1/whoami', '..', '.', '%2e%2e', '.%2E', '?a=1', '#frag', '%', '%zz', '%2F', 'a/b',
  '\\..\\x', 'a b', "a'b", '"', 'a\tb', 'a\nb', '\u0000', 'x ', '日本😀', '@', '()=,', '&x=1',
];

/** Each form: the user call, and the pine params whose path it compiles (when there is one to check). */
const FORMS = {
  'update(v)': [(sdk, v) => sdk.models.apiKey.update(v, { name: 'n' }), (v) => ({ resource: 'api_key', id: v })],
  'revoke(v)': [(sdk, v) => sdk.models.apiKey.revoke(v), (v) => ({ resource: 'api_key', id: v })],
  'revoke({ name: v })': [(sdk, v) => sdk.models.apiKey.revoke({ name: v }), (v) => ({ resource: 'api_key', id: { name: v } })],
  'revoke({ "@": v })': [(sdk, v) => sdk.models.apiKey.revoke({ '@': v }), (v) => ({ resource: 'api_key', id: { '@': v } })],
  'revoke({ [v]: 1 })': [(sdk, v) => sdk.models.apiKey.revoke({ [v]: 1 }), (v) => ({ resource: 'api_key', id: { [v]: 1 } })],
  'update({ [v]: 1 })': [(sdk, v) => sdk.models.apiKey.update({ [v]: 1 }, { name: 'n' }), (v) => ({ resource: 'api_key', id: { [v]: 1 } })],
  'getDeviceApiKeysByDevice(v)': [(sdk, v) => sdk.models.apiKey.getDeviceApiKeysByDevice(v), null],
  'getProvisioningApiKeysByApplication(v)': [(sdk, v) => sdk.models.apiKey.getProvisioningApiKeysByApplication(v), null],
  'pine.get({ id: v })': [(sdk, v) => sdk.pine.get({ resource: 'api_key', id: v }), (v) => ({ resource: 'api_key', id: v })],
  'pine.get({ resource: v })': [(sdk, v) => sdk.pine.get({ resource: v }), (v) => ({ resource: v })],
  'pine.get({ resource: ["api_key", v] })': [(sdk, v) => sdk.pine.get({ resource: ['api_key', v] }), (v) => ({ resource: ['api_key', v] })],
  'pine.delete({ id: 1, action: v })': [(sdk, v) => sdk.pine.delete({ resource: 'api_key', id: 1, action: v }), (v) => ({ resource: 'api_key', id: 1, action: v })],
  'pine.patch({ id: { [v]: 1 } })': [(sdk, v) => sdk.pine.patch({ resource: 'api_key', id: { [v]: 1 }, body: { a: 1 } }), (v) => ({ resource: 'api_key', id: { [v]: 1 } })],
};

/** The path as the URL parser writes it when it keeps it: its path percent-encode set, as UTF-8. */
function asWritten(path) {
  return path.replace(/[\u0000-\u0020"<>`{}\u007f-\u{10ffff}]/gu, (c) => encodeURIComponent(c));
}

/** Whether every request went to the path `compiled` (a pine path without the /v7/ prefix). */
function intact(requests, compiled) {
  const expected = `/v7/${asWritten(compiled)}`;
  return requests.every((r) => r.target.split('?')[0] === expected);
}

let server;
let sides;
before(async () => {
  server = await startRecordingServer();
  sides = await loadSides();
});
after(() => server?.close());

/** One call on a fresh, logged-in sdk of a side: its outcome, requests and (if asked) a follow-up. */
async function run(side, call, value, followUp) {
  server.reset();
  const sdk = side.getSdk({ apiUrl: server.url, isBrowser: false, dataDirectory: false });
  await sdk.auth.loginWithToken('path_token');
  const outcome = await settle(() => call(sdk, value));
  await new Promise((resolve) => setImmediate(resolve));
  const requests = normaliseRequests(server.requests, side.client);
  return { outcome, requests, followUp: followUp && (await settle(() => sdk.models.apiKey.getAll({ $top: 1 }))), compile: sdk.pine.compile };
}

/** Records a failed expectation instead of stopping at the first. */
function expect(failures, label, check) {
  try {
    check();
  } catch (error) {
    failures.push(`${label}: ${error.message.split('\n')[0]}`);
  }
}

test(`${NASTY.length} hostile values in ${Object.keys(FORMS).length} path positions never change the request target`, async () => {
  const changedByReference = [];
  const failures = [];
  let compared = 0;
  for (const [form, [call, pathParams]] of Object.entries(FORMS)) {
    for (const value of NASTY) {
      const label = `${form} with v = ${JSON.stringify(value)}`;
      const expected = await run(sides.reference, call, value, false);
      const actual = await run(sides.underTest, call, value, true);
      expect(failures, label, () => assert.ok('resolved' in actual.followUp, 'the instance keeps working'));
      const referenceIntact = !pathParams || expected.requests.length === 0 || intact(expected.requests.slice(0, 1), actual.compile(pathParams(value)));
      if (referenceIntact) {
        expect(failures, label, () => assert.deepEqual(actual.requests, expected.requests, 'the same requests as balena-sdk'));
        expect(failures, label, () => assert.deepEqual(Object.keys(actual.outcome), Object.keys(expected.outcome), 'the same outcome kind'));
        compared++;
      } else {
        changedByReference.push(`${label}: balena-sdk sends ${expected.requests.map((r) => `${r.method} ${JSON.stringify(r.target)}`).join(', ')}`);
        expect(failures, label, () => assert.deepEqual(actual.requests, [], 'no request to a changed target'));
        expect(failures, label, () => assert.equal(actual.outcome.rejected?.instanceofError, true, 'rejects with an Error'));
      }
    }
  }
  console.log(`path encoding: ${compared} cases identical to balena-sdk with intact targets; ${changedByReference.length} where balena-sdk changes the target and the package refuses:`);
  changedByReference.forEach((line) => console.log(`  ${line}`));
  assert.deepEqual(failures, []);
});
