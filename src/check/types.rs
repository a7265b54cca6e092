//! Semantic types: what a type expression means once aliases are resolved.

use crate::ids::define_id;
use std::fmt;

define_id!(
    /// A data type: an index into [`super::tir::Program::adts`].
    AdtId
);
define_id!(
    /// An effect: an index into [`super::tir::Program::effects`].
    EffectId
);

impl AdtId {
    pub const OPTION: AdtId = AdtId(0);
    pub const RESULT: AdtId = AdtId(1);
}

impl EffectId {
    pub const IO: EffectId = EffectId(0);
    pub const STATE: EffectId = EffectId(1);
    pub const EXN: EffectId = EffectId(2);
    pub const DIVERGE: EffectId = EffectId(3);
}

/// The display names of data types and effects, for messages and WAT comments.
pub trait Names {
    fn adt_name(&self, id: AdtId) -> String;
    fn effect_name(&self, id: EffectId) -> String;
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    Int,
    Nat,
    Bool,
    Byte,
    Float64,
    String,
    Unit,
    Never,
    Adt(AdtId, Vec<Type>),
    Array(Box<Type>),
    Tuple(Vec<Type>),
    Fn(Box<FnType>),
    /// A type variable of the enclosing generic declaration.
    Var(String),
    /// An unknown being inferred at a generic call site.
    Meta(u32),
    /// The type of an expression that already produced a diagnostic.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FnType {
    pub params: Vec<Type>,
    pub ret: Type,
    pub effects: Vec<Effect>,
}

/// One effect of a row: `IO`, `State<Int>`, `Exn<String>`, a user effect, or an
/// effect variable `E` of a polymorphic row.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    Named { id: EffectId, args: Vec<Type> },
    Var(String),
}

impl Effect {
    pub fn named(id: EffectId, args: Vec<Type>) -> Effect {
        Effect::Named { id, args }
    }

    /// The type arguments, mutably (none for an effect variable).
    pub fn args_mut(&mut self) -> Vec<&mut Type> {
        match self {
            Effect::Named { args, .. } => args.iter_mut().collect(),
            Effect::Var(_) => vec![],
        }
    }

    /// Whether this is the effect `id` (at any type arguments).
    pub fn is(&self, id: EffectId) -> bool {
        matches!(self, Effect::Named { id: e, .. } if *e == id)
    }
}

impl Type {
    pub fn fun(params: Vec<Type>, ret: Type, effects: Vec<Effect>) -> Type {
        Type::Fn(Box::new(FnType {
            params,
            ret,
            effects,
        }))
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Nat | Type::Float64 | Type::Byte)
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int | Type::Nat)
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    /// Replace type variables by name.
    pub fn subst(&self, map: &dyn Fn(&str) -> Option<Type>) -> Type {
        match self {
            Type::Var(v) => map(v).unwrap_or_else(|| self.clone()),
            Type::Adt(id, args) => Type::Adt(*id, args.iter().map(|a| a.subst(map)).collect()),
            Type::Array(t) => Type::Array(Box::new(t.subst(map))),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(|a| a.subst(map)).collect()),
            Type::Fn(f) => Type::fun(
                f.params.iter().map(|a| a.subst(map)).collect(),
                f.ret.subst(map),
                f.effects.iter().map(|e| e.subst(map)).collect(),
            ),
            _ => self.clone(),
        }
    }

    /// Replace inference variables with what they were solved to.
    pub fn zonk(&self, solved: &dyn Fn(u32) -> Option<Type>) -> Type {
        match self {
            Type::Meta(m) => match solved(*m) {
                Some(t) => t.zonk(solved),
                None => self.clone(),
            },
            Type::Adt(id, args) => Type::Adt(*id, args.iter().map(|a| a.zonk(solved)).collect()),
            Type::Array(t) => Type::Array(Box::new(t.zonk(solved))),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(|a| a.zonk(solved)).collect()),
            Type::Fn(f) => Type::fun(
                f.params.iter().map(|a| a.zonk(solved)).collect(),
                f.ret.zonk(solved),
                f.effects.iter().map(|e| e.zonk(solved)).collect(),
            ),
            _ => self.clone(),
        }
    }

    pub fn has_meta(&self) -> bool {
        match self {
            Type::Meta(_) => true,
            Type::Adt(_, args) | Type::Tuple(args) => args.iter().any(Type::has_meta),
            Type::Array(t) => t.has_meta(),
            Type::Fn(f) => f.params.iter().any(Type::has_meta) || f.ret.has_meta(),
            _ => false,
        }
    }

    pub fn has_var(&self) -> bool {
        match self {
            Type::Var(_) => true,
            Type::Adt(_, args) | Type::Tuple(args) => args.iter().any(Type::has_var),
            Type::Array(t) => t.has_var(),
            Type::Fn(f) => f.params.iter().any(Type::has_var) || f.ret.has_var(),
            _ => false,
        }
    }
}

impl Effect {
    pub fn subst(&self, map: &dyn Fn(&str) -> Option<Type>) -> Effect {
        match self {
            Effect::Named { id, args } => Effect::Named {
                id: *id,
                args: args.iter().map(|a| a.subst(map)).collect(),
            },
            Effect::Var(_) => self.clone(),
        }
    }

    pub fn zonk(&self, solved: &dyn Fn(u32) -> Option<Type>) -> Effect {
        match self {
            Effect::Named { id, args } => Effect::Named {
                id: *id,
                args: args.iter().map(|a| a.zonk(solved)).collect(),
            },
            Effect::Var(_) => self.clone(),
        }
    }
}

/// Renders types the way Vera writes them.
pub struct TypeDisplay<'a> {
    pub ty: &'a Type,
    pub names: &'a dyn Names,
}

impl fmt::Display for TypeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |t: &Type| {
            TypeDisplay {
                ty: t,
                names: self.names,
            }
            .to_string()
        };
        let list = |ts: &[Type]| ts.iter().map(show).collect::<Vec<_>>().join(", ");
        match self.ty {
            Type::Int => write!(f, "Int"),
            Type::Nat => write!(f, "Nat"),
            Type::Bool => write!(f, "Bool"),
            Type::Byte => write!(f, "Byte"),
            Type::Float64 => write!(f, "Float64"),
            Type::String => write!(f, "String"),
            Type::Unit => write!(f, "Unit"),
            Type::Never => write!(f, "Never"),
            Type::Adt(id, args) if args.is_empty() => write!(f, "{}", self.names.adt_name(*id)),
            Type::Adt(id, args) => write!(f, "{}<{}>", self.names.adt_name(*id), list(args)),
            Type::Array(t) => write!(f, "Array<{}>", show(t)),
            Type::Tuple(ts) => write!(f, "Tuple<{}>", list(ts)),
            Type::Fn(ft) => {
                write!(
                    f,
                    "fn({} -> {}) {}",
                    list(&ft.params),
                    show(&ft.ret),
                    effects_text(&ft.effects, self.names)
                )
            }
            Type::Var(v) => write!(f, "{}", v),
            Type::Meta(_) => write!(f, "?"),
            Type::Error => write!(f, "<error>"),
        }
    }
}

/// One effect as Vera writes it: `State<Int>`, `E`.
pub fn effect_text(e: &Effect, names: &dyn Names) -> String {
    match e {
        Effect::Var(v) => v.clone(),
        Effect::Named { id, args } if args.is_empty() => names.effect_name(*id),
        Effect::Named { id, args } => {
            let a: Vec<String> = args
                .iter()
                .map(|t| TypeDisplay { ty: t, names }.to_string())
                .collect();
            format!("{}<{}>", names.effect_name(*id), a.join(", "))
        }
    }
}

pub fn effects_text(effects: &[Effect], names: &dyn Names) -> String {
    if effects.is_empty() {
        return "effects(pure)".into();
    }
    let items: Vec<String> = effects.iter().map(|e| effect_text(e, names)).collect();
    format!("effects(<{}>)", items.join(", "))
}
