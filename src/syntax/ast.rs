//! The syntax tree. Every node carries the [`Span`] of the text it came from.
//!
//! Architecture invariant: the AST is a faithful picture of the source. It knows
//! nothing of types or slots; resolving `@T.n` and checking happen in `check`.

use crate::source::Span;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Ident {
    pub name: String,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct ModulePath {
    pub parts: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

impl ModulePath {
    pub fn dotted(&self) -> String {
        self.parts.join(".")
    }
}

/// One `.vera` file.
#[derive(Clone, Debug, Serialize)]
pub struct Module {
    pub name: Option<ModulePath>,
    pub imports: Vec<Import>,
    pub decls: Vec<Decl>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Import {
    pub path: ModulePath,
    /// `None` for a wildcard import (`import a.b;`).
    pub names: Option<Vec<Ident>>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Visibility {
    Public,
    Private,
}

/// Declarations are few per file, so the size difference of variants is harmless.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize)]
pub enum Decl {
    Fn(FnDecl),
    Data(DataDecl),
    Alias(TypeAlias),
    Effect(EffectDecl),
}

#[derive(Clone, Debug, Serialize)]
pub struct FnDecl {
    pub visibility: Option<Visibility>,
    pub type_params: Vec<Ident>,
    pub name: Ident,
    pub params: Vec<TypeExpr>,
    pub ret: TypeExpr,
    pub requires: Vec<Expr>,
    pub ensures: Vec<Expr>,
    /// Each `decreases(...)` clause with its measures.
    pub decreases: Vec<Vec<Expr>>,
    pub effects: EffectRow,
    pub body: Expr,
    pub where_fns: Vec<FnDecl>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataDecl {
    pub visibility: Option<Visibility>,
    pub name: Ident,
    pub type_params: Vec<Ident>,
    pub invariant: Option<Expr>,
    pub ctors: Vec<Ctor>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Ctor {
    pub name: Ident,
    pub fields: Vec<TypeExpr>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeAlias {
    pub name: Ident,
    pub type_params: Vec<Ident>,
    pub ty: TypeExpr,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct EffectDecl {
    pub name: Ident,
    pub type_params: Vec<Ident>,
    pub ops: Vec<OpDecl>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpDecl {
    pub name: Ident,
    pub params: Vec<TypeExpr>,
    pub ret: TypeExpr,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub enum TypeExprKind {
    /// `Int`, `List<T>`, `Tuple<A, B>`, a type variable `T`.
    Named { name: Ident, args: Vec<TypeExpr> },
    /// `fn(A, B -> C) effects(...)`.
    Fn {
        params: Vec<TypeExpr>,
        ret: Box<TypeExpr>,
        effects: EffectRow,
    },
    /// `{ @Int | @Int.0 > 0 }`.
    Refined {
        base: Box<TypeExpr>,
        predicate: Box<Expr>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub enum EffectRow {
    Pure(#[serde(skip)] Span),
    Row(Vec<EffectRef>, #[serde(skip)] Span),
}

impl EffectRow {
    pub fn span(&self) -> Span {
        match self {
            EffectRow::Pure(s) | EffectRow::Row(_, s) => *s,
        }
    }
}

/// `IO`, `State<Int>`, `Module.Effect<T>`.
#[derive(Clone, Debug, Serialize)]
pub struct EffectRef {
    pub qualifier: Option<Ident>,
    pub name: Ident,
    pub args: Vec<TypeExpr>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    And,
    Or,
    Implies,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::And => "&&",
            BinOp::Or => "||",
            BinOp::Implies => "==>",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Clone, Debug, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub enum ExprKind {
    /// An integer literal's magnitude; a leading `-` is a separate `Unary`.
    Int(u64),
    Float(f64),
    Str(String),
    Bool(bool),
    Unit,
    /// `@T.n`
    Slot {
        ty: TypeExpr,
        index: u32,
    },
    /// `@T.result`
    Result {
        ty: TypeExpr,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
    /// `f(args)`; also what `x |> f(args)` becomes.
    Call {
        name: Ident,
        args: Vec<Expr>,
    },
    /// `Some(x)` or a nullary `None` (then `args` is empty and `parens` false).
    Ctor {
        name: Ident,
        args: Vec<Expr>,
        parens: bool,
    },
    /// `IO.print(x)`, `State.put(x)`.
    QualifiedCall {
        qualifier: Ident,
        name: Ident,
        args: Vec<Expr>,
    },
    /// `a.b::f(x)`.
    ModuleCall {
        path: ModulePath,
        name: Ident,
        args: Vec<Expr>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    AnonFn(Box<AnonFn>),
    If {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Box<Expr>,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<MatchArm>,
    },
    Block {
        stmts: Vec<Stmt>,
        tail: Box<Expr>,
    },
    Handle(Box<Handle>),
    Array(Vec<Expr>),
    Old(EffectRef),
    New(EffectRef),
    Assert(Box<Expr>),
    Assume(Box<Expr>),
    /// `forall(@T, bound, fn(@T -> @Bool) effects(pure) { ... })`, likewise `exists`.
    Quantifier {
        exists: bool,
        ty: TypeExpr,
        bound: Box<Expr>,
        predicate: Box<Expr>,
    },
    Resume(Box<Expr>),
}

#[derive(Clone, Debug, Serialize)]
pub struct AnonFn {
    pub params: Vec<TypeExpr>,
    pub ret: TypeExpr,
    pub effects: EffectRow,
    pub body: Expr,
}

#[derive(Clone, Debug, Serialize)]
pub enum Stmt {
    Let {
        ty: TypeExpr,
        value: Expr,
        #[serde(skip)]
        span: Span,
    },
    /// `let Tuple<@A, @B> = e;`, or with the constructor of a data type that
    /// has one: `let Pair<@A, @B> = e;`.
    LetTuple {
        ctor: Ident,
        tys: Vec<TypeExpr>,
        value: Expr,
        #[serde(skip)]
        span: Span,
    },
    Expr(Expr),
}

#[derive(Clone, Debug, Serialize)]
pub struct MatchArm {
    pub pattern: Pattern,
    pub body: Expr,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Pattern {
    pub kind: PatternKind,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub enum PatternKind {
    Ctor {
        name: Ident,
        args: Vec<Pattern>,
    },
    Wildcard,
    /// An integer literal, negative when written with a leading `-`.
    Int(i64),
    Str(String),
    Bool(bool),
    /// `@T`: binds the matched value.
    Bind(TypeExpr),
}

#[derive(Clone, Debug, Serialize)]
pub struct Handle {
    pub effect: EffectRef,
    /// `(@T = init)`
    pub state: Option<(TypeExpr, Expr)>,
    pub clauses: Vec<HandlerClause>,
    pub body: Expr,
}

#[derive(Clone, Debug, Serialize)]
pub struct HandlerClause {
    pub op: Ident,
    pub params: Vec<TypeExpr>,
    pub body: Expr,
    /// `with @T = e`: the handler state after this clause.
    pub update: Option<(TypeExpr, Expr)>,
    #[serde(skip)]
    pub span: Span,
}

impl TypeExpr {
    /// The type as written, normalised: `Option<Int>`, `fn(Int -> Int) effects(pure)`.
    /// Slot references count bindings whose written type has the same text (spec 3.8).
    pub fn key(&self) -> String {
        match &self.kind {
            TypeExprKind::Named { name, args } if args.is_empty() => name.name.clone(),
            TypeExprKind::Named { name, args } => {
                let args: Vec<String> = args.iter().map(TypeExpr::key).collect();
                format!("{}<{}>", name.name, args.join(", "))
            }
            TypeExprKind::Fn {
                params,
                ret,
                effects,
            } => {
                let params: Vec<String> = params.iter().map(TypeExpr::key).collect();
                format!(
                    "fn({} -> {}) {}",
                    params.join(", "),
                    ret.key(),
                    effects.key()
                )
            }
            TypeExprKind::Refined { base, .. } => format!("{{ @{} | ... }}", base.key()),
        }
    }
}

impl EffectRow {
    pub fn key(&self) -> String {
        match self {
            EffectRow::Pure(_) => "effects(pure)".into(),
            EffectRow::Row(refs, _) => {
                let refs: Vec<String> = refs.iter().map(EffectRef::key).collect();
                format!("effects(<{}>)", refs.join(", "))
            }
        }
    }
}

impl EffectRef {
    pub fn key(&self) -> String {
        let mut s = String::new();
        if let Some(q) = &self.qualifier {
            s.push_str(&q.name);
            s.push('.');
        }
        s.push_str(&self.name.name);
        if !self.args.is_empty() {
            let args: Vec<String> = self.args.iter().map(TypeExpr::key).collect();
            s.push_str(&format!("<{}>", args.join(", ")));
        }
        s
    }
}
