//! Filters and orderings evaluated on sample rows: which ids a query
//! selects, in which order, and what the rows look like.

use api_emulator::auth::Scope;
use api_emulator::model::Resource;
use api_emulator::model::{ApiKey, Role, Snapshot};
use api_emulator::odata::budget::{Budget, Cancel};
use api_emulator::odata::eval::Context;
use api_emulator::odata::execute::{check_options, key_filter, matching_ids, render};
use api_emulator::odata::parser::parse_request;

const DAY: i64 = 86_400_000;
/// 2024-01-01T00:00:00.000Z
const T0: i64 = 1_704_067_200_000;

/// id, name, description, expiry, actor.
type SampleRow = (
    i64,
    Option<&'static str>,
    Option<&'static str>,
    Option<i64>,
    i64,
);

fn sample() -> Snapshot {
    let mut snap = Snapshot::default();
    snap.actors = vec![1, 2, 3];
    let rows: [SampleRow; 6] = [
        (1, Some("beta"), Some("o'k &#%+/? x"), None, 1),
        (2, Some("Alpha"), None, Some(T0 + 30 * DAY), 1),
        (3, None, Some("legacy"), None, 1),
        (4, Some("alpha"), Some(""), Some(T0 - DAY), 2),
        (
            5,
            Some("gamma ray"),
            Some("x or y"),
            Some(T0 + 400 * DAY),
            2,
        ),
        (6, Some("hidden"), None, None, 3),
    ];
    for (id, name, description, expiry_date, actor) in rows {
        snap.put_key(ApiKey {
            id,
            created_at: T0 + id * 3_600_000,
            modified_at: T0 + id * 3_600_000,
            key: format!("secret{id}"),
            expiry_date,
            actor,
            name: name.map(str::to_owned),
            description: description.map(str::to_owned),
            role: Role::NamedUser,
        });
    }
    snap
}

/// Actor 3's key is outside the scope.
fn scope() -> Scope {
    Scope {
        actors: [1, 2].into(),
        read_keys: true,
        ..Scope::default()
    }
}

/// The ids `GET /v7/<path>?<query>` selects.
fn ids(path: &str, query: &str) -> Result<Vec<i64>, String> {
    let snap = sample();
    let scope = scope();
    let request = parse_request(path, Some(query))?;
    let ctx = Context {
        snap: &snap,
        scope: &scope,
        aliases: &request.aliases,
        now: T0,
        budget: &Budget::new(Cancel::default()),
    };
    check_options(&request.options, Resource::ApiKey, &request.aliases)?;
    let key = request
        .key
        .as_ref()
        .map(|k| key_filter(Resource::ApiKey, k, &request.aliases))
        .transpose()?;
    matching_ids(&ctx, Resource::ApiKey, key.as_ref(), &request.options)
}

fn filter(expr: &str) -> Vec<i64> {
    ids("api_key", &format!("$filter={expr}")).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

#[test]
fn comparisons_and_nulls() {
    assert_eq!(filter("id%20eq%202"), [2]);
    assert_eq!(filter("id ne 2"), [1, 3, 4, 5]);
    assert_eq!(filter("id gt 3"), [4, 5]);
    assert_eq!(filter("id ge 3 and id le 4"), [3, 4]);
    assert_eq!(filter("id lt 2 or id eq 5"), [1, 5]);
    assert_eq!(filter("name eq null"), [3]);
    assert_eq!(filter("name ne null"), [1, 2, 4, 5]);
    assert_eq!(filter("is_of__actor eq 2 and name ne null"), [4, 5]);
    // SQL: comparing with a null column is unknown, and not(unknown) too.
    assert_eq!(filter("not(description eq 'legacy')"), [1, 4, 5]);
    assert_eq!(filter("description eq ''"), [4]);
    assert_eq!(filter("id in (1,3,99)"), [1, 3]);
    assert_eq!(filter("name in ('alpha','Alpha')"), [2, 4]);
    assert_eq!(filter("(id add 2) eq 4"), [2]);
    assert_eq!(filter("(id mod 2) eq 0 and (id div 2) ge 2"), [4]);
    assert_eq!(filter("id mul 2 sub 1 eq 9"), [5]);
}

#[test]
fn strings_with_quotes_and_operators_match_literally() {
    assert_eq!(
        filter("description%20eq%20%27o%27%27k%20%26%23%25%2B%2F%3F%20x%27"),
        [1]
    );
    assert_eq!(filter("startswith(description,'o''k %26')"), [1]);
    assert_eq!(filter("description eq 'x or y'"), [5]);
    assert_eq!(filter("name eq 'x'' or name ne ''y'"), Vec::<i64>::new());
    assert_eq!(filter("contains(name,'a')"), [1, 2, 4, 5]);
    assert_eq!(filter("endswith(name,'ray')"), [5]);
    assert_eq!(filter("tolower(name) eq 'alpha'"), [2, 4]);
    assert_eq!(filter("toupper(name) eq 'BETA'"), [1]);
    assert_eq!(filter("length(name) eq 9"), [5]);
    assert_eq!(filter("indexof(name,'ph') eq 2"), [2, 4]);
    assert_eq!(filter("substring(name,1,3) eq 'amm'"), [5]);
    assert_eq!(filter("substring(name,6) eq 'ray'"), [5]);
    assert_eq!(filter("trim(concat(' ',name)) eq 'beta'"), [1]);
}

#[test]
fn dates() {
    assert_eq!(filter("expiry_date lt now()"), [4]);
    assert_eq!(
        filter("expiry_date gt datetime'2024-01-01T00:00:00.000Z'"),
        [2, 5]
    );
    assert_eq!(filter("expiry_date gt '2024-12-31'"), [5]);
    assert_eq!(filter("year(expiry_date) eq 2025"), [5]);
    assert_eq!(
        filter("month(expiry_date) eq 1 and day(expiry_date) eq 31"),
        [2]
    );
    assert_eq!(
        filter("hour(created_at) eq 3 and minute(created_at) eq 0 and second(created_at) eq 0"),
        [3]
    );
    assert_eq!(
        filter("created_at gt (datetime'2024-01-01T09:00:00.000Z' sub duration'PT4H30M')"),
        [5]
    );
    assert_eq!(
        filter("expiry_date le maxdatetime() and expiry_date ge mindatetime()"),
        [2, 4, 5]
    );
}

#[test]
fn lambdas_counts_and_aliases() {
    assert_eq!(filter("is_of__actor/any(a:a/id eq 2)"), [4, 5]);
    assert_eq!(filter("is_of__actor/all(a:a/id eq 1)"), [1, 2, 3]);
    assert_eq!(
        filter("is_of__actor/any(a:a/api_key/any(k:k/name eq 'gamma ray'))"),
        [4, 5]
    );
    assert_eq!(
        filter("is_of__actor/any(a:a/api_key/$count eq 3)"),
        [1, 2, 3]
    );
    assert_eq!(
        filter("is_of__actor/any(a:a/api_key/$count($filter=name eq null) gt 0)"),
        [1, 2, 3]
    );
    assert_eq!(ids("api_key", "$filter=name eq @n&@n='beta'").unwrap(), [1]);
    assert_eq!(ids("api_key(@k)", "@k=4").unwrap(), [4]);
    assert_eq!(ids("api_key(@k)", "@k=@j&@j=4").unwrap(), [4]);
    assert_eq!(ids("api_key", "$filter=id eq @a&@a=@b&@b=2").unwrap(), [2]);
    for (path, query) in [
        ("api_key", "$filter=id eq @a&@a=@a"),
        ("api_key", "$filter=id eq @a&@a=@b&@b=@a"),
        ("api_key(@a)", "@a=@a"),
    ] {
        assert_eq!(
            ids(path, query),
            Err("the parameter alias '@a' refers to itself".into()),
            "{path}?{query}"
        );
    }
    // Keys outside the scope are invisible, also by id.
    assert_eq!(ids("api_key(6)", "").unwrap(), Vec::<i64>::new());
    assert_eq!(filter("id eq 6"), Vec::<i64>::new());
}

#[test]
fn ordering_top_and_skip() {
    let order = |q: &str| ids("api_key", q).unwrap();
    // Collation: case-insensitive first; NULLs last ascending, first descending.
    assert_eq!(order("$orderby=name asc"), [4, 2, 1, 5, 3]);
    assert_eq!(order("$orderby=name%20desc"), [3, 5, 1, 2, 4]);
    assert_eq!(order("$orderby=expiry_date desc,id"), [1, 3, 5, 2, 4]);
    assert_eq!(order("$orderby=is_of__actor desc,id desc"), [5, 4, 3, 2, 1]);
    assert_eq!(order("$orderby=length(name) desc,id&$top=2"), [3, 5]);
    assert_eq!(order("$orderby=id&$top=2&$skip=1"), [2, 3]);
    assert_eq!(order("$orderby=id&$skip=10"), Vec::<i64>::new());
    assert_eq!(order("$orderby=id&$top=0"), Vec::<i64>::new());
}

#[test]
fn not_a_number_sorts_after_every_number() {
    // 0 times infinity is NaN for id 3; the others are -inf or +inf.
    let order = |q: &str| ids("api_key", q).unwrap();
    assert_eq!(order("$orderby=(id sub 3) mul 1e999,id"), [1, 2, 4, 5, 3]);
    assert_eq!(
        order("$orderby=(id sub 3) mul 1e999 desc,id"),
        [3, 4, 5, 1, 2]
    );
}

#[test]
fn unsupported_queries_say_what_is_unsupported() {
    for (query, needle) in [
        ("$filter=nope eq 1", "no field 'nope'"),
        ("$filter=key eq 'secret1'", "no field 'key'"),
        ("$filter=isof('Edm.String')", "'isof' is not supported"),
        ("$filter=contains(name)", "contains() takes 2–2 arguments"),
        ("$filter=name eq @missing", "'@missing' is not defined"),
        ("$filter=name", "not a boolean"),
        ("$filter=contains(id,'1')", "contains() cannot take"),
        ("$filter=(id div 0) eq 1", "division by zero"),
        ("$select=id,secret", "no field 'secret'"),
        ("$expand=name", "no navigation property 'name'"),
        ("$top=-1", "$top must be a non-negative integer"),
        ("$skip=1.5", "$skip must be a non-negative integer"),
        ("$format=xml", "$format=xml is not supported"),
        ("$search=x", "'$search' is not supported"),
    ] {
        let err = ids("api_key", query).unwrap_err();
        assert!(err.contains(needle), "{query}: {err}");
    }
    let err = ids("api_key('x')", "").unwrap_err();
    assert!(err.contains("ids are integers, got 'x'"), "{err}");
}

#[test]
fn rows_render_in_spec_order_without_the_secret() {
    let snap = sample();
    let scope = scope();
    let render_query = |query: &str, id: i64| {
        let request = parse_request("api_key", Some(query)).unwrap();
        let ctx = Context {
            snap: &snap,
            scope: &scope,
            aliases: &request.aliases,
            now: T0,
            budget: &Budget::new(Cancel::default()),
        };
        serde_json::Value::Object(render(&ctx, Resource::ApiKey, id, &request.options).unwrap())
            .to_string()
    };
    assert_eq!(
        render_query("", 2),
        r#"{"created_at":"2024-01-01T02:00:00.000Z","modified_at":"2024-01-01T02:00:00.000Z","id":2,"expiry_date":"2024-01-31T00:00:00.000Z","is_of__actor":{"__id":1},"name":"Alpha","description":null}"#
    );
    assert_eq!(
        render_query("$select=name,id", 2),
        r#"{"name":"Alpha","id":2}"#
    );
    assert_eq!(
        render_query("$select=id&$expand=is_of__actor($select=id)", 2),
        r#"{"id":2,"is_of__actor":[{"id":1}]}"#
    );
    assert_eq!(
        render_query(
            "$select=id&$expand=is_of__actor($expand=api_key($select=id;$orderby=id desc;$top=2))",
            2
        ),
        r#"{"id":2,"is_of__actor":[{"id":1,"api_key":[{"id":3},{"id":2}]}]}"#
    );
    assert_eq!(
        render_query(
            "$select=id&$expand=is_of__actor($expand=api_key/$count($filter=name ne null))",
            2
        ),
        r#"{"id":2,"is_of__actor":[{"id":1,"api_key":2}]}"#
    );
}
