//! `vera fmt`: the canonical text of a program (spec chapter 10, after upstream's
//! formatter and spec 1.8).
//!
//! The formatter parses a file (it never type-checks), builds a [`doc::Doc`] from
//! the syntax tree and the comments the lexer kept aside ([`comments`]), and
//! renders it. Canonical Vera has no line width: declarations, clauses, statements
//! and the arms of a block's final `match` each get a line, and every expression
//! inside a line is written flat, unless a comment inside it needs a line break.
//!
//! Invariants, checked on every run (a failure is an internal error, `E698`, and no
//! text is produced): the output parses to the same syntax tree as the input (up to
//! redundant braces around a lone expression, which the canonical form drops), and
//! every comment of the input is in the output. Formatting is idempotent.

pub mod comments;
pub mod doc;
mod printer;
mod tree;

pub use tree::same_tree;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::{self, lexer};

/// The canonical text of a source file (file id 0 in diagnostics).
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format(0, text)
}

/// The canonical text of a source file, or its lexical and syntax errors.
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let lexed = lexer::lex_with_comments(file, text);
    if !lexed.diags.is_empty() {
        return Err(lexed.diags);
    }
    let mut comments = comments::Comments::new(text, &lexed.comments, &lexed.tokens);
    let mut module = syntax::parse_tokens(lexed.tokens)?;
    let doc = printer::Printer::new(&mut comments, text).module(&module);
    let out = doc::render(&doc);

    // The checks of every run: all comments written, and the output parses to
    // the same tree with as many comments.
    let internal = |what: &str| {
        vec![Diagnostic::error(
            "E698",
            Span::new(file, 0, 0),
            format!(
                "Internal formatter error: {}. The file is left as it is.",
                what
            ),
        )
        .fix("Please report this with the file; `vera check` still works on it.")
        .spec("Chapter 1, Section 1.8")]
    };
    if !comments.all_written() {
        return Err(internal("a comment was not written"));
    }
    let relexed = lexer::lex_with_comments(file, &out);
    if !relexed.diags.is_empty() {
        return Err(internal("the formatted text does not lex"));
    }
    if relexed.comments.len() != lexed.comments.len() {
        return Err(internal(
            "the formatted text has a different number of comments",
        ));
    }
    let Ok(mut again) = syntax::parse_tokens(relexed.tokens) else {
        return Err(internal("the formatted text does not parse"));
    };
    tree::normalize(&mut module);
    tree::normalize(&mut again);
    if !tree::equal(&module, &again) {
        return Err(internal(
            "the formatted text parses to a different syntax tree",
        ));
    }
    Ok(out)
}
