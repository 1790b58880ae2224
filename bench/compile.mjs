// Compile throughput: the package's pine.compile against pinejs-client-core
// on the same inputs (options from the seeded generator that both compile),
// alternating the two over several rounds and reporting medians.
import { createRequire } from 'node:module';
import { makeGenerator } from '../tests/js/helpers/gen-options.mjs';
import { getSdk } from '../pkg/index.mjs';

const require = createRequire(import.meta.url);
const { PinejsClientCore } = require('pinejs-client-core');

class ReferenceClient extends PinejsClientCore {
  _request() {
    throw new Error('compile only');
  }
}

const reference = new ReferenceClient({ apiPrefix: '/v7/' });
const ours = getSdk({ dataDirectory: false }).pine;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PASSES = Number(process.env.BENCH_PASSES ?? 20);

function inputs() {
  const generate = makeGenerator(7);
  const list = [];
  while (list.length < 1000) {
    const params = generate.params();
    try {
      reference.compile(params);
      list.push(params);
    } catch {
      // only inputs both sides compile
    }
  }
  return list;
}

function time(compile, list) {
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const params of list) compile(params);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (PASSES * list.length) / seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const list = inputs();
const typical = [
  { resource: 'api_key', options: { $orderby: { name: 'asc' } } },
  { resource: 'api_key', options: { $select: ['id', 'name'], $filter: { name: { $ne: null } }, $orderby: { name: 'asc' } } },
  { resource: 'api_key', options: { $filter: { is_of__actor: 42, name: { $ne: null } }, $orderby: { name: 'asc' }, $top: 50 } },
  { resource: 'application', options: { $filter: { $or: { slug: 'org/app', uuid: 'org/app' } }, $select: ['actor'] } },
];
const results = {};
for (const [name, set] of [['random (1,000 generated params)', list], ['typical apiKey queries', typical]]) {
  const ourRates = [];
  const referenceRates = [];
  time((p) => ours.compile(p), set); // warm-up
  time((p) => reference.compile(p), set);
  for (let round = 0; round < ROUNDS; round++) {
    ourRates.push(time((p) => ours.compile(p), set));
    referenceRates.push(time((p) => reference.compile(p), set));
  }
  results[name] = { ours: median(ourRates), reference: median(referenceRates) };
}
console.log(`pine.compile throughput, median of ${ROUNDS} alternating rounds (compiles per second):`);
console.log('| inputs | balena-api-key-wasm | pinejs-client-core 8.5.40 | ratio |');
console.log('|---|---:|---:|---:|');
for (const [name, { ours: a, reference: b }] of Object.entries(results)) {
  console.log(`| ${name} | ${Math.round(a).toLocaleString('en')} | ${Math.round(b).toLocaleString('en')} | ${(a / b).toFixed(2)} |`);
}
