//! Random options compiled by the project's pine compiler
//! (`balena_api_key::pine::compile`), re-encoded as the WHATWG URL parser
//! sends them, parse back to the structure they were built from.

use api_emulator::odata::ast::{BinaryOp, Expand, Expr, LambdaKind, Options, OrderBy};
use api_emulator::odata::parser::parse_request;
use balena_api_key::pine::{compile, JsStr, Object, Value};

/// xorshift64*: deterministic, seedable with ROUND_TRIP_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (JsStr::from(k), v))
            .collect::<Object>(),
    )
}

fn path(segments: &[&str]) -> Expr {
    Expr::Path(segments.iter().map(|s| s.to_string()).collect())
}

fn bin(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    Expr::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    }
}

const TEXT_FIELDS: &[&str] = &["name", "description"];
const ALL_FIELDS: &[&str] = &[
    "created_at",
    "modified_at",
    "id",
    "expiry_date",
    "is_of__actor",
    "name",
    "description",
];
const PIECES: &[&str] = &[
    "a", "Z", "0", " ", "'", "''", "\"", "&", "#", "%", "%25", "+", "/", "?", "=", ";", "(", ")",
    ",", "$", "@", "é", "😀", "\n", "\t", "~", "*", "!", "<", ">", "\\", "`", "{", "|", " or ",
    " and ", " eq ", "not(", "null",
];

/// A literal as a pine value and as the expected expression.
fn literal(rng: &mut Rng) -> (Value, Expr) {
    match rng.below(6) {
        0 => (Value::Null, Expr::Null),
        1 => {
            let b = rng.chance(50);
            (Value::Bool(b), Expr::Bool(b))
        }
        2 => {
            let n = (rng.below(4001) as f64 - 2000.0) / *rng.pick(&[1.0, 4.0, 1000.0]);
            (Value::Number(n), Expr::Number(n))
        }
        3 => {
            let ms = 946_684_800_000 + (rng.next() % 1_262_304_000_000) as i64;
            (Value::Date(ms as f64), Expr::DateTime(ms))
        }
        _ => {
            let text = string(rng);
            (Value::str(text.clone()), Expr::Text(text))
        }
    }
}

fn string(rng: &mut Rng) -> String {
    (0..rng.below(7)).map(|_| *rng.pick(PIECES)).collect()
}

/// A filter leaf: a comparison, function, lambda or arithmetic.
fn leaf(rng: &mut Rng) -> (Value, Expr) {
    let field = *rng.pick(ALL_FIELDS);
    match rng.below(9) {
        0 => {
            let (v, e) = literal(rng);
            (
                object(vec![(field, v)]),
                bin(BinaryOp::Eq, path(&[field]), e),
            )
        }
        1 => {
            let (name, op) = *rng.pick(&[
                ("$eq", BinaryOp::Eq),
                ("$ne", BinaryOp::Ne),
                ("$gt", BinaryOp::Gt),
                ("$ge", BinaryOp::Ge),
                ("$lt", BinaryOp::Lt),
                ("$le", BinaryOp::Le),
            ]);
            let (v, e) = literal(rng);
            (
                object(vec![(field, object(vec![(name, v)]))]),
                bin(op, path(&[field]), e),
            )
        }
        2 => {
            let (values, exprs): (Vec<Value>, Vec<Expr>) =
                (0..1 + rng.below(3)).map(|_| literal(rng)).unzip();
            let value = object(vec![(field, object(vec![("$in", Value::Array(values))]))]);
            (
                value,
                Expr::In {
                    value: Box::new(path(&[field])),
                    list: exprs,
                },
            )
        }
        3 => {
            let f = *rng.pick(&["contains", "startswith", "endswith"]);
            let text = string(rng);
            let field = *rng.pick(TEXT_FIELDS);
            let value = object(vec![(
                field,
                object(vec![(&format!("${f}"), Value::str(text.clone()))]),
            )]);
            (
                value,
                Expr::Call {
                    name: f.into(),
                    args: vec![path(&[field]), Expr::Text(text)],
                },
            )
        }
        4 => {
            let f = *rng.pick(&["tolower", "toupper", "trim", "length"]);
            let field = *rng.pick(TEXT_FIELDS);
            let (v, e) = literal(rng);
            let call = object(vec![(
                &format!("${f}"),
                object(vec![("$", Value::str(field))]),
            )]);
            let expected = Expr::Call {
                name: f.into(),
                args: vec![path(&[field])],
            };
            (
                object(vec![("$eq", Value::Array(vec![call, v]))]),
                bin(BinaryOp::Eq, expected, e),
            )
        }
        5 => {
            let f = *rng.pick(&["year", "month", "day", "hour", "minute", "second"]);
            let n = rng.below(60) as f64;
            let call = object(vec![(
                &format!("${f}"),
                object(vec![("$", Value::str("created_at"))]),
            )]);
            let expected = Expr::Call {
                name: f.into(),
                args: vec![path(&["created_at"])],
            };
            (
                object(vec![("$eq", Value::Array(vec![call, Value::Number(n)]))]),
                bin(BinaryOp::Eq, expected, Expr::Number(n)),
            )
        }
        6 => {
            let n = rng.below(100) as f64;
            let expr = object(vec![("a", object(vec![("id", Value::Number(n))]))]);
            let kind = if rng.chance(50) {
                LambdaKind::Any
            } else {
                LambdaKind::All
            };
            let op = if kind == LambdaKind::Any {
                "$any"
            } else {
                "$all"
            };
            let lambda = object(vec![(
                op,
                object(vec![("$alias", Value::str("a")), ("$expr", expr)]),
            )]);
            let body = bin(BinaryOp::Eq, path(&["a", "id"]), Expr::Number(n));
            let expected = Expr::Lambda {
                path: vec!["is_of__actor".into()],
                kind,
                var: "a".into(),
                body: Box::new(body),
            };
            (object(vec![("is_of__actor", lambda)]), expected)
        }
        7 => {
            let (name, op) = *rng.pick(&[
                ("$add", BinaryOp::Add),
                ("$sub", BinaryOp::Sub),
                ("$mul", BinaryOp::Mul),
            ]);
            let (a, b) = (rng.below(10) as f64, rng.below(10) as f64);
            let arith = object(vec![(
                name,
                Value::Array(vec![
                    object(vec![("$", Value::str("id"))]),
                    Value::Number(a),
                ]),
            )]);
            let value = object(vec![("$eq", Value::Array(vec![arith, Value::Number(b)]))]);
            (
                value,
                bin(
                    BinaryOp::Eq,
                    bin(op, path(&["id"]), Expr::Number(a)),
                    Expr::Number(b),
                ),
            )
        }
        _ => {
            let value = object(vec![(
                "expiry_date",
                object(vec![("$lt", object(vec![("$now", object(vec![]))]))]),
            )]);
            (
                value,
                bin(
                    BinaryOp::Lt,
                    path(&["expiry_date"]),
                    Expr::Call {
                        name: "now".into(),
                        args: vec![],
                    },
                ),
            )
        }
    }
}

/// A filter of nested `$and`/`$or`/`$not` and implicit-and objects.
fn filter(rng: &mut Rng, depth: usize) -> (Value, Expr) {
    if depth == 0 || rng.chance(35) {
        return leaf(rng);
    }
    let (values, exprs): (Vec<Value>, Vec<Expr>) = (0..2 + rng.below(2))
        .map(|_| filter(rng, depth - 1))
        .unzip();
    let chain = |op, exprs: Vec<Expr>| {
        exprs
            .into_iter()
            .reduce(|a, b| bin(op, a, b))
            .expect("two or more")
    };
    match rng.below(3) {
        0 => (
            object(vec![("$and", Value::Array(values))]),
            chain(BinaryOp::And, exprs),
        ),
        1 => (
            object(vec![("$or", Value::Array(values))]),
            chain(BinaryOp::Or, exprs),
        ),
        _ => {
            let (value, expr) = filter(rng, depth - 1);
            (object(vec![("$not", value)]), Expr::Not(Box::new(expr)))
        }
    }
}

/// Options and the structure they should parse back to.
fn options(rng: &mut Rng) -> (Value, Options) {
    let mut entries = Vec::new();
    let mut expected = Options::default();
    if rng.chance(50) {
        let fields: Vec<&str> = ALL_FIELDS
            .iter()
            .copied()
            .filter(|_| rng.chance(50))
            .collect();
        let fields = if fields.is_empty() { vec!["*"] } else { fields };
        entries.push((
            "$select",
            Value::Array(fields.iter().map(|f| Value::str(*f)).collect()),
        ));
        expected.select = Some(fields.iter().map(|f| f.to_string()).collect());
    }
    if rng.chance(85) {
        let (value, expr) = filter(rng, 3);
        entries.push(("$filter", value));
        expected.filter = Some(expr);
    }
    if rng.chance(50) {
        let items: Vec<(&str, bool)> = (0..1 + rng.below(3))
            .map(|_| (*rng.pick(ALL_FIELDS), rng.chance(50)))
            .collect();
        let value = items
            .iter()
            .map(|(f, desc)| object(vec![(f, Value::str(if *desc { "desc" } else { "asc" }))]))
            .collect();
        entries.push(("$orderby", Value::Array(value)));
        expected.orderby = items
            .iter()
            .map(|(f, desc)| OrderBy {
                expr: path(&[f]),
                descending: *desc,
            })
            .collect();
    }
    for (key, slot) in [("$top", &mut expected.top), ("$skip", &mut expected.skip)] {
        if rng.chance(40) {
            let n = rng.below(50) as f64;
            entries.push((key, Value::Number(n)));
            *slot = Some(n);
        }
    }
    if rng.chance(40) {
        let (nested_filter, nested_expr) = leaf(rng);
        let nested = object(vec![
            ("$select", Value::str("id")),
            ("$filter", nested_filter),
        ]);
        entries.push(("$expand", object(vec![("is_of__actor", nested)])));
        let options = Options {
            select: Some(vec!["id".into()]),
            filter: Some(nested_expr),
            ..Options::default()
        };
        expected.expand = vec![Expand {
            path: "is_of__actor".into(),
            count: false,
            options,
        }];
    }
    (object(entries), expected)
}

/// The query as Node's URL parser re-encodes it for the wire (spec 1.4).
fn to_wire(query: &str) -> String {
    let mut out = String::new();
    for c in query.chars() {
        match c {
            ' ' | '"' | '\'' | '<' | '>' => out += &format!("%{:02X}", c as u32),
            c if c.is_ascii_control() || !c.is_ascii() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out += &format!("%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `and`/`or` chains flattened and rebuilt left to right, so that
/// `a and (b and c)` and `(a and b) and c` compare equal, as the compiler
/// writes both without parentheses.
fn normalise(expr: Expr) -> Expr {
    fn operands(op: BinaryOp, expr: Expr, out: &mut Vec<Expr>) {
        match expr {
            Expr::Binary {
                op: inner,
                left,
                right,
            } if inner == op => {
                operands(op, *left, out);
                operands(op, *right, out);
            }
            other => out.push(normalise(other)),
        }
    }
    match expr {
        Expr::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            left,
            right,
        } => {
            let mut items = Vec::new();
            operands(op, *left, &mut items);
            operands(op, *right, &mut items);
            items
                .into_iter()
                .reduce(|a, b| bin(op, a, b))
                .expect("two operands")
        }
        Expr::Binary { op, left, right } => bin(op, normalise(*left), normalise(*right)),
        Expr::Not(inner) => Expr::Not(Box::new(normalise(*inner))),
        Expr::Lambda {
            path,
            kind,
            var,
            body,
        } => Expr::Lambda {
            path,
            kind,
            var,
            body: Box::new(normalise(*body)),
        },
        other => other,
    }
}

fn normalise_options(mut options: Options) -> Options {
    options.filter = options.filter.map(normalise);
    for expand in &mut options.expand {
        expand.options = normalise_options(std::mem::take(&mut expand.options));
    }
    options
}

#[test]
fn compiled_options_parse_back_to_their_structure() {
    let seed = std::env::var("ROUND_TRIP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001u64)
        .max(1);
    let mut rng = Rng(seed);
    for case in 0..3000 {
        let (value, expected) = options(&mut rng);
        let params = object(vec![
            ("resource", Value::str("api_key")),
            ("options", value),
        ]);
        let url = compile(&params).unwrap_or_else(|e| panic!("case {case}: compile failed: {e:?}"));
        let query = url.split_once('?').map(|(_, q)| to_wire(q));
        let request = parse_request("api_key", query.as_deref())
            .unwrap_or_else(|e| panic!("case {case} (seed {seed}): {url}\n{e}"));
        assert_eq!(
            normalise_options(request.options),
            normalise_options(expected),
            "case {case} (seed {seed}): {url}"
        );
    }
}
