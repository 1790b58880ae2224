// Seeded random JavaScript values of every kind, for fuzzing the package's
// boundary (tests/js/boundary-fuzz.test.mjs): primitives of every type,
// lone surrogates and a 1 MB string, functions, Dates valid and invalid,
// sparse arrays, Object.create(null), class instances, typed arrays, Map and
// Set, cycles, Proxies (whose traps may throw, or revoked), getters that
// throw, 10,000-deep nesting, and plausible arguments (pine options and
// params from gen-options.mjs) with such values planted inside.
//
// Everything a value throws by design is an `Error` whose message starts
// with `fuzz:`, so a test can tell the value's own errors from the package's.
import { makeGenerator, makeRandom } from './gen-options.mjs';

/** Throws the kind of error every hostile value here throws. */
function boom(what) {
  throw new Error(`fuzz: ${what}`);
}

const HUGE_STRING = 'x'.repeat(1024 * 1024);
const DEPTH = 10_000;

/** `[[[…]]]` and `{ a: { a: … } }`, `DEPTH` levels deep, built once. */
function deepValues() {
  let array = [];
  let object = {};
  for (let i = 0; i < DEPTH; i++) {
    array = [array];
    object = { a: object };
  }
  return { array, object };
}
const DEEP = deepValues();

class Thing {
  constructor() {
    this.name = 'thing';
    this.id = 3;
  }
  get computed() {
    return boom('class getter');
  }
}

/** One Proxy per trap that throws, and a revoked one. */
function proxy(r) {
  const traps = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'apply'];
  const which = r.int(traps.length + 2);
  if (which === traps.length) {
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    return revoked;
  }
  if (which === traps.length + 1) {
    return new Proxy({ resource: 'api_key', name: 'n', $top: 1 }, {});
  }
  const target = r.chance(0.5) ? { resource: 'api_key', name: 'n', $select: 'id' } : ['a', 1];
  return new Proxy(target, { [traps[which]]: () => boom(`proxy ${traps[which]} trap`) });
}

/** An object with an enumerable getter that throws, under a likely key. */
function throwingGetter(r) {
  const key = r.pick(['name', 'expiryDate', 'description', '$filter', '$select', '$top', 'resource', 'id', 'options', 'body', 'apiUrl', 'fetch', 'x']);
  const object = { resource: 'api_key', name: 'n' };
  Object.defineProperty(object, key, { enumerable: true, configurable: true, get: () => boom(`getter ${key}`) });
  return object;
}

/** Objects whose conversions (toString, toJSON, valueOf, toPrimitive) throw. */
function hostileConversion(r) {
  switch (r.int(4)) {
    case 0: return { toString: () => boom('toString') };
    case 1: return { name: 'n', toJSON: () => boom('toJSON') };
    case 2: return { [Symbol.toPrimitive]: () => boom('toPrimitive') };
    default: return { valueOf: () => boom('valueOf'), toString: () => boom('toString') };
  }
}

function cyclic(r) {
  if (r.chance(0.5)) {
    const object = { resource: 'api_key', name: 'n', $filter: { name: 'a' } };
    object.self = object;
    object.$filter.back = object;
    return object;
  }
  const array = ['a'];
  array.push(array);
  return array;
}

function sparse(r) {
  switch (r.int(3)) {
    case 0: return [, , 1];
    case 1: return new Array(r.int(5) + 1);
    default: {
      const array = ['id'];
      array[5] = 'name';
      array.extra = 'prop';
      return array;
    }
  }
}

/**
 * What a comparison with balena-sdk leaves out (`tame`): Proxies, whose traps
 * balena-sdk runs in places the package does not (and `create` then reports
 * any error as BalenaNotLoggedIn); boxed primitives (pinejs calls their
 * String methods, e.g. a boxed string's `endsWith`); and keys that would set
 * an object's prototype.
 */
const UNTAME_KINDS = new Set([15]);
const UNTAME_KEYS = ['constructor', '__proto__'];

/**
 * A generator of hostile and plausible values from one seed.
 * `any()` is any value; the named ones are arguments for one parameter.
 * With `tame`, no value whose string form the package cannot know.
 */
export function makeFuzzer(seed, { tame = false } = {}) {
  const r = makeRandom(seed);
  const plain = makeGenerator((seed * 2654435761) >>> 0);

  const strings = () =>
    r.pick([
      '', 'a', 'api_key', '\ud800', 'a\udc00b', '\ud83d', '😀', "o'k", '../x', '?a=1', '#f', '%', '%zz',
      '__proto__', 'constructor', 'toString', ' ', '\u0000', '\n', 'null', 'undefined', '1', '-0', '1e21',
      '7cf02a69e4d34c9da573914963cf54fd', 'myorg/myapp', 'x'.repeat(300),
    ]);

  /** A string to use as a key. */
  function key() {
    let text = strings();
    while (tame && UNTAME_KEYS.includes(text)) text = strings();
    return text;
  }

  /** Any value; `depth` bounds how deep the random containers go. */
  function any(depth = 2) {
    let kind = r.int(30);
    if (tame && UNTAME_KINDS.has(kind)) kind = 30;
    switch (kind) {
      case 0: return undefined;
      case 1: return null;
      case 2: return r.chance(0.5);
      case 3: return r.pick([0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e21, Number.MIN_VALUE, 7, 123]);
      case 4: return r.pick([0n, 10n, -(2n ** 70n)]);
      case 5: return r.pick([Symbol('s'), Symbol.iterator, Symbol.for('x')]);
      case 6: case 7: return strings();
      case 8: return r.chance(0.02) ? HUGE_STRING : strings() + strings();
      case 9: return r.pick([() => 1, function named() { return 'x'; }, () => boom('function called'), class A {}, async () => 1, Math.max]);
      case 10: return r.chance(0.5) ? new Date(r.pick([0, 1.7e12, -1, 8.64e15])) : new Date(NaN);
      case 11: return Array.from({ length: r.int(4) }, () => (depth > 0 ? any(depth - 1) : strings()));
      case 12: return sparse(r);
      case 13: {
        const object = {};
        for (let i = r.int(4); i > 0; i--) {
          const name = r.chance(0.5) ? key() : r.pick(['name', '$top', '$filter', 'resource', 'id']);
          const value = depth > 0 ? any(depth - 1) : 1;
          try {
            object[name] = value;
          } catch {
            // `__proto__` made a Proxy with a throwing `set` trap the
            // prototype: later assignments reach that trap.
            Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
          }
        }
        return object;
      }
      case 14: return cyclic(r);
      case 15: return proxy(r);
      case 16: return throwingGetter(r);
      case 17: return Object.assign(Object.create(null), { name: 'n', $top: 2, resource: 'api_key' });
      case 18: return new Thing();
      case 19: return r.pick([new Uint8Array([1, 2]), new Float64Array(2), new ArrayBuffer(4), new DataView(new ArrayBuffer(2)), new BigInt64Array(1)]);
      case 20: return r.chance(0.5) ? new Map([['name', 'n'], [{}, 1]]) : new Set(r.chance(0.5) ? ['id', 'name'] : [1, {}, undefined]);
      case 21: return r.chance(0.01) ? (r.chance(0.5) ? DEEP.array : DEEP.object) : hostileConversion(r);
      case 22: {
        const boxed = tame ? [] : [new String('boxed'), new Number(5), Object(1n)];
        return r.pick([new Error('e'), /re/g, Promise.resolve(1), new WeakMap(), Object.freeze({ name: 'f' }), ...boxed]);
      }
      case 23: return plain.options(2);
      case 24: return plain.params();
      case 25: return plain.filter(2);
      default: return r.pick([1, 7, 'api_key', { name: 'n' }, [], {}]);
    }
  }

  /** A plausible object for one method, with hostile values planted inside. */
  function plantedIn(base) {
    const object = { ...base };
    const keys = Object.keys(object);
    for (let i = r.int(3); i > 0; i--) {
      const name = r.chance(0.8) && keys.length ? r.pick(keys) : key();
      Object.defineProperty(object, name, { value: any(1), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  return {
    any,
    /** A model method's `options` argument. */
    options: () => (r.chance(0.5) ? plain.options(2) : r.chance(0.5) ? plantedIn(plain.options(1)) : any()),
    /** pine's `params` argument. */
    params: () => (r.chance(0.4) ? plain.params() : r.chance(0.5) ? plantedIn({ resource: 'api_key', id: 1, options: { $top: 1 }, body: { name: 'n' } }) : any()),
    /** An id, uuid, slug or alternate key. */
    id: () => (r.chance(0.3) ? r.pick([1, 7, 'abc', '7cf02a69e4d34c9da573914963cf54fd', 'myorg/myapp', { name: 'k' }]) : any()),
    /** `create`'s params or `update`'s apiKeyInfo. */
    keyInfo: () => (r.chance(0.5) ? plantedIn({ name: 'n', expiryDate: '2030-01-01', description: 'd' }) : any()),
    /** `getSdk`'s options. */
    sdkOptions: () =>
      r.chance(0.6)
        ? plantedIn({ apiUrl: 'http://127.0.0.1:9/', apiVersion: 'v7', isBrowser: false, dataDirectory: false, requestTimeout: 1000, debug: false, retryRateLimitedRequests: false })
        : any(),
    chance: r.chance,
    pick: r.pick,
  };
}

/**
 * One of each kind of hostile value, built fresh: the fuzz hands every one
 * of them to every parameter before the random inputs, so that the rare
 * ones (10,000-deep nesting, the 1 MB string) are always tried.
 */
export function catalogue() {
  const r = makeRandom(1);
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const throwingProxies = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'].map(
    (trap) => new Proxy({ resource: 'api_key', name: 'n' }, { [trap]: () => boom(`proxy ${trap} trap`) }),
  );
  return [
    undefined, null, true, false, 0, -0, NaN, Infinity, -Infinity, 1e21, 10n, Symbol('s'),
    '', '\ud800', 'a\udc00b', HUGE_STRING, () => 1, () => boom('function called'), class A {},
    new Date(0), new Date(NaN), [], [, , 1], Object.assign(['id'], { extra: 1 }), {},
    Object.assign(Object.create(null), { name: 'n' }), new Thing(), new Uint8Array(2), new Map([['a', 1]]), new Set(['id']),
    cyclic(r), cyclic(r), revoked, ...throwingProxies, throwingGetter(r), hostileConversion(r), DEEP.array, DEEP.object,
  ];
}
