//! The lexer: source text to tokens. It never fails: a bad character or an
//! unterminated literal becomes a diagnostic and lexing goes on.

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Int(u64),
    Float(f64),
    Str(String),
    Upper(String),
    Lower(String),
    /// A reserved word (`fn`, `let`, `requires`, …).
    Kw(&'static str),
    /// An operator or punctuation mark (`->`, `(`, `@`, …).
    Punct(&'static str),
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The three comment forms of spec 1.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `-- ...` to the end of the line (the span excludes the newline).
    Line,
    /// `{- ... -}`, which nests.
    Block,
    /// `/* ... */`.
    Annotation,
}

/// A comment and the text it covers. The parser never sees comments; the
/// formatter reads them from [`Lexed::comments`].
#[derive(Clone, Copy, Debug)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
}

/// Everything the lexer produces: the tokens the parser reads, the comments in
/// source order beside them, and the lexical errors.
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub comments: Vec<Comment>,
    pub diags: Vec<Diagnostic>,
}

pub const KEYWORDS: &[&str] = &[
    "fn",
    "let",
    "if",
    "then",
    "else",
    "match",
    "data",
    "type",
    "module",
    "import",
    "public",
    "private",
    "requires",
    "ensures",
    "invariant",
    "decreases",
    "assert",
    "assume",
    "effect",
    "handle",
    "resume",
    "with",
    "in",
    "forall",
    "where",
    "true",
    "false",
    "pure",
    "op",
    "old",
    "new",
    "effects",
    "exists",
    "result",
];

/// Longest first, so that `==>` wins over `==` and `==` over `=`.
const PUNCTS: &[&str] = &[
    "==>", "==", "!=", "<=", ">=", "->", "|>", "&&", "||", "::", "+", "-", "*", "/", "%", "<", ">",
    "!", "=", "@", ".", "(", ")", "{", "}", "[", "]", ",", ";", ":", "|", "_",
];

const SPEC_LEXICAL: &str = "Chapter 1, Section 1.6";

pub fn lex(file: FileId, text: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let lexed = lex_with_comments(file, text);
    (lexed.tokens, lexed.diags)
}

/// Lex a file, keeping its comments in a side list.
pub fn lex_with_comments(file: FileId, text: &str) -> Lexed {
    let mut lexer = Lexer {
        file,
        text,
        pos: 0,
        tokens: Vec::new(),
        comments: Vec::new(),
        diags: Vec::new(),
    };
    lexer.run();
    Lexed {
        tokens: lexer.tokens,
        comments: lexer.comments,
        diags: lexer.diags,
    }
}

struct Lexer<'a> {
    file: FileId,
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    comments: Vec<Comment>,
    diags: Vec<Diagnostic>,
}

impl Lexer<'_> {
    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let span = self.span(start);
        self.tokens.push(Token { tok, span });
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            let start = self.pos;
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if self.rest().starts_with("--") {
                self.line_comment();
            } else if self.rest().starts_with("{-") {
                self.block_comment();
            } else if self.rest().starts_with("/*") {
                self.annotation_comment();
            } else if c.is_ascii_digit() {
                self.number();
            } else if c.is_ascii_alphabetic() {
                self.word();
            } else if c == '"' {
                self.string();
            } else if let Some(p) = PUNCTS.iter().find(|p| self.rest().starts_with(**p)) {
                self.pos += p.len();
                self.push(Tok::Punct(p), start);
            } else {
                self.pos += c.len_utf8();
                self.unknown_char(c, start);
            }
        }
        let end = self.text.len();
        self.tokens.push(Token {
            tok: Tok::Eof,
            span: Span::new(self.file, end, end),
        });
    }

    fn comment(&mut self, kind: CommentKind, start: usize) {
        let span = self.span(start);
        self.comments.push(Comment { kind, span });
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        self.pos = self
            .rest()
            .find('\n')
            .map_or(self.text.len(), |i| self.pos + i);
        self.comment(CommentKind::Line, start);
    }

    /// `{- ... -}`, which nests.
    fn block_comment(&mut self) {
        let start = self.pos;
        let mut depth = 0usize;
        while self.pos < self.text.len() {
            if self.rest().starts_with("{-") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("-}") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return self.comment(CommentKind::Block, start);
                }
            } else {
                self.pos += self.peek().map_or(1, char::len_utf8);
            }
        }
        self.diags.push(
            Diagnostic::error(
                "E012",
                Span::new(self.file, start, start + 2),
                "This block comment is never closed: every `{-` needs a matching `-}`, and \
                 block comments nest, so an inner `{-` needs its own `-}` too.",
            )
            .fix("{- a comment -}")
            .spec("Chapter 1, Section 1.3"),
        );
    }

    fn annotation_comment(&mut self) {
        let start = self.pos;
        match self.text[self.pos + 2..].find("*/") {
            Some(i) => {
                self.pos += 2 + i + 2;
                self.comment(CommentKind::Annotation, start);
            }
            None => {
                self.pos = self.text.len();
                self.diags.push(
                    Diagnostic::error(
                        "E012",
                        Span::new(self.file, start, start + 2),
                        "This annotation comment is never closed: `/*` needs a matching `*/`.",
                    )
                    .fix("fn(@Int /* width */ -> @Int)")
                    .spec("Chapter 1, Section 1.3"),
                );
            }
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        self.eat_digits();
        let bytes = self.text.as_bytes();
        let is_float = bytes.get(self.pos) == Some(&b'.')
            && bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
        if is_float {
            self.pos += 1;
            self.eat_digits();
            let value = self.text[start..self.pos]
                .parse::<f64>()
                .unwrap_or(f64::NAN);
            self.push(Tok::Float(value), start);
            return;
        }
        let digits = &self.text[start..self.pos];
        if digits.len() > 1 && digits.starts_with('0') {
            let trimmed = digits.trim_start_matches('0');
            let canonical = if trimmed.is_empty() { "0" } else { trimmed };
            self.diags.push(
                Diagnostic::error(
                    "E019",
                    self.span(start),
                    format!(
                        "The integer literal {} has a leading zero. Integer literals are written without leading zeros, so that every value has exactly one form.",
                        digits
                    ),
                )
                .fix(canonical.to_string())
                .spec(SPEC_LEXICAL),
            );
        }
        match digits.parse::<u64>() {
            Ok(v) => self.push(Tok::Int(v), start),
            Err(_) => {
                self.diags.push(
                    Diagnostic::error(
                        "E017",
                        self.span(start),
                        format!(
                            "The integer literal {} does not fit in 64 bits. Int is a signed \
                             64-bit integer: the largest value is 9223372036854775807.",
                            digits
                        ),
                    )
                    .fix("Use a smaller literal, or a Float64 such as 1.0e19 written as 10000000000000000000.0")
                    .spec("Chapter 2, Section 2.2"),
                );
                self.push(Tok::Int(0), start);
            }
        }
    }

    fn eat_digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn word(&mut self) {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        let word = &self.text[start..self.pos];
        let tok = if let Some(kw) = KEYWORDS.iter().find(|k| **k == word) {
            Tok::Kw(kw)
        } else if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            Tok::Upper(word.to_string())
        } else {
            Tok::Lower(word.to_string())
        };
        self.push(tok, start);
    }

    fn string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.peek() else {
                return self.unterminated_string(start);
            };
            match c {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\n' => return self.unterminated_string(start),
                '\\' => self.escape(&mut value),
                _ => {
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        self.push(Tok::Str(value), start);
    }

    fn escape(&mut self, value: &mut String) {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else { return };
        self.pos += c.len_utf8();
        let simple = match c {
            '\\' => Some('\\'),
            '"' => Some('"'),
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '0' => Some('\0'),
            _ => None,
        };
        if let Some(ch) = simple {
            value.push(ch);
            return;
        }
        if c == 'u' && self.peek() == Some('{') {
            if let Some(close) = self.rest().find('}') {
                let hex = &self.rest()[1..close];
                let code = u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| (1..=6).contains(&hex.len()));
                if let Some(ch) = code.and_then(char::from_u32) {
                    self.pos += close + 1;
                    value.push(ch);
                    return;
                }
            }
        }
        self.diags.push(
            Diagnostic::error(
                "E009",
                self.span(start),
                format!(
                    "`\\{}` is not a valid escape sequence in a string literal. The valid \
                     escapes are \\\\ \\\" \\n \\t \\r \\0 and \\u{{XXXX}} (1 to 6 hex digits).",
                    c
                ),
            )
            .fix("\"a backslash: \\\\, a quote: \\\", a newline: \\n, a code point: \\u{41}\"")
            .spec(SPEC_LEXICAL),
        );
    }

    fn unterminated_string(&mut self, start: usize) {
        self.diags.push(
            Diagnostic::error(
                "E011",
                Span::new(self.file, start, start + 1),
                "This string literal is never closed: it needs a closing `\"` on the same \
                 line. Vera has no multi-line string literals; write a newline as `\\n`.",
            )
            .fix("\"hello, world\"")
            .spec(SPEC_LEXICAL),
        );
        self.push(Tok::Str(String::new()), start);
    }

    fn unknown_char(&mut self, c: char, start: usize) {
        let hint = match c {
            '\'' => " Strings use double quotes: \"text\".",
            '#' => " Comments start with `--`.",
            '$' | '?' | '~' | '^' | '&' | '`' | '\\' => "",
            _ => "",
        };
        self.diags.push(
            Diagnostic::error(
                "E006",
                self.span(start),
                format!(
                    "Unexpected character {:?} (U+{:04X}): it is not part of any Vera token.{}",
                    c, c as u32, hint
                ),
            )
            .fix("Remove the character, or put it inside a string literal: \"...\"")
            .spec("Chapter 1, Section 1.5"),
        );
    }
}
