//! Syntax: the lexer, the parser and the tree they build.

pub mod ast;
pub mod lexer;
pub mod parser;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;

/// Parse one file. Lexical errors are reported alone: parse errors after them
/// would mostly be echoes.
pub fn parse(file: FileId, text: &str) -> Result<ast::Module, Vec<Diagnostic>> {
    let (tokens, lex_diags) = lexer::lex(file, text);
    if !lex_diags.is_empty() {
        return Err(lex_diags);
    }
    parse_tokens(tokens)
}

/// Parse the tokens of one file, lexed without errors.
pub fn parse_tokens(tokens: Vec<lexer::Token>) -> Result<ast::Module, Vec<Diagnostic>> {
    let mut parser = parser::Parser::new(tokens);
    match parser.module() {
        Ok(m) if parser.diags.is_empty() => Ok(m),
        _ => Err(parser.diags),
    }
}
