//! Parses a request below `/v7/` — path, key and query options — into the
//! [`ast`](super::ast), accepting everything pinejs-client-core emits.

use super::ast::{BinaryOp, Expand, Expr, Key, LambdaKind, Options, OrderBy, Request};
use super::lexer::{closing_paren, max_nesting, split_top_level, Lexer, Spanned, Token};
use crate::dates::{parse_duration, parse_js_date};
use crate::wire;

/// The deepest parenthesis nesting accepted in a path or option value.
pub const MAX_NESTING: i32 = 64;
/// The most operators in one expression: binary operators, `in`s, `not`s,
/// lambdas (`any`, `all`) and `$count`s, those in nested `$count` filters
/// included, so that evaluation never recurses too deep.
pub const MAX_OPERATORS: usize = 200;

/// Parses the raw path after `/v7/` and the raw query (both as on the wire).
pub fn parse_request(path: &str, raw_query: Option<&str>) -> Result<Request, String> {
    let path = wire::decode(path)?;
    check_nesting(&path)?;
    let split = path.find(['(', '/']).unwrap_or(path.len());
    let (resource, mut rest) = path.split_at(split);
    if resource.is_empty() {
        return Err("the request names no resource".into());
    }
    let mut request = Request {
        resource: resource.to_owned(),
        ..Request::default()
    };
    if rest.starts_with('(') {
        let close =
            closing_paren(rest, 0).ok_or_else(|| format!("unbalanced parentheses in '{path}'"))?;
        request.key = Some(parse_key(&rest[1..close])?);
        rest = &rest[close + 1..];
    }
    match rest {
        "" => {}
        "/$count" => request.count = true,
        _ => return Err(format!("unsupported path '{rest}' after '{resource}'")),
    }
    let pairs = wire::query_pairs(raw_query.unwrap_or(""))?;
    for (_, value) in &pairs {
        check_nesting(value)?;
    }
    let (mut aliases, mut custom) = (Vec::new(), Vec::new());
    request.options = parse_options(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        |key, value| {
            match key.strip_prefix('@') {
                Some(name) => aliases.push((name.to_owned(), parse_literal(value)?)),
                None => custom.push((key.to_owned(), value.to_owned())),
            }
            Ok(())
        },
    )?;
    request.aliases = aliases;
    request.custom = custom;
    Ok(request)
}

fn check_nesting(text: &str) -> Result<(), String> {
    if max_nesting(text) > MAX_NESTING {
        return Err(format!(
            "parentheses are nested deeper than {MAX_NESTING} levels"
        ));
    }
    Ok(())
}

/// Parses a whole (decoded) expression.
pub fn parse_expr(text: &str) -> Result<Expr, String> {
    parse_counted(text, &mut 0)
}

/// Parses a whole expression whose operators count on from `operators`: a
/// `$count` filter shares the budget of the expression it is in, so that
/// nested ones cannot multiply it.
fn parse_counted(text: &str, operators: &mut usize) -> Result<Expr, String> {
    let mut parser = Parser {
        lexer: Lexer::new(text),
        peeked: None,
        operators: *operators,
    };
    let expr = parser.expr();
    *operators = parser.operators;
    let expr = expr?;
    match parser.bump()? {
        Spanned {
            token: Token::End, ..
        } => Ok(expr),
        other => Err(parser.unexpected(&other)),
    }
}

/// The content of `resource(…)`: one literal or `name=literal,…`.
fn parse_key(text: &str) -> Result<Key, String> {
    if split_top_level(text, '=').len() == 1 {
        return Ok(Key::Single(parse_literal(text)?));
    }
    split_top_level(text, ',')
        .into_iter()
        .map(|part| {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("'{part}' is not name=value"))?;
            Ok((name.trim().to_owned(), parse_literal(value)?))
        })
        .collect::<Result<_, String>>()
        .map(Key::Named)
}

/// A literal or parameter alias (keys and alias values).
fn parse_literal(text: &str) -> Result<Expr, String> {
    match parse_expr(text)? {
        literal @ (Expr::Null
        | Expr::Bool(_)
        | Expr::Number(_)
        | Expr::Text(_)
        | Expr::DateTime(_)
        | Expr::Duration(_)
        | Expr::Alias(_)) => Ok(literal),
        _ => Err(format!("'{text}' is not a literal value")),
    }
}

/// Parses `$…` options from `(key, value)` pairs; any other key goes to
/// `other`. A repeated option is an error.
fn parse_options<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    mut other: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<Options, String> {
    let mut options = Options::default();
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in pairs {
        if !key.starts_with('$') {
            other(key, value)?;
            continue;
        }
        if seen.contains(&key) {
            return Err(format!("the query option '{key}' is given twice"));
        }
        seen.push(key);
        set_option(&mut options, key, value)?;
    }
    Ok(options)
}

fn set_option(options: &mut Options, key: &str, value: &str) -> Result<(), String> {
    match key {
        "$select" => {
            let items: Vec<String> = split_top_level(value, ',')
                .iter()
                .map(|s| s.trim().to_owned())
                .collect();
            if items.iter().any(String::is_empty) {
                return Err(format!("empty field name in $select={value}"));
            }
            options.select = Some(items);
        }
        "$filter" if value.trim().is_empty() => options.filter = None,
        "$filter" => options.filter = Some(parse_expr(value)?),
        "$orderby" => {
            options.orderby = split_top_level(value, ',')
                .into_iter()
                .map(parse_orderby)
                .collect::<Result<_, _>>()?
        }
        "$top" => options.top = Some(parse_number(key, value)?),
        "$skip" => options.skip = Some(parse_number(key, value)?),
        "$expand" => {
            options.expand = split_top_level(value, ',')
                .into_iter()
                .map(parse_expand)
                .collect::<Result<_, _>>()?
        }
        "$format" => options.format = Some(value.to_owned()),
        _ => return Err(format!("the query option '{key}' is not supported")),
    }
    Ok(())
}

fn parse_number(key: &str, value: &str) -> Result<f64, String> {
    match parse_expr(value) {
        Ok(Expr::Number(n)) => Ok(n),
        _ => Err(format!("{key} must be a number, got '{value}'")),
    }
}

/// `expr [asc|desc]`.
fn parse_orderby(item: &str) -> Result<OrderBy, String> {
    let item = item.trim();
    let (body, descending) = match item.rsplit_once(char::is_whitespace) {
        Some((body, "asc")) => (body, false),
        Some((body, "desc")) => (body, true),
        _ => (item, false),
    };
    if body.trim().is_empty() {
        return Err(format!("empty $orderby item '{item}'"));
    }
    Ok(OrderBy {
        expr: parse_expr(body)?,
        descending,
    })
}

/// `name[/$count][(options;…)]`.
fn parse_expand(item: &str) -> Result<Expand, String> {
    let item = item.trim();
    let (name, options) = match item.find('(') {
        Some(open) => {
            if closing_paren(item, open) != Some(item.len() - 1) {
                return Err(format!("unbalanced parentheses in $expand item '{item}'"));
            }
            let parts = split_top_level(&item[open + 1..item.len() - 1], ';')
                .into_iter()
                .filter(|part| !part.trim().is_empty())
                .map(|part| {
                    part.split_once('=')
                        .ok_or_else(|| format!("'{part}' in $expand is not $option=value"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let options = parse_options(parts.into_iter(), |key, _| {
                Err(format!("'{key}' is not supported inside $expand"))
            })?;
            (item[..open].trim(), options)
        }
        None => (item, Options::default()),
    };
    let (path, count) = match name.strip_suffix("/$count") {
        Some(path) => (path, true),
        None => (name, false),
    };
    if path.is_empty() {
        return Err(format!("empty $expand item '{item}'"));
    }
    Ok(Expand {
        path: path.to_owned(),
        count,
        options,
    })
}

/// Operator precedence, loosest first.
const LEVELS: [&[BinaryOp]; 5] = {
    use BinaryOp::*;
    [
        &[Or],
        &[And],
        &[Eq, Ne, Gt, Ge, Lt, Le],
        &[Add, Sub],
        &[Mul, Div, Mod],
    ]
};

/// The level of `LEVELS` that also takes `in (…)`.
const COMPARISON: usize = 2;

/// Words that end a property name made of several space-separated words.
fn is_keyword(word: &str) -> bool {
    BinaryOp::from_keyword(word).is_some() || matches!(word, "in" | "not")
}

/// A recursive-descent parser over the token stream.
struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Spanned>,
    /// Operators so far, limited by [`MAX_OPERATORS`].
    operators: usize,
}

impl Parser<'_> {
    fn peek(&mut self) -> Result<&Spanned, String> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn bump(&mut self) -> Result<Spanned, String> {
        self.peek()?;
        Ok(self.peeked.take().expect("just filled"))
    }

    fn peek_is(&mut self, token: &Token) -> Result<bool, String> {
        Ok(&self.peek()?.token == token)
    }

    fn expect(&mut self, token: Token) -> Result<(), String> {
        let next = self.bump()?;
        if next.token == token {
            Ok(())
        } else {
            Err(self.unexpected(&next))
        }
    }

    fn unexpected(&self, at: &Spanned) -> String {
        let src = self.lexer.src();
        match at.token {
            Token::End => format!("unexpected end of '{src}'"),
            _ => format!(
                "unexpected '{}' at offset {} of '{src}'",
                &src[at.start..at.end],
                at.start
            ),
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        self.level(0)
    }

    /// Counts one more operator.
    fn operator(&mut self) -> Result<(), String> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(format!(
                "an expression may have at most {MAX_OPERATORS} operators"
            ));
        }
        Ok(())
    }

    fn level(&mut self, depth: usize) -> Result<Expr, String> {
        if depth == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.level(depth + 1)?;
        while let Token::Word(word) = &self.peek()?.token {
            if depth == COMPARISON && word == "in" {
                self.operator()?;
                self.bump()?;
                self.expect(Token::LParen)?;
                let list = self.comma_list()?;
                left = Expr::In {
                    value: Box::new(left),
                    list,
                };
                continue;
            }
            let Some(op) = BinaryOp::from_keyword(word).filter(|op| LEVELS[depth].contains(op))
            else {
                break;
            };
            self.operator()?;
            self.bump()?;
            let right = self.level(depth + 1)?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_is(&Token::Word("not".into()))? {
            self.operator()?;
            self.bump()?;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let next = self.bump()?;
        Ok(match next.token {
            Token::LParen => {
                let inner = self.expr()?;
                self.expect(Token::RParen)?;
                inner
            }
            Token::Text(text) => Expr::Text(text),
            Token::Number(n) => Expr::Number(n),
            Token::Alias(name) => Expr::Alias(name),
            Token::Typed(kind, text) => match kind.as_str() {
                "datetime" => Expr::DateTime(
                    parse_js_date(&text).ok_or_else(|| format!("invalid datetime '{text}'"))?,
                ),
                "duration" => Expr::Duration(
                    parse_duration(&text).ok_or_else(|| format!("invalid duration '{text}'"))?,
                ),
                _ => return Err(format!("unsupported literal type {kind}'…'")),
            },
            Token::Word(word) => match word.as_str() {
                "null" => Expr::Null,
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                _ if self.peek_is(&Token::LParen)? => {
                    self.bump()?;
                    Expr::Call {
                        name: word,
                        args: self.comma_list()?,
                    }
                }
                _ => self.path(next.start, next.end)?,
            },
            _ => return Err(self.unexpected(&next)),
        })
    }

    /// Comma-separated expressions after a consumed `(`, through the `)`.
    fn comma_list(&mut self) -> Result<Vec<Expr>, String> {
        let mut items = Vec::new();
        if self.peek_is(&Token::RParen)? {
            self.bump()?;
            return Ok(items);
        }
        loop {
            items.push(self.expr()?);
            let next = self.bump()?;
            match next.token {
                Token::Comma => {}
                Token::RParen => return Ok(items),
                _ => return Err(self.unexpected(&next)),
            }
        }
    }

    /// A property name starting with the word at `start..end`; following
    /// non-keyword words join it (a name containing spaces, as pinejs
    /// percent-encodes and the wire decodes them).
    fn name(&mut self, start: usize, mut end: usize) -> Result<String, String> {
        while let Token::Word(word) = &self.peek()?.token {
            if is_keyword(word) {
                break;
            }
            end = self.bump()?.end;
        }
        Ok(self.lexer.src()[start..end].to_owned())
    }

    /// `a/b/…`, possibly ending in `$count`, `any(…)`, `all(…)` or a call.
    fn path(&mut self, start: usize, end: usize) -> Result<Expr, String> {
        let mut path = vec![self.name(start, end)?];
        while self.peek_is(&Token::Slash)? {
            self.bump()?;
            let next = self.bump()?;
            let Token::Word(word) = next.token else {
                return Err(self.unexpected(&next));
            };
            if word == "$count" {
                self.operator()?;
                let filter = if self.peek_is(&Token::LParen)? {
                    self.count_filter()?
                } else {
                    None
                };
                return Ok(Expr::Count { path, filter });
            }
            if self.peek_is(&Token::LParen)? {
                self.bump()?;
                let kind = match word.as_str() {
                    "any" => LambdaKind::Any,
                    "all" => LambdaKind::All,
                    _ => {
                        return Ok(Expr::Call {
                            name: format!("{}/{word}", path.join("/")),
                            args: self.comma_list()?,
                        })
                    }
                };
                self.operator()?;
                return self.lambda(path, kind);
            }
            path.push(self.name(next.start, next.end)?);
        }
        Ok(Expr::Path(path))
    }

    /// `var: body)` after `any(` / `all(`.
    fn lambda(&mut self, path: Vec<String>, kind: LambdaKind) -> Result<Expr, String> {
        let next = self.bump()?;
        let Token::Word(var) = next.token else {
            return Err(self.unexpected(&next));
        };
        self.expect(Token::Colon)?;
        let body = Box::new(self.expr()?);
        self.expect(Token::RParen)?;
        Ok(Expr::Lambda {
            path,
            kind,
            var,
            body,
        })
    }

    /// `($filter=…)` after `$count`: the source up to the matching `)` is
    /// parsed as options, of which only `$filter` is meaningful.
    fn count_filter(&mut self) -> Result<Option<Box<Expr>>, String> {
        let open = self.bump()?.start;
        let src = self.lexer.src();
        let close =
            closing_paren(src, open).ok_or_else(|| format!("unbalanced parentheses in '{src}'"))?;
        self.lexer.seek(close + 1);
        let mut filter = None;
        for part in split_top_level(&src[open + 1..close], ';') {
            match part.split_once('=') {
                Some(("$filter", value)) => {
                    filter = Some(Box::new(parse_counted(value, &mut self.operators)?))
                }
                _ => {
                    return Err(format!(
                        "only $filter is supported in $count(…), got '{part}'"
                    ))
                }
            }
        }
        Ok(filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Expr::*;

    fn path(segments: &[&str]) -> Expr {
        Path(segments.iter().map(|s| s.to_string()).collect())
    }

    fn bin(op: BinaryOp, left: Expr, right: Expr) -> Expr {
        Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        }
    }

    #[test]
    fn precedence_and_grouping() {
        use BinaryOp::*;
        assert_eq!(
            parse_expr("a eq 1 or b eq 2 and not(c eq 3)").unwrap(),
            bin(
                Or,
                bin(Eq, path(&["a"]), Number(1.0)),
                bin(
                    And,
                    bin(Eq, path(&["b"]), Number(2.0)),
                    Not(Box::new(bin(Eq, path(&["c"]), Number(3.0))))
                ),
            )
        );
        assert_eq!(
            parse_expr("(id add 2) mul 3 eq 4").unwrap(),
            bin(
                Eq,
                bin(Mul, bin(Add, path(&["id"]), Number(2.0)), Number(3.0)),
                Number(4.0)
            )
        );
        assert_eq!(
            parse_expr("x in (null,'a')").unwrap(),
            In {
                value: Box::new(path(&["x"])),
                list: vec![Null, Text("a".into())]
            }
        );
    }

    #[test]
    fn lambdas_and_counts_count_as_operators() {
        let nots = |n: usize| "not ".repeat(n);
        let too_many = Err(format!(
            "an expression may have at most {MAX_OPERATORS} operators"
        ));
        assert!(parse_expr(&format!("{}a/any(x:true)", nots(199))).is_ok());
        assert_eq!(parse_expr(&format!("{}a/all(x:true)", nots(200))), too_many);
        assert!(parse_expr(&format!("{}a/$count eq 1", nots(198))).is_ok());
        assert_eq!(parse_expr(&format!("{}a/$count eq 1", nots(199))), too_many);
        let in_count = |n: usize| format!("a/$count($filter={}true) eq 1", nots(n));
        assert!(parse_expr(&in_count(198)).is_ok());
        assert_eq!(parse_expr(&in_count(199)), too_many);
    }

    #[test]
    fn paths_lambdas_counts_and_calls() {
        assert_eq!(
            parse_expr("is_of__actor/any(a:a/id eq 5)").unwrap(),
            Lambda {
                path: vec!["is_of__actor".into()],
                kind: LambdaKind::Any,
                var: "a".into(),
                body: Box::new(bin(BinaryOp::Eq, path(&["a", "id"]), Number(5.0))),
            }
        );
        assert_eq!(
            parse_expr("api_key/$count($filter=name ne null) gt 1").unwrap(),
            bin(
                BinaryOp::Gt,
                Count {
                    path: vec!["api_key".into()],
                    filter: Some(Box::new(bin(BinaryOp::Ne, path(&["name"]), Null))),
                },
                Number(1.0)
            )
        );
        assert_eq!(
            parse_expr("now()").unwrap(),
            Call {
                name: "now".into(),
                args: vec![]
            }
        );
        assert_eq!(
            parse_expr("we ird/x eq 1").unwrap(),
            bin(BinaryOp::Eq, path(&["we ird", "x"]), Number(1.0))
        );
    }

    #[test]
    fn errors_name_the_problem() {
        for (text, needle) in [
            ("name eq", "unexpected end"),
            ("name eq 'x", "unterminated"),
            ("(a eq 1", "unexpected end"),
            ("a eq 1)", "unexpected ')'"),
            ("a eq binary'00'", "unsupported literal type"),
            ("a eq datetime'soon'", "invalid datetime"),
        ] {
            let err = parse_expr(text).unwrap_err();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn requests() {
        let r = parse_request("device(uuid='abc')", Some("$select=actor")).unwrap();
        assert_eq!(r.resource, "device");
        assert_eq!(
            r.key,
            Some(Key::Named(vec![("uuid".into(), Text("abc".into()))]))
        );
        assert_eq!(r.options.select, Some(vec!["actor".into()]));
        let r = parse_request("api_key('a''b%20c')", None).unwrap();
        assert_eq!(r.key, Some(Key::Single(Text("a'b c".into()))));
        let r = parse_request(
            "api_key/$count",
            Some("$filter=name%20ne%20null&@a=1&foo=bar"),
        )
        .unwrap();
        assert!(r.count);
        assert_eq!(r.aliases, [("a".to_string(), Number(1.0))]);
        assert_eq!(r.custom, [("foo".to_string(), "bar".to_string())]);
        for (path, query, needle) in [
            ("api_key(abc)", None, "not a literal"),
            ("api_key(1)/x", None, "unsupported path"),
            ("api_key", Some("$top=1&$top=2"), "given twice"),
            ("api_key", Some("$search=x"), "'$search' is not supported"),
            ("api_key", Some("$top=x"), "$top must be a number"),
            ("api_key", Some("$expand=a(b)"), "not $option=value"),
            (
                "api_key",
                Some("$expand=a(foo=1)"),
                "'foo' is not supported inside $expand",
            ),
            ("", None, "no resource"),
            (
                "api_key",
                Some(&*format!("$filter={}1{}", "(".repeat(65), ")".repeat(65))),
                "nested deeper than 64",
            ),
            (
                "api_key",
                Some(&*format!("$expand={}", "a($expand=".repeat(70))),
                "nested deeper than 64",
            ),
            (
                "api_key",
                Some(&*format!("$filter={}true", "not ".repeat(201))),
                "at most 200 operators",
            ),
            (
                "api_key",
                Some(&*format!("$filter=id eq 1{}", " or id eq 1".repeat(200))),
                "at most 200 operators",
            ),
            (
                "api_key",
                Some(&*format!(
                    "$filter=a/$count($filter={}true) eq 1 and {}true",
                    "not ".repeat(150),
                    "not ".repeat(60)
                )),
                "at most 200 operators",
            ),
            (
                "api_key",
                Some(&*format!(
                    "$expand=x,{},a($filter={}1{})",
                    ")".repeat(70),
                    "(".repeat(70),
                    ")".repeat(70)
                )),
                "nested deeper than 64",
            ),
        ] {
            let err = parse_request(path, query).unwrap_err();
            assert!(err.contains(needle), "{path}?{query:?}: {err}");
        }
    }
}
