// Walks a JavaScript value once and writes it as compact text that
// src/decode.rs reads back into the pine value model. Doing the walk here
// keeps the boundary to one crossing per call, sees values exactly as
// pinejs-client-core does (Object.keys order, getters run once), and turns
// values no options object can hold (cycles, absurd depth, arrays with holes
// or extra properties) into clear errors.
//
// Grammar (one letter per value):
//   u undefined   n null   t true   f false
//   d<number>;    a number as String(n) ('-0' for negative zero)
//   s<json>       a string as JSON.stringify writes it (lone surrogates as \udxxx)
//   D<number>;    a Date as its time value ('NaN' when invalid)
//   [ … ]         an array (one without holes or extra properties)
//   S[ … ]        a Set, its values in order
//   { <json> <value> … }   an object: own enumerable string keys in JS order
//   O<json>{ … }  an object whose String() is not '[object Object]' (a Map,
//                 a typed array, a custom toString…): that string, then as {
//   T<json>{ … }  an object whose String() throws (a null prototype…): the
//                 message, for the TypeError to throw where it is converted
//   F function    Y symbol    B bigint

/** Deepest nesting accepted; real options objects stay under a dozen levels. */
const MAX_DEPTH = 512;

/** Why an array with holes or extra properties is refused: pinejs reads
 * them inconsistently (holes skipped by Object.keys, kept by join), so no
 * one encoding would compile as it does. */
const SPARSE = 'Options contain an array with holes or extra properties';

/** Strings JSON.stringify writes as they are between quotes: no `"`, `\\`,
 * control characters or surrogates (paired ones are left to JSON.stringify
 * too, which keeps the check simple). */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(text)`, without its cost for the common plain strings. */
function quote(text) {
  return PLAIN.test(text) ? '"' + text + '"' : JSON.stringify(text);
}

/** Encodes `value` for the Rust side; throws an Error for cycles or depth. */
export function encodeValue(value) {
  return write(value, [], 0);
}

function write(value, ancestors, depth) {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
      return 'd' + (Object.is(value, -0) ? '-0' : String(value)) + ';';
    case 'string':
      return 's' + quote(value);
    case 'function':
      return 'F';
    case 'symbol':
      return 'Y';
    case 'bigint':
      return 'B';
  }
  if (value === null) {
    return 'n';
  }
  if (Object.prototype.toString.call(value) === '[object Date]') {
    return 'D' + String(Date.prototype.getTime.call(value)) + ';';
  }
  if (depth >= MAX_DEPTH) {
    throw new Error(`Options nest deeper than ${MAX_DEPTH} levels`);
  }
  if (ancestors.includes(value)) {
    throw new Error('Options contain a circular reference');
  }
  ancestors.push(value);
  let text;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === undefined && !(i in value)) {
        throw new Error(SPARSE);
      }
      text += write(item, ancestors, depth + 1);
    }
    // pinejs reads some arrays with Object.keys (options, ids), which would
    // see extra properties the array form cannot carry.
    if (Object.keys(value).length !== value.length) {
      throw new Error(SPARSE);
    }
    text += ']';
  } else if (value instanceof Set) {
    text = 'S[';
    for (const item of value) {
      text += write(item, ancestors, depth + 1);
    }
    text += ']';
  } else {
    text = stringForm(value) + '{';
    for (const key of Object.keys(value)) {
      text += quote(key) + write(value[key], ancestors, depth + 1);
    }
    text += '}';
  }
  ancestors.pop();
  return text;
}

/**
 * The prefix telling how `String(object)` reads, for pinejs' string
 * conversions: '' for '[object Object]' (the usual case, told without
 * calling anything), `O` and the string, or `T` and why it throws.
 */
function stringForm(object) {
  if (object[Symbol.toPrimitive] === undefined && object.toString === Object.prototype.toString && !(Symbol.toStringTag in object)) {
    return '';
  }
  let text;
  try {
    text = String(object);
  } catch (error) {
    return 'T' + quote(String(error?.message ?? error));
  }
  return text === '[object Object]' ? '' : 'O' + quote(text);
}

/** The keys balena-sdk's mergePineOptions reads from the caller's options. */
const MERGED_KEYS = ['$select', '$top', '$skip', '$orderby', '$filter', '$expand'];

/**
 * Encodes a model method's `options` argument as mergePineOptions reads it:
 * only the six keys it merges (inherited ones too, as `in` and property
 * reads see them), and `{}` when the object has no own keys at all (it then
 * leaves the defaults alone). Everything else it drops unread.
 */
export function encodeOptions(options) {
  if (options == null || (typeof options !== 'object' && typeof options !== 'function')) {
    if (typeof options === 'string' && options.length > 0) {
      // What mergePineOptions' `'$top' in options` throws for a string.
      throw new TypeError(`Cannot use 'in' operator to search for '$top' in ${options}`);
    }
    return 'u';
  }
  // A plain object: its string form is the usual one, so the encoder has
  // nothing to note (a prototype-less one made String() throw on every call).
  const read = {};
  if (Object.keys(options).length > 0) {
    for (const key of MERGED_KEYS) {
      if (key in options) {
        read[key] = options[key];
      }
    }
  }
  return encodeValue(read);
}
