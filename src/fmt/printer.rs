//! The syntax tree as a document, in the canonical layout (spec chapter 10).
//!
//! Positions, and what they imply (see `spec/10-formatting.md`):
//!
//! - a *line* item (declaration, contract clause, constructor, operation,
//!   statement, match arm, handler clause) starts an output line;
//! - a *tail* expression — the final expression of a block that is broken over
//!   lines — is written broken too when it is an `if`, `match`, `handle` or block:
//!   its lines belong to the enclosing block's group ([`Printer::tail`]);
//! - any other expression is *inline*: its own group, flat unless a comment or a
//!   `handle` inside it forces it to break ([`Printer::expr`]).
//!
//! Comments are asked for at every position, in source order (see `comments`).

use super::comments::Comments;
use super::doc::{concat, group, nest, text, Doc};
use crate::syntax::ast::*;

pub struct Printer<'c, 'a> {
    c: &'c mut Comments<'a>,
    src: &'a str,
}

/// A binary operator's precedence, loosest first (upstream's table; `|>` is 1).
fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Implies => 2,
        BinOp::Or => 3,
        BinOp::And => 4,
        BinOp::Eq | BinOp::Ne => 5,
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => 6,
        BinOp::Add | BinOp::Sub => 7,
        BinOp::Mul | BinOp::Div | BinOp::Rem => 8,
    }
}

const PIPE: u8 = 1;

/// The precedence of an expression written with an infix operator: a binary
/// expression, or a call written with `|>`.
fn infix_precedence(e: &Expr) -> Option<u8> {
    match &e.kind {
        ExprKind::Binary { op, .. } => Some(precedence(*op)),
        _ if piped(e) => Some(PIPE),
        _ => None,
    }
}

/// Whether a call was written `x |> f(args)`. The parser makes that `f(x, args)`,
/// so it shows only in the spans: the first argument comes before the callee.
fn piped(e: &Expr) -> bool {
    let (callee, args) = match &e.kind {
        ExprKind::Call { name, args } | ExprKind::Ctor { name, args, .. } => (name.span, args),
        ExprKind::QualifiedCall {
            qualifier, args, ..
        } => (qualifier.span, args),
        ExprKind::ModuleCall { path, args, .. } => (path.span, args),
        _ => return false,
    };
    args.first().is_some_and(|a| a.span.start < callee.start)
}

/// Whether `child`, an operand of `op` (on the right when `right`), needs
/// parentheses: it binds more loosely, or as loosely on the side `op` does not
/// associate to (left-associative operators and `|>`: the right; `==>`: the
/// left; comparisons: either).
fn needs_parens(child: &Expr, op: BinOp, right: bool) -> bool {
    let Some(child_prec) = infix_precedence(child) else {
        return false;
    };
    let parent = precedence(op);
    if child_prec != parent {
        return child_prec < parent;
    }
    match op {
        BinOp::Implies => !right,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => true,
        _ => right,
    }
}

/// A float literal: the shortest digits that give the value back, and at least
/// one after the point; never an exponent.
fn float(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let s = format!("{}", v);
    Some(if s.contains('.') { s } else { s + ".0" })
}

/// A string literal's text: the value with `\\ \" \n \t \r \0` escaped, other
/// control characters as `\u{..}`, everything else as itself.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn join(items: Vec<Doc>, sep: &str) -> Doc {
    let mut parts = Vec::with_capacity(items.len() * 2);
    for (i, d) in items.into_iter().enumerate() {
        if i > 0 {
            parts.push(text(sep));
        }
        parts.push(d);
    }
    concat(parts)
}

/// How a bracketed list of items is laid out.
#[derive(Clone, Copy)]
enum Layout {
    /// Flat `{ a; b }`, a space inside the brackets; broken, a line per item.
    Spaced,
    /// Flat `(a, b)`, nothing inside the brackets; broken, a line per item.
    Tight,
    /// Always broken: a line per item.
    Lines,
}

impl<'c, 'a> Printer<'c, 'a> {
    pub fn new(c: &'c mut Comments<'a>, src: &'a str) -> Printer<'c, 'a> {
        Printer { c, src }
    }

    // ----- lists -----------------------------------------------------------------

    /// The inside of a bracketed list (after the opening and before the closing
    /// bracket): each item on its own line when broken, with the comments around
    /// it, and the comments before the closing bracket at `close`. `item` builds
    /// the item's document including its separator.
    fn items<T>(
        &mut self,
        xs: &[T],
        pos: impl Fn(&T) -> u32,
        layout: Layout,
        close: u32,
        mut item: impl FnMut(&mut Self, &T, bool) -> Doc,
    ) -> Doc {
        let brk = || match layout {
            Layout::Spaced => Doc::Line,
            Layout::Tight => Doc::SoftLine,
            Layout::Lines => Doc::HardLine,
        };
        let mut inner = Vec::new();
        for (i, x) in xs.iter().enumerate() {
            let p = pos(x);
            inner.push(self.c.trailing(p));
            inner.push(if i == 0 || matches!(layout, Layout::Lines) {
                brk()
            } else {
                Doc::Line
            });
            if matches!(layout, Layout::Lines) {
                inner.push(Doc::BreakParent);
            }
            inner.push(self.c.leading(p));
            inner.push(self.c.inline(p));
            let last = i + 1 == xs.len();
            inner.push(item(self, x, last));
        }
        inner.push(self.c.trailing(close));
        inner.push(self.c.closing(close));
        concat(vec![nest(concat(inner)), brk()])
    }

    /// `(a, b, c)`: a group that breaks only for a comment.
    fn paren_list<T>(
        &mut self,
        xs: &[T],
        pos: impl Fn(&T) -> u32,
        close: u32,
        mut each: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Doc {
        let inner = self.items(xs, pos, Layout::Tight, close, |p, x, last| {
            let d = each(p, x);
            if last {
                d
            } else {
                concat(vec![d, text(",")])
            }
        });
        group(concat(vec![text("("), inner, text(")")]))
    }

    fn args(&mut self, args: &[Expr], close: u32) -> Doc {
        self.paren_list(args, |e| e.span.start, close, |p, e| p.expr(e))
    }

    // ----- the module ------------------------------------------------------------

    pub fn module(&mut self, m: &Module) -> Doc {
        enum Top<'m> {
            Module(&'m ModulePath),
            Import(&'m Import),
            Decl(&'m Decl),
        }
        let mut tops: Vec<Top> = Vec::new();
        if let Some(name) = &m.name {
            tops.push(Top::Module(name));
        }
        tops.extend(m.imports.iter().map(Top::Import));
        tops.extend(m.decls.iter().map(Top::Decl));
        let mut parts = Vec::new();
        for (i, t) in tops.iter().enumerate() {
            let pos = match t {
                Top::Module(p) => self.c.token_before(p.span.start, 1),
                Top::Import(im) => im.span.start,
                Top::Decl(d) => decl_span(d).start,
            };
            if i > 0 {
                parts.push(self.c.trailing(pos));
                parts.push(Doc::HardLine);
                let both_imports = matches!((&tops[i - 1], t), (Top::Import(_), Top::Import(_)));
                if !both_imports {
                    parts.push(Doc::HardLine);
                }
            }
            parts.push(self.c.leading(pos));
            parts.push(self.c.inline(pos));
            parts.push(match t {
                Top::Module(p) => {
                    let end = self.c.token_at_or_after(p.span.end) + 1;
                    concat(vec![
                        text("module "),
                        text(p.dotted()),
                        text(";"),
                        self.c.inside(end),
                    ])
                }
                Top::Import(im) => self.import(im),
                Top::Decl(d) => self.decl(d),
            });
        }
        parts.push(self.c.trailing(u32::MAX));
        parts.push(self.c.footer(tops.is_empty()));
        concat(parts)
    }

    fn import(&mut self, im: &Import) -> Doc {
        let mut parts = vec![text("import "), text(im.path.dotted())];
        if let Some(names) = &im.names {
            let names: Vec<Doc> = names.iter().map(|n| text(n.name.clone())).collect();
            parts.push(text("("));
            parts.push(join(names, ", "));
            parts.push(text(")"));
        }
        parts.push(text(";"));
        parts.push(self.c.inside(im.span.end));
        concat(parts)
    }

    fn decl(&mut self, d: &Decl) -> Doc {
        match d {
            Decl::Fn(f) => self.fn_decl(f),
            Decl::Data(d) => self.data_decl(d),
            Decl::Alias(a) => self.alias(a),
            Decl::Effect(e) => self.effect_decl(e),
        }
    }

    fn visibility(v: Option<Visibility>) -> Doc {
        match v {
            Some(Visibility::Public) => text("public "),
            Some(Visibility::Private) => text("private "),
            None => Doc::Nil,
        }
    }

    fn type_params(params: &[Ident]) -> Doc {
        if params.is_empty() {
            return Doc::Nil;
        }
        let names: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
        text(format!("<{}>", names.join(", ")))
    }

    // ----- functions ---------------------------------------------------------------

    fn fn_decl(&mut self, f: &FnDecl) -> Doc {
        let mut head = vec![Self::visibility(f.visibility)];
        if !f.type_params.is_empty() {
            head.push(text("forall"));
            head.push(Self::type_params(&f.type_params));
            head.push(text(" "));
        }
        head.push(text("fn "));
        head.push(self.c.inline(f.name.span.start));
        head.push(text(f.name.name.clone()));
        head.push(self.signature(&f.params, &f.ret));

        // Contract clauses in the order written, then the effects clause.
        enum Clause<'f> {
            Requires(&'f Expr),
            Ensures(&'f Expr),
            Decreases(&'f [Expr]),
        }
        let mut clauses: Vec<(u32, Clause)> = Vec::new();
        for e in &f.requires {
            clauses.push((self.c.token_before(e.span.start, 2), Clause::Requires(e)));
        }
        for e in &f.ensures {
            clauses.push((self.c.token_before(e.span.start, 2), Clause::Ensures(e)));
        }
        for d in &f.decreases {
            let pos = d.first().map_or(f.effects.span().start, |e| {
                self.c.token_before(e.span.start, 2)
            });
            clauses.push((pos, Clause::Decreases(d)));
        }
        clauses.sort_by_key(|(p, _)| *p);
        let mut lines = Vec::new();
        for (pos, clause) in clauses {
            lines.push(self.c.trailing(pos));
            lines.push(Doc::HardLine);
            lines.push(self.c.leading(pos));
            lines.push(self.c.inline(pos));
            lines.push(match clause {
                Clause::Requires(e) => self.call_like("requires", e),
                Clause::Ensures(e) => self.call_like("ensures", e),
                Clause::Decreases(es) => {
                    let es: Vec<Doc> = es.iter().map(|e| self.expr(e)).collect();
                    concat(vec![text("decreases("), join(es, ", "), text(")")])
                }
            });
        }
        let eff = f.effects.span().start;
        lines.push(self.c.trailing(eff));
        lines.push(Doc::HardLine);
        lines.push(self.c.leading(eff));
        lines.push(self.c.inline(eff));
        lines.push(self.effect_clause(&f.effects));
        head.push(nest(concat(lines)));

        let body = f.body.span.start;
        head.push(self.c.trailing(body));
        head.push(Doc::HardLine);
        head.push(self.c.leading(body));
        head.push(self.c.inline(body));
        head.push(self.braced(&f.body, true));

        if let Some(first) = f.where_fns.first() {
            let at = self.c.token_before(first.span.start, 2);
            head.push(self.c.trailing(at));
            head.push(Doc::HardLine);
            head.push(self.c.leading(at));
            head.push(self.c.inline(at));
            head.push(text("where {"));
            let close = f.span.end.saturating_sub(1);
            let mut inner = Vec::new();
            for (i, w) in f.where_fns.iter().enumerate() {
                inner.push(self.c.trailing(w.span.start));
                inner.push(Doc::HardLine);
                if i > 0 {
                    inner.push(Doc::HardLine);
                }
                inner.push(self.c.leading(w.span.start));
                inner.push(self.c.inline(w.span.start));
                inner.push(self.fn_decl(w));
            }
            inner.push(self.c.trailing(close));
            inner.push(self.c.closing(close));
            head.push(nest(concat(inner)));
            head.push(Doc::HardLine);
            head.push(text("}"));
        }
        concat(head)
    }

    /// `(@A, @B -> @R)`, or `(-> @R)`.
    fn signature(&mut self, params: &[TypeExpr], ret: &TypeExpr) -> Doc {
        let mut parts = vec![text("(")];
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                parts.push(text(", "));
            }
            parts.push(self.binder(p));
        }
        parts.push(text(if params.is_empty() { "-> " } else { " -> " }));
        parts.push(self.binder(ret));
        parts.push(text(")"));
        concat(parts)
    }

    fn call_like(&mut self, keyword: &str, e: &Expr) -> Doc {
        concat(vec![text(keyword), text("("), self.expr(e), text(")")])
    }

    fn effect_clause(&mut self, row: &EffectRow) -> Doc {
        let span = row.span();
        let row_doc = self.effect_row(row);
        // A function type written without an effects clause is pure: its row's
        // span is the type's closing parenthesis, and there is nothing inside.
        let written = self.src[span.start as usize..].starts_with("effects");
        let (inside, after) = if written {
            // The row's span ends before the clause's `)`.
            let end = self.c.token_at_or_after(span.end) + 1;
            (self.c.inside(end), self.c.after(end))
        } else {
            (Doc::Nil, Doc::Nil)
        };
        concat(vec![text("effects("), row_doc, text(")"), inside, after])
    }

    fn effect_row(&mut self, row: &EffectRow) -> Doc {
        match row {
            EffectRow::Pure(_) => text("pure"),
            EffectRow::Row(refs, _) => {
                let refs: Vec<Doc> = refs.iter().map(|r| self.effect_ref(r)).collect();
                concat(vec![text("<"), join(refs, ", "), text(">")])
            }
        }
    }

    fn effect_ref(&mut self, r: &EffectRef) -> Doc {
        let mut parts = vec![self.c.inline(r.span.start)];
        if let Some(q) = &r.qualifier {
            parts.push(text(format!("{}.", q.name)));
        }
        parts.push(text(r.name.name.clone()));
        parts.push(self.type_args(&r.args));
        parts.push(self.c.inside(r.span.end));
        parts.push(self.c.after(r.span.end));
        concat(parts)
    }

    // ----- data, aliases, effects ----------------------------------------------------

    fn data_decl(&mut self, d: &DataDecl) -> Doc {
        let mut parts = vec![
            Self::visibility(d.visibility),
            text("data "),
            self.c.inline(d.name.span.start),
            text(d.name.name.clone()),
            Self::type_params(&d.type_params),
        ];
        if let Some(inv) = &d.invariant {
            parts.push(text(" "));
            parts.push(self.call_like("invariant", inv));
        }
        parts.push(text(" {"));
        let close = d.span.end.saturating_sub(1);
        let inner = self.items(
            &d.ctors,
            |c| c.span.start,
            Layout::Lines,
            close,
            |p, c, last| {
                let mut line = vec![text(c.name.name.clone())];
                if !c.fields.is_empty() {
                    let fields: Vec<Doc> = c.fields.iter().map(|t| p.type_expr(t)).collect();
                    line.push(text("("));
                    line.push(join(fields, ", "));
                    line.push(text(")"));
                }
                line.push(p.c.after(c.span.end));
                if !last {
                    line.push(text(","));
                }
                concat(line)
            },
        );
        parts.push(inner);
        parts.push(text("}"));
        concat(parts)
    }

    fn alias(&mut self, a: &TypeAlias) -> Doc {
        concat(vec![
            text("type "),
            self.c.inline(a.name.span.start),
            text(a.name.name.clone()),
            Self::type_params(&a.type_params),
            text(" = "),
            self.type_expr(&a.ty),
            text(";"),
        ])
    }

    fn effect_decl(&mut self, e: &EffectDecl) -> Doc {
        let name = concat(vec![
            text("effect "),
            self.c.inline(e.name.span.start),
            text(e.name.name.clone()),
        ]);
        let close = e.span.end.saturating_sub(1);
        let inner = self.items(
            &e.ops,
            |o| o.span.start,
            Layout::Lines,
            close,
            |p, o, _| {
                let params: Vec<Doc> = o.params.iter().map(|t| p.type_expr(t)).collect();
                let arrow = if o.params.is_empty() { "-> " } else { " -> " };
                concat(vec![
                    text(format!("op {}(", o.name.name)),
                    join(params, ", "),
                    text(arrow),
                    p.type_expr(&o.ret),
                    text(")"),
                    p.c.inside(o.span.end),
                    text(";"),
                ])
            },
        );
        concat(vec![
            name,
            Self::type_params(&e.type_params),
            text(" {"),
            inner,
            text("}"),
        ])
    }

    // ----- types -------------------------------------------------------------------

    /// `@T` in a binding position.
    fn binder(&mut self, t: &TypeExpr) -> Doc {
        concat(vec![text("@"), self.type_expr(t)])
    }

    fn type_expr(&mut self, t: &TypeExpr) -> Doc {
        let before = self.c.inline(t.span.start);
        let body = match &t.kind {
            TypeExprKind::Named { name, args } => {
                concat(vec![text(name.name.clone()), self.type_args(args)])
            }
            TypeExprKind::Fn {
                params,
                ret,
                effects,
            } => {
                let params: Vec<Doc> = params.iter().map(|p| self.type_expr(p)).collect();
                let arrow = if params.is_empty() { "-> " } else { " -> " };
                concat(vec![
                    text("fn("),
                    join(params, ", "),
                    text(arrow),
                    self.type_expr(ret),
                    text(") "),
                    self.effect_clause(effects),
                ])
            }
            TypeExprKind::Refined { base, predicate } => concat(vec![
                text("{ "),
                self.binder(base),
                text(" | "),
                self.expr(predicate),
                text(" }"),
            ]),
        };
        let inside = self.c.inside(t.span.end);
        let after = self.c.after(t.span.end);
        concat(vec![before, body, inside, after])
    }

    fn type_args(&mut self, args: &[TypeExpr]) -> Doc {
        if args.is_empty() {
            return Doc::Nil;
        }
        let args: Vec<Doc> = args.iter().map(|a| self.type_expr(a)).collect();
        concat(vec![text("<"), join(args, ", "), text(">")])
    }

    // ----- blocks ------------------------------------------------------------------

    /// A block with its braces. Its lines belong to the group it is written in:
    /// the caller decides (a function body is always broken).
    fn braced(&mut self, block: &Expr, always_broken: bool) -> Doc {
        let ExprKind::Block { stmts, tail } = &block.kind else {
            // Not a block (a handler clause body written without braces): the
            // canonical form gives it braces.
            let close = block.span.end;
            let inner = self.items(
                std::slice::from_ref(block),
                |e| e.span.start,
                Layout::Spaced,
                close,
                |p, e, _| p.expr(e),
            );
            return concat(vec![text("{"), inner, text("}")]);
        };
        let close = block.span.end.saturating_sub(1);
        enum Item<'b> {
            Stmt(&'b Stmt),
            Tail(&'b Expr),
        }
        let mut xs: Vec<Item> = stmts.iter().map(Item::Stmt).collect();
        xs.push(Item::Tail(tail));
        let layout = if always_broken {
            Layout::Lines
        } else {
            Layout::Spaced
        };
        let inner = self.items(
            &xs,
            |x| match x {
                Item::Stmt(Stmt::Let { span, .. } | Stmt::LetTuple { span, .. }) => span.start,
                Item::Stmt(Stmt::Expr(e)) => e.span.start,
                Item::Tail(e) => e.span.start,
            },
            layout,
            close,
            |p, x, _| match x {
                Item::Stmt(s) => p.stmt(s),
                Item::Tail(e) => p.tail(e),
            },
        );
        concat(vec![text("{"), inner, text("}")])
    }

    fn stmt(&mut self, s: &Stmt) -> Doc {
        match s {
            Stmt::Let { ty, value, span } => concat(vec![
                text("let "),
                self.binder(ty),
                text(" = "),
                self.expr(value),
                self.c.inside(span.end),
                text(";"),
            ]),
            Stmt::LetTuple {
                ctor,
                tys,
                value,
                span,
            } => {
                let tys: Vec<Doc> = tys.iter().map(|t| self.binder(t)).collect();
                concat(vec![
                    text(format!("let {}<", ctor.name)),
                    join(tys, ", "),
                    text("> = "),
                    self.expr(value),
                    self.c.inside(span.end),
                    text(";"),
                ])
            }
            Stmt::Expr(e) => concat(vec![self.expr(e), text(";")]),
        }
    }

    /// The final expression of a block: `if`, `match`, `handle` and blocks share
    /// the block's group, so they are broken when it is.
    fn tail(&mut self, e: &Expr) -> Doc {
        let before = self.c.inline(e.span.start);
        let body = match &e.kind {
            ExprKind::If { .. } => self.if_doc(e),
            ExprKind::Match { .. } => self.match_doc(e),
            ExprKind::Handle(_) => self.handle_doc(e),
            ExprKind::Block { .. } => self.braced(e, false),
            _ => self.expr_kind(e),
        };
        let inside = self.c.inside(e.span.end);
        let after = self.c.after(e.span.end);
        concat(vec![before, body, inside, after])
    }

    // ----- expressions ---------------------------------------------------------------

    /// An expression in an inline position.
    fn expr(&mut self, e: &Expr) -> Doc {
        let before = self.c.inline(e.span.start);
        let body = self.expr_kind(e);
        let inside = self.c.inside(e.span.end);
        let after = self.c.after(e.span.end);
        concat(vec![before, body, inside, after])
    }

    fn operand(&mut self, e: &Expr, op: BinOp, right: bool) -> Doc {
        if needs_parens(e, op, right) {
            concat(vec![text("("), self.expr(e), text(")")])
        } else {
            self.expr(e)
        }
    }

    fn expr_kind(&mut self, e: &Expr) -> Doc {
        let close = e.span.end.saturating_sub(1);
        match &e.kind {
            ExprKind::Int(v) => text(v.to_string()),
            ExprKind::Float(v) => match float(*v) {
                Some(s) => text(s),
                // Too large for a finite value: the digits as written.
                None => text(
                    self.src[e.span.start as usize..e.span.end as usize]
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '.')
                        .collect::<String>(),
                ),
            },
            ExprKind::Str(s) => text(string(s)),
            ExprKind::Bool(b) => text(if *b { "true" } else { "false" }),
            ExprKind::Unit => text("()"),
            ExprKind::Slot { ty, index } => concat(vec![
                text("@"),
                self.type_expr(ty),
                text(format!(".{}", index)),
            ]),
            ExprKind::Result { ty } => concat(vec![text("@"), self.type_expr(ty), text(".result")]),
            ExprKind::Binary { op, lhs, rhs } => concat(vec![
                self.operand(lhs, *op, false),
                text(format!(" {} ", op.symbol())),
                self.operand(rhs, *op, true),
            ]),
            ExprKind::Unary { op, operand } => {
                let parens = infix_precedence(operand).is_some()
                    || (*op == UnOp::Neg
                        && matches!(operand.kind, ExprKind::Unary { op: UnOp::Neg, .. }));
                let sym = text(if *op == UnOp::Neg { "-" } else { "!" });
                if parens {
                    concat(vec![sym, text("("), self.expr(operand), text(")")])
                } else {
                    concat(vec![sym, self.expr(operand)])
                }
            }
            ExprKind::Call { name, args } => self.call(e, text(name.name.clone()), args, close),
            ExprKind::Ctor { name, args, parens } => {
                if *parens || !args.is_empty() {
                    self.call(e, text(name.name.clone()), args, close)
                } else {
                    text(name.name.clone())
                }
            }
            ExprKind::QualifiedCall {
                qualifier,
                name,
                args,
            } => self.call(
                e,
                text(format!("{}.{}", qualifier.name, name.name)),
                args,
                close,
            ),
            ExprKind::ModuleCall { path, name, args } => self.call(
                e,
                text(format!("{}::{}", path.dotted(), name.name)),
                args,
                close,
            ),
            ExprKind::Index { base, index } => {
                let base_doc = if infix_precedence(base).is_some()
                    || matches!(base.kind, ExprKind::Unary { .. })
                {
                    concat(vec![text("("), self.expr(base), text(")")])
                } else {
                    self.expr(base)
                };
                concat(vec![base_doc, text("["), self.expr(index), text("]")])
            }
            ExprKind::AnonFn(f) => group(self.anon_fn(f)),
            ExprKind::If { .. } => group(self.if_doc(e)),
            ExprKind::Match { .. } => group(self.match_doc(e)),
            ExprKind::Block { stmts, tail } if stmts.is_empty() => {
                // `{ e }` inline is `e`: the canonical form drops the braces.
                let d = self.expr(tail);
                concat(vec![d, self.c.inside(close)])
            }
            ExprKind::Block { .. } => group(self.braced(e, false)),
            ExprKind::Handle(_) => self.handle_doc(e),
            ExprKind::Array(items) => {
                let inner = self.items(
                    items,
                    |x| x.span.start,
                    Layout::Tight,
                    close,
                    |p, x, last| {
                        let d = p.expr(x);
                        if last {
                            d
                        } else {
                            concat(vec![d, text(",")])
                        }
                    },
                );
                group(concat(vec![text("["), inner, text("]")]))
            }
            ExprKind::Old(r) => concat(vec![text("old("), self.effect_ref(r), text(")")]),
            ExprKind::New(r) => concat(vec![text("new("), self.effect_ref(r), text(")")]),
            ExprKind::Assert(x) => self.call_like("assert", x),
            ExprKind::Assume(x) => self.call_like("assume", x),
            ExprKind::Resume(x) => self.call_like("resume", x),
            ExprKind::Quantifier {
                exists,
                ty,
                bound,
                predicate,
            } => concat(vec![
                text(if *exists { "exists(" } else { "forall(" }),
                self.binder(ty),
                text(", "),
                self.expr(bound),
                text(", "),
                self.expr(predicate),
                text(")"),
            ]),
        }
    }

    /// A call, a constructor application, `E.op(...)` or `m::f(...)`; written
    /// `x |> f(args)` when it was written so.
    fn call(&mut self, e: &Expr, callee: Doc, args: &[Expr], close: u32) -> Doc {
        if piped(e) {
            let first = self.expr(&args[0]);
            let rest = self.args(&args[1..], close);
            return concat(vec![first, text(" |> "), callee, rest]);
        }
        let args = self.args(args, close);
        concat(vec![callee, args])
    }

    fn anon_fn(&mut self, f: &AnonFn) -> Doc {
        concat(vec![
            text("fn"),
            self.signature(&f.params, &f.ret),
            text(" "),
            self.effect_clause(&f.effects),
            text(" "),
            self.braced(&f.body, false),
        ])
    }

    /// `if c then { a } else { b }`; the branches' lines are this document's.
    fn if_doc(&mut self, e: &Expr) -> Doc {
        let ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } = &e.kind
        else {
            unreachable!("if_doc on an if")
        };
        concat(vec![
            text("if "),
            self.expr(cond),
            text(" then "),
            self.braced(then_branch, false),
            text(" else "),
            self.braced(else_branch, false),
        ])
    }

    /// `match s { arms }`; an arm whose body is a block with statements keeps its
    /// braces and shares this document's lines.
    fn match_doc(&mut self, e: &Expr) -> Doc {
        let ExprKind::Match { scrutinee, arms } = &e.kind else {
            unreachable!("match_doc on a match")
        };
        let close = e.span.end.saturating_sub(1);
        let head = concat(vec![text("match "), self.expr(scrutinee), text(" {")]);
        let inner = self.items(
            arms,
            |a| a.span.start,
            Layout::Spaced,
            close,
            |p, a, last| {
                let pat = p.pattern(&a.pattern);
                let body = match &a.body.kind {
                    ExprKind::Block { stmts, .. } if !stmts.is_empty() => {
                        let before = p.c.inline(a.body.span.start);
                        let b = p.braced(&a.body, false);
                        let after = p.c.after(a.body.span.end);
                        concat(vec![before, b, after])
                    }
                    _ => p.expr(&a.body),
                };
                let mut line = vec![pat, text(" -> "), body];
                if !last {
                    line.push(text(","));
                }
                concat(line)
            },
        );
        concat(vec![head, inner, text("}")])
    }

    /// `handle[E](@S = init) { clauses } in { body }`, always over several lines.
    fn handle_doc(&mut self, e: &Expr) -> Doc {
        let ExprKind::Handle(h) = &e.kind else {
            unreachable!("handle_doc on a handle")
        };
        let mut head = vec![text("handle["), self.effect_ref(&h.effect), text("]")];
        if let Some((ty, init)) = &h.state {
            head.push(text("("));
            head.push(self.binder(ty));
            head.push(text(" = "));
            head.push(self.expr(init));
            head.push(text(")"));
        }
        head.push(text(" {"));
        let clauses_close = self.c.token_before(h.body.span.start, 2);
        let clauses = self.items(
            &h.clauses,
            |c| c.span.start,
            Layout::Lines,
            clauses_close,
            |p, c, last| {
                let params: Vec<Doc> = c.params.iter().map(|t| p.binder(t)).collect();
                let mut line = vec![
                    text(format!("{}(", c.op.name)),
                    join(params, ", "),
                    text(") -> "),
                    p.c.inline(c.body.span.start),
                    group(p.braced(&c.body, false)),
                    p.c.after(c.body.span.end),
                ];
                if let Some((ty, v)) = &c.update {
                    line.push(text(" with "));
                    line.push(p.binder(ty));
                    line.push(text(" = "));
                    line.push(p.expr(v));
                }
                if !last {
                    line.push(text(","));
                }
                concat(line)
            },
        );
        head.push(clauses);
        head.push(text("} in "));
        head.push(self.braced(&h.body, false));
        head.push(Doc::BreakParent);
        concat(head)
    }

    // ----- patterns ----------------------------------------------------------------

    fn pattern(&mut self, p: &Pattern) -> Doc {
        let before = self.c.inline(p.span.start);
        let body = match &p.kind {
            PatternKind::Ctor { name, args } if args.is_empty() => text(name.name.clone()),
            PatternKind::Ctor { name, args } => {
                let close = p.span.end.saturating_sub(1);
                let list = self.paren_list(args, |a| a.span.start, close, |pr, a| pr.pattern(a));
                concat(vec![text(name.name.clone()), list])
            }
            PatternKind::Wildcard => text("_"),
            PatternKind::Int(v) => text(v.to_string()),
            PatternKind::Str(s) => text(string(s)),
            PatternKind::Bool(b) => text(if *b { "true" } else { "false" }),
            PatternKind::Bind(t) => self.binder(t),
        };
        let inside = self.c.inside(p.span.end);
        let after = self.c.after(p.span.end);
        concat(vec![before, body, inside, after])
    }
}

fn decl_span(d: &Decl) -> crate::source::Span {
    match d {
        Decl::Fn(f) => f.span,
        Decl::Data(d) => d.span,
        Decl::Alias(a) => a.span,
        Decl::Effect(e) => e.span,
    }
}
