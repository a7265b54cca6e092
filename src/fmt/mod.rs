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

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::{self, ast, lexer};

/// The canonical text of a source file (file id 0 in diagnostics).
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format(0, text)
}

/// The canonical text of a source file, or its lexical and syntax errors.
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (module, out, all_written) = print(file, text)?;
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
    if !all_written {
        return Err(internal("a comment was not written"));
    }
    match print(file, &out) {
        Ok((again, _, _)) if same_tree(&module, &again) => Ok(out),
        Ok(_) => Err(internal(
            "the formatted text parses to a different syntax tree",
        )),
        Err(_) => Err(internal("the formatted text does not parse")),
    }
}

/// Parse `text` and print it: the tree, the canonical text, and whether every
/// comment was written.
fn print(file: FileId, text: &str) -> Result<(ast::Module, String, bool), Vec<Diagnostic>> {
    let lexed = lexer::lex_with_comments(file, text);
    if !lexed.diags.is_empty() {
        return Err(lexed.diags);
    }
    let mut comments = comments::Comments::new(text, &lexed.comments, &lexed.tokens);
    let module = syntax::parse_tokens(lexed.tokens)?;
    let doc = printer::Printer::new(&mut comments, text).module(&module);
    Ok((module, doc::render(&doc), comments.all_written()))
}

/// Whether two trees are the same program text up to spans, parentheses and
/// braces around a lone expression (`{ e }` is `e`).
pub fn same_tree(a: &ast::Module, b: &ast::Module) -> bool {
    normalized(a) == normalized(b)
}

/// The tree as JSON (which has no spans), with every block that has no
/// statements replaced by its final expression.
pub fn normalized(m: &ast::Module) -> serde_json::Value {
    let mut v = serde_json::to_value(m).unwrap_or_default();
    unwrap_blocks(&mut v);
    v
}

fn unwrap_blocks(v: &mut serde_json::Value) {
    use serde_json::Value;
    loop {
        let tail = match v.pointer_mut("/kind/Block") {
            Some(Value::Object(block))
                if block
                    .get("stmts")
                    .is_some_and(|s| s.as_array().is_some_and(Vec::is_empty)) =>
            {
                block.remove("tail")
            }
            _ => None,
        };
        match tail {
            Some(t) => *v = t,
            None => break,
        }
    }
    match v {
        Value::Array(items) => items.iter_mut().for_each(unwrap_blocks),
        Value::Object(map) => map.values_mut().for_each(unwrap_blocks),
        _ => {}
    }
}
