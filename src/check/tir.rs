//! The typed intermediate representation: what the checker hands to code generation.
//!
//! Slot references are resolved to [`LocalId`]s, calls to their targets, every
//! expression carries its type. Generic functions keep their type variables;
//! code generation instantiates them (monomorphisation).

use super::types::{AdtId, Effect, Type};
use crate::source::Span;
use crate::syntax::ast::{BinOp, UnOp};

pub type FnId = usize;
/// A binding of one function (parameters, lets, pattern and handler binders,
/// anonymous-function parameters). Unique within the top-level function that
/// contains it, nested anonymous functions included.
pub type LocalId = usize;

pub struct Program {
    pub adts: Vec<AdtDef>,
    pub fns: Vec<Function>,
    pub effects: Vec<EffectDef>,
}

#[derive(Clone)]
pub struct AdtDef {
    pub name: String,
    pub type_params: Vec<String>,
    pub ctors: Vec<CtorDef>,
    /// The module path that declared it, empty for the root module and built-ins.
    pub module: String,
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
    pub body: Expr,
    pub locals: Vec<Local>,
    pub span: Span,
    /// `file:line` of the declaration, for the comment above the WAT function.
    pub origin: String,
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
}

#[derive(Clone, Debug)]
pub enum Pattern {
    Ctor {
        adt: AdtId,
        tag: usize,
        args: Vec<Pattern>,
    },
    Wildcard,
    Int(i64),
    Str(String),
    Bool(bool),
    Bind(LocalId),
}

#[derive(Clone, Debug)]
pub struct Handle {
    pub effect: Effect,
    /// The handler's state binding and initial value.
    pub state: Option<(LocalId, Expr)>,
    pub clauses: Vec<Clause>,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub op: usize,
    pub params: Vec<LocalId>,
    pub body: Expr,
    /// `with @T = e`: the new handler state.
    pub update: Option<Expr>,
}
