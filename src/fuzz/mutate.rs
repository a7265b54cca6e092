//! Seeded mutations of program text, for fuzzing the front end: whatever the
//! input, `vera check` must finish, not panic, and give every error a code and
//! a place. Mutations work on bytes (a flip may well make the text invalid
//! UTF-8, which the loader must report too), on rough tokens and on lines.

use super::rng::Rng;

/// One kind of edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    FlipByte,
    InsertByte,
    DeleteByte,
    DeleteToken,
    DuplicateToken,
    SwapTokens,
    /// Insert a token of the language (a keyword, a bracket, a slot reference).
    InsertToken,
    /// Replace a token by one of the language's, or by another token of the text.
    ReplaceToken,
    DeleteLine,
    DuplicateLine,
    SwapLines,
}

pub const MUTATIONS: &[Mutation] = &[
    Mutation::FlipByte,
    Mutation::InsertByte,
    Mutation::DeleteByte,
    Mutation::DeleteToken,
    Mutation::DuplicateToken,
    Mutation::SwapTokens,
    Mutation::InsertToken,
    Mutation::ReplaceToken,
    Mutation::DeleteLine,
    Mutation::DuplicateLine,
    Mutation::SwapLines,
];

/// Tokens worth inserting: they open and close constructs, bind and refer.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    ",",
    ";",
    ":",
    ".",
    "@",
    "->",
    "=",
    "==>",
    "|>",
    "::",
    "|",
    "_",
    "-",
    "!",
    "fn",
    "let",
    "match",
    "if",
    "then",
    "else",
    "handle",
    "in",
    "with",
    "resume",
    "effects",
    "pure",
    "requires",
    "ensures",
    "decreases",
    "forall",
    "exists",
    "where",
    "data",
    "type",
    "effect",
    "op",
    "module",
    "import",
    "public",
    "private",
    "old",
    "new",
    "assert",
    "@Int.0",
    "@Int.99",
    "@Nat.result",
    "@T.0",
    "Int",
    "Array<Int>",
    "Tuple",
    "Some",
    "None",
    "0",
    "9223372036854775808",
    "-1",
    "1.5",
    "\"",
    "\"s\"",
    "\"\\u{110000}\"",
    "{-",
    "-}",
    "/*",
    "*/",
    "--",
    "throw",
    "get",
    "put",
    "IO.print",
    "apply_fn",
    "\u{e9}",
    "\t",
    "\n",
];

/// Apply 1 to 3 random mutations, chosen by `seed`, to `text`.
pub fn mutate(text: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = text.to_vec();
    for _ in 0..rng.range(1, 3) {
        let m = *rng.pick(MUTATIONS);
        out = apply(&out, m, &mut rng);
    }
    out
}

/// Apply one mutation at a random place.
pub fn apply(text: &[u8], m: Mutation, rng: &mut Rng) -> Vec<u8> {
    let mut out = text.to_vec();
    match m {
        Mutation::FlipByte if !out.is_empty() => {
            let i = rng.below(out.len() as u64) as usize;
            out[i] ^= 1 << rng.below(8);
        }
        Mutation::InsertByte => {
            let i = rng.below(out.len() as u64 + 1) as usize;
            let b = if rng.chance(1, 2) {
                *rng.pick(b"{}()[]<>@.,;:=-+*/%!|&\"\\_0123456789aZ \n")
            } else {
                rng.below(256) as u8
            };
            out.insert(i, b);
        }
        Mutation::DeleteByte if !out.is_empty() => {
            let i = rng.below(out.len() as u64) as usize;
            out.remove(i);
        }
        Mutation::DeleteToken
        | Mutation::DuplicateToken
        | Mutation::SwapTokens
        | Mutation::InsertToken
        | Mutation::ReplaceToken => {
            let toks = tokens(&out);
            if toks.is_empty() {
                return out;
            }
            let (a, b) = toks[rng.below(toks.len() as u64) as usize];
            match m {
                Mutation::DeleteToken => {
                    out.drain(a..b);
                }
                Mutation::DuplicateToken => {
                    let t: Vec<u8> = out[a..b].to_vec();
                    out.splice(b..b, t);
                }
                Mutation::InsertToken => {
                    let t = rng.pick(DICTIONARY).as_bytes().to_vec();
                    let at = if rng.chance(1, 2) { a } else { b };
                    out.splice(at..at, t);
                }
                Mutation::ReplaceToken => {
                    let t = if rng.chance(1, 2) {
                        rng.pick(DICTIONARY).as_bytes().to_vec()
                    } else {
                        let (c, d) = toks[rng.below(toks.len() as u64) as usize];
                        out[c..d].to_vec()
                    };
                    out.splice(a..b, t);
                }
                _ => {
                    let (c, d) = toks[rng.below(toks.len() as u64) as usize];
                    let ((a, b), (c, d)) = if a <= c {
                        ((a, b), (c, d))
                    } else {
                        ((c, d), (a, b))
                    };
                    if b <= c {
                        let mut v = out[..a].to_vec();
                        v.extend_from_slice(&out[c..d]);
                        v.extend_from_slice(&out[b..c]);
                        v.extend_from_slice(&out[a..b]);
                        v.extend_from_slice(&out[d..]);
                        out = v;
                    }
                }
            }
        }
        Mutation::DeleteLine | Mutation::DuplicateLine | Mutation::SwapLines => {
            let mut lines: Vec<Vec<u8>> = out.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            let i = rng.below(lines.len() as u64) as usize;
            match m {
                Mutation::DeleteLine => {
                    lines.remove(i);
                }
                Mutation::DuplicateLine => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                _ => {
                    let j = rng.below(lines.len() as u64) as usize;
                    lines.swap(i, j);
                }
            }
            out = lines.join(&b'\n');
        }
        _ => {}
    }
    out
}

/// Rough tokens as byte ranges: words (letters, digits, `_`, and a leading `@`),
/// string literals, and single other non-space bytes.
pub fn tokens(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < text.len() {
        let c = text[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'"' {
            i += 1;
            while i < text.len() && text[i] != b'"' && text[i] != b'\n' {
                if text[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(text.len());
        } else if word(c) || c == b'@' {
            i += 1;
            while i < text.len() && word(text[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push((start, i));
    }
    out
}
