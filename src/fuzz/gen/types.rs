//! The generator's model of a program: types, effects and declarations, each
//! able to print itself the way the program text writes it.

use std::collections::BTreeMap;

/// A Vera type as the generator writes it. Two types are the same slot
/// namespace exactly when their written forms are equal (spec 3.4), and the
/// generator always writes a type the same way, so `==` on `Ty` decides both.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Int,
    Nat,
    Bool,
    Byte,
    Float,
    Str,
    Unit,
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    Option(Box<Ty>),
    Result(Box<Ty>, Box<Ty>),
    /// A data type declared by the program, with its type arguments.
    Adt(String, Vec<Ty>),
    /// A function type written through a `type` alias of the root module.
    Alias(String),
    /// A function type written out: `fn(A, B -> R) effects(row)`.
    Fn(Vec<Ty>, Box<Ty>, Vec<Eff>),
    /// A type variable of the generic function being generated.
    Var(String),
    /// A `type` alias of the root module for a type that is not a function
    /// type, perhaps refined: its own slot namespace (spec 3.4).
    Named(String),
}

impl Ty {
    /// The type as written after `@` (and the slot namespace it opens).
    pub fn written(&self) -> String {
        match self {
            Ty::Int => "Int".into(),
            Ty::Nat => "Nat".into(),
            Ty::Bool => "Bool".into(),
            Ty::Byte => "Byte".into(),
            Ty::Float => "Float64".into(),
            Ty::Str => "String".into(),
            Ty::Unit => "Unit".into(),
            Ty::Array(t) => format!("Array<{}>", t.written()),
            Ty::Tuple(ts) => format!("Tuple<{}>", list(ts)),
            Ty::Option(t) => format!("Option<{}>", t.written()),
            Ty::Result(a, b) => format!("Result<{}, {}>", a.written(), b.written()),
            Ty::Adt(n, args) if args.is_empty() => n.clone(),
            Ty::Adt(n, args) => format!("{}<{}>", n, list(args)),
            Ty::Alias(n) | Ty::Var(n) | Ty::Named(n) => n.clone(),
            Ty::Fn(ps, r, row) => format!("fn({} -> {}) {}", list(ps), r.written(), row_text(row)),
        }
    }

    /// Replace type variables by their values.
    pub fn subst(&self, map: &[(String, Ty)]) -> Ty {
        match self {
            Ty::Var(v) => map
                .iter()
                .find(|(n, _)| n == v)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| self.clone()),
            Ty::Array(t) => Ty::Array(Box::new(t.subst(map))),
            Ty::Option(t) => Ty::Option(Box::new(t.subst(map))),
            Ty::Result(a, b) => Ty::Result(Box::new(a.subst(map)), Box::new(b.subst(map))),
            Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| t.subst(map)).collect()),
            Ty::Adt(n, args) => Ty::Adt(n.clone(), args.iter().map(|t| t.subst(map)).collect()),
            Ty::Fn(ps, r, row) => Ty::Fn(
                ps.iter().map(|t| t.subst(map)).collect(),
                Box::new(r.subst(map)),
                row.clone(),
            ),
            _ => self.clone(),
        }
    }

    /// Is the value a pointer at run time (spec 9.1)? Type variables count as
    /// heap values: they may be instantiated with one.
    pub fn is_heap(&self) -> bool {
        !matches!(
            self,
            Ty::Int | Ty::Nat | Ty::Bool | Ty::Byte | Ty::Float | Ty::Unit
        )
    }

    pub fn has_var(&self) -> bool {
        match self {
            Ty::Var(_) => true,
            Ty::Array(t) | Ty::Option(t) => t.has_var(),
            Ty::Result(a, b) => a.has_var() || b.has_var(),
            Ty::Tuple(ts) | Ty::Adt(_, ts) => ts.iter().any(Ty::has_var),
            Ty::Fn(ps, r, _) => ps.iter().any(Ty::has_var) || r.has_var(),
            _ => false,
        }
    }

    /// Does the type hold a function type (through an alias or written out)?
    pub fn mentions_alias(&self) -> bool {
        match self {
            Ty::Alias(_) | Ty::Fn(..) => true,
            Ty::Array(t) | Ty::Option(t) => t.mentions_alias(),
            Ty::Result(a, b) => a.mentions_alias() || b.mentions_alias(),
            Ty::Tuple(ts) | Ty::Adt(_, ts) => ts.iter().any(Ty::mentions_alias),
            _ => false,
        }
    }

    /// Is this one of the types that order with `<` (spec 2.10)?
    pub fn is_ordered(&self) -> bool {
        matches!(self, Ty::Int | Ty::Nat | Ty::Float | Ty::Str | Ty::Byte)
    }
}

pub fn list(ts: &[Ty]) -> String {
    ts.iter().map(Ty::written).collect::<Vec<_>>().join(", ")
}

/// One effect of a row.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Eff {
    IO,
    State(Ty),
    Exn(Ty),
    /// A user-defined effect of the root module, with its type arguments.
    User(String, Vec<Ty>),
}

impl Eff {
    pub fn subst(&self, map: &[(String, Ty)]) -> Eff {
        match self {
            Eff::State(t) => Eff::State(t.subst(map)),
            Eff::Exn(t) => Eff::Exn(t.subst(map)),
            Eff::User(n, args) => Eff::User(n.clone(), args.iter().map(|t| t.subst(map)).collect()),
            Eff::IO => Eff::IO,
        }
    }

    pub fn written(&self) -> String {
        match self {
            Eff::IO => "IO".into(),
            Eff::State(t) => format!("State<{}>", t.written()),
            Eff::Exn(t) => format!("Exn<{}>", t.written()),
            Eff::User(n, args) if args.is_empty() => n.clone(),
            Eff::User(n, args) => format!("{}<{}>", n, list(args)),
        }
    }
}

/// `effects(pure)` or `effects(<A, B>)`, in the canonical (sorted) order.
pub fn row_text(row: &[Eff]) -> String {
    if row.is_empty() {
        return "effects(pure)".into();
    }
    let mut names: Vec<String> = row.iter().map(Eff::written).collect();
    names.sort();
    names.dedup();
    format!("effects(<{}>)", names.join(", "))
}

/// A `data` declaration.
#[derive(Clone, Debug)]
pub struct AdtDef {
    pub name: String,
    pub params: Vec<String>,
    /// Constructors with their field types, written with `Ty::Var` for parameters.
    pub ctors: Vec<(String, Vec<Ty>)>,
    pub module: usize,
    pub public: bool,
}

impl AdtDef {
    /// The field types of constructor `c` at the type arguments `args`.
    pub fn fields(&self, c: usize, args: &[Ty]) -> Vec<Ty> {
        let map: Vec<(String, Ty)> = self
            .params
            .iter()
            .cloned()
            .zip(args.iter().cloned())
            .collect();
        self.ctors[c].1.iter().map(|t| t.subst(&map)).collect()
    }

    /// Does a field of constructor `c` hold this same data type?
    pub fn is_recursive_ctor(&self, c: usize) -> bool {
        self.ctors[c].1.iter().any(|t| mentions_adt(t, &self.name))
    }
}

pub fn mentions_adt(t: &Ty, name: &str) -> bool {
    match t {
        Ty::Adt(n, args) => n == name || args.iter().any(|a| mentions_adt(a, name)),
        Ty::Array(t) | Ty::Option(t) => mentions_adt(t, name),
        Ty::Result(a, b) => mentions_adt(a, name) || mentions_adt(b, name),
        Ty::Tuple(ts) => ts.iter().any(|a| mentions_adt(a, name)),
        _ => false,
    }
}

/// `type N = T;` or a refinement `type N = { @T | ... };`.
#[derive(Clone, Debug)]
pub struct NamedDef {
    pub name: String,
    pub target: Ty,
    pub refine: Refine,
}

/// The refinements the generator writes, and knows how to satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refine {
    None,
    /// `{ @Int | @Int.0 >= 0 && @Int.0 < n }` or `{ @Nat | @Nat.0 < n }`
    Below(u64),
    /// `{ @String | string_length(@String.0) > 0 }`
    NonEmpty,
}

/// `type F = fn(A, B -> R) effects(row);`
#[derive(Clone, Debug)]
pub struct AliasDef {
    pub name: String,
    pub params: Vec<Ty>,
    pub ret: Ty,
    pub row: Vec<Eff>,
}

/// A user-defined effect with its operations, each `op name(Param -> Ret);`,
/// perhaps generic (`effect Log<T> { op emit(T -> Unit); }`).
#[derive(Clone, Debug)]
pub struct EffDef {
    pub name: String,
    pub params: Vec<String>,
    pub ops: Vec<OpDef>,
}

impl EffDef {
    /// Parameter and result type of operation `j` at the type arguments `args`.
    pub fn op_types(&self, j: usize, args: &[Ty]) -> (Ty, Ty) {
        let map: Vec<(String, Ty)> = self
            .params
            .iter()
            .cloned()
            .zip(args.iter().cloned())
            .collect();
        (self.ops[j].param.subst(&map), self.ops[j].ret.subst(&map))
    }
}

#[derive(Clone, Debug)]
pub struct OpDef {
    pub name: String,
    pub param: Ty,
    pub ret: Ty,
}

/// What a function requires of one parameter; call sites generate arguments
/// that satisfy it, and the body may rely on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pre {
    None,
    /// `@Nat.k <= n`
    NatAtMost(u64),
    /// `string_length(@String.k) > 0`
    NonEmptyStr,
    /// `length(@Array<T>.k) > 0`
    NonEmptyArr,
    /// `@Int.k > 0 - n && @Int.k < n`
    IntWithin(u64),
}

/// A generated function (its signature; the text is kept by the module).
#[derive(Clone, Debug)]
pub struct FnDef {
    pub name: String,
    pub module: usize,
    pub public: bool,
    pub tparams: Vec<String>,
    pub params: Vec<Ty>,
    pub pre: Vec<Pre>,
    pub ret: Ty,
    pub row: Vec<Eff>,
    /// Estimated steps of one call, callees included: calls are only generated
    /// while the caller's budget allows, which keeps every program short.
    pub cost: u64,
}

/// Which constructs a generated program used, by name, with counts; the
/// names are [`FEATURE_NAMES`].
#[derive(Clone, Debug, Default)]
pub struct Features {
    pub counts: BTreeMap<&'static str, u32>,
}

/// Every feature the generator counts.
pub const FEATURE_NAMES: &[&str] = &[
    "adt",
    "adt_recursive",
    "adt_generic",
    "adt_closure_field",
    "match",
    "nested_pattern",
    "literal_pattern",
    "wildcard_pattern",
    "closure",
    "closure_capture_heap",
    "closure_returned",
    "apply_fn",
    "higher_order_fn",
    "array_literal",
    "array_index",
    "array_length",
    "string_builtin",
    "parse",
    "tuple",
    "tuple_let",
    "tuple_pattern",
    "ctor_let",
    "generic_fn",
    "generic_call",
    "generic_exn",
    "state_handler",
    "state_heap",
    "old_new",
    "exn_handler",
    "throw",
    "exn_cross_frame",
    "user_effect",
    "generic_effect",
    "user_handler",
    "nested_handlers",
    "stateful_user_handler",
    "non_resuming_clause",
    "module",
    "module_chain",
    "import_selective",
    "qualified_call",
    "requires",
    "ensures",
    "decreases",
    "recursion",
    "mutual_recursion",
    "tail_call",
    "churn",
    "quantifier",
    "pipe",
    "float",
    "byte",
    "assert",
    "equality",
    "if",
    "block_let",
    "type_alias",
    "refinement",
];

impl Features {
    pub fn bump(&mut self, name: &'static str) {
        debug_assert!(FEATURE_NAMES.contains(&name), "unknown feature {}", name);
        *self.counts.entry(name).or_insert(0) += 1;
    }

    pub fn has(&self, name: &str) -> bool {
        self.counts.get(name).is_some_and(|n| *n > 0)
    }
}
