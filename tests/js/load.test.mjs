// Load (issue 7): 1,000 concurrent calls on ONE sdk instance of the package
// against the api-emulator, 10 rounds, in a child process run with
// --expose-gc (tests/js/helpers/load-child.mjs). Every call must succeed with
// the result the emulator holds; after each round and a full GC, memory must
// come back: no JsValue handle left in the wasm-bindgen externref table, and
// no growth trend of the V8 heap, RSS or the wasm linear memory beyond a
// tolerance.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startEmulator } from './helpers/emulator.mjs';

const ROUNDS = 10;
const CALLS = 1000;
const MB = 1024 * 1024;

let emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator?.stop());

/** What the emulator holds: the ids the calls of load-child.mjs must return. */
async function truth() {
  const ids = async (path) => (await emulator.api(path)).body.d.map((row) => row.id);
  const [device] = (await emulator.api('/v7/device?$select=id,actor&$orderby=id%20asc')).body.d;
  return {
    keyIds: await ids('/v7/api_key?$select=id&$orderby=id%20asc'),
    deviceId: device.id,
    deviceKeyIds: await ids(`/v7/api_key?$select=id&$orderby=id%20asc&$filter=is_of__actor%20eq%20${device.actor.__id}`),
    actorId: (await emulator.api('/actor/v1/whoami')).body.id,
  };
}

/** Runs the child; resolves with its JSON lines. */
function runChild(args) {
  const child = spawn(process.execPath, ['--expose-gc', new URL('./helpers/load-child.mjs', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { errors += chunk; });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load child exited with ${code}: ${errors}`));
      else resolve(output.trim().split('\n').map((line) => JSON.parse(line)));
    });
  });
}

/** Least-squares slope of `values` per step. */
function slope(values) {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

test(`${ROUNDS} rounds of ${CALLS} concurrent calls on one sdk: all right, and memory back to its baseline`, { timeout: 150_000 }, async () => {
  const facts = await truth();
  assert.ok(facts.keyIds.length > 1 && facts.deviceKeyIds.length > 0, `the emulator's seed data: ${JSON.stringify(facts)}`);
  const lines = await runChild([emulator.url, emulator.token, JSON.stringify(facts), String(ROUNDS), String(CALLS)]);
  const [baseline, ...rounds] = lines;
  assert.equal(rounds.length, ROUNDS);
  for (const round of rounds) {
    assert.deepEqual({ round: round.round, ok: round.ok, firstError: round.firstError }, { round: round.round, ok: CALLS, firstError: undefined });
    assert.equal(round.held, baseline.held, `round ${round.round}: JsValue handles still held`);
  }
  // Round 1 warms up (JIT, connection pool, wasm memory); the rest must be flat.
  const settled = rounds.slice(1);
  const heap = settled.map((r) => r.heapUsed);
  const heapSlope = slope(heap);
  assert.ok(heapSlope < 0.25 * MB, `the heap grows by ${(heapSlope / MB).toFixed(2)} MB a round: ${heap.map((h) => (h / MB).toFixed(1)).join(', ')}`);
  assert.ok(Math.max(...heap) - Math.min(...heap) < 8 * MB, `the heap varies by more than 8 MB: ${heap.map((h) => (h / MB).toFixed(1)).join(', ')}`);
  assert.ok(settled.at(-1).rss - settled[0].rss < 24 * MB, `RSS grew from ${(settled[0].rss / MB).toFixed(0)} to ${(settled.at(-1).rss / MB).toFixed(0)} MB`);
  assert.ok(settled.at(-1).wasmMemory - settled[0].wasmMemory <= 1 * MB, `wasm memory grew from ${settled[0].wasmMemory} to ${settled.at(-1).wasmMemory} bytes`);
  const ms = rounds.map((r) => r.ms);
  console.log(`load: ${ROUNDS} x ${CALLS} concurrent calls all right, ${Math.min(...ms)}-${Math.max(...ms)} ms a round; heap ${heap.map((h) => (h / MB).toFixed(1)).join(' ')} MB (slope ${(heapSlope / 1024).toFixed(0)} KB/round); ` +
    `RSS ${(settled[0].rss / MB).toFixed(0)} -> ${(settled.at(-1).rss / MB).toFixed(0)} MB; wasm memory ${baseline.wasmMemory} -> ${rounds.at(-1).wasmMemory} bytes; ` +
    `externref table ${baseline.externrefs} -> ${rounds.at(-1).externrefs} slots, ${rounds.at(-1).held} held (baseline ${baseline.held})`);
});
