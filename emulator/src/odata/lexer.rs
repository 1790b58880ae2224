//! Tokens of decoded OData expressions, and quote-aware splitting of option
//! text at top-level separators.

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `,`.
    Comma,
    /// `/`.
    Slash,
    /// `:`.
    Colon,
    /// `=`.
    Equals,
    /// `'…'` with `''` unescaped.
    Text(String),
    /// `prefix'…'`, e.g. `datetime'2024-01-01T00:00:00.000Z'`.
    Typed(String, String),
    /// A number literal.
    Number(f64),
    /// `@name`.
    Alias(String),
    /// A name or keyword.
    Word(String),
    /// The end of the text.
    End,
}

/// A token and where it is in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    /// The token.
    pub token: Token,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// A pull lexer over decoded text.
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

/// Characters that end a word.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || "()',/:=".contains(c)
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    /// The whole source.
    pub fn src(&self) -> &'a str {
        self.src
    }

    /// Continues lexing at byte offset `pos`.
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// The next token.
    pub fn next_token(&mut self) -> Result<Spanned, String> {
        let rest = &self.src[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        let start = self.pos + skipped;
        let rest = &self.src[start..];
        let Some(c) = rest.chars().next() else {
            return Ok(Spanned {
                token: Token::End,
                start,
                end: start,
            });
        };
        let (token, len) = match c {
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ',' => (Token::Comma, 1),
            '/' => (Token::Slash, 1),
            ':' => (Token::Colon, 1),
            '=' => (Token::Equals, 1),
            '\'' => {
                let (text, len) = string_literal(rest)?;
                (Token::Text(text), len)
            }
            _ if c.is_ascii_digit()
                || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) =>
            {
                number(rest)?
            }
            _ => {
                let len = rest.find(is_delimiter).unwrap_or(rest.len());
                let word = &rest[..len];
                if let Some(name) = word.strip_prefix('@') {
                    (Token::Alias(name.to_owned()), len)
                } else if rest[len..].starts_with('\'') {
                    let (text, text_len) = string_literal(&rest[len..])?;
                    (Token::Typed(word.to_owned(), text), len + text_len)
                } else {
                    (Token::Word(word.to_owned()), len)
                }
            }
        };
        self.pos = start + len;
        Ok(Spanned {
            token,
            start,
            end: self.pos,
        })
    }
}

/// `'…'` at the start of `text`: its value and length in bytes.
fn string_literal(text: &str) -> Result<(String, usize), String> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|&(_, next)| next == '\'') {
                chars.next();
            } else {
                return Ok((value, at + 1));
            }
        }
        value.push(c);
    }
    Err(format!("unterminated string literal {text}"))
}

/// A number at the start of `text`: `-?d+(.d+)?([eE][+-]?d+)?`.
fn number(text: &str) -> Result<(Token, usize), String> {
    let bytes = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(usize::from(bytes[0] == b'-'));
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        if bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
            end = digits_from(end + 1 + sign);
        }
    }
    if text[end..].starts_with(|c: char| !is_delimiter(c)) {
        let word = &text[..text.find(is_delimiter).unwrap_or(text.len())];
        return Err(format!("malformed number '{word}'"));
    }
    let value = text[..end]
        .parse()
        .map_err(|_| format!("malformed number '{}'", &text[..end]))?;
    Ok((Token::Number(value), end))
}

/// Each character outside string literals, with its byte offset and the
/// parenthesis depth after it.
fn outside_strings(text: &str) -> impl Iterator<Item = (usize, char, i32)> + '_ {
    let (mut depth, mut in_string) = (0i32, false);
    text.char_indices().filter_map(move |(at, c)| {
        match c {
            '\'' => in_string = !in_string,
            _ if in_string => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (c != '\'' && !in_string).then_some((at, c, depth))
    })
}

/// Byte offset of the `)` closing the `(` at `open`, skipping string literals.
pub fn closing_paren(text: &str, open: usize) -> Option<usize> {
    outside_strings(&text[open..])
        .find(|&(_, c, depth)| c == ')' && depth <= 0)
        .map(|(at, ..)| open + at)
}

/// Splits `text` at every `sep` outside parentheses and string literals.
pub fn split_top_level(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, _, _) in outside_strings(text).filter(|&(_, c, depth)| c == sep && depth == 0) {
        parts.push(&text[from..at]);
        from = at + sep.len_utf8();
    }
    parts.push(&text[from..]);
    parts
}

/// The deepest parenthesis nesting outside string literals, counted from
/// the lowest level before it: an unmatched `)` makes no room for more `(`
/// (in `)))a((((…` a part after the `)`s is parsed on its own).
pub fn max_nesting(text: &str) -> i32 {
    let mut lowest = 0;
    outside_strings(text)
        .map(|(_, _, depth)| {
            lowest = lowest.min(depth);
            depth - lowest
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token().unwrap().token;
            if t == Token::End {
                return out;
            }
            out.push(t);
        }
    }

    #[test]
    fn lexes_literals_and_words() {
        use Token::*;
        assert_eq!(
            tokens("name eq 'o''k' and id gt -1.5e+3 or x eq datetime'2024-01-01' and @a"),
            [
                Word("name".into()),
                Word("eq".into()),
                Text("o'k".into()),
                Word("and".into()),
                Word("id".into()),
                Word("gt".into()),
                Number(-1500.0),
                Word("or".into()),
                Word("x".into()),
                Word("eq".into()),
                Typed("datetime".into(), "2024-01-01".into()),
                Word("and".into()),
                Alias("a".into()),
            ]
        );
        assert_eq!(
            tokens("a/any(x:x/id)")[..4],
            [Word("a".into()), Slash, Word("any".into()), LParen]
        );
        assert!(Lexer::new("'abc").next_token().is_err());
        assert!(Lexer::new("12ab").next_token().is_err());
    }

    #[test]
    fn splits_outside_parens_and_strings() {
        assert_eq!(
            split_top_level("a($select=x,y),b,'c,d'", ','),
            ["a($select=x,y)", "b", "'c,d'"]
        );
        assert_eq!(closing_paren("f(a,')',(b))x", 1), Some(11));
        assert_eq!(closing_paren("f(a", 1), None);
        assert_eq!(max_nesting("a(b('((('),(c))"), 2);
        assert_eq!(max_nesting("))a((("), 3);
    }
}
