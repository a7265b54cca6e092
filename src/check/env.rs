//! The global environment: built-in types, effects and functions, and every
//! module's declarations, registered before any body is checked.

use super::tir::{AdtDef, CtorDef, EffectDef, FnId, OpDef};
use super::types::{AdtId, Effect, EffectId, Names, Type};
use crate::diagnostics::Diagnostic;
use crate::ids::IdVec;
use crate::source::Span;
use crate::syntax::ast::{self, EffectRow, TypeExpr, TypeExprKind};
use std::collections::HashMap;

/// A function's checked signature.
#[derive(Clone, Debug)]
pub struct FnSig {
    pub name: String,
    pub module: usize,
    pub type_params: Vec<String>,
    pub params: Vec<Type>,
    pub param_keys: Vec<String>,
    pub ret: Type,
    pub ret_key: String,
    pub effects: Vec<Effect>,
    pub public: bool,
    pub span: Span,
    /// Functions visible from this function's body beyond its module's: its `where` siblings.
    pub local_fns: HashMap<String, FnId>,
}

#[derive(Clone, Debug)]
pub struct AliasDef {
    pub type_params: Vec<String>,
    pub target: TypeExpr,
    pub module: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TypeItem {
    Adt(AdtId),
    Alias(usize),
}

/// The names one module can see.
#[derive(Default, Clone)]
pub struct Scope {
    pub types: HashMap<String, TypeItem>,
    pub ctors: HashMap<String, (AdtId, usize)>,
    pub fns: HashMap<String, FnId>,
    pub effects: HashMap<String, EffectId>,
    /// Names that two imported modules both supply (spec 7.6), with the two module
    /// paths. They are not in scope: a bare use is a collision error.
    pub clashing_fns: HashMap<String, (String, String)>,
    pub clashing_types: HashMap<String, (String, String)>,
    pub clashing_ctors: HashMap<String, (String, String)>,
}

/// A bare use of a name that two imports supply (E608 function, E609 data type,
/// E610 constructor).
pub fn collision(
    code: &'static str,
    what: &str,
    name: &str,
    span: Span,
    modules: &(String, String),
) -> Diagnostic {
    let (a, b) = modules;
    let fix = if what == "function" {
        format!("Call it with its module path, as in {}::{}(...), or import it from only one of the modules (a selective import lists exactly the names needed).", a, name)
    } else {
        format!("Import it from only one of the modules: a selective import lists exactly the names needed, as in import {}({});", a, name)
    };
    Diagnostic::error(code, span, format!("Name collision: the {} `{}` is imported from both `{}` and `{}`, so its bare name is ambiguous here.", what, name, a, b))
        .fix(fix)
        .spec("Chapter 8, Section 8.5")
}

pub struct Env {
    pub adts: IdVec<AdtId, AdtDef>,
    pub adt_public: IdVec<AdtId, bool>,
    pub effects: IdVec<EffectId, EffectDef>,
    pub aliases: Vec<AliasDef>,
    pub fns: IdVec<FnId, FnSig>,
    pub scopes: Vec<Scope>,
    /// The module paths, by module index (`vera.math`).
    pub module_paths: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let t = || Type::Var("T".into());
        let e = || Type::Var("E".into());
        let adts: IdVec<AdtId, AdtDef> = IdVec::from(vec![
            AdtDef {
                name: "Option".into(),
                type_params: vec!["T".into()],
                ctors: vec![
                    CtorDef {
                        name: "Some".into(),
                        fields: vec![t()],
                    },
                    CtorDef {
                        name: "None".into(),
                        fields: vec![],
                    },
                ],
                module: String::new(),
                invariant: None,
            },
            AdtDef {
                name: "Result".into(),
                type_params: vec!["T".into(), "E".into()],
                ctors: vec![
                    CtorDef {
                        name: "Ok".into(),
                        fields: vec![t()],
                    },
                    CtorDef {
                        name: "Err".into(),
                        fields: vec![e()],
                    },
                ],
                module: String::new(),
                invariant: None,
            },
        ]);
        let op = |name: &str, params: Vec<Type>, ret: Type| OpDef {
            name: name.into(),
            params,
            ret,
        };
        let builtin = String::new;
        let effects: IdVec<EffectId, EffectDef> = IdVec::from(vec![
            EffectDef {
                name: "IO".into(),
                module: builtin(),
                type_params: vec![],
                ops: vec![op("print", vec![Type::String], Type::Unit)],
            },
            EffectDef {
                name: "State".into(),
                module: builtin(),
                type_params: vec!["T".into()],
                ops: vec![
                    op("get", vec![Type::Unit], t()),
                    op("put", vec![t()], Type::Unit),
                ],
            },
            EffectDef {
                name: "Exn".into(),
                module: builtin(),
                type_params: vec!["E".into()],
                ops: vec![op("throw", vec![e()], Type::Never)],
            },
            EffectDef {
                name: "Diverge".into(),
                module: builtin(),
                type_params: vec![],
                ops: vec![],
            },
        ]);
        Env {
            adts,
            adt_public: IdVec::from(vec![true, true]),
            effects,
            aliases: vec![],
            fns: IdVec::new(),
            scopes: vec![],
            module_paths: vec![],
            diags: vec![],
        }
    }

    /// The scope every module starts from: the built-in ADTs and effects.
    pub fn builtin_scope(&self) -> Scope {
        let mut s = Scope::default();
        for (id, adt) in self.adts.iter_enumerated().take(2) {
            s.types.insert(adt.name.clone(), TypeItem::Adt(id));
            for (tag, c) in adt.ctors.iter().enumerate() {
                s.ctors.insert(c.name.clone(), (id, tag));
            }
        }
        for (id, eff) in self.effects.iter_enumerated().take(4) {
            s.effects.insert(eff.name.clone(), id);
        }
        s
    }

    pub fn show(&self, ty: &Type) -> String {
        super::types::TypeDisplay { ty, names: self }.to_string()
    }

    pub fn show_effects(&self, effects: &[Effect]) -> String {
        super::types::effects_text(effects, self)
    }

    pub fn show_effect(&self, effect: &Effect) -> String {
        super::types::effect_text(effect, self)
    }

    /// Resolve a written type in a module, with the given type variables in scope.
    pub fn resolve_type(&mut self, module: usize, te: &TypeExpr, vars: &[String]) -> Type {
        self.resolve_type_depth(module, te, vars, 0)
    }

    fn resolve_type_depth(
        &mut self,
        module: usize,
        te: &TypeExpr,
        vars: &[String],
        depth: usize,
    ) -> Type {
        if depth > 64 {
            self.diags.push(
                Diagnostic::error(
                    "E102",
                    te.span,
                    "This type expands without end: a type alias refers to itself.",
                )
                .fix(
                    "Type aliases cannot be recursive; use a data declaration for recursive types.",
                )
                .spec("Chapter 2, Section 2.6.3"),
            );
            return Type::Error;
        }
        match &te.kind {
            TypeExprKind::Fn {
                params,
                ret,
                effects,
            } => {
                let params = params
                    .iter()
                    .map(|p| self.resolve_type_depth(module, p, vars, depth + 1))
                    .collect();
                let ret = self.resolve_type_depth(module, ret, vars, depth + 1);
                let effects = self.resolve_row(module, effects, vars);
                Type::fun(params, ret, effects)
            }
            TypeExprKind::Refined { base, .. } => {
                self.resolve_type_depth(module, base, vars, depth + 1)
            }
            TypeExprKind::Named { name, args } => {
                let resolved: Vec<Type> = args
                    .iter()
                    .map(|a| self.resolve_type_depth(module, a, vars, depth + 1))
                    .collect();
                self.resolve_named(module, &name.name, te.span, resolved, vars, depth)
            }
        }
    }

    fn resolve_named(
        &mut self,
        module: usize,
        name: &str,
        span: Span,
        args: Vec<Type>,
        vars: &[String],
        depth: usize,
    ) -> Type {
        if vars.iter().any(|v| v == name) {
            return if args.is_empty() {
                Type::Var(name.into())
            } else {
                self.arity_error(span, name, 0, args.len())
            };
        }
        match self.scopes[module].types.get(name).copied() {
            Some(TypeItem::Adt(id)) => {
                let want = self.adts[id].type_params.len();
                if args.len() != want {
                    return self.arity_error(span, name, want, args.len());
                }
                return Type::Adt(id, args);
            }
            Some(TypeItem::Alias(id)) => {
                let alias = self.aliases[id].clone();
                if args.len() != alias.type_params.len() {
                    return self.arity_error(span, name, alias.type_params.len(), args.len());
                }
                let target = self.resolve_type_depth(
                    alias.module,
                    &alias.target,
                    &alias.type_params,
                    depth + 1,
                );
                let map = |v: &str| {
                    alias
                        .type_params
                        .iter()
                        .position(|p| p == v)
                        .map(|i| args[i].clone())
                };
                return target.subst(&map);
            }
            None => {}
        }
        let prim = match name {
            "Int" => Some(Type::Int),
            "Nat" => Some(Type::Nat),
            "Bool" => Some(Type::Bool),
            "Byte" => Some(Type::Byte),
            "Float64" => Some(Type::Float64),
            "String" => Some(Type::String),
            "Unit" => Some(Type::Unit),
            "Never" => Some(Type::Never),
            _ => None,
        };
        if let Some(p) = prim {
            return if args.is_empty() {
                p
            } else {
                self.arity_error(span, name, 0, args.len())
            };
        }
        match name {
            "Array" if args.len() == 1 => {
                return Type::Array(Box::new(args.into_iter().next().unwrap()))
            }
            "Array" => return self.arity_error(span, name, 1, args.len()),
            "Tuple" if args.is_empty() => return Type::Unit,
            "Tuple" => return Type::Tuple(args),
            _ => {}
        }
        if let Some(modules) = self.scopes[module].clashing_types.get(name).cloned() {
            self.diags
                .push(collision("E609", "data type", name, span, &modules));
            return Type::Error;
        }
        let mut known: Vec<String> = self.scopes[module].types.keys().cloned().collect();
        known.extend(
            [
                "Int", "Nat", "Bool", "Byte", "Float64", "String", "Unit", "Array", "Tuple",
            ]
            .map(String::from),
        );
        known.extend(vars.iter().cloned());
        let hint = suggest(name, &known)
            .map(|s| format!(" Did you mean `{}`?", s))
            .unwrap_or_default();
        self.diags.push(
            Diagnostic::error("E100", span, format!("Unknown type `{}`: no built-in type, data type, alias or type variable has this name here.{}", name, hint))
                .fix(format!("Declare it, e.g.\n\n  private data {} {{\n    A,\n    B(Int)\n  }}\n\nor import it: import some.module({});", name, name))
                .spec("Chapter 2, Section 2.1"),
        );
        Type::Error
    }

    fn arity_error(&mut self, span: Span, name: &str, want: usize, got: usize) -> Type {
        self.diags.push(
            Diagnostic::error(
                "E101",
                span,
                format!(
                    "The type `{}` takes {} type argument{}, but {} {} given here.",
                    name,
                    want,
                    plural(want),
                    got,
                    if got == 1 { "is" } else { "are" }
                ),
            )
            .fix(if want == 0 {
                name.to_string()
            } else {
                format!("{}<{}>", name, vec!["Int"; want].join(", "))
            })
            .spec("Chapter 2, Section 2.7"),
        );
        Type::Error
    }

    pub fn resolve_row(&mut self, module: usize, row: &EffectRow, vars: &[String]) -> Vec<Effect> {
        let EffectRow::Row(refs, _) = row else {
            return Vec::new();
        };
        let mut out: Vec<Effect> = Vec::new();
        for r in refs {
            if let Some(e) = self.resolve_effect_ref(module, r, vars, true) {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Resolve `State<Int>` to an effect; with `allow_var`, an unknown single name
    /// such as `E` is an effect variable of a polymorphic row.
    pub fn resolve_effect_ref(
        &mut self,
        module: usize,
        r: &ast::EffectRef,
        vars: &[String],
        allow_var: bool,
    ) -> Option<Effect> {
        let name = &r.name.name;
        let Some(&id) = self.scopes[module].effects.get(name) else {
            if allow_var
                && r.args.is_empty()
                && r.qualifier.is_none()
                && (vars.contains(name) || name.len() == 1)
            {
                return Some(Effect::Var(name.clone()));
            }
            let known: Vec<String> = self.scopes[module].effects.keys().cloned().collect();
            let hint = suggest(name, &known)
                .map(|s| format!(" Did you mean `{}`?", s))
                .unwrap_or_default();
            self.diags.push(
                Diagnostic::error("E126", r.span, format!("Unknown effect `{}`.{} The built-in effects are IO, State<T>, Exn<E> and Diverge.", name, hint))
                    .fix(format!("Declare it:\n\n  effect {} {{\n    op do_it(Int -> Unit);\n  }}", name))
                    .spec("Chapter 7, Section 7.2"),
            );
            return None;
        };
        let want = self.effects[id].type_params.len();
        if r.args.len() != want {
            self.diags.push(
                Diagnostic::error(
                    "E101",
                    r.span,
                    format!(
                        "The effect `{}` takes {} type argument{}, but {} given.",
                        name,
                        want,
                        plural(want),
                        r.args.len()
                    ),
                )
                .fix(if want == 0 {
                    name.clone()
                } else {
                    format!("{}<Int>", name)
                })
                .spec("Chapter 7, Section 7.3"),
            );
            return None;
        }
        let args = r
            .args
            .iter()
            .map(|a| self.resolve_type(module, a, vars))
            .collect();
        Some(Effect::Named { id, args })
    }
}

impl Names for Env {
    fn adt_name(&self, id: AdtId) -> String {
        self.adts[id].name.clone()
    }
    fn effect_name(&self, id: EffectId) -> String {
        self.effects[id].name.clone()
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The closest known name, for "did you mean" hints.
pub fn suggest(name: &str, known: &[String]) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for k in known {
        let d = edit_distance(&name.to_lowercase(), &k.to_lowercase());
        if d <= 2.max(name.len() / 3) && d < name.len() && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}
