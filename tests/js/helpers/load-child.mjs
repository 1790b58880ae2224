// Run as a child process (`node --expose-gc`) by tests/js/load.test.mjs:
// rounds of concurrent calls on ONE sdk instance against the api-emulator,
// each result checked against what the emulator holds; after each round a
// full GC and one JSON line with the memory figures: the V8 heap, RSS, the
// wasm linear memory and the wasm-bindgen externref table (a leaked JsValue
// would grow it).
//
//   node --expose-gc tests/js/helpers/load-child.mjs <apiUrl> <token> <truth JSON> [rounds] [calls]
// where truth is { keyIds: [...], deviceId, deviceKeyIds: [...], actorId }.
import { setImmediate as tick } from 'node:timers/promises';

// See the wasm instance the package creates, for its memory and table.
const OriginalInstance = WebAssembly.Instance;
let instance;
WebAssembly.Instance = function Instance(module, imports) {
  instance = new OriginalInstance(module, imports);
  return instance;
};
const { getSdk } = await import('../../../pkg/index.mjs');
WebAssembly.Instance = OriginalInstance;

const [apiUrl, token, truthJson, rounds = '10', calls = '1000'] = process.argv.slice(2);
const truth = JSON.parse(truthJson);
const sameIds = (rows, ids) => rows.length === ids.length && rows.every((row, i) => row.id === ids[i]);

/** The i-th call of a round: a mix of every request path; resolves true when its result is right. */
function call(sdk, i) {
  switch (i % 5) {
    case 0:
      return sdk.models.apiKey.getAll({ $select: ['id'], $orderby: 'id asc' }).then((rows) => sameIds(rows, truth.keyIds));
    case 1:
      return sdk.models.apiKey.getDeviceApiKeysByDevice(truth.deviceId, { $select: ['id'], $orderby: 'id asc' }).then((rows) => sameIds(rows, truth.deviceKeyIds));
    case 2:
      return sdk.auth.getActorId().then((id) => id === truth.actorId);
    case 3: {
      const id = truth.keyIds[i % truth.keyIds.length];
      return sdk.pine.get({ resource: 'api_key', id, options: { $select: 'id' } }).then((row) => row?.id === id);
    }
    default:
      return sdk.models.apiKey.getAll({ $top: 1, $select: 'id', $filter: { id: truth.keyIds[0] } }).then((rows) => sameIds(rows, truth.keyIds.slice(0, 1)));
  }
}

async function collect() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await tick();
  }
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  const table = instance.exports.__wbindgen_externrefs;
  let held = 0;
  for (let i = 0; i < table.length; i++) if (table.get(i) != null) held++;
  return { heapUsed, rss, external, arrayBuffers, wasmMemory: instance.exports.memory.buffer.byteLength, externrefs: table.length, held };
}

const sdk = getSdk({ apiUrl, dataDirectory: false });
await sdk.auth.loginWithToken(token);
// The memoised whoami is one handle the instance keeps on purpose.
await sdk.auth.getActorId();
console.log(JSON.stringify({ round: 0, ...(await collect()) }));
for (let round = 1; round <= Number(rounds); round++) {
  const started = Date.now();
  const outcomes = await Promise.allSettled(Array.from({ length: Number(calls) }, (_, i) => call(sdk, i)));
  const wrong = outcomes.filter((o) => o.status === 'fulfilled' && o.value !== true).length;
  const failed = outcomes.filter((o) => o.status === 'rejected');
  const ms = Date.now() - started;
  const firstError = failed[0] && String(failed[0].reason?.message ?? failed[0].reason);
  console.log(JSON.stringify({ round, ms, ok: outcomes.length - wrong - failed.length, wrong, failed: failed.length, firstError, ...(await collect()) }));
}
