// Differential test: random compile params through the built package's
// `pine.compile` and through pinejs-client-core 8.5.40 must give the same
// string, or throw the same class of error with the same message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { makeGenerator } from './helpers/gen-options.mjs';
import { getSdk } from '../../pkg/index.mjs';

const require = createRequire(import.meta.url);
const { PinejsClientCore } = require('pinejs-client-core');

class ReferenceClient extends PinejsClientCore {
  _request() {
    throw new Error('the reference client only compiles');
  }
}

const reference = new ReferenceClient({ apiPrefix: '/v7/' });
const ours = getSdk({ apiUrl: 'http://127.0.0.1:1/', dataDirectory: false }).pine;
const CASES = Number(process.env.PINE_CASES ?? 6000);
const SEED = Number(process.env.PINE_SEED ?? 20261126);

// Exactly the same string: where pinejs copies a string verbatim into the
// URL, its lone surrogates come back too.
function outcome(compile, params) {
  try {
    return { url: compile(params) };
  } catch (error) {
    return { error: `${error?.constructor?.name}: ${error?.message}` };
  }
}

function describe(value) {
  return JSON.stringify(value, (_, v) => {
    if (v === undefined) return '<undefined>';
    if (typeof v === 'function' || typeof v === 'symbol') return `<${typeof v}>`;
    if (typeof v === 'bigint') return `<bigint ${v}>`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `<${v}>`;
    if (v instanceof Set) return { '<Set>': [...v] };
    return v;
  });
}

test(`pine.compile matches pinejs-client-core on ${CASES} random params (seed ${SEED})`, () => {
  const generate = makeGenerator(SEED);
  let errors = 0;
  for (let i = 0; i < CASES; i++) {
    const params = generate.params();
    const expected = outcome((p) => reference.compile(p), params);
    const actual = outcome(ours.compile, params);
    assert.deepEqual(actual, expected, `case ${i}: ${describe(params)}`);
    if (expected.error) errors++;
  }
  console.log(`pine.compile: ${CASES} cases identical to pinejs-client-core (${CASES - errors} compiled, ${errors} refused)`);
});

test('bad input at the boundary throws a clear Error and the next call works', () => {
  const cyclic = { $filter: {} };
  cyclic.$filter.self = cyclic;
  let deep = 'x';
  for (let i = 0; i < 10000; i++) deep = { a: deep };
  const throwing = { get $top() { throw new Error('getter says no'); } };
  const cases = [
    [{ resource: 'api_key', options: cyclic }, /circular reference/],
    [{ resource: 'api_key', options: { $filter: deep } }, /deeper than 512 levels/],
    [{ resource: 'api_key', options: throwing }, /getter says no/],
  ];
  for (const [params, message] of cases) {
    assert.throws(() => ours.compile(params), (error) => error instanceof Error && message.test(error.message));
    assert.equal(ours.compile({ resource: 'api_key', options: { $top: 1 } }), 'api_key?$top=1');
  }
  for (const odd of [Symbol('s'), 10n, () => 1]) {
    const params = { resource: 'api_key', options: { $filter: { a: odd } } };
    assert.deepEqual(outcome(ours.compile, params), outcome((p) => reference.compile(p), params));
  }
});

test('getters that compile, grow the array being walked or return huge strings give what pinejs gives', () => {
  // The encoder reuses one buffer: a getter that compiles in the middle of
  // a walk must neither corrupt the outer walk nor see its bytes.
  const nested = { resource: 'device', options: { $filter: { uuid: 'ab"c' }, $top: 2 } };
  const inner = [];
  const reentrant = {
    resource: 'api_key',
    options: {
      $filter: {
        get name() {
          inner.push(ours.compile(nested));
          return 'n\u00e9';
        },
        id: { $in: [1, 2, 3] },
      },
    },
  };
  const growing = [1, 2];
  Object.defineProperty(growing, 1, { enumerable: true, get: () => (growing.push(4), 2) });
  const set = new Set(['a']);
  const setHolder = { get first() { set.add('b'); return 'x'; } };
  const big = 'é😀'.repeat(50_000) + 'x'.repeat(300_000);
  const cases = [
    reentrant,
    { resource: 'api_key', options: { $filter: { id: { $in: growing } } } },
    { resource: 'api_key', options: { $filter: { h: setHolder, id: { $in: set } } } },
    { resource: 'api_key', options: { $filter: { name: big, description: big.slice(1) } } },
  ];
  for (const params of cases) {
    // Each side walks the params itself (the getters run once per side).
    const expected = outcome((p) => reference.compile(p), params);
    growing.length = 2;
    set.delete('b');
    assert.deepEqual(outcome(ours.compile, params), expected, describe(params).slice(0, 200));
  }
  // The outer walk still sees its own path after the getter: the cycle is
  // found at once, not after walking round it again (running the getter twice).
  let reads = 0;
  const looped = { get name() { reads++; ours.compile(nested); return 'x'; } };
  const params = { resource: 'api_key', options: { $filter: looped } };
  looped.back = params;
  assert.throws(() => ours.compile(params), /circular reference/);
  assert.equal(reads, 1);
  // The getter ran for each side (and for the assertion's description).
  assert.ok(inner.length >= 2);
  assert.deepEqual(new Set(inner), new Set([reference.compile(nested)]));
});

test('strings copied verbatim keep their lone surrogates, as in pinejs', () => {
  const long = `${'x'.repeat(8191)}\ud83d\ude00${'y'.repeat(9000)}\udc00`;
  const cases = [
    { resource: 'api_key', options: { $select: 'id,\ud800' } },
    { resource: 'api_key', options: { $select: ['\udc00', 'a\ud83db', '\ud83d\ude00'] } },
    { resource: 'api_key', options: { custom: '\ud800', other: ['a\udc00', null, '\ud83d'], $top: 1 } },
    { resource: 'api_key', options: { $orderby: 'name\udfff asc' } },
    { resource: 'api_key', options: { $orderby: ['a\ud800 desc', 'b'] } },
    { resource: 'api_key', action: 'do\udc00it', id: 1 },
    { resource: 'api_key', options: { $filter: { $raw: 'name eq \ud800' } } },
    { resource: 'api_key', options: { $filter: { $raw: ['a\udc00 eq $1 or b eq $2\ud800$1', 'x', { c: 1 }] } } },
    { resource: 'api_key', options: { $filter: { $raw: ['$1\ud83d\ude00$1\ud83d', 5] } } },
    { resource: 'api_key', options: { $filter: { $raw: { $string: '\udc00$p\udc00 or $q', p: 'v', q: { $raw: '\ud800' } } } } },
    { resource: 'api_key', options: { $filter: { a: { $raw: '\udbff' }, $not: { $raw: ['x\ud800 $1', null] } } } },
    { resource: 'api_key', options: { $filter: { d: { $duration: { days: '1\ud800', hours: '\udc00' } } } } },
    { resource: 'api_key', options: { $filter: { tags: { $any: { $alias: 't\ud800', $expr: { $raw: '\udc00' } } } } } },
    { resource: 'api_key', options: { $filter: { $or: [{ $raw: '\ud800' }, { a: 1, b: { $raw: 'q\udc00' } }] } } },
    { resource: 'api_key', options: { $expand: { owner: { $select: 'x\ud800', $filter: { $raw: '\udc00' } } } } },
    { resource: 'api_key', options: { $select: long, $filter: { $raw: long } } },
    { resource: 'api_key', options: { $select: 'no lone: \ufffd and \ud83d\ude00' } },
  ];
  for (const params of cases) {
    const expected = outcome((p) => reference.compile(p), params);
    assert.deepEqual(outcome(ours.compile, params), expected, describe(params).slice(0, 200));
  }
  // What a conversion of their own gives keeps them too.
  const lone = { toString: () => 'o\ud800' };
  const loneFn = () => 1;
  loneFn.toString = () => '\udc00fn';
  const loneBoxed = new String('b\udfff');
  cases.push(
    { resource: 'api_key', options: { $select: [lone, loneFn, loneBoxed, new String('ok')] } },
    { resource: 'api_key', options: { custom: [lone], other: [loneFn] } },
    { resource: [lone], id: 1 },
    { resource: [loneFn] },
    { resource: 'api_key', options: { $filter: { a: { $: [lone] } } } },
    { resource: 'api_key', options: { $filter: { a: { $any: { $alias: lone, $expr: { $raw: 'x' } } } } } },
    { resource: 'api_key', action: lone, id: 2 },
  );
  for (const params of cases.slice(-7)) {
    const expected = outcome((p) => reference.compile(p), params);
    assert.deepEqual(outcome(ours.compile, params), expected, describe(params).slice(0, 200));
  }
  // A conversion that throws: its message keeps them as well.
  const throwing = { toString: () => { throw new RangeError('no \ud800 string'); } };
  assert.throws(() => ours.compile({ resource: 'api_key', options: { $select: [throwing] } }), { message: 'no \ud800 string' });
  // Each lone surrogate is a real code unit, not U+FFFD.
  assert.equal(ours.compile(cases[0]), 'api_key?$select=id,\ud800');
  assert.equal(ours.compile(cases[0]).isWellFormed(), false);
});

test('keys with lone surrogates are printed, escaped or quoted as pinejs does', () => {
  const unknownOption = { resource: 'api_key', options: { '$\udc00': 1 } };
  const cases = [
    unknownOption,
    // printed as they are
    { resource: 'api_key', options: { 'c\ud800': 'v', '\udc00': ['a', 'b'], $top: 1 } },
    { resource: 'api_key', id: { 'k\ud83d': 1, '\udfff': 'x' } },
    { resource: 'api_key', options: { $orderby: { 'n\udfff': 'desc' } } },
    { resource: 'api_key', options: { $orderby: [{ '\ud800': 'asc' }, { b: 'desc' }] } },
    { resource: 'api_key', options: { $filter: { $eq: [{ 'p\ud800': { q: { $count: {} } } }, 1] } } },
    { resource: 'api_key', options: { $filter: { a: { $any: { $alias: 'x', $expr: { x: { $raw: '\udc00' } } } } } } },
    // escaped: URIError, after the errors of what pinejs builds first
    { resource: 'api_key', options: { $filter: { 'a\ud800': 1 } } },
    { resource: 'api_key', options: { $filter: { '\ud800': { $eq: Symbol('s') } } } },
    { resource: 'api_key', options: { $filter: { '\ud800': { $contains: Symbol('s') } } } },
    { resource: 'api_key', options: { $filter: { '\ud800': { $tolower: ['x', 1] } } } },
    { resource: 'api_key', options: { $filter: { '\ud800': { $in: [1, 2] }, b: undefined } } },
    { resource: 'api_key', options: { $filter: { '\ud800': { '@': 'p' } } } },
    { resource: 'api_key', options: { $filter: { a: { $any: { $alias: 'x', $expr: { x: { 'y\udc00': 1 } } } } } } },
    { resource: 'api_key', options: { $filter: { $eq: [{ 'k\udc00': { $count: { $filter: { $nope: 1 } } } }, 1] } } },
    { resource: 'api_key', options: { $filter: { $eq: [{ 'k\udc00': { $count: {} } }, 1] } } },
    { resource: 'api_key', options: { $expand: { 'o\ud800': { $select: 'id' } } } },
    { resource: 'api_key', options: { $expand: { 'o\ud800': { $nope: 1 } } } },
    { resource: 'api_key', options: { $expand: { 'o\ud800': { $count: { $filter: { a: 1 } } } } } },
    { resource: 'api_key', options: { $orderby: { 'n\udfff': { $count: {} }, $dir: 'asc' } } },
    // quoted in messages, as they are or as JSON
    { resource: 'api_key', options: { $filter: { '$\udc00': 1 } } },
    { resource: 'api_key', options: { $filter: { 'u\ud800': undefined } } },
    { resource: 'api_key', options: { $expand: { a: { 'k\ud800': 1 } } } },
    { resource: 'api_key', options: { $expand: { 'a\ud800': 5 } } },
    { resource: 'api_key', options: { $expand: { 'a\ud800': null } } },
    { resource: 'api_key', options: { $orderby: { 'n\ud800': null } } },
    { resource: 'api_key', options: { $count: {}, '\ud800': 1 } },
    { resource: 'api_key', options: { $expand: { a: { $count: { 'x\udc00': 1 } } } } },
    { resource: 'api_key', options: { $filter: { $raw: { $string: '$p', 'p\ud800': 1 } } } },
    { resource: 'api_key', options: { $filter: { $and: { 'x\ud800': { $nope: 1 } } } } },
    { resource: 'api_key', options: { '@\udc00': { a: 1 } } },
  ];
  for (const params of cases) {
    const expected = outcome((p) => reference.compile(p), params);
    assert.deepEqual(outcome(ours.compile, params), expected, describe(params));
  }
  // The message keeps the code unit itself, not U+FFFD.
  assert.throws(() => ours.compile(unknownOption), (error) => error.message === "Unknown odata option '$\udc00'");
});

test('functions, bigints, String objects and inherited params read as pinejs reads them', () => {
  const arrow = () => 1;
  const custom = function named() {};
  custom.toString = () => 'custom!';
  const primitive = () => 2;
  primitive[Symbol.toPrimitive] = () => 'from toPrimitive';
  const cases = [
    { resource: 'api_key', options: { $select: [arrow, 10n, 'x', custom, primitive] } },
    { resource: 'api_key', options: { $select: [function classic(a, b) { return a + b; }] } },
    { resource: 'api_key', options: { $orderby: [12345678901234567890n] } },
    { resource: 'api_key', options: { $filter: { a: 10n } } },
    { resource: 'api_key', options: { $filter: [{ a: 10n }] } },
    { resource: 'api_key', options: { $filter: [{ a: arrow }] } },
    { resource: [arrow, 5n], id: 1 },
    { resource: 'api_key', options: { $select: [Symbol('s')] } },
    { resource: 'api_key', options: { custom: -10n, other: arrow } },
    // An array printed with String() keeps its strings' lone surrogates:
    // encodeURIComponent then refuses it.
    { resource: 'api_key', options: { $filter: { id: { $: [[true, null, 'a\udc00b'], 'x'] } } } },
    { resource: [['\ud83d'], ['\ude00']], id: 1 },
    { resource: [['ok', '\ud83d\ude00']], id: 1 },
  ];
  // String objects have String.prototype.endsWith, which pinejs calls on
  // the resource; other objects do not, whatever their toStringTag says.
  const converted = new String('api_key');
  converted.toString = () => 'x/$count';
  cases.push(
    { resource: new String('boxed'), id: 1 },
    { resource: new String('a/$count') },
    { resource: converted },
    { resource: { [Symbol.toStringTag]: 'String', toString: () => 'y' } },
    { resource: new Number(5) },
    { resource: 'api_key', options: { $select: [new String('id')], $filter: { a: { $eq: new String('q') } } } },
  );
  // compile reads url, resource, options and customOptions as properties
  // (inherited ones too: a class with getters), id and action only when own.
  class Query {
    get resource() {
      return 'api_key';
    }
    get options() {
      return { $top: 2, $filter: { name: 'q' } };
    }
  }
  cases.push(
    new Query(),
    Object.create({ url: 'x' }),
    Object.assign(Object.create({ resource: 'device', options: { $select: 'id' }, id: 5, action: 'a' }), { own: 1 }),
    Object.assign(Object.create({ customOptions: { a: 1 } }), { resource: 'api_key' }),
    Object.assign(Object.create({ resource: 'x' }), { resource: 'api_key' }),
  );
  for (const params of cases) {
    assert.deepEqual(outcome(ours.compile, params), outcome((p) => reference.compile(p), params), describe(params));
  }
});

test('what a string conversion throws is rethrown as it is, where pinejs converts the value', () => {
  // Each conversion records what it threw, to check that the very value comes back.
  const thrownBy = new Map();
  const throwingWith = (make, error) => {
    make[Symbol.toPrimitive] = () => {
      const thrown = error();
      thrownBy.set(make, thrown);
      throw thrown;
    };
    return make;
  };
  const fn = throwingWith(() => 1, () => new RangeError('no string for you'));
  const object = throwingWith({}, () => new SyntaxError('nor for me'));
  const odd = throwingWith({}, () => ({ not: 'an error' }));
  const nullProto = Object.create(null);
  const cases = [
    [{ resource: 'api_key', options: { $select: [fn] } }, fn],
    [{ resource: 'api_key', options: { $select: ['a', object] } }, object],
    [{ resource: 'api_key', options: { $filter: { a: { $: ['x', odd] } } } }, odd],
    [{ resource: [odd], id: 1 }, undefined],
    [{ resource: 'api_key', options: { custom: [fn] } }, fn],
    [{ resource: 'api_key', action: object, id: 1 }, object],
    [{ resource: 'api_key', options: { $filter: { a: { $any: { $alias: fn, $expr: { $raw: 'x' } } } } } }, fn],
    [{ resource: 'api_key', options: { $select: [nullProto] } }, undefined],
    // pinejs meets other errors first, or never converts the value
    [{ resource: 'api_key', options: { $nope: 1, custom: [object] } }, undefined],
    [{ resource: 'api_key', options: { $filter: { a: object } } }, undefined],
  ];
  for (const [params, source] of cases) {
    const expected = outcome((p) => reference.compile(p), params);
    let caught;
    try {
      ours.compile(params);
    } catch (error) {
      caught = error;
    }
    assert.deepEqual(outcome(() => { if (caught !== undefined) throw caught; return ''; }, params), expected.url === undefined ? expected : { url: '' }, describe(params));
    if (source !== undefined) assert.equal(caught, thrownBy.get(source), `the same value: ${describe(params)}`);
  }
  // In a model method too: the rejection is the thrown value.
  return (async () => {
    const sdk = getSdk({ apiUrl: 'http://127.0.0.1:1/', dataDirectory: false });
    await assert.rejects(sdk.models.apiKey.getAll({ $select: [object] }), (error) => error === thrownBy.get(object));
  })();
});
