//! Expressions: the precedence levels of spec 10.4 (lowest first), postfix
//! indexing and application, primaries, blocks, `match`, `if`, handlers.

use super::*;

impl Parser {
    pub fn expr(&mut self) -> P<Expr> {
        self.enter()?;
        let e = crate::deep(|| self.pipe());
        self.leave();
        e
    }

    pub(super) fn pipe(&mut self) -> P<Expr> {
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
    pub(super) fn pipe_target(&mut self, lhs: Expr) -> P<Expr> {
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
        if let Some(target) = self.piped_module_function(lhs.clone(), start)? {
            return Ok(target);
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

    pub(super) fn implies(&mut self) -> P<Expr> {
        let lhs = self.or()?;
        if self.eat_punct("==>") {
            self.enter()?;
            let rhs = crate::deep(|| self.implies());
            self.leave();
            return Ok(binary(BinOp::Implies, lhs, rhs?));
        }
        Ok(lhs)
    }

    pub(super) fn left_assoc(
        &mut self,
        ops: &[(&str, BinOp)],
        next: fn(&mut Self) -> P<Expr>,
    ) -> P<Expr> {
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

    pub(super) fn or(&mut self) -> P<Expr> {
        self.left_assoc(&[("||", BinOp::Or)], Self::and)
    }

    pub(super) fn and(&mut self) -> P<Expr> {
        self.left_assoc(&[("&&", BinOp::And)], Self::equality)
    }

    pub(super) fn non_assoc(
        &mut self,
        ops: &[(&str, BinOp)],
        next: fn(&mut Self) -> P<Expr>,
    ) -> P<Expr> {
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

    pub(super) fn equality(&mut self) -> P<Expr> {
        self.non_assoc(&[("==", BinOp::Eq), ("!=", BinOp::Ne)], Self::comparison)
    }

    pub(super) fn comparison(&mut self) -> P<Expr> {
        let ops = [
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
        ];
        self.non_assoc(&ops, Self::additive)
    }

    pub(super) fn additive(&mut self) -> P<Expr> {
        self.left_assoc(
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            Self::multiplicative,
        )
    }

    pub(super) fn multiplicative(&mut self) -> P<Expr> {
        self.left_assoc(
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
            Self::unary,
        )
    }

    pub(super) fn unary(&mut self) -> P<Expr> {
        let start = self.span();
        let op = if self.eat_punct("-") {
            UnOp::Neg
        } else if self.eat_punct("!") {
            UnOp::Not
        } else {
            return self.postfix();
        };
        self.enter()?;
        let operand = crate::deep(|| self.unary());
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

    pub(super) fn postfix(&mut self) -> P<Expr> {
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

    pub(super) fn call_args(&mut self) -> P<Vec<Expr>> {
        self.expect_punct("(", "to start the arguments")?;
        let args = self.comma_list(")", Self::expr)?;
        self.expect_punct(")", "to close the arguments")?;
        Ok(args)
    }

    pub(super) fn primary(&mut self) -> P<Expr> {
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

    pub(super) fn slot_ref(&mut self) -> P<Expr> {
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

    pub(super) fn malformed_slot<T>(&mut self, start: Span) -> P<T> {
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

    /// `x |> a.b::f`: a module-qualified function name without arguments after
    /// `|>` is called with `x` alone.
    fn piped_module_function(&mut self, lhs: Expr, start: Span) -> P<Option<Expr>> {
        if !matches!(self.peek(), Tok::Lower(_)) {
            return Ok(None);
        }
        let mut look = 1;
        while matches!(self.peek_at(look), Tok::Punct("."))
            && matches!(self.peek_at(look + 1), Tok::Lower(_))
        {
            look += 2;
        }
        let named = matches!(self.peek_at(look), Tok::Punct("::"))
            && matches!(self.peek_at(look + 1), Tok::Lower(_))
            && !matches!(self.peek_at(look + 2), Tok::Punct("("));
        if !named {
            return Ok(None);
        }
        let path = self.module_path()?;
        self.expect_punct("::", "")?;
        let name = self.expect_lower("a function name after `::`")?;
        Ok(Some(Expr {
            kind: ExprKind::ModuleCall {
                path,
                name,
                args: vec![lhs],
            },
            span: start.to(self.prev_span()),
        }))
    }

    pub(super) fn call_or_module_call(&mut self) -> P<Expr> {
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

    pub(super) fn ctor_or_qualified_call(&mut self) -> P<Expr> {
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

    pub(super) fn anon_fn(&mut self) -> P<AnonFn> {
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

    pub(super) fn if_expr(&mut self) -> P<Expr> {
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

    pub(super) fn branch_block(&mut self, which: &str) -> P<Expr> {
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

    pub(super) fn match_expr(&mut self) -> P<Expr> {
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

    pub(super) fn pattern(&mut self) -> P<Pattern> {
        self.enter()?;
        let p = crate::deep(|| self.pattern_inner());
        self.leave();
        p
    }

    pub(super) fn pattern_inner(&mut self) -> P<Pattern> {
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
    pub(super) fn int_pattern(&mut self) -> P<i64> {
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

    pub(super) fn let_stmt(&mut self) -> P<Stmt> {
        let start = self.expect_kw("let", "")?;
        if let Tok::Upper(name) = self.peek().clone() {
            let ctor = Ident {
                name,
                span: self.span(),
            };
            self.bump();
            self.expect_punct("<", "after the constructor in a destructuring let")?;
            let tys = self.comma_list(">", Self::binder_type)?;
            self.expect_close_angle()?;
            self.expect_punct("=", "after the destructuring pattern")?;
            let value = self.expr()?;
            self.expect_punct(";", "after the let statement")?;
            return Ok(Stmt::LetTuple {
                ctor,
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

    pub(super) fn handle_expr(&mut self) -> P<Expr> {
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

    pub(super) fn handler_clause(&mut self) -> P<HandlerClause> {
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
