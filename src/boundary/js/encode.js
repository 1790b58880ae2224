// Walks a JavaScript value once and writes it as compact bytes that
// decode.rs reads back into the pine value model. Doing the walk here
// keeps the boundary to one crossing per call, sees values exactly as
// pinejs-client-core does (Object.keys order, getters run once), and turns
// values no options object can hold (cycles, absurd depth, arrays with holes
// or extra properties) into clear errors.
//
// Grammar (one tag byte per value; lengths and numbers little-endian):
//   u undefined   n null   t true   f false
//   d <f64>       a number (-0, NaN and ±Infinity as they are)
//   s <text>      a string
//   w <text> <u32 n> (<u32 offset> <u32 unit>)×n   a string with lone
//                 surrogates: U+FFFD in their place (as TextEncoder writes
//                 them), then each one's byte offset in the text and code unit
//   D <f64>       a Date as its time value (NaN when invalid)
//   [ <u32 n> <value>×n     an array (one without holes or extra properties)
//   S <u32 n> <value>×n     a Set, its values in order
//   { <u32 n> (<key> <value>)×n   an object: its own enumerable string keys,
//                 in the order Object.keys gives them, each written as a
//                 string value is (s or w)
//   O <string> { … }  an object whose String() is not '[object Object]' (a
//                 Map, a typed array, a custom toString…): that string, then as {
//   W <string> { … }  a String object (its methods read it as that string)
//   T <u32 i> { … }  an object whose String() throws (a null prototype, a
//                 throwing toString…): what it threw is the walk's thrown
//                 value i (the `thrown` of its result), for Rust to
//                 rethrow where pinejs converts it
//   F <string>    a function: what String() gives (its source text)
//   G <u32 i>     a function whose String() throws: thrown value i
//   Y symbol      B <string>  a bigint: its digits
// where <string> is written as a string value is (s or w, lone surrogates
// kept), and <text> is a u32 byte length and that many bytes of UTF-8.

/** Deepest nesting accepted; real options objects stay under a dozen levels. */
const MAX_DEPTH = 512;

/** Why an array with holes or extra properties is refused: pinejs reads
 * them inconsistently (holes skipped by Object.keys, kept by join), so no
 * one encoding would compile as it does. */
const SPARSE = 'Options contain an array with holes or extra properties';

const utf8 = new TextEncoder();

/** Whether a string has no lone surrogates (`isWellFormed` where the engine has it). */
const isWellFormed = String.prototype.isWellFormed
  ? (text) => text.isWellFormed()
  : (text) => !/\p{Surrogate}/u.test(text);

/** The buffer's usual size, and the most it keeps between calls (one huge
 * string grows it, and the next call lets it go). */
const USUAL_BYTES = 1024;
const KEPT_BYTES = 1 << 16;

/** Where the walk writes: one buffer reused by every call, grown on demand. */
let bytes = new Uint8Array(USUAL_BYTES);
let view = new DataView(bytes.buffer);
let at = 0;
/** The objects on the path to the value being written, by depth (entries
 * past the current depth are stale). */
let ancestors = [];
/** Whether a walk is in progress (a getter may start another one). */
let busy = false;
/** What the conversions of the walk in progress threw, in order. */
let thrown = [];

/** Makes room for `count` more bytes. */
function reserve(count) {
  if (at + count > bytes.length) {
    const grown = new Uint8Array(Math.max(bytes.length * 2, at + count));
    grown.set(bytes.subarray(0, at));
    bytes = grown;
    view = new DataView(bytes.buffer);
  }
}

/**
 * What an encode function returns, for the Rust side to decode: `bytes`
 * (valid until the next walk: Rust copies them at once) and `thrown`, what
 * the walk's string conversions threw, by the indices its T and G tags
 * hold; or `error`, why the walk failed (a cycle, the depth, a getter that
 * threw), for Rust to raise where balena-sdk would.
 */
class Encoded {
  constructor(bytes, thrown, error) {
    this.bytes = bytes;
    this.thrown = thrown;
    this.error = error;
  }
}

/** Runs `walk` as one encoding: its bytes and thrown values, or its error. */
function encoding(walk) {
  try {
    const bytes = walk();
    return new Encoded(bytes, lastWalkThrown, undefined);
  } catch (error) {
    return new Encoded(undefined, undefined, error);
  }
}

/** What the conversions of the walk that just ended threw (undefined for none). */
let lastWalkThrown;

/**
 * The bytes of `value`; throws an Error for cycles or depth, or what a
 * getter threw. The bytes are only valid until the next walk.
 */
function walkValue(value) {
  if (busy) {
    // A getter of the value being walked encodes another value: give it a
    // walk of its own and put this one back afterwards.
    const outer = [bytes, view, at, ancestors, thrown];
    bytes = new Uint8Array(USUAL_BYTES);
    view = new DataView(bytes.buffer);
    ancestors = [];
    try {
      return walkAfresh(value);
    } finally {
      [bytes, view, at, ancestors, thrown] = outer;
      busy = true;
    }
  }
  return walkAfresh(value);
}

function walkAfresh(value) {
  if (bytes.length > KEPT_BYTES) {
    bytes = new Uint8Array(USUAL_BYTES);
    view = new DataView(bytes.buffer);
  }
  busy = true;
  at = 0;
  thrown = [];
  try {
    write(value, 0);
  } finally {
    busy = false;
    ancestors = []; // holds on to no caller's object
    lastWalkThrown = thrown.length > 0 ? thrown : undefined;
    thrown = [];
  }
  return bytes.subarray(0, at);
}

/** Encodes any value (an id, pine params, a response's value). */
export function encodeValue(value) {
  return encoding(() => walkValue(value));
}

function write(value, depth) {
  switch (typeof value) {
    case 'undefined':
      return tag(0x75); // u
    case 'boolean':
      return tag(value ? 0x74 : 0x66); // t, f
    case 'number':
      return number(0x64, value); // d
    case 'string':
      return string(value);
    case 'function':
      return functionForm(value);
    case 'symbol':
      return tag(0x59); // Y
    case 'bigint':
      return conversion(0x42, String(value)); // B
  }
  if (value === null) {
    return tag(0x6e); // n
  }
  // pinejs' own Date test; its answer also tells stringForm() about
  // Symbol.toStringTag.
  const kind = Object.prototype.toString.call(value);
  if (kind === '[object Date]') {
    return number(0x44, Date.prototype.getTime.call(value)); // D
  }
  if (depth >= MAX_DEPTH) {
    throw new Error(`Options nest deeper than ${MAX_DEPTH} levels`);
  }
  for (let i = 0; i < depth; i++) {
    if (ancestors[i] === value) {
      throw new Error('Options contain a circular reference');
    }
  }
  ancestors[depth] = value;
  if (Array.isArray(value)) {
    // Counted as written: a getter may change the length under the walk.
    const countAt = count(0x5b, 0); // [
    let i = 0;
    for (; i < value.length; i++) {
      const item = value[i];
      if (item === undefined && !(i in value)) {
        throw new Error(SPARSE);
      }
      write(item, depth + 1);
    }
    view.setUint32(countAt, i, true);
    // pinejs reads some arrays with Object.keys (options, ids), which would
    // see extra properties the array form cannot carry.
    if (Object.keys(value).length !== value.length) {
      throw new Error(SPARSE);
    }
  } else if (value instanceof Set) {
    const countAt = count(0x53, 0); // S
    let items = 0;
    for (const item of value) {
      write(item, depth + 1);
      items++;
    }
    view.setUint32(countAt, items, true);
  } else {
    stringForm(value, kind);
    const keys = Object.keys(value);
    count(0x7b, keys.length); // {
    for (const key of keys) {
      string(key);
      write(value[key], depth + 1);
    }
  }
}

function tag(byte) {
  reserve(1);
  bytes[at++] = byte;
}

/** A tag byte (none when negative) and a u32; returns where the u32 is. */
function count(byte, value) {
  reserve(5);
  if (byte >= 0) {
    bytes[at++] = byte;
  }
  view.setUint32(at, value, true);
  at += 4;
  return at - 4;
}

function number(byte, value) {
  reserve(9);
  bytes[at] = byte;
  view.setFloat64(at + 1, value, true);
  at += 9;
}

/**
 * A string: `s`, the UTF-8 length and the UTF-8 bytes; tagged `w` and
 * followed by its lone surrogates when it has any.
 */
function string(value) {
  const length = value.length;
  reserve(5 + length * 3);
  const tagAt = at;
  bytes[at++] = 0x73; // s
  const start = at + 4;
  let end = start;
  let i = 0;
  for (; i < length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x80) break;
    bytes[end++] = unit;
  }
  let lone;
  if (i < length) {
    end += utf8.encodeInto(i === 0 ? value : value.slice(i), bytes.subarray(end)).written;
    if (!isWellFormed(value)) {
      bytes[tagAt] = 0x77; // w
      lone = loneSurrogates(value);
    }
  }
  view.setUint32(at, end - start, true);
  at = end;
  if (lone !== undefined) {
    count(-1, lone.length / 2);
    for (const number of lone) {
      count(-1, number);
    }
  }
}

/** The lone surrogates of `value`: byte offset of its U+FFFD in the UTF-8
 * that TextEncoder writes, then code unit, for each. */
function loneSurrogates(value) {
  const found = [];
  let offset = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) {
      offset += 1;
    } else if (unit < 0x800) {
      offset += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      offset += 4; // a pair
      i++;
    } else {
      if (unit >= 0xd800 && unit <= 0xdfff) {
        found.push(offset, unit);
      }
      offset += 3;
    }
  }
  return found;
}

/**
 * Writes the prefix telling how `String(object)` reads, for pinejs' string
 * conversions: nothing for '[object Object]' (the usual case, told without
 * calling anything: `kind`, what Object.prototype.toString gave, rules out
 * a Symbol.toStringTag of its own), `O` and the string (`W` for a String
 * object), or `T` and the index of what it threw.
 */
function stringForm(object, kind) {
  if (kind === '[object Object]' && object.toString === Object.prototype.toString && object[Symbol.toPrimitive] === undefined) {
    return;
  }
  const [converted, form] = convert(object);
  if (!converted) {
    count(0x54, form); // T
  } else if (kind === '[object String]' && object.endsWith === String.prototype.endsWith) {
    conversion(0x57, form); // W
  } else if (form !== '[object Object]') {
    conversion(0x4f, form); // O
  }
}

/**
 * Writes a function as `String(fn)` reads, for pinejs' string conversions:
 * its source text, told without calling anything of its own unless it has
 * its own conversion; `G` and the index of what it threw when that throws.
 */
function functionForm(fn) {
  if (fn[Symbol.toPrimitive] === undefined && fn.toString === Function.prototype.toString) {
    conversion(0x46, Function.prototype.toString.call(fn)); // F
    return;
  }
  const [converted, form] = convert(fn);
  if (converted) {
    conversion(0x46, form); // F
  } else {
    count(0x47, form); // G
  }
}

/** A tag byte, then the string form a conversion gave, written as a string
 * value is (lone surrogates kept). */
function conversion(byte, form) {
  tag(byte);
  string(form);
}

/** `[true, String(value)]`, or `[false, i]` when that throws: what it threw
 * is kept as the walk's thrown value i. */
function convert(value) {
  try {
    return [true, String(value)];
  } catch (error) {
    thrown.push(error);
    return [false, thrown.length - 1];
  }
}

/** The params pinejs-client-core's compile reads as properties, which an
 * object may inherit (from a class with getters, say); it reads `id` and
 * `action` only when they are own. (pine.get and the other requests spread
 * their params first, so only own keys count there: encodeValue.) */
const PARAMS_READ = ['url', 'resource', 'options', 'customOptions'];

/**
 * Encodes pine `params` as pinejs-client-core reads them: the own keys, and
 * those of PARAMS_READ that only the prototype chain has. With any of the
 * latter, a copy holding both is encoded (compile never prints the params
 * object itself, so its string form does not matter).
 */
export function encodeParams(params) {
  return encoding(() => walkParams(params));
}

function walkParams(params) {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    return walkValue(params);
  }
  const inherited = [];
  for (const key of PARAMS_READ) {
    if (!Object.prototype.hasOwnProperty.call(params, key)) {
      const item = params[key];
      if (item !== undefined) {
        inherited.push([key, item]);
      }
    }
  }
  if (inherited.length === 0) {
    return walkValue(params);
  }
  const read = {};
  const own = (key, item) => Object.defineProperty(read, key, { value: item, enumerable: true });
  for (const key of Object.keys(params)) {
    own(key, params[key]);
  }
  for (const [key, item] of inherited) {
    own(key, item);
  }
  return walkValue(read);
}

/**
 * Encodes a model method's `options` argument as mergePineOptions reads it:
 * only `mergedKeys`, the keys it merges (inherited ones too, as `in` and
 * property reads see them; the list comes from the Rust merge), and `{}`
 * when the object has no own keys at all (it then leaves the defaults
 * alone). Everything else it drops unread.
 */
export function encodeOptions(options, mergedKeys) {
  return encoding(() => walkOptions(options, mergedKeys));
}

function walkOptions(options, mergedKeys) {
  if (options == null || (typeof options !== 'object' && typeof options !== 'function')) {
    if (typeof options === 'string' && options.length > 0) {
      // What mergePineOptions' `'$top' in options` throws for a string.
      throw new TypeError(`Cannot use 'in' operator to search for '$top' in ${options}`);
    }
    return walkValue(undefined);
  }
  // A plain object: its string form is the usual one, so the encoder has
  // nothing to note (a prototype-less one made String() throw on every call).
  const read = {};
  if (Object.keys(options).length > 0) {
    for (const key of mergedKeys) {
      if (key in options) {
        read[key] = options[key];
      }
    }
  }
  return walkValue(read);
}
