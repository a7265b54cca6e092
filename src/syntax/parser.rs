//! A hand-written recursive-descent parser for the grammar of spec chapter 10.
//!
//! The parser stops at the first syntax error of a file: later errors are usually
//! echoes of the first, and one precise diagnostic is what a model can act on.
//! Nesting is bounded by [`MAX_DEPTH`] so that no input can overflow the stack.

use super::ast::*;
use super::lexer::{Tok, Token};
use crate::diagnostics::Diagnostic;
use crate::source::Span;

/// The deepest nesting of expressions and types the parser accepts.
pub const MAX_DEPTH: usize = 1000;

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
        let t = self.type_expr_inner();
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

    // ----- expressions ---------------------------------------------------------------

    pub fn expr(&mut self) -> P<Expr> {
        self.enter()?;
        let e = self.pipe();
        self.leave();
        e
    }

    fn pipe(&mut self) -> P<Expr> {
        let mut lhs = self.implies()?;
        let mut chain = 0;
        while self.eat_punct("|>") {
            chain += 1;
            self.enter()?;
            lhs = self.pipe_target(lhs)?;
        }
        self.depth -= chain;
        Ok(lhs)
    }

    /// `x |> f` is `f(x)`; `x |> f(y)` is `f(x, y)`.
    fn pipe_target(&mut self, lhs: Expr) -> P<Expr> {
        let start = lhs.span;
        let rhs_start = self.span();
        if let Tok::Lower(_) = self.peek() {
            if !matches!(
                self.peek_at(1),
                Tok::Punct("(") | Tok::Punct(".") | Tok::Punct("::")
            ) {
                let name = self.expect_lower("")?;
                let span = start.to(name.span);
                return Ok(Expr {
                    kind: ExprKind::Call {
                        name,
                        args: vec![lhs],
                    },
                    span,
                });
            }
        }
        let rhs = self.implies()?;
        let kind = match rhs.kind {
            ExprKind::Call { name, mut args } => {
                args.insert(0, lhs);
                ExprKind::Call { name, args }
            }
            ExprKind::QualifiedCall {
                qualifier,
                name,
                mut args,
            } => {
                args.insert(0, lhs);
                ExprKind::QualifiedCall {
                    qualifier,
                    name,
                    args,
                }
            }
            ExprKind::ModuleCall {
                path,
                name,
                mut args,
            } => {
                args.insert(0, lhs);
                ExprKind::ModuleCall { path, name, args }
            }
            ExprKind::Ctor { name, mut args, .. } => {
                args.insert(0, lhs);
                ExprKind::Ctor {
                    name,
                    args,
                    parens: true,
                }
            }
            _ => {
                return self.fail_at(
                    rhs_start,
                    "E005",
                    "The right side of `|>` must be a function name or a call: the left side \
                     becomes its first argument."
                        .into(),
                    "@Int.0 |> abs |> add(@Int.1)   -- means add(abs(@Int.0), @Int.1)",
                    "Chapter 4, Section 4.11.2",
                )
            }
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn implies(&mut self) -> P<Expr> {
        let lhs = self.or()?;
        if self.eat_punct("==>") {
            self.enter()?;
            let rhs = self.implies();
            self.leave();
            return Ok(binary(BinOp::Implies, lhs, rhs?));
        }
        Ok(lhs)
    }

    fn left_assoc(&mut self, ops: &[(&str, BinOp)], next: fn(&mut Self) -> P<Expr>) -> P<Expr> {
        let mut lhs = next(self)?;
        let mut chain = 0;
        'outer: loop {
            for (sym, op) in ops {
                if self.eat_punct(sym) {
                    chain += 1;
                    if let Err(e) = self.enter() {
                        self.depth -= chain - 1;
                        return Err(e);
                    }
                    let rhs = next(self)?;
                    lhs = binary(*op, lhs, rhs);
                    continue 'outer;
                }
            }
            break;
        }
        self.depth -= chain;
        Ok(lhs)
    }

    fn or(&mut self) -> P<Expr> {
        self.left_assoc(&[("||", BinOp::Or)], Self::and)
    }

    fn and(&mut self) -> P<Expr> {
        self.left_assoc(&[("&&", BinOp::And)], Self::equality)
    }

    fn non_assoc(&mut self, ops: &[(&str, BinOp)], next: fn(&mut Self) -> P<Expr>) -> P<Expr> {
        let lhs = next(self)?;
        let Some((_, op)) = ops.iter().find(|(s, _)| self.is_punct(s)) else {
            return Ok(lhs);
        };
        self.bump();
        let rhs = next(self)?;
        if ops.iter().any(|(s, _)| self.is_punct(s)) {
            return self.fail_with(
                "E015",
                format!(
                    "Comparison operators do not chain: `a {} b {} c` is not valid Vera. \
                     Comparisons are non-associative.",
                    op.symbol(),
                    describe_plain(self.peek())
                ),
                "Combine two comparisons with &&:\n\n  @Int.0 <= @Int.1 && @Int.1 <= @Int.2",
                "Chapter 1, Section 1.5",
            );
        }
        Ok(binary(*op, lhs, rhs))
    }

    fn equality(&mut self) -> P<Expr> {
        self.non_assoc(&[("==", BinOp::Eq), ("!=", BinOp::Ne)], Self::comparison)
    }

    fn comparison(&mut self) -> P<Expr> {
        let ops = [
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
        ];
        self.non_assoc(&ops, Self::additive)
    }

    fn additive(&mut self) -> P<Expr> {
        self.left_assoc(
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            Self::multiplicative,
        )
    }

    fn multiplicative(&mut self) -> P<Expr> {
        self.left_assoc(
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
            Self::unary,
        )
    }

    fn unary(&mut self) -> P<Expr> {
        let start = self.span();
        let op = if self.eat_punct("-") {
            UnOp::Neg
        } else if self.eat_punct("!") {
            UnOp::Not
        } else {
            return self.postfix();
        };
        self.enter()?;
        let operand = self.unary();
        self.leave();
        let operand = operand?;
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        })
    }

    fn postfix(&mut self) -> P<Expr> {
        let mut e = self.primary()?;
        let mut chain = 0;
        loop {
            if self.eat_punct("[") {
                chain += 1;
                self.enter()?;
                let index = self.expr()?;
                self.expect_punct("]", "to close the index")?;
                let span = e.span.to(self.prev_span());
                e = Expr {
                    kind: ExprKind::Index {
                        base: Box::new(e),
                        index: Box::new(index),
                    },
                    span,
                };
            } else if self.is_punct("(") && matches!(e.kind, ExprKind::Slot { .. }) {
                // `@F.0(x)` applies a function value: the same as `apply_fn(@F.0, x)`.
                chain += 1;
                self.enter()?;
                let mut args = self.call_args()?;
                args.insert(0, e.clone());
                let name = Ident {
                    name: "apply_fn".into(),
                    span: e.span,
                };
                let span = e.span.to(self.prev_span());
                e = Expr {
                    kind: ExprKind::Call { name, args },
                    span,
                };
            } else {
                break;
            }
        }
        self.depth -= chain;
        Ok(e)
    }

    fn call_args(&mut self) -> P<Vec<Expr>> {
        self.expect_punct("(", "to start the arguments")?;
        let args = self.comma_list(")", Self::expr)?;
        self.expect_punct(")", "to close the arguments")?;
        Ok(args)
    }

    fn primary(&mut self) -> P<Expr> {
        let start = self.span();
        let kind = match self.peek().clone() {
            Tok::Int(v) => {
                self.bump();
                ExprKind::Int(v)
            }
            Tok::Float(v) => {
                self.bump();
                ExprKind::Float(v)
            }
            Tok::Str(s) => {
                self.bump();
                ExprKind::Str(s)
            }
            Tok::Kw("true") => {
                self.bump();
                ExprKind::Bool(true)
            }
            Tok::Kw("false") => {
                self.bump();
                ExprKind::Bool(false)
            }
            Tok::Punct("(") => {
                self.bump();
                if self.eat_punct(")") {
                    ExprKind::Unit
                } else {
                    let e = self.expr()?;
                    self.expect_punct(")", "to close the parenthesis")?;
                    return Ok(Expr {
                        kind: e.kind,
                        span: start.to(self.prev_span()),
                    });
                }
            }
            Tok::Punct("@") => return self.slot_ref(),
            Tok::Lower(_) => return self.call_or_module_call(),
            Tok::Upper(_) => return self.ctor_or_qualified_call(),
            Tok::Kw("fn") => {
                return Ok(Expr {
                    kind: ExprKind::AnonFn(Box::new(self.anon_fn()?)),
                    span: start.to(self.prev_span()),
                })
            }
            Tok::Kw("if") => return self.if_expr(),
            Tok::Kw("match") => return self.match_expr(),
            Tok::Punct("{") => return self.block(),
            Tok::Kw("handle") => return self.handle_expr(),
            Tok::Punct("[") => {
                self.bump();
                let items = self.comma_list("]", Self::expr)?;
                self.expect_punct("]", "to close the array literal")?;
                ExprKind::Array(items)
            }
            Tok::Kw(k @ ("old" | "new")) => {
                self.bump();
                self.expect_punct("(", &format!("after `{}`", k))?;
                let r = self.effect_ref()?;
                self.expect_punct(")", &format!("to close `{}(...)`", k))?;
                if k == "old" {
                    ExprKind::Old(r)
                } else {
                    ExprKind::New(r)
                }
            }
            Tok::Kw(k @ ("assert" | "assume")) => {
                self.bump();
                let e = Box::new(self.paren_expr(k)?);
                if k == "assert" {
                    ExprKind::Assert(e)
                } else {
                    ExprKind::Assume(e)
                }
            }
            Tok::Kw(k @ ("forall" | "exists")) => {
                self.bump();
                self.expect_punct("(", &format!("after `{}`", k))?;
                let ty = self.binder_type()?;
                self.expect_punct(",", "after the quantified type")?;
                let bound = Box::new(self.expr()?);
                self.expect_punct(",", "after the bound")?;
                let pstart = self.span();
                if !self.is_kw("fn") {
                    return self
                        .unexpected("a predicate `fn(@Nat -> @Bool) effects(pure) { ... }`");
                }
                let f = self.anon_fn()?;
                let predicate = Box::new(Expr {
                    kind: ExprKind::AnonFn(Box::new(f)),
                    span: pstart.to(self.prev_span()),
                });
                self.expect_punct(")", &format!("to close `{}(...)`", k))?;
                ExprKind::Quantifier {
                    exists: k == "exists",
                    ty,
                    bound,
                    predicate,
                }
            }
            Tok::Kw("resume") => {
                self.bump();
                let e = self.paren_expr("resume")?;
                ExprKind::Resume(Box::new(e))
            }
            Tok::Kw("let") => {
                return self.fail(
                    "E005",
                    "`let` is a statement: it can only appear inside a block, followed by `;` \
                     and more of the block."
                        .into(),
                    "{\n  let @Int = 1;\n  @Int.0 + 1\n}",
                )
            }
            _ => return self.unexpected("an expression"),
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn slot_ref(&mut self) -> P<Expr> {
        let start = self.expect_punct("@", "")?;
        let ty = self.type_expr()?;
        if !self.eat_punct(".") {
            return self.malformed_slot(start);
        }
        let kind = match self.peek().clone() {
            Tok::Int(n) if n <= u32::MAX as u64 => {
                self.bump();
                ExprKind::Slot {
                    ty,
                    index: n as u32,
                }
            }
            Tok::Kw("result") => {
                self.bump();
                ExprKind::Result { ty }
            }
            _ => return self.malformed_slot(start),
        };
        Ok(Expr {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn malformed_slot<T>(&mut self, start: Span) -> P<T> {
        self.fail_at(
            start,
            "E003",
            "Malformed slot reference. A binding is referred to as @Type.index: the type it \
             was bound with, a dot, and how many bindings of that type lie between here and it \
             (0 = the nearest). The index is always written, even when it is 0."
                .into(),
            "@Int.0     -- the nearest Int binding\n@Int.1     -- the one before it\n\
             @T.result  -- the return value, in ensures() only",
            "Chapter 3, Section 3.1",
        )
    }

    fn call_or_module_call(&mut self) -> P<Expr> {
        let start = self.span();
        // `a.b::f(x)` or `a::f(x)`: a module path followed by `::`.
        let mut look = 1;
        while matches!(self.peek_at(look), Tok::Punct("."))
            && matches!(self.peek_at(look + 1), Tok::Lower(_))
        {
            look += 2;
        }
        if matches!(self.peek_at(look), Tok::Punct("::")) {
            let path = self.module_path()?;
            self.expect_punct("::", "")?;
            let name = self.expect_lower("a function name after `::`")?;
            let args = self.call_args()?;
            return Ok(Expr {
                kind: ExprKind::ModuleCall { path, name, args },
                span: start.to(self.prev_span()),
            });
        }
        if look > 1 && matches!(self.peek_at(look), Tok::Punct("(")) {
            return self.fail(
                "E008",
                "A module-qualified call separates the module path from the function name \
                 with `::`, not `.`."
                    .into(),
                "vera.math::abs(-5)",
            );
        }
        let name = self.expect_lower("")?;
        if !self.is_punct("(") {
            return self.fail_at(
                name.span,
                "E005",
                format!(
                    "`{}` is a function name, but it is not called. Vera has no variable \
                     names: a function is called with parentheses, and values are referred \
                     to with slot references such as @Int.0.",
                    name.name
                ),
                &format!("{}(@Int.0)", name.name),
                "Chapter 4, Section 4.11",
            );
        }
        let args = self.call_args()?;
        Ok(Expr {
            kind: ExprKind::Call { name, args },
            span: start.to(self.prev_span()),
        })
    }

    fn ctor_or_qualified_call(&mut self) -> P<Expr> {
        let start = self.span();
        let first = self.expect_upper("")?;
        if self.is_punct(".") && matches!(self.peek_at(1), Tok::Lower(_)) {
            self.bump();
            let name = self.expect_lower("")?;
            let args = self.call_args()?;
            return Ok(Expr {
                kind: ExprKind::QualifiedCall {
                    qualifier: first,
                    name,
                    args,
                },
                span: start.to(self.prev_span()),
            });
        }
        if self.is_punct("(") {
            let args = self.call_args()?;
            return Ok(Expr {
                kind: ExprKind::Ctor {
                    name: first,
                    args,
                    parens: true,
                },
                span: start.to(self.prev_span()),
            });
        }
        Ok(Expr {
            kind: ExprKind::Ctor {
                name: first,
                args: Vec::new(),
                parens: false,
            },
            span: start,
        })
    }

    fn anon_fn(&mut self) -> P<AnonFn> {
        self.expect_kw("fn", "")?;
        let (params, ret) = self.signature()?;
        if !self.is_kw("effects") {
            return self.fail_with(
                "E002",
                "An anonymous function must declare its effects between its signature and its body."
                    .into(),
                "fn(@Int -> @Int) effects(pure) { @Int.0 + 1 }",
                "Chapter 5, Section 5.7",
            );
        }
        let effects = self.effect_clause()?;
        if !self.is_punct("{") {
            return self.unexpected("`{` to start the function body");
        }
        let body = self.block()?;
        Ok(AnonFn {
            params,
            ret,
            effects,
            body,
        })
    }

    fn if_expr(&mut self) -> P<Expr> {
        let start = self.expect_kw("if", "")?;
        let cond = self.expr()?;
        self.expect_kw("then", "after the condition of `if`")?;
        let then_branch = self.branch_block("then")?;
        if !self.is_kw("else") {
            return self.fail(
                "E005",
                "An `if` needs an `else` branch: it is an expression, and both branches give its value.".into(),
                "if @Bool.0 then {\n  1\n} else {\n  0\n}",
            );
        }
        self.bump();
        let else_branch = self.branch_block("else")?;
        Ok(Expr {
            kind: ExprKind::If {
                cond: Box::new(cond),
                then_branch: Box::new(then_branch),
                else_branch: Box::new(else_branch),
            },
            span: start.to(self.prev_span()),
        })
    }

    fn branch_block(&mut self, which: &str) -> P<Expr> {
        if self.is_punct("{") {
            return self.block();
        }
        self.fail(
            "E005",
            format!(
                "The `{}` branch of an `if` must be a block in braces, even for a single \
                 expression (one canonical form). Found {}.",
                which,
                describe(self.peek())
            ),
            "if @Bool.0 then {\n  1\n} else {\n  if @Bool.1 then {\n    2\n  } else {\n    3\n  }\n}",
        )
    }

    fn match_expr(&mut self) -> P<Expr> {
        let start = self.expect_kw("match", "")?;
        let scrutinee = self.expr()?;
        self.expect_punct("{", "to start the match arms")?;
        let arms = self.comma_list("}", |p| {
            let pattern = p.pattern()?;
            p.expect_punct("->", "after the pattern")?;
            let body = p.expr()?;
            let span = pattern.span.to(body.span);
            Ok(MatchArm {
                pattern,
                body,
                span,
            })
        })?;
        if arms.is_empty() {
            return self.unexpected("at least one match arm `Pattern -> expression`");
        }
        self.expect_punct("}", "to close the match")?;
        Ok(Expr {
            kind: ExprKind::Match {
                scrutinee: Box::new(scrutinee),
                arms,
            },
            span: start.to(self.prev_span()),
        })
    }

    fn pattern(&mut self) -> P<Pattern> {
        self.enter()?;
        let p = self.pattern_inner();
        self.leave();
        p
    }

    fn pattern_inner(&mut self) -> P<Pattern> {
        let start = self.span();
        let kind = match self.peek().clone() {
            Tok::Upper(_) => {
                let name = self.expect_upper("")?;
                let mut args = Vec::new();
                if self.eat_punct("(") {
                    args = self.comma_list(")", Self::pattern)?;
                    self.expect_punct(")", "to close the constructor pattern")?;
                }
                PatternKind::Ctor { name, args }
            }
            Tok::Punct("_") => {
                self.bump();
                PatternKind::Wildcard
            }
            Tok::Punct("-") if matches!(self.peek_at(1), Tok::Int(_)) => {
                self.bump();
                PatternKind::Int(-self.int_pattern()?)
            }
            Tok::Int(_) => PatternKind::Int(self.int_pattern()?),
            Tok::Str(s) => {
                self.bump();
                PatternKind::Str(s)
            }
            Tok::Kw("true") => {
                self.bump();
                PatternKind::Bool(true)
            }
            Tok::Kw("false") => {
                self.bump();
                PatternKind::Bool(false)
            }
            Tok::Punct("@") => {
                self.bump();
                let ty = self.type_expr()?;
                if self.is_punct(".") {
                    return self.fail(
                        "E003",
                        "A pattern binds a value with `@Type` alone; the index belongs to the \
                         references that use the binding, not to the pattern."
                            .into(),
                        "Some(@Int) -> @Int.0",
                    );
                }
                PatternKind::Bind(ty)
            }
            _ => return self.unexpected("a pattern (a constructor, `_`, a literal or `@Type`)"),
        };
        Ok(Pattern {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    /// The integer literal of a pattern; like any literal it must fit in an Int.
    fn int_pattern(&mut self) -> P<i64> {
        let Tok::Int(v) = *self.peek() else {
            return self.unexpected("an integer literal");
        };
        if v > i64::MAX as u64 {
            return self.fail_with(
                "E017",
                format!(
                    "The integer literal {} does not fit in a 64-bit signed Int: the largest \
                     value is 9223372036854775807.",
                    v
                ),
                "Use a literal up to 9223372036854775807, or cover the value with `_`.",
                "Chapter 2, Section 2.2",
            );
        }
        self.bump();
        Ok(v as i64)
    }

    pub fn block(&mut self) -> P<Expr> {
        let start = self.expect_punct("{", "")?;
        self.enter()?;
        let mut stmts = Vec::new();
        let tail = loop {
            if self.is_kw("let") {
                stmts.push(self.let_stmt()?);
                continue;
            }
            if self.is_punct("}") {
                let span = self.span();
                return self.fail_at(
                    span,
                    "E018",
                    "This block has no final expression. A block's value is its last \
                     expression, which has no `;` after it; a block that only performs effects \
                     ends with `()`."
                        .into(),
                    "{\n  IO.print(\"hello\");\n  ()\n}",
                    "Chapter 4, Section 4.10",
                );
            }
            let e = self.expr()?;
            if self.eat_punct(";") {
                stmts.push(Stmt::Expr(e));
                continue;
            }
            break e;
        };
        self.leave();
        self.expect_punct("}", "at the end of the block (or `;` between statements)")?;
        Ok(Expr {
            kind: ExprKind::Block {
                stmts,
                tail: Box::new(tail),
            },
            span: start.to(self.prev_span()),
        })
    }

    fn let_stmt(&mut self) -> P<Stmt> {
        let start = self.expect_kw("let", "")?;
        if matches!(self.peek(), Tok::Upper(n) if n == "Tuple") {
            self.bump();
            self.expect_punct("<", "after `Tuple` in a destructuring let")?;
            let tys = self.comma_list(">", Self::binder_type)?;
            self.expect_close_angle()?;
            self.expect_punct("=", "after the destructuring pattern")?;
            let value = self.expr()?;
            self.expect_punct(";", "after the let statement")?;
            return Ok(Stmt::LetTuple {
                tys,
                value,
                span: start.to(self.prev_span()),
            });
        }
        let ty = self.binder_type()?;
        if self.is_punct(".") {
            return self.fail(
                "E003",
                "A `let` binds a new value with `@Type` alone; it has no index.".into(),
                "let @Int = @Int.0 + 1;",
            );
        }
        self.expect_punct("=", "after the let binding's type")?;
        let value = self.expr()?;
        self.expect_punct(";", "after the let statement")?;
        Ok(Stmt::Let {
            ty,
            value,
            span: start.to(self.prev_span()),
        })
    }

    fn handle_expr(&mut self) -> P<Expr> {
        let start = self.expect_kw("handle", "")?;
        self.expect_punct("[", "after `handle`, as in `handle[State<Int>]`")?;
        let effect = self.effect_ref()?;
        self.expect_punct("]", "to close the handled effect")?;
        let state = if self.eat_punct("(") {
            let ty = self.binder_type()?;
            self.expect_punct("=", "between the state type and its initial value")?;
            let init = self.expr()?;
            self.expect_punct(")", "to close the handler state")?;
            Some((ty, init))
        } else {
            None
        };
        self.expect_punct("{", "to start the handler clauses")?;
        let clauses = self.comma_list("}", Self::handler_clause)?;
        self.expect_punct("}", "to close the handler clauses")?;
        self.expect_kw("in", "after the handler clauses")?;
        if !self.is_punct("{") {
            return self.unexpected("`{` to start the handled body");
        }
        let body = self.block()?;
        let h = Handle {
            effect,
            state,
            clauses,
            body,
        };
        Ok(Expr {
            kind: ExprKind::Handle(Box::new(h)),
            span: start.to(self.prev_span()),
        })
    }

    fn handler_clause(&mut self) -> P<HandlerClause> {
        let op = self.expect_lower("an operation name")?;
        self.expect_punct("(", "after the operation name")?;
        let params = self.comma_list(")", Self::binder_type)?;
        self.expect_punct(")", "to close the operation parameters")?;
        self.expect_punct("->", "after the operation parameters")?;
        let body = self.expr()?;
        let update = if self.eat_kw("with") {
            let ty = self.binder_type()?;
            self.expect_punct("=", "in `with @T = value`")?;
            Some((ty, self.expr()?))
        } else {
            None
        };
        let span = op.span.to(self.prev_span());
        Ok(HandlerClause {
            op,
            params,
            body,
            update,
            span,
        })
    }
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
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
