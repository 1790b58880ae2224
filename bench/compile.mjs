// Compile throughput: the package's pine.compile against pinejs-client-core's
// compile on the same inputs (1,000 params from the seeded generator that
// pinejs compiles, and four typical apiKey queries), compiles per second.
// One fresh process per side and run; the outputs must be the same. For ours
// it also times the floor any compiler in wasm would have behind this
// boundary (the walk and the copies in and out, no Rust work).
import { createRequire } from 'node:module';
import { makeGenerator } from '../tests/js/helpers/gen-options.mjs';
import { alternate, childArgs, isMain, reply, runChild } from './lib/child.mjs';
import { digest, loadGetSdk } from './lib/sides.mjs';
import { clockMs, summarise } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const SEED = 7;
const RANDOM_INPUTS = 1000;
// Enough that both sides reach their steady state: at 10,000 the figures of
// a run moved by up to 2× (pinejs-client-core's most, still being optimised).
const COMPILES_PER_ROUND = Number(process.env.BENCH_COMPILES ?? 100_000);
const ROUNDS = 5;
const TYPICAL = [
  { resource: 'api_key', options: { $orderby: { name: 'asc' } } },
  { resource: 'api_key', options: { $select: ['id', 'name'], $filter: { name: { $ne: null } }, $orderby: { name: 'asc' } } },
  { resource: 'api_key', options: { $filter: { is_of__actor: 42, name: { $ne: null } }, $orderby: { name: 'asc' }, $top: 50 } },
  { resource: 'application', options: { $filter: { $or: { slug: 'org/app', uuid: 'org/app' } }, $select: ['actor'] } },
];
const utf8 = new TextEncoder();
const SETS = { random: `random (${RANDOM_INPUTS.toLocaleString('en')} generated params)`, typical: 'typical apiKey queries' };

/** pinejs-client-core's compile, with requests refused. */
function referenceCompile() {
  const { PinejsClientCore } = require('pinejs-client-core');
  class CompileOnly extends PinejsClientCore {
    _request() {
      throw new Error('compile only');
    }
  }
  const client = new CompileOnly({ apiPrefix: '/v7/' });
  return (params) => client.compile(params);
}

/** The compile function of a side: `ours` or `pinejs`. */
function compilerOf(side) {
  if (side === 'pinejs') return referenceCompile();
  const { pine } = loadGetSdk('ours')({ dataDirectory: false });
  return (params) => pine.compile(params);
}

/** The first RANDOM_INPUTS generated params that pinejs compiles, as their indices in the generated sequence. */
function acceptedIndices() {
  const compile = referenceCompile();
  const generate = makeGenerator(SEED);
  const indices = [];
  for (let index = 0; indices.length < RANDOM_INPUTS; index++) {
    try {
      compile(generate.params());
      indices.push(index);
    } catch {
      // only inputs both sides compile
    }
  }
  return indices;
}

/** The generated params at `indices` (regenerated from the seed: they hold Dates and Sets, no JSON). */
function paramsAt(indices) {
  const generate = makeGenerator(SEED);
  const wanted = new Set(indices);
  const list = [];
  for (let index = 0; index <= indices[indices.length - 1]; index++) {
    const params = generate.params();
    if (wanted.has(index)) list.push(params);
  }
  return list;
}

/** Every output of `compile` over `list`, or its error's message. */
function outputs(compile, list) {
  return list.map((params) => {
    try {
      return compile(params);
    } catch (error) {
      return `! ${error?.message}`;
    }
  });
}

/** Compiles per second (on the measurement clock) over `passes` passes of `list`. */
function rate(compile, list, passes) {
  const start = clockMs();
  for (let pass = 0; pass < passes; pass++) {
    for (const params of list) compile(params);
  }
  return (passes * list.length) / ((clockMs() - start) / 1000);
}

/**
 * Compiles per second of the least any compiler in wasm behind this boundary
 * does: the walk of `encodeParams`, the copy of its bytes into wasm memory,
 * and the UTF-8 decoding of the finished URL out of it (here `memory` stands
 * in for wasm memory, and `urls` holds the UTF-8 of each params' URL).
 */
function floorRate(encodeParams, list, urls, passes) {
  const memory = new Uint8Array(1 << 16);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const urlAt = memory.length >> 1;
  const start = clockMs();
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < list.length; i++) {
      memory.set(encodeParams(list[i]).bytes, 0);
      memory.set(urls[i], urlAt);
      decoder.decode(memory.subarray(urlAt, urlAt + urls[i].length));
    }
  }
  return (passes * list.length) / ((clockMs() - start) / 1000);
}

/** Compile throughput of both sides over `runs` alternating fresh processes: one table row per input set. */
export async function measure({ runs }) {
  const indices = acceptedIndices().join(',');
  // src/boundary/js/encode.js is an ES module in a package without "type": "module".
  const nodeArgs = ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'];
  const bySide = await alternate(['ours', 'pinejs'], runs, (side) => runChild(import.meta.url, [side, indices], { nodeArgs }));
  const checks = [];
  for (const set of Object.keys(SETS)) {
    const digests = new Set([...bySide.ours, ...bySide.pinejs].map((run) => run[set].digest));
    if (digests.size !== 1) checks.push(`${set}: the two compilers' outputs differ`);
  }
  const rows = Object.entries(SETS).map(([set, label]) => {
    const ours = summarise(bySide.ours.map((run) => run[set].rate));
    const reference = summarise(bySide.pinejs.map((run) => run[set].rate));
    const walk = summarise(bySide.ours.map((run) => run[set].walkRate));
    const floor = summarise(bySide.ours.map((run) => run[set].floorRate));
    return {
      id: `compile-${set}`,
      measurement: `pine.compile, compiles/s: ${label}`,
      ours,
      reference,
      referenceLabel: 'pinejs-client-core 8.5.40',
      ratio: ours.median / reference.median,
      ratioOf: 'ours / pinejs-client-core',
      // A figure, not a target: the boundary alone costs what pinejs' whole compile does.
      target: null,
      notes: [
        `µs per compile: ours ${(1e6 / ours.median).toFixed(2)}, pinejs-client-core ${(1e6 / reference.median).toFixed(2)}`,
        `of ours, the JS walk that encodes the params (src/boundary/js/encode.js) alone: ${(1e6 / walk.median).toFixed(2)} µs`,
        `floor of ours with no Rust work at all (the walk, the bytes copied into wasm memory, the URL decoded out of it): ${(1e6 / floor.median).toFixed(2)} µs, so at best a ratio of ${(floor.median / reference.median).toFixed(2)}; that leaves ${(1e6 / reference.median - 1e6 / floor.median).toFixed(2)} µs per compile for decoding and compiling in wasm to reach 1.0`,
      ],
      checks: checks.filter((check) => check.startsWith(`${set}:`)),
    };
  });
  return { rows, runs: bySide };
}

if (isMain(import.meta.url)) {
  const [side, indices] = childArgs(import.meta.url, 2);
  const compile = compilerOf(side);
  const lists = { random: paramsAt(indices.split(',').map(Number)), typical: TYPICAL };
  const { encodeParams } = await import('../src/boundary/js/encode.js');
  const answer = { side };
  for (const [set, list] of Object.entries(lists)) {
    const passes = Math.max(1, Math.round(COMPILES_PER_ROUND / list.length));
    for (let round = 0; round < 2; round++) rate(compile, list, passes); // warm-up
    const rates = Array.from({ length: ROUNDS }, () => rate(compile, list, passes));
    answer[set] = { rate: Math.max(...rates), rates, digest: digest(outputs(compile, list)) };
    if (side === 'ours') {
      // The part of ours that is plain JS, on the same inputs.
      const walkRates = Array.from({ length: ROUNDS }, () => rate(encodeParams, list, passes));
      answer[set].walkRate = Math.max(...walkRates);
      const urls = list.map((params) => utf8.encode(String(compile(params))));
      const floorRates = Array.from({ length: ROUNDS }, () => floorRate(encodeParams, list, urls, passes));
      answer[set].floorRate = Math.max(...floorRates);
    }
  }
  reply(answer);
}
