//! What the fuzz tests share: a seeded generator, tricky strings, numbers
//! and dates, arbitrary pine values, the request target a compiled URL
//! becomes on the wire, and a case loop that names a failing case.
//!
//! Every case draws from its own generator, seeded from `FUZZ_SEED` (or a
//! fixed default), the test's salt and the case number, so that
//! `FUZZ_SEED=<seed> FUZZ_ONLY=<case>` replays one case. `FUZZ_SCALE`
//! multiplies the number of cases (`make fuzz` raises it).
#![allow(dead_code)] // each fuzz test uses its own part of this module

use std::fmt::Debug;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

use balena_api_key::pine::{JsStr, Object, Value};

pub mod queries;

/// SplitMix64: small, fast and good enough to drive generators.
pub struct Gen(u64);

impl Gen {
    /// A generator whose stream depends on every part of `parts`.
    pub fn new(parts: &[u64]) -> Gen {
        let mut gen = Gen(0x9E37_79B9_7F4A_7C15);
        for &part in parts {
            gen.0 ^= part;
            gen.u64();
        }
        gen
    }

    /// The next 64 random bits.
    pub fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.u64() % n as u64) as usize
    }

    /// True once in `n` draws on average.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// An environment variable parsed as a number.
fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// The run's seed: `FUZZ_SEED` or a fixed default.
pub fn seed() -> u64 {
    env_number("FUZZ_SEED").unwrap_or(0xF022_5EED_2026_0007)
}

/// `base` cases times `FUZZ_SCALE` (default 1).
pub fn case_count(base: usize) -> usize {
    base.saturating_mul(env_number("FUZZ_SCALE").unwrap_or(1).max(1) as usize)
}

/// Runs `check` on `base × FUZZ_SCALE` inputs made by `make`. A panic in
/// `check` is reported with the test, the case, how to replay it and the
/// input, then propagated. Returns the number of cases run.
pub fn run_cases<I: Debug>(
    test: &str,
    salt: u64,
    base: usize,
    mut make: impl FnMut(&mut Gen) -> I,
    mut check: impl FnMut(&I),
) -> usize {
    let seed = seed();
    let only = env_number("FUZZ_ONLY");
    let count = case_count(base);
    let mut ran = 0;
    for case in 0..count as u64 {
        if only.is_some_and(|only| only != case) {
            continue;
        }
        let input = make(&mut Gen::new(&[seed, salt, case]));
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&input))) {
            eprintln!(
                "{test}: case {case} failed; replay with FUZZ_SEED={seed:#x} FUZZ_ONLY={case}\ninput: {input:?}"
            );
            resume_unwind(panic);
        }
        ran += 1;
    }
    eprintln!("{test}: {ran} cases (seed {seed:#x})");
    ran
}

/// Strings that try to leave a string literal, an option or the query, or
/// that are awkward to encode.
pub const ADVERSARIAL: &[&str] = &[
    "' or 1 eq 1 or '",
    "')",
    "'",
    "''",
    "'''",
    "%27",
    "%2527",
    "%",
    "%zz",
    "%C3",
    "#",
    "#frag",
    "&$top=1",
    "&",
    "=",
    "+",
    "?",
    "/",
    "\\",
    ";",
    ",",
    "(",
    ")",
    ":",
    "@a",
    "$filter=",
    ") or (1 eq 1",
    "x') or contains(name,'",
    "a/$count",
    "$count",
    "\u{0}",
    "\u{1}\u{1f}\u{7f}",
    "\n\r\t",
    " ",
    "  leading and trailing  ",
    "\u{a0}\u{2028}\u{feff}",
    "é",
    "😀",
    "👩‍👩‍👧",
    "\u{FFFD}",
    "\u{10FFFF}",
    "null",
    "true",
    "datetime'2024-01-01'",
    " eq ",
    " and ",
    " or ",
    "not(",
    "any(a:",
    "",
];

/// Building blocks of tricky strings.
const PIECES: &[&str] = &[
    "a", "Z", "9", "_", "-", ".", "!", "~", "*", "'", "(", ")", " ", "%", "%25", "%2", "#", "&",
    "+", "=", "?", "/", ";", ",", ":", "@", "$", "\"", "<", ">", "`", "{", "}", "|", "^", "[", "]",
    "\\", "é", "ß", "漢", "😀", "\u{0}", "\n", "\u{7f}", "\u{85}", "\u{200b}",
];

/// A character from anywhere in Unicode (never a surrogate: Rust strings
/// cannot hold one).
pub fn any_char(gen: &mut Gen) -> char {
    let limit = match gen.below(4) {
        0 => 0x80,
        1 => 0x800,
        2 => 0x10000,
        _ => 0x110000,
    };
    char::from_u32(gen.below(limit) as u32).unwrap_or('\u{FFFD}')
}

/// A string of tricky pieces, adversarial strings and random characters.
pub fn tricky_text(gen: &mut Gen) -> String {
    let mut text = String::new();
    for _ in 0..gen.below(6) {
        match gen.below(4) {
            0 => text.push_str(gen.pick(ADVERSARIAL)),
            1 => text.push(any_char(gen)),
            _ => text.push_str(gen.pick(PIECES)),
        }
    }
    text
}

/// `text` followed by a lone high surrogate, as a JS string.
pub fn lone_surrogate_after(text: &str) -> JsStr {
    let units: Vec<u16> = text.encode_utf16().chain([0xD800]).collect();
    JsStr::from_utf16(&units)
}

/// A string value; now and then one that had lone surrogates in JS.
pub fn tricky_string(gen: &mut Gen) -> Value {
    let text = tricky_text(gen);
    if gen.one_in(25) {
        Value::String(lone_surrogate_after(&text))
    } else {
        Value::String(JsStr::new(text))
    }
}

/// A number: edge cases of JS numbers or random bits.
pub fn tricky_number(gen: &mut Gen) -> f64 {
    const EDGES: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        1e21,
        1e-7,
        0.000001,
        123.456,
        9_007_199_254_740_991.0,
        9_007_199_254_740_993.0,
        1.8446744073709552e19,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    match gen.below(4) {
        0 => gen.pick(EDGES),
        1 => f64::from_bits(gen.u64()),
        _ => gen.below(2001) as f64 - 1000.0,
    }
}

/// A Date's time value: valid, at or past JavaScript's range, or NaN.
pub fn tricky_time(gen: &mut Gen) -> f64 {
    const EDGES: &[f64] = &[
        0.0,
        -1.0,
        8.64e15,
        -8.64e15,
        8.64e15 + 1.0,
        -8.64e15 - 1.0,
        253_402_300_800_000.0,
        -62_198_755_200_000.0,
        f64::NAN,
        f64::INFINITY,
        0.5,
        -0.0,
    ];
    if gen.one_in(3) {
        gen.pick(EDGES)
    } else {
        (gen.u64() % 17_280_000_000_000_001) as f64 - 8.64e15
    }
}

/// `$` keys pinejs gives a meaning to somewhere: filter operators, query
/// options and the keys of their operands.
pub const DOLLAR_KEYS: &[&str] = &[
    "$eq",
    "$ne",
    "$gt",
    "$ge",
    "$lt",
    "$le",
    "$add",
    "$sub",
    "$mul",
    "$div",
    "$mod",
    "$contains",
    "$endswith",
    "$startswith",
    "$length",
    "$indexof",
    "$substring",
    "$tolower",
    "$toupper",
    "$trim",
    "$concat",
    "$year",
    "$month",
    "$day",
    "$hour",
    "$minute",
    "$second",
    "$fractionalseconds",
    "$date",
    "$time",
    "$totaloffsetminutes",
    "$now",
    "$maxdatetime",
    "$mindatetime",
    "$totalseconds",
    "$round",
    "$floor",
    "$ceiling",
    "$isof",
    "$cast",
    "$duration",
    "$raw",
    "$",
    "$count",
    "$and",
    "$or",
    "$in",
    "$not",
    "$any",
    "$all",
    "$fn",
    "$select",
    "$filter",
    "$expand",
    "$orderby",
    "$top",
    "$skip",
    "$format",
    "$dir",
    "$alias",
    "$expr",
    "$scope",
    "$method",
    "$args",
    "$string",
    "$unknown",
];

/// Other keys: property names, parameter aliases, envelope and duration
/// keys, array-index-like keys and odd text.
pub const OTHER_KEYS: &[&str] = &[
    "name",
    "id",
    "is_of__actor",
    "description",
    "a",
    "b",
    "x1",
    "@",
    "@a",
    "@x y",
    "resource",
    "options",
    "url",
    "customOptions",
    "action",
    "negative",
    "days",
    "hours",
    "minutes",
    "seconds",
    "",
    "0",
    "1",
    "01",
    "4294967294",
    "4294967295",
    "a b",
    "a/b",
    "a/$count",
    "é",
    "😀",
    "'",
    "%",
    "&",
    "#",
    "=",
    "(",
    "1p",
];

/// A key for an arbitrary object.
pub fn key(gen: &mut Gen) -> String {
    match gen.below(8) {
        0..=3 => gen.pick(DOLLAR_KEYS).to_owned(),
        4..=6 => gen.pick(OTHER_KEYS).to_owned(),
        _ => tricky_text(gen),
    }
}

/// An arbitrary value of every variant, objects nested at most `depth` deep.
pub fn any_value(gen: &mut Gen, depth: usize) -> Value {
    let kinds = if depth == 0 { 7 } else { 11 };
    let items = |gen: &mut Gen| -> Vec<Value> {
        (0..gen.below(4))
            .map(|_| any_value(gen, depth - 1))
            .collect()
    };
    match gen.below(kinds) {
        0 => Value::Undefined,
        1 => Value::Null,
        2 => Value::Bool(gen.one_in(2)),
        3 => Value::Number(tricky_number(gen)),
        4 | 5 => tricky_string(gen),
        6 => match gen.below(8) {
            0 => match gen.below(3) {
                0 => Value::Function(Ok("() => 1".into())),
                1 => Value::Symbol,
                _ => Value::BigInt("10".to_string()),
            },
            _ => Value::Date(tricky_time(gen)),
        },
        7 => Value::Array(items(gen)),
        8 if gen.one_in(4) => Value::Set(items(gen)),
        _ => {
            let mut object = Object::new();
            for _ in 0..gen.below(5) {
                let key = key(gen);
                object.insert(key, any_value(gen, depth - 1));
            }
            Value::Object(object)
        }
    }
}

/// `{key: value, …}`.
pub fn object<K: Into<JsStr>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// Percent-encodes the bytes of `text` that are controls, DEL, non-ASCII
/// or in `also`; everything else (including `%`) is kept.
fn encode_bytes(text: &str, also: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if !(0x20..0x7f).contains(&byte) || also.contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// The path (below `/v7/`) and query the WHATWG URL parser sends for a
/// compiled URL (spec 1.4): the fragment dropped, the query split off at the
/// first `?`, what the parser re-encodes encoded, `\` in the path as `/`.
pub fn wire(compiled: &str) -> (String, Option<String>) {
    let target = compiled.split('#').next().unwrap_or_default();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = encode_bytes(&path.replace('\\', "/"), b" \"<>`{}");
    (path, query.map(|query| encode_bytes(query, b" \"'<>")))
}
