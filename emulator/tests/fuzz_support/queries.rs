//! Random queries the emulator supports, built around slots that a test
//! fills with the strings it wants to place in every literal position.

use balena_api_key::pine::{JsStr, Object, Value};

use super::{object, tricky_number, Gen};

/// Marks a slot in a query template.
pub const SLOT: &str = "\u{E000}slot\u{E000}";
/// Property names: plain, with digits and underscores, non-ASCII.
const FIELDS: &[&str] = &[
    "name",
    "description",
    "id",
    "expiry_date",
    "is_of__actor",
    "créé",
    "a_1",
];

/// The names a query may use.
pub struct Vocabulary {
    /// Resources.
    pub resources: &'static [&'static str],
    /// Property names compared in filters.
    pub fields: &'static [&'static str],
    /// Whether lambdas, `$count`s, `$expand`s and ids appear.
    pub nested: bool,
}

/// Any names: some the emulator does not have (most of its answers are
/// 400s then), all the shapes of query.
pub const ANY_NAMES: Vocabulary = Vocabulary {
    resources: &["api_key", "application", "device", "actor", "unknown_thing"],
    fields: FIELDS,
    nested: true,
};

/// `api_key`'s text fields and flat filters: queries the emulator evaluates.
pub const API_KEY_TEXT: Vocabulary = Vocabulary {
    resources: &["api_key"],
    fields: &["name", "description"],
    nested: false,
};

/// A slot.
pub fn slot() -> Value {
    Value::str(SLOT)
}

/// `[item, …]`.
pub fn array(items: impl IntoIterator<Item = Value>) -> Value {
    Value::Array(items.into_iter().collect())
}

/// A literal that is not a slot: null, a boolean, a finite number, a valid
/// date or another string.
pub fn literal(gen: &mut Gen) -> Value {
    match gen.below(5) {
        0 => Value::Null,
        1 => Value::Bool(gen.one_in(2)),
        2 => Value::Number(
            Some(tricky_number(gen))
                .filter(|n| n.is_finite())
                .unwrap_or(7.0),
        ),
        3 => Value::Date((gen.u64() % 8_640_000_000_000_000) as f64 * gen.pick(&[1.0, -1.0])),
        _ => Value::str("other"),
    }
}

/// A slot, now and then a plain literal.
pub fn operand(gen: &mut Gen) -> Value {
    if gen.one_in(5) {
        literal(gen)
    } else {
        slot()
    }
}

/// A filter leaf holding slots (and, below `depth`, nested filters).
pub fn leaf(gen: &mut Gen, depth: usize, names: &Vocabulary) -> Value {
    let field = gen.pick(names.fields);
    let kinds = if depth == 0 { 8 } else { 12 };
    let kind = match gen.below(kinds) {
        8 | 10 if !names.nested => 11,
        kind => kind,
    };
    match kind {
        0 => object([(field, operand(gen))]),
        1 => {
            let op = gen.pick(&["$eq", "$ne", "$gt", "$ge", "$lt", "$le"]);
            object([(field, object([(op, operand(gen))]))])
        }
        2 => {
            let items = (0..1 + gen.below(4)).map(|_| operand(gen));
            object([(field, object([("$in", array(items))]))])
        }
        3 => object([(field, object([("$in", operand(gen))]))]),
        4 => {
            let function = gen.pick(&["$contains", "$startswith", "$endswith"]);
            object([(field, object([(function, slot())]))])
        }
        5 => {
            let function = gen.pick(&["$contains", "$startswith", "$endswith"]);
            let operands = [object([("$", Value::str(field))]), slot()];
            object([(function, array(operands))])
        }
        6 => {
            let function = gen.pick(&["$tolower", "$toupper", "$trim"]);
            let call = object([(function, object([("$", Value::str(field))]))]);
            object([("$eq", array([call, slot()]))])
        }
        7 => object([(field, object([("@", Value::str("p"))]))]),
        8 => {
            let kind = gen.pick(&["$any", "$all"]);
            let own = object([("x", object([(gen.pick(names.fields), operand(gen))]))]);
            let expr = object([("$and", array([own, filter(gen, depth - 1, names)]))]);
            let lambda = object([("$alias", Value::str("x")), ("$expr", expr)]);
            object([(field, object([(kind, lambda)]))])
        }
        9 => {
            let raw = if gen.one_in(2) {
                let text = format!("{field} eq $1 or $2");
                array([Value::str(text), slot(), filter(gen, depth - 1, names)])
            } else {
                let text = format!("$q and $p ne {field}");
                object([
                    ("$string", Value::str(text)),
                    ("p", slot()),
                    ("q", filter(gen, depth - 1, names)),
                ])
            };
            object([("$raw", raw)])
        }
        10 => {
            let count = object([(
                "$count",
                object([("$filter", filter(gen, depth - 1, names))]),
            )]);
            let compared = array([object([(field, count)]), Value::Number(1.0)]);
            object([(gen.pick(&["$eq", "$gt"]), compared)])
        }
        _ => {
            let mut and = Object::new();
            and.insert(field, operand(gen));
            and.insert("$not", filter(gen, depth - 1, names));
            Value::Object(and)
        }
    }
}

/// A filter of leaves combined with `$and`, `$or`, `$not` and arrays.
pub fn filter(gen: &mut Gen, depth: usize, names: &Vocabulary) -> Value {
    if depth == 0 || gen.one_in(3) {
        return leaf(gen, depth, names);
    }
    let several =
        |gen: &mut Gen| array((0..2 + gen.below(2)).map(|_| filter(gen, depth - 1, names)));
    match gen.below(4) {
        0 => object([("$and", several(gen))]),
        1 => object([("$or", several(gen))]),
        2 => object([("$not", filter(gen, depth - 1, names))]),
        _ => several(gen),
    }
}

/// `{nav: {$select, $filter[, $expand]}}` or `{nav: {$count: {$filter}}}`.
pub fn expand(gen: &mut Gen, depth: usize) -> Value {
    let nav = gen.pick(&["is_of__actor", "owns__api_key", "belongs_to__application"]);
    if gen.one_in(4) {
        let count = object([("$filter", filter(gen, 1, &ANY_NAMES))]);
        return object([(nav, object([("$count", count)]))]);
    }
    let mut options = Object::new();
    options.insert("$select", Value::str("id"));
    options.insert("$filter", filter(gen, 2, &ANY_NAMES));
    if depth > 0 && gen.one_in(2) {
        options.insert("$expand", expand(gen, depth - 1));
    }
    object([(nav, Value::Object(options))])
}

/// A whole supported request around slots: resource, id, options.
pub fn template(gen: &mut Gen) -> Value {
    template_with(gen, &ANY_NAMES)
}

/// [`template`] with the names and shapes of `names`.
pub fn template_with(gen: &mut Gen, names: &Vocabulary) -> Value {
    let mut options = Object::new();
    if gen.one_in(2) {
        options.insert("$select", array([Value::str("id"), Value::str("name")]));
    }
    options.insert("$filter", filter(gen, 3, names));
    if gen.one_in(3) {
        let mut order = vec![object([("name", Value::str("asc"))])];
        if names.nested {
            let count = object([("$filter", filter(gen, 1, names))]);
            let count = object([("$count", count)]);
            order.push(object([
                ("owns__api_key", count),
                ("$dir", Value::str("desc")),
            ]));
        }
        options.insert("$orderby", array(order));
    }
    for key in ["$top", "$skip"] {
        if gen.one_in(4) {
            let n = tricky_number(gen);
            options.insert(key, Value::Number(if n.is_finite() { n } else { 5.0 }));
        }
    }
    if names.nested && gen.one_in(3) {
        options.insert("$expand", expand(gen, 2));
    }
    options.insert("@p", operand(gen));
    let resource = gen.pick(names.resources);
    let mut params = Object::new();
    params.insert("resource", Value::str(resource));
    if gen.one_in(8) {
        // `resource/$count?$filter=…` (pinejs would put an id after `/$count`).
        let filter = options.remove("$filter").unwrap_or(Value::Null);
        let count = object([("$filter", filter)]);
        params.insert("options", object([("$count", count)]));
        return Value::Object(params);
    }
    match gen.below(5) {
        _ if !names.nested => {}
        0 => params.insert("id", slot()),
        1 => params.insert("id", object([("uuid", slot())])),
        2 => params.insert("id", object([("uuid", slot()), ("slug", operand(gen))])),
        3 => params.insert("id", Value::Number(gen.below(1000) as f64)),
        _ => {}
    }
    params.insert("options", Value::Object(options));
    Value::Object(params)
}

/// The template with every slot replaced by `text`.
pub fn fill(template: &Value, text: &JsStr) -> Value {
    match template {
        Value::String(s) if s.as_str() == SLOT => Value::String(text.clone()),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, text)).collect()),
        Value::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_owned(), fill(v, text)))
                .collect(),
        ),
        other => other.clone(),
    }
}
