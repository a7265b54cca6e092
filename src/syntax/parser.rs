//! A hand-written recursive-descent parser for the grammar of spec chapter 10.
//!
//! The parser stops at the first syntax error of a file: later errors are usually
//! echoes of the first, and one precise diagnostic is what a model can act on.
//! Nesting is bounded by [`MAX_DEPTH`] so that no input can overflow the stack.

use super::ast::*;
use super::lexer::{Tok, Token};
use crate::diagnostics::Diagnostic;
use crate::source::Span;

mod exprs;

/// The deepest nesting of expressions and types the parser accepts.
pub const MAX_DEPTH: usize = 100_000;

const SPEC_GRAMMAR: &str = "Chapter 10, Section 10.3";
const SPEC_FUNCTIONS: &str = "Chapter 5, Section 5.2";

/// The parser returns `Err(Reported)` once it has recorded a diagnostic.
#[derive(Debug)]
pub struct Reported;

type P<T> = Result<T, Reported>;

pub struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    pub diags: Vec<Diagnostic>,
}

impl Parser {
    pub fn new(tokens: Vec<Token>) -> Parser {
        Parser {
            tokens,
            pos: 0,
            depth: 0,
            diags: Vec::new(),
        }
    }

    // ----- token helpers -------------------------------------------------------------

    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Kw(q) if *q == k)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let yes = self.is_punct(p);
        if yes {
            self.bump();
        }
        yes
    }

    fn eat_kw(&mut self, k: &str) -> bool {
        let yes = self.is_kw(k);
        if yes {
            self.bump();
        }
        yes
    }

    fn expect_punct(&mut self, p: &str, context: &str) -> P<Span> {
        if self.is_punct(p) {
            return Ok(self.bump().span);
        }
        if p == "}" {
            return self.fail_with(
                "E004",
                format!("Expected a closing `}}` {}, found {}.", context, describe(self.peek())),
                "Every `{` needs a matching `}`. Close the block before going on:\n\n  { @Int.0 + 1 }",
                "Chapter 1, Section 1.8",
            );
        }
        self.unexpected(&format!("`{}` {}", p, context))
    }

    fn expect_kw(&mut self, k: &str, context: &str) -> P<Span> {
        if self.is_kw(k) {
            return Ok(self.bump().span);
        }
        self.unexpected(&format!("`{}` {}", k, context))
    }

    fn expect_lower(&mut self, what: &str) -> P<Ident> {
        if let Tok::Lower(name) = self.peek().clone() {
            let span = self.bump().span;
            return Ok(Ident { name, span });
        }
        self.unexpected(what)
    }

    fn expect_upper(&mut self, what: &str) -> P<Ident> {
        if let Tok::Upper(name) = self.peek().clone() {
            let span = self.bump().span;
            return Ok(Ident { name, span });
        }
        self.unexpected(what)
    }

    /// A closing `>` of type arguments; splits `>=` and `>>`-like glued tokens.
    fn expect_close_angle(&mut self) -> P<()> {
        if self.eat_punct(">") {
            return Ok(());
        }
        if self.is_punct(">=") {
            let tok = &mut self.tokens[self.pos];
            tok.tok = Tok::Punct("=");
            tok.span.start += 1;
            return Ok(());
        }
        self.unexpected("`>` to close the type arguments")
    }

    fn fail<T>(&mut self, code: &'static str, message: String, fix: &str) -> P<T> {
        self.fail_with(code, message, fix, SPEC_GRAMMAR)
    }

    fn fail_with<T>(
        &mut self,
        code: &'static str,
        message: String,
        fix: &str,
        spec: &'static str,
    ) -> P<T> {
        let span = self.span();
        self.fail_at(span, code, message, fix, spec)
    }

    fn fail_at<T>(
        &mut self,
        span: Span,
        code: &'static str,
        message: String,
        fix: &str,
        spec: &'static str,
    ) -> P<T> {
        if self.diags.is_empty() {
            self.diags
                .push(Diagnostic::error(code, span, message).fix(fix).spec(spec));
        }
        Err(Reported)
    }

    fn unexpected<T>(&mut self, expected: &str) -> P<T> {
        let found = describe(self.peek());
        let fix = "Compare the line with the grammar; for example a function is written\n\n  \
                   private fn add(@Int, @Int -> @Int)\n    requires(true)\n    ensures(true)\n    \
                   effects(pure)\n  {\n    @Int.0 + @Int.1\n  }";
        self.fail(
            "E005",
            format!("Unexpected {} here: expected {}.", found, expected),
            fix,
        )
    }

    fn enter(&mut self) -> P<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail_with(
                "E014",
                format!(
                    "This expression is nested more than {} levels deep. The compiler bounds \
                     nesting so that no program can exhaust its stack.",
                    MAX_DEPTH
                ),
                "Split the expression: bind parts with `let` in a block, or move them into helper functions.",
                "Chapter 4, Section 4.10",
            );
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn comma_list<T>(&mut self, close: &str, mut item: impl FnMut(&mut Self) -> P<T>) -> P<Vec<T>> {
        let mut items = Vec::new();
        if self.is_punct(close) {
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            if !self.eat_punct(",") || self.is_punct(close) {
                return Ok(items);
            }
        }
    }

    // ----- program structure ---------------------------------------------------------

    pub fn module(&mut self) -> P<Module> {
        let name = if self.eat_kw("module") {
            let path = self.module_path()?;
            self.expect_punct(";", "after the module declaration")?;
            Some(path)
        } else {
            None
        };
        let mut imports = Vec::new();
        while self.is_kw("import") {
            imports.push(self.import()?);
        }
        let mut decls = Vec::new();
        while *self.peek() != Tok::Eof {
            decls.push(self.decl()?);
        }
        Ok(Module {
            name,
            imports,
            decls,
        })
    }

    fn module_path(&mut self) -> P<ModulePath> {
        let first = self.expect_lower("a module name (lowercase, like `vera.math`)")?;
        let mut parts = vec![first.name];
        let mut span = first.span;
        while self.is_punct(".") && matches!(self.peek_at(1), Tok::Lower(_)) {
            self.bump();
            let part = self.expect_lower("a module name")?;
            span = span.to(part.span);
            parts.push(part.name);
        }
        Ok(ModulePath { parts, span })
    }

    fn import(&mut self) -> P<Import> {
        let start = self.expect_kw("import", "")?;
        let path = self.module_path()?;
        let names = if self.eat_punct("(") {
            let names = self.comma_list(")", |p| match p.peek().clone() {
                Tok::Lower(name) | Tok::Upper(name) => Ok(Ident {
                    name,
                    span: p.bump().span,
                }),
                _ => p.unexpected("a function or type name to import"),
            })?;
            self.expect_punct(")", "to close the import list")?;
            Some(names)
        } else {
            None
        };
        let end = self.expect_punct(";", "after the import")?;
        Ok(Import {
            path,
            names,
            span: start.to(end),
        })
    }

    fn decl(&mut self) -> P<Decl> {
        if self.is_kw("import") {
            return self.fail(
                "E005",
                "Imports must come before every other declaration of the module.".into(),
                "Move the `import` line to the top of the file, after the `module` line.",
            );
        }
        let start = self.span();
        let visibility = if self.eat_kw("public") {
            Some(Visibility::Public)
        } else if self.eat_kw("private") {
            Some(Visibility::Private)
        } else {
            None
        };
        match self.peek() {
            Tok::Kw("fn") | Tok::Kw("forall") => {
                let f = self.fn_decl(visibility, start)?;
                if visibility.is_none() {
                    return self.missing_visibility("function", &f.name.name, start);
                }
                Ok(Decl::Fn(f))
            }
            Tok::Kw("data") => {
                let d = self.data_decl(visibility, start)?;
                if visibility.is_none() {
                    return self.missing_visibility("data type", &d.name.name, start);
                }
                Ok(Decl::Data(d))
            }
            Tok::Kw("type") if visibility.is_none() => self.type_alias().map(Decl::Alias),
            Tok::Kw("effect") if visibility.is_none() => self.effect_decl().map(Decl::Effect),
            Tok::Kw("type") | Tok::Kw("effect") => self.fail(
                "E005",
                "Type aliases and effect declarations take no visibility modifier: they are \
                 local to their module."
                    .into(),
                "type PosInt = { @Int | @Int.0 > 0 };",
            ),
            _ => self.unexpected("a declaration (`public fn`, `private data`, `type`, `effect`)"),
        }
    }

    fn missing_visibility<T>(&mut self, what: &str, name: &str, span: Span) -> P<T> {
        self.fail_at(
            span,
            "E016",
            format!(
                "The {} `{}` has no visibility modifier. Every top-level function and data type \
                 must say `public` or `private`.",
                what, name
            ),
            &format!(
                "private {} {} ...",
                if what == "function" { "fn" } else { "data" },
                name
            ),
            "Chapter 5, Section 5.8",
        )
    }

    fn type_params(&mut self) -> P<Vec<Ident>> {
        if !self.eat_punct("<") {
            return Ok(Vec::new());
        }
        let params = self.comma_list(">", |p| p.expect_upper("a type variable such as `T`"))?;
        self.expect_close_angle()?;
        Ok(params)
    }

    fn fn_decl(&mut self, visibility: Option<Visibility>, start: Span) -> P<FnDecl> {
        let type_params = if self.eat_kw("forall") {
            if !self.is_punct("<") {
                return self.unexpected("`<` after `forall`, as in `forall<T> fn ...`");
            }
            self.type_params()?
        } else {
            Vec::new()
        };
        self.expect_kw("fn", "to start a function")?;
        let name = self.expect_lower("a function name (lowercase)")?;
        let (params, ret) = self.signature()?;
        let mut requires = Vec::new();
        let mut ensures = Vec::new();
        let mut decreases = Vec::new();
        loop {
            if self.eat_kw("requires") {
                requires.push(self.paren_expr("requires")?);
            } else if self.eat_kw("ensures") {
                ensures.push(self.paren_expr("ensures")?);
            } else if self.eat_kw("decreases") {
                self.expect_punct("(", "after `decreases`")?;
                let measures = self.comma_list(")", Self::expr)?;
                self.expect_punct(")", "to close `decreases(...)`")?;
                decreases.push(measures);
            } else {
                break;
            }
        }
        if requires.is_empty() || ensures.is_empty() {
            return self.missing_contract(&name, requires.is_empty());
        }
        if !self.is_kw("effects") {
            return self.fail_with(
                "E002",
                format!(
                    "Function `{}` has no effects(...) clause. Every function declares its \
                     effects after its contracts: effects(pure) when it has none.",
                    name.name
                ),
                "  requires(true)\n  ensures(true)\n  effects(pure)          -- no effects\n  \
                 effects(<IO>)          -- prints\n  effects(<State<Int>>)  -- uses Int state",
                "Chapter 5, Section 5.5",
            );
        }
        let effects = self.effect_clause()?;
        if !self.is_punct("{") {
            return self.unexpected("`{` to start the function body");
        }
        let body = self.block()?;
        let mut where_fns = Vec::new();
        if self.eat_kw("where") {
            self.expect_punct("{", "after `where`")?;
            while !self.is_punct("}") {
                if self.is_kw("public") || self.is_kw("private") {
                    return self.fail(
                        "E005",
                        "Functions in a `where` block take no visibility modifier: they are \
                         local to the function they follow."
                            .into(),
                        "where {\n  fn helper(@Int -> @Int)\n    ...\n}",
                    );
                }
                let s = self.span();
                where_fns.push(self.fn_decl(None, s)?);
            }
            self.expect_punct("}", "to close the `where` block")?;
        }
        let span = start.to(self.prev_span());
        Ok(FnDecl {
            visibility,
            type_params,
            name,
            params,
            ret,
            requires,
            ensures,
            decreases,
            effects,
            body,
            where_fns,
            span,
        })
    }

    fn missing_contract<T>(&mut self, name: &Ident, no_requires: bool) -> P<T> {
        let which = if no_requires {
            "requires(...)"
        } else {
            "ensures(...)"
        };
        self.fail_with(
            "E001",
            format!(
                "Function `{}` is missing its contract block: it has no {} clause. Every \
                 function declares at least one requires() and one ensures() between its \
                 signature and its effects() clause, so that its behaviour can be checked.",
                name.name, which
            ),
            &format!(
                "private fn {}(@Int -> @Int)\n  requires(true)\n  ensures(@Int.result >= 0)\n  \
                 effects(pure)\n{{\n  ...\n}}",
                name.name
            ),
            SPEC_FUNCTIONS,
        )
    }

    /// `(@A, @B -> @R)`
    fn signature(&mut self) -> P<(Vec<TypeExpr>, TypeExpr)> {
        self.expect_punct("(", "to start the signature, as in `(@Int -> @Int)`")?;
        let mut params = Vec::new();
        if !self.is_punct("->") {
            loop {
                params.push(self.binder_type()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        self.expect_punct("->", "before the return type, as in `(@Int -> @Int)`")?;
        let ret = self.binder_type()?;
        self.expect_punct(")", "to close the signature")?;
        Ok((params, ret))
    }

    /// `@T` in a binding position.
    fn binder_type(&mut self) -> P<TypeExpr> {
        if !self.eat_punct("@") {
            if matches!(self.peek(), Tok::Upper(_)) {
                return self.fail(
                    "E003",
                    format!(
                        "Parameter and binding types are written with `@`: `@{}`.",
                        describe_plain(self.peek())
                    ),
                    "private fn f(@Int, @Bool -> @Int)",
                );
            }
            return self.unexpected("`@` and a type, as in `@Int`");
        }
        self.type_expr()
    }

    fn paren_expr(&mut self, what: &str) -> P<Expr> {
        self.expect_punct("(", &format!("after `{}`", what))?;
        let e = self.expr()?;
        self.expect_punct(")", &format!("to close `{}(...)`", what))?;
        Ok(e)
    }

    fn effect_clause(&mut self) -> P<EffectRow> {
        let start = self.expect_kw("effects", "")?;
        self.expect_punct("(", "after `effects`")?;
        let row = if self.eat_kw("pure") {
            EffectRow::Pure(start.to(self.prev_span()))
        } else if self.eat_punct("<") {
            let refs = self.comma_list(">", Self::effect_ref)?;
            self.expect_close_angle()?;
            EffectRow::Row(refs, start.to(self.prev_span()))
        } else {
            return self.unexpected("`pure` or an effect row such as `<IO>`");
        };
        self.expect_punct(")", "to close `effects(...)`")?;
        Ok(row)
    }

    fn effect_ref(&mut self) -> P<EffectRef> {
        let first = self.expect_upper("an effect name such as `IO` or `State<Int>`")?;
        let (qualifier, name) = if self.is_punct(".") && matches!(self.peek_at(1), Tok::Upper(_)) {
            self.bump();
            (Some(first), self.expect_upper("an effect name")?)
        } else {
            (None, first)
        };
        let args = self.type_args()?;
        let span = qualifier
            .as_ref()
            .map_or(name.span, |q| q.span)
            .to(self.prev_span());
        Ok(EffectRef {
            qualifier,
            name,
            args,
            span,
        })
    }

    fn data_decl(&mut self, visibility: Option<Visibility>, start: Span) -> P<DataDecl> {
        self.expect_kw("data", "")?;
        let name = self.expect_upper("a data type name (capitalised)")?;
        let type_params = self.type_params()?;
        let invariant = if self.eat_kw("invariant") {
            Some(self.paren_expr("invariant")?)
        } else {
            None
        };
        self.expect_punct("{", "to start the constructor list")?;
        let ctors = self.comma_list("}", |p| {
            let name = p.expect_upper("a constructor name (capitalised)")?;
            let mut fields = Vec::new();
            if p.eat_punct("(") {
                fields = p.comma_list(")", Self::type_expr)?;
                p.expect_punct(")", "to close the constructor fields")?;
            }
            let span = name.span.to(p.prev_span());
            Ok(Ctor { name, fields, span })
        })?;
        self.expect_punct("}", "to close the data declaration")?;
        Ok(DataDecl {
            visibility,
            name,
            type_params,
            invariant,
            ctors,
            span: start.to(self.prev_span()),
        })
    }

    fn type_alias(&mut self) -> P<TypeAlias> {
        let start = self.expect_kw("type", "")?;
        let name = self.expect_upper("a type name (capitalised)")?;
        let type_params = self.type_params()?;
        self.expect_punct("=", "after the alias name")?;
        let ty = self.type_expr()?;
        self.expect_punct(";", "after the type alias")?;
        Ok(TypeAlias {
            name,
            type_params,
            ty,
            span: start.to(self.prev_span()),
        })
    }

    fn effect_decl(&mut self) -> P<EffectDecl> {
        let start = self.expect_kw("effect", "")?;
        let name = self.expect_upper("an effect name (capitalised)")?;
        let type_params = self.type_params()?;
        self.expect_punct("{", "to start the operations")?;
        let mut ops = Vec::new();
        while self.is_kw("op") {
            let op_start = self.bump().span;
            let name = self.expect_lower("an operation name (lowercase)")?;
            self.expect_punct("(", "after the operation name")?;
            let mut params = Vec::new();
            if !self.is_punct("->") {
                params = self.comma_list("->", Self::type_expr)?;
            }
            self.expect_punct("->", "before the operation's result type")?;
            let ret = self.type_expr()?;
            self.expect_punct(")", "to close the operation signature")?;
            self.expect_punct(";", "after the operation")?;
            ops.push(OpDecl {
                name,
                params,
                ret,
                span: op_start.to(self.prev_span()),
            });
        }
        self.expect_punct("}", "to close the effect declaration")?;
        Ok(EffectDecl {
            name,
            type_params,
            ops,
            span: start.to(self.prev_span()),
        })
    }

    // ----- types ---------------------------------------------------------------------

    pub fn type_expr(&mut self) -> P<TypeExpr> {
        self.enter()?;
        let t = crate::deep(|| self.type_expr_inner());
        self.leave();
        t
    }

    fn type_expr_inner(&mut self) -> P<TypeExpr> {
        let start = self.span();
        let is_fn_type = self.is_kw("fn")
            || (matches!(self.peek(), Tok::Upper(n) if n == "Fn")
                && matches!(self.peek_at(1), Tok::Punct("(")));
        if is_fn_type {
            self.bump();
            self.expect_punct("(", "to start the function type")?;
            let mut params = Vec::new();
            if !self.is_punct("->") {
                params = self.comma_list("->", |p| {
                    p.eat_punct("@");
                    p.type_expr()
                })?;
            }
            self.expect_punct("->", "before the function type's result")?;
            self.eat_punct("@");
            let ret = self.type_expr()?;
            let close = self.expect_punct(")", "to close the function type")?;
            let effects = if self.is_kw("effects") {
                self.effect_clause()?
            } else {
                EffectRow::Pure(close)
            };
            let kind = TypeExprKind::Fn {
                params,
                ret: Box::new(ret),
                effects,
            };
            return Ok(TypeExpr {
                kind,
                span: start.to(self.prev_span()),
            });
        }
        if self.eat_punct("{") {
            self.expect_punct(
                "@",
                "to name the refined type, as in `{ @Int | @Int.0 > 0 }`",
            )?;
            let base = self.type_expr()?;
            self.expect_punct("|", "between the type and its predicate")?;
            let predicate = self.expr()?;
            self.expect_punct("}", "to close the refinement type")?;
            let kind = TypeExprKind::Refined {
                base: Box::new(base),
                predicate: Box::new(predicate),
            };
            return Ok(TypeExpr {
                kind,
                span: start.to(self.prev_span()),
            });
        }
        let name = self.expect_upper("a type (such as `Int`, `Option<T>` or `fn(Int -> Int)`)")?;
        let args = self.type_args()?;
        Ok(TypeExpr {
            kind: TypeExprKind::Named { name, args },
            span: start.to(self.prev_span()),
        })
    }

    fn type_args(&mut self) -> P<Vec<TypeExpr>> {
        if !self.eat_punct("<") {
            return Ok(Vec::new());
        }
        let args = self.comma_list(">", Self::type_expr)?;
        self.expect_close_angle()?;
        Ok(args)
    }
}

/// How a token is named in a diagnostic.
pub fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Eof => "the end of the file".into(),
        Tok::Kw(k) => format!("the keyword `{}`", k),
        Tok::Str(_) => "a string literal".into(),
        _ => format!("`{}`", describe_plain(tok)),
    }
}

fn describe_plain(tok: &Tok) -> String {
    match tok {
        Tok::Int(v) => v.to_string(),
        Tok::Float(v) => v.to_string(),
        Tok::Str(s) => format!("{:?}", s),
        Tok::Upper(s) | Tok::Lower(s) => s.clone(),
        Tok::Kw(k) => k.to_string(),
        Tok::Punct(p) => p.to_string(),
        Tok::Eof => "end of file".into(),
    }
}
