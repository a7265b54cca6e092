//! The typed intermediate representation: what the checker hands to code generation.
//!
//! Slot references are resolved to [`LocalId`]s, calls to their targets, every
//! expression carries its type. Generic functions keep their type variables;
//! code generation instantiates them (monomorphisation).

use super::types::{AdtId, Effect, EffectId, Names, Type};
use crate::ids::{define_id, IdVec};
use crate::source::Span;
use crate::syntax::ast::{BinOp, UnOp};

define_id!(
    /// A declared function: an index into [`Program::fns`].
    FnId
);
define_id!(
    /// A binding of one function (parameters, lets, pattern and handler binders,
    /// anonymous-function parameters): an index into [`Function::locals`]. Unique
    /// within the top-level function that contains it, nested anonymous functions
    /// included.
    LocalId
);

/// A contract clause whose runtime check code generation may leave out
/// (`vera compile --verify`): the verifier proved it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClauseId {
    /// `requires` number `i` of a function.
    Requires(FnId, usize),
    /// `ensures` number `i` of a function.
    Ensures(FnId, usize),
}

pub struct Program {
    pub adts: IdVec<AdtId, AdtDef>,
    pub fns: IdVec<FnId, Function>,
    pub effects: IdVec<EffectId, EffectDef>,
}

impl Names for Program {
    fn adt_name(&self, id: AdtId) -> String {
        self.adts[id].name.clone()
    }
    fn effect_name(&self, id: EffectId) -> String {
        self.effects[id].name.clone()
    }
}

#[derive(Clone)]
pub struct AdtDef {
    pub name: String,
    pub type_params: Vec<String>,
    pub ctors: Vec<CtorDef>,
    /// The module path that declared it, empty for the root module and built-ins.
    pub module: String,
    /// `invariant(p)`: a property every value has (read by the verifier only).
    pub invariant: Option<Invariant>,
}

/// A data type's invariant: a predicate over `var` (`@Name.0`), with the
/// bindings table its expression's [`LocalId`]s index.
#[derive(Clone)]
pub struct Invariant {
    pub locals: IdVec<LocalId, Local>,
    pub var: LocalId,
    pub expr: Expr,
    /// The predicate as written, for messages.
    pub text: String,
}

/// The predicate of a refinement type (`{ @Int | @Int.0 > 0 }`, directly or
/// through an alias) that a parameter, a let binding or a result is declared
/// with: `pred` holds of `var`, a binding of the function that is in scope
/// nowhere else. Read by the verifier only; code generation ignores it.
#[derive(Clone, Debug)]
pub struct Refinement {
    pub var: LocalId,
    pub pred: Expr,
    /// The refinement as written (`{ @Int | @Int.0 > 0 }`), for messages.
    pub text: String,
}

/// A `decreases(m1, m2, ...)` clause: measures compared lexicographically.
pub struct Decreases {
    pub measures: Vec<Expr>,
    /// The clause as written: `decreases(@Nat.0)`.
    pub text: String,
    pub span: Span,
}

#[derive(Clone)]
pub struct CtorDef {
    pub name: String,
    pub fields: Vec<Type>,
}

impl AdtDef {
    /// The field types of constructor `tag` at the type arguments `targs`.
    pub fn field_types(&self, tag: usize, targs: &[Type]) -> Vec<Type> {
        let map = |v: &str| {
            self.type_params
                .iter()
                .position(|p| p == v)
                .and_then(|i| targs.get(i).cloned())
        };
        self.ctors[tag]
            .fields
            .iter()
            .map(|f| f.subst(&map))
            .collect()
    }
}

#[derive(Clone)]
pub struct EffectDef {
    pub name: String,
    /// The module path that declared it, empty for the root module and built-ins.
    pub module: String,
    pub type_params: Vec<String>,
    pub ops: Vec<OpDef>,
}

#[derive(Clone)]
pub struct OpDef {
    pub name: String,
    pub params: Vec<Type>,
    pub ret: Type,
}

/// A binding's slot name (`Int`, `Option<Int>`, `PosInt`) and semantic type.
#[derive(Clone, Debug)]
pub struct Local {
    pub key: String,
    pub ty: Type,
}

pub struct Contract {
    /// The predicate; its span is the clause's place in the source.
    pub expr: Expr,
    /// The clause as written, for runtime messages: `requires(@Int.1 != 0)`.
    pub text: String,
}

pub struct Function {
    /// The name as declared (`abs`).
    pub name: String,
    /// The module path (`vera.math`), empty for the root module.
    pub module: String,
    /// `abs(@Int -> @Int)`, for messages.
    pub signature: String,
    /// Declared in the root module (the file being compiled), not an imported one.
    pub root: bool,
    /// Exported from the WASM module: a public function of the root module.
    pub exported: bool,
    pub type_params: Vec<String>,
    pub params: Vec<LocalId>,
    pub ret: Type,
    pub effects: Vec<Effect>,
    pub requires: Vec<Contract>,
    pub ensures: Vec<Contract>,
    /// The termination measures (checked, never compiled; the verifier proves them).
    pub decreases: Vec<Decreases>,
    /// Refinement predicates of parameters and let bindings, by binding.
    pub refinements: Vec<(LocalId, Refinement)>,
    /// The refinement predicate of the return type, if it has one.
    pub ret_refinement: Option<Refinement>,
    pub body: Expr,
    pub locals: IdVec<LocalId, Local>,
    /// The whole declaration (named, with its lines, above the WAT function).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Length,
    StringLength,
    StringConcat,
    StringSlice,
    CharCode,
    ParseNat,
    ParseFloat64,
    IntToString,
    BoolToString,
    NatToString,
    ByteToString,
    FloatToString,
    Strip,
    ToFloat,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Unit,
    Local(LocalId),
    /// `@T.result` in an `ensures` clause.
    ResultRef,
    Binary {
        op: BinOp,
        operand_ty: Type,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
    /// A call of a top-level (or `where`) function, with its type arguments.
    Call {
        func: FnId,
        type_args: Vec<Type>,
        args: Vec<Expr>,
    },
    Builtin {
        builtin: Builtin,
        args: Vec<Expr>,
    },
    /// `apply_fn(f, args)` and `@F.0(args)`.
    Apply {
        callee: Box<Expr>,
        args: Vec<Expr>,
    },
    Construct {
        adt: AdtId,
        type_args: Vec<Type>,
        tag: usize,
        args: Vec<Expr>,
    },
    Tuple(Vec<Expr>),
    /// An effect operation such as `IO.print(s)`, `get(())`, `throw(e)`.
    Perform {
        effect: Effect,
        op: usize,
        op_name: String,
        args: Vec<Expr>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    Lambda(Box<Lambda>),
    If {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Box<Expr>,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    Block {
        stmts: Vec<Stmt>,
        tail: Box<Expr>,
    },
    Handle(Box<Handle>),
    Array(Vec<Expr>),
    /// `old(State<T>)` / `new(State<T>)` with the state's type.
    Old(Type),
    New(Type),
    /// `assert(p)`, with its text for the failure message.
    Assert(Box<Expr>, String),
    Assume(Box<Expr>),
    Quantifier {
        exists: bool,
        var: LocalId,
        bound: Box<Expr>,
        body: Box<Expr>,
    },
    Resume(Box<Expr>),
}

#[derive(Clone, Debug)]
pub struct Lambda {
    pub params: Vec<LocalId>,
    pub ret: Type,
    /// The predicate of a refined result type (`fn(@Int -> @PosInt) ...`),
    /// for the verifier only.
    pub ret_refinement: Option<Refinement>,
    pub effects: Vec<Effect>,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Let { local: LocalId, value: Expr },
    LetTuple { locals: Vec<LocalId>, value: Expr },
    Expr(Expr),
}

#[derive(Clone, Debug)]
pub struct Arm {
    pub pattern: Pattern,
    pub body: Expr,
    /// The arm as written, pattern to body (for the comment above its WAT).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Pattern {
    Ctor {
        adt: AdtId,
        tag: usize,
        args: Vec<Pattern>,
    },
    /// `Tuple(p1, p2, ...)` on a tuple: always matches when its parts do.
    Tuple(Vec<Pattern>),
    Wildcard,
    Int(i64),
    Str(String),
    Bool(bool),
    Bind(LocalId),
}

#[derive(Clone, Debug)]
pub struct Handle {
    pub effect: Effect,
    /// The handler's state: its type and initial value (`handle[E](@T = init)`).
    pub state: Option<(Type, Expr)>,
    pub clauses: Vec<Clause>,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub op: usize,
    /// The binding of the handler's state inside this clause, if it has state.
    pub state: Option<LocalId>,
    pub params: Vec<LocalId>,
    pub body: Expr,
    /// `with @T = e`: the new handler state.
    pub update: Option<Expr>,
}

impl Expr {
    /// The direct sub-expressions, in evaluation order (lambda bodies and handler
    /// clauses included). The match is exhaustive on purpose: a new kind of node
    /// must say what it contains, so that no analysis can skip it.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Local(_)
            | ExprKind::ResultRef
            | ExprKind::Old(_)
            | ExprKind::New(_) => vec![],
            ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
            ExprKind::Unary { operand, .. } => vec![operand],
            ExprKind::Call { args, .. }
            | ExprKind::Builtin { args, .. }
            | ExprKind::Construct { args, .. }
            | ExprKind::Tuple(args)
            | ExprKind::Array(args)
            | ExprKind::Perform { args, .. } => args.iter().collect(),
            ExprKind::Apply { callee, args } => {
                std::iter::once(&**callee).chain(args.iter()).collect()
            }
            ExprKind::Index { base, index } => vec![base, index],
            ExprKind::Lambda(l) => vec![&l.body],
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => vec![cond, then_branch, else_branch],
            ExprKind::Match { scrutinee, arms } => std::iter::once(&**scrutinee)
                .chain(arms.iter().map(|a| &a.body))
                .collect(),
            ExprKind::Block { stmts, tail } => stmts
                .iter()
                .map(Stmt::value)
                .chain(std::iter::once(&**tail))
                .collect(),
            ExprKind::Handle(h) => {
                let mut out: Vec<&Expr> = h.state.iter().map(|(_, init)| init).collect();
                out.push(&h.body);
                for c in &h.clauses {
                    out.push(&c.body);
                    out.extend(c.update.iter());
                }
                out
            }
            ExprKind::Assert(p, _) | ExprKind::Assume(p) | ExprKind::Resume(p) => vec![p],
            ExprKind::Quantifier { bound, body, .. } => vec![bound, body],
        }
    }

    /// The direct sub-expressions, mutably (the same order as [`Expr::children`]).
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        match &mut self.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Local(_)
            | ExprKind::ResultRef
            | ExprKind::Old(_)
            | ExprKind::New(_) => vec![],
            ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
            ExprKind::Unary { operand, .. } => vec![operand],
            ExprKind::Call { args, .. }
            | ExprKind::Builtin { args, .. }
            | ExprKind::Construct { args, .. }
            | ExprKind::Tuple(args)
            | ExprKind::Array(args)
            | ExprKind::Perform { args, .. } => args.iter_mut().collect(),
            ExprKind::Apply { callee, args } => std::iter::once(&mut **callee)
                .chain(args.iter_mut())
                .collect(),
            ExprKind::Index { base, index } => vec![base, index],
            ExprKind::Lambda(l) => vec![&mut l.body],
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => vec![cond, then_branch, else_branch],
            ExprKind::Match { scrutinee, arms } => std::iter::once(&mut **scrutinee)
                .chain(arms.iter_mut().map(|a| &mut a.body))
                .collect(),
            ExprKind::Block { stmts, tail } => stmts
                .iter_mut()
                .map(Stmt::value_mut)
                .chain(std::iter::once(&mut **tail))
                .collect(),
            ExprKind::Handle(h) => {
                let mut out: Vec<&mut Expr> = h.state.iter_mut().map(|(_, init)| init).collect();
                out.push(&mut h.body);
                for c in &mut h.clauses {
                    out.push(&mut c.body);
                    out.extend(c.update.iter_mut());
                }
                out
            }
            ExprKind::Assert(p, _) | ExprKind::Assume(p) | ExprKind::Resume(p) => vec![p],
            ExprKind::Quantifier { bound, body, .. } => vec![bound, body],
        }
    }

    /// The types this node holds besides its own `ty` (operand types, type
    /// arguments, effects), mutably.
    pub fn node_types_mut(&mut self) -> Vec<&mut Type> {
        match &mut self.kind {
            ExprKind::Binary { operand_ty, .. } => vec![operand_ty],
            ExprKind::Call { type_args, .. } | ExprKind::Construct { type_args, .. } => {
                type_args.iter_mut().collect()
            }
            ExprKind::Perform { effect, .. } => effect.args_mut(),
            ExprKind::Lambda(l) => vec![&mut l.ret],
            ExprKind::Handle(h) => {
                let mut out = h.effect.args_mut();
                out.extend(h.state.iter_mut().map(|(t, _)| t));
                out
            }
            ExprKind::Old(t) | ExprKind::New(t) => vec![t],
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Local(_)
            | ExprKind::ResultRef
            | ExprKind::Unary { .. }
            | ExprKind::Builtin { .. }
            | ExprKind::Tuple(_)
            | ExprKind::Array(_)
            | ExprKind::Apply { .. }
            | ExprKind::Index { .. }
            | ExprKind::If { .. }
            | ExprKind::Match { .. }
            | ExprKind::Block { .. }
            | ExprKind::Assert(..)
            | ExprKind::Assume(_)
            | ExprKind::Resume(_)
            | ExprKind::Quantifier { .. } => vec![],
        }
    }

    /// The bindings this node itself introduces (not those of its children).
    pub fn binders(&self) -> Vec<LocalId> {
        match &self.kind {
            ExprKind::Lambda(l) => l.params.clone(),
            ExprKind::Block { stmts, .. } => stmts
                .iter()
                .flat_map(|s| match s {
                    Stmt::Let { local, .. } => vec![*local],
                    Stmt::LetTuple { locals, .. } => locals.clone(),
                    Stmt::Expr(_) => vec![],
                })
                .collect(),
            ExprKind::Match { arms, .. } => {
                let mut out = Vec::new();
                for a in arms {
                    a.pattern.binders(&mut out);
                }
                out
            }
            ExprKind::Handle(h) => h
                .clauses
                .iter()
                .flat_map(|c| c.state.iter().chain(&c.params).copied())
                .collect(),
            ExprKind::Quantifier { var, .. } => vec![*var],
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Local(_)
            | ExprKind::ResultRef
            | ExprKind::Old(_)
            | ExprKind::New(_)
            | ExprKind::Binary { .. }
            | ExprKind::Unary { .. }
            | ExprKind::Call { .. }
            | ExprKind::Builtin { .. }
            | ExprKind::Construct { .. }
            | ExprKind::Tuple(_)
            | ExprKind::Array(_)
            | ExprKind::Perform { .. }
            | ExprKind::Apply { .. }
            | ExprKind::Index { .. }
            | ExprKind::If { .. }
            | ExprKind::Assert(..)
            | ExprKind::Assume(_)
            | ExprKind::Resume(_) => vec![],
        }
    }

    /// Visit this expression and every expression below it, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        for c in self.children() {
            crate::deep(|| c.walk(f));
        }
    }

    /// Whether `f` holds for this expression or any below it.
    pub fn any(&self, f: &mut dyn FnMut(&Expr) -> bool) -> bool {
        f(self)
            || self
                .children()
                .into_iter()
                .any(|c| crate::deep(|| c.any(f)))
    }
}

impl Stmt {
    /// The expression a statement evaluates.
    pub fn value(&self) -> &Expr {
        match self {
            Stmt::Let { value, .. } | Stmt::LetTuple { value, .. } | Stmt::Expr(value) => value,
        }
    }

    pub fn value_mut(&mut self) -> &mut Expr {
        match self {
            Stmt::Let { value, .. } | Stmt::LetTuple { value, .. } | Stmt::Expr(value) => value,
        }
    }
}

impl Pattern {
    fn binders(&self, out: &mut Vec<LocalId>) {
        match self {
            Pattern::Bind(id) => out.push(*id),
            Pattern::Ctor { args, .. } | Pattern::Tuple(args) => {
                args.iter().for_each(|a| a.binders(out))
            }
            Pattern::Wildcard | Pattern::Int(_) | Pattern::Str(_) | Pattern::Bool(_) => {}
        }
    }
}
