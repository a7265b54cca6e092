//! Registration: every declaration of every module enters the environment before
//! any body is checked, so that order of declarations never matters.
//!
//! The steps, in order: names of types and effects; imported types; constructor
//! fields, aliases' and operations' types; function signatures; imported functions.

use super::env::{suggest, AliasDef, Env, FnSig, Scope, TypeItem};
use super::tir::{AdtDef, CtorDef, EffectDef, FnId, OpDef};
use super::types::{AdtId, EffectId};
use crate::diagnostics::Diagnostic;
use crate::modules::Loaded;
use crate::source::Span;
use crate::syntax::ast::{self, Decl, TypeExprKind, Visibility};
use std::collections::HashMap;

/// A function declaration and the module it belongs to, indexed by [`FnId`].
pub struct FnSource<'a> {
    pub module: usize,
    pub decl: &'a ast::FnDecl,
}

pub fn register<'a>(loaded: &'a Loaded, env: &mut Env) -> Vec<FnSource<'a>> {
    env.module_paths = loaded.modules.iter().map(|m| m.path.clone()).collect();
    env.scopes = vec![env.builtin_scope(); loaded.modules.len()];
    let mut own = vec![Scope::default(); loaded.modules.len()];
    for (m, module) in loaded.modules.iter().enumerate() {
        for decl in &module.ast.decls {
            register_type_name(env, &mut own[m], m, decl);
        }
    }
    for (m, module) in loaded.modules.iter().enumerate() {
        inject_types(env, loaded, &own, m, &module.ast.imports, &module.imports);
    }
    for (m, module) in loaded.modules.iter().enumerate() {
        for decl in &module.ast.decls {
            resolve_type_decl(env, m, decl);
        }
    }
    let mut sources = Vec::new();
    for (m, module) in loaded.modules.iter().enumerate() {
        for decl in &module.ast.decls {
            if let Decl::Fn(f) = decl {
                let id = register_fn(env, &mut sources, m, f, &HashMap::new());
                let name = &f.name.name;
                if own[m].fns.insert(name.clone(), id).is_some() {
                    duplicate(env, f.name.span, "function", name);
                }
                env.scopes[m].fns.insert(name.clone(), id);
            }
        }
    }
    for (m, module) in loaded.modules.iter().enumerate() {
        inject_fns(env, loaded, &own, m, &module.ast.imports, &module.imports);
    }
    sources
}

fn duplicate(env: &mut Env, span: Span, what: &str, name: &str) {
    env.diags.push(
        Diagnostic::error(
            "E110",
            span,
            format!("The {} `{}` is declared twice in this module.", what, name),
        )
        .fix("Rename or remove one of the two declarations.")
        .spec("Chapter 8, Section 8.5"),
    );
}

/// Does `data Option<T> { None, Some(T) }` (or the Result equivalent) have exactly
/// the shape of the built-in? Then it *is* the built-in type.
fn builtin_shape(d: &ast::DataDecl) -> Option<AdtId> {
    let target = match d.name.name.as_str() {
        "Option" => AdtId::OPTION,
        "Result" => AdtId::RESULT,
        _ => return None,
    };
    let params: Vec<&str> = d.type_params.iter().map(|p| p.name.as_str()).collect();
    let field_of = |ctor: &ast::Ctor| -> Option<usize> {
        match ctor.fields.as_slice() {
            [] => None,
            [ast::TypeExpr {
                kind: TypeExprKind::Named { name, args },
                ..
            }] if args.is_empty() => params.iter().position(|p| *p == name.name).map(|i| i + 1),
            _ => Some(usize::MAX),
        }
    };
    let mut shape: Vec<(String, Option<usize>)> = d
        .ctors
        .iter()
        .map(|c| (c.name.name.clone(), field_of(c)))
        .collect();
    shape.sort();
    let expected: Vec<(String, Option<usize>)> = if target == AdtId::OPTION {
        vec![("None".into(), None), ("Some".into(), Some(1))]
    } else {
        vec![("Err".into(), Some(2)), ("Ok".into(), Some(1))]
    };
    (params.len() == target.0 as usize + 1 && shape == expected && d.invariant.is_none())
        .then_some(target)
}

fn register_type_name(env: &mut Env, own: &mut Scope, m: usize, decl: &Decl) {
    match decl {
        Decl::Data(d) => {
            let name = d.name.name.clone();
            let id = match builtin_shape(d) {
                Some(id) => id,
                None => {
                    env.adt_public
                        .push(d.visibility == Some(Visibility::Public));
                    env.adts.push(AdtDef {
                        name: name.clone(),
                        type_params: d.type_params.iter().map(|p| p.name.clone()).collect(),
                        ctors: Vec::new(),
                        module: env.module_paths[m].clone(),
                        invariant: None,
                    })
                }
            };
            if own.types.insert(name.clone(), TypeItem::Adt(id)).is_some() {
                duplicate(env, d.name.span, "type", &name);
            }
            env.scopes[m].types.insert(name, TypeItem::Adt(id));
            for (tag, c) in d.ctors.iter().enumerate() {
                let tag = if id <= AdtId::RESULT {
                    env.adts[id]
                        .ctors
                        .iter()
                        .position(|k| k.name == c.name.name)
                        .unwrap_or(tag)
                } else {
                    tag
                };
                if own.ctors.insert(c.name.name.clone(), (id, tag)).is_some() {
                    env.diags.push(
                        Diagnostic::error("E111", c.name.span, format!("The constructor `{}` is declared twice in this module; constructor names must be unique.", c.name.name))
                            .fix("Rename one of the constructors.")
                            .spec("Chapter 2, Section 2.4"),
                    );
                }
                env.scopes[m].ctors.insert(c.name.name.clone(), (id, tag));
            }
        }
        Decl::Alias(a) => {
            env.aliases.push(AliasDef {
                type_params: a.type_params.iter().map(|p| p.name.clone()).collect(),
                target: a.ty.clone(),
                module: m,
            });
            let item = TypeItem::Alias(env.aliases.len() - 1);
            if own.types.insert(a.name.name.clone(), item).is_some() {
                duplicate(env, a.name.span, "type", &a.name.name);
            }
            env.scopes[m].types.insert(a.name.name.clone(), item);
        }
        Decl::Effect(e) => {
            // A declaration with the shape of a built-in effect is that effect;
            // any other declaration is a new effect, even if it shares a name.
            let builtin = env
                .builtin_scope()
                .effects
                .get(&e.name.name)
                .copied()
                .filter(|&id| same_effect_shape(&env.effects[id], e));
            let id = builtin.unwrap_or_else(|| {
                env.effects.push(EffectDef {
                    name: e.name.name.clone(),
                    module: env.module_paths[m].clone(),
                    type_params: e.type_params.iter().map(|p| p.name.clone()).collect(),
                    ops: Vec::new(),
                })
            });
            own.effects.insert(e.name.name.clone(), id);
            env.scopes[m].effects.insert(e.name.name.clone(), id);
        }
        Decl::Fn(_) => {}
    }
}

fn same_effect_shape(builtin: &EffectDef, e: &ast::EffectDecl) -> bool {
    builtin.type_params.len() == e.type_params.len()
        && builtin.ops.len() == e.ops.len()
        && e.ops.iter().all(|o| {
            builtin
                .ops
                .iter()
                .any(|b| b.name == o.name.name && b.params.len() == o.params.len())
        })
}

fn resolve_type_decl(env: &mut Env, m: usize, decl: &Decl) {
    match decl {
        Decl::Data(d) => {
            let Some(TypeItem::Adt(id)) = env.scopes[m].types.get(&d.name.name).copied() else {
                return;
            };
            if id <= AdtId::RESULT {
                return;
            }
            let vars: Vec<String> = d.type_params.iter().map(|p| p.name.clone()).collect();
            let ctors = d
                .ctors
                .iter()
                .map(|c| CtorDef {
                    name: c.name.name.clone(),
                    fields: c
                        .fields
                        .iter()
                        .map(|f| env.resolve_type(m, f, &vars))
                        .collect(),
                })
                .collect();
            env.adts[id].ctors = ctors;
        }
        Decl::Alias(a) => {
            let vars: Vec<String> = a.type_params.iter().map(|p| p.name.clone()).collect();
            env.resolve_type(m, &a.ty, &vars);
        }
        Decl::Effect(e) => {
            let Some(&id) = env.scopes[m].effects.get(&e.name.name) else {
                return;
            };
            if id <= EffectId::DIVERGE {
                return;
            }
            let vars: Vec<String> = e.type_params.iter().map(|p| p.name.clone()).collect();
            let ops = e
                .ops
                .iter()
                .map(|o| OpDef {
                    name: o.name.name.clone(),
                    params: o
                        .params
                        .iter()
                        .map(|p| env.resolve_type(m, p, &vars))
                        .collect(),
                    ret: env.resolve_type(m, &o.ret, &vars),
                })
                .collect();
            env.effects[id].ops = ops;
        }
        Decl::Fn(_) => {}
    }
}

/// Register `f` and, recursively, its `where` functions; returns `f`'s id.
fn register_fn<'a>(
    env: &mut Env,
    sources: &mut Vec<FnSource<'a>>,
    m: usize,
    f: &'a ast::FnDecl,
    outer_local: &HashMap<String, FnId>,
) -> FnId {
    let id = push_sig(env, sources, m, f, outer_local);
    register_where(env, sources, m, f, id, outer_local);
    id
}

/// A function and its `where` functions see each other (mutual recursion).
fn register_where<'a>(
    env: &mut Env,
    sources: &mut Vec<FnSource<'a>>,
    m: usize,
    f: &'a ast::FnDecl,
    id: FnId,
    outer_local: &HashMap<String, FnId>,
) {
    if f.where_fns.is_empty() {
        return;
    }
    let ids: Vec<FnId> = f
        .where_fns
        .iter()
        .map(|w| push_sig(env, sources, m, w, outer_local))
        .collect();
    let mut local = outer_local.clone();
    for (w, wid) in f.where_fns.iter().zip(&ids) {
        if local.insert(w.name.name.clone(), *wid).is_some() {
            duplicate(env, w.name.span, "function", &w.name.name);
        }
    }
    env.fns[id].local_fns = local.clone();
    for (w, wid) in f.where_fns.iter().zip(ids) {
        env.fns[wid].local_fns = local.clone();
        register_where(env, sources, m, w, wid, &local);
    }
}

fn push_sig<'a>(
    env: &mut Env,
    sources: &mut Vec<FnSource<'a>>,
    m: usize,
    f: &'a ast::FnDecl,
    local: &HashMap<String, FnId>,
) -> FnId {
    let vars: Vec<String> = f.type_params.iter().map(|p| p.name.clone()).collect();
    let params = f
        .params
        .iter()
        .map(|p| env.resolve_type(m, p, &vars))
        .collect();
    let ret = env.resolve_type(m, &f.ret, &vars);
    let effects = env.resolve_row(m, &f.effects, &vars);
    sources.push(FnSource { module: m, decl: f });
    env.fns.push(FnSig {
        name: f.name.name.clone(),
        module: m,
        type_params: vars,
        params,
        param_keys: f.params.iter().map(ast::TypeExpr::key).collect(),
        ret,
        ret_key: f.ret.key(),
        effects,
        public: f.visibility == Some(Visibility::Public),
        span: f.span,
        local_fns: local.clone(),
    })
}

fn inject_types(
    env: &mut Env,
    loaded: &Loaded,
    own: &[Scope],
    m: usize,
    imports: &[ast::Import],
    targets: &[usize],
) {
    let mut origin: HashMap<String, usize> = HashMap::new();
    for (import, &t) in imports.iter().zip(targets) {
        if t == usize::MAX {
            continue;
        }
        let wildcard = own[t]
            .types
            .iter()
            .filter(|(_, item)| matches!(item, TypeItem::Adt(_)))
            .map(|(n, _)| n.clone());
        let names = requested_names(import, |c| c.is_ascii_uppercase(), wildcard);
        for (name, span) in names {
            let Some(TypeItem::Adt(id)) = own[t].types.get(&name).copied() else {
                if import.names.is_some() {
                    not_exported(
                        env,
                        loaded,
                        t,
                        &name,
                        span,
                        own[t].types.contains_key(&name),
                    );
                }
                continue;
            };
            if !env.adt_public[id] {
                if import.names.is_some() {
                    private_import(env, loaded, t, &name, span, "data type");
                }
                continue;
            }
            if own[m].types.contains_key(&name) {
                continue; // the module's own declaration shadows the import
            }
            let clash = env.scopes[m].clashing_types.contains_key(&name)
                || (origin.contains_key(&name)
                    && matches!(env.scopes[m].types.get(&name), Some(TypeItem::Adt(prev)) if *prev != id));
            if clash {
                let first = origin
                    .get(&name)
                    .map(|&p| loaded.modules[p].path.clone())
                    .unwrap_or_default();
                env.scopes[m].types.remove(&name);
                env.scopes[m]
                    .clashing_types
                    .entry(name.clone())
                    .or_insert((first, loaded.modules[t].path.clone()));
            } else {
                origin.insert(name.clone(), t);
                env.scopes[m].types.insert(name.clone(), TypeItem::Adt(id));
            }
            // The constructors, by name: their fields are not resolved yet.
            let mut ctors: Vec<(String, usize)> = own[t]
                .ctors
                .iter()
                .filter(|(_, (a, _))| *a == id)
                .map(|(c, (_, tag))| (c.clone(), *tag))
                .collect();
            ctors.sort_by_key(|(_, tag)| *tag);
            for (c, tag) in ctors {
                if own[m].ctors.contains_key(&c) || env.scopes[m].clashing_ctors.contains_key(&c) {
                    continue;
                }
                if let Some(&(other, _)) = env.scopes[m].ctors.get(&c) {
                    if other != id && !env.builtin_scope().ctors.contains_key(&c) {
                        let modules = (
                            env.adts[other].module.clone(),
                            loaded.modules[t].path.clone(),
                        );
                        env.scopes[m].ctors.remove(&c);
                        env.scopes[m].clashing_ctors.insert(c, modules);
                        continue;
                    }
                }
                env.scopes[m].ctors.insert(c, (id, tag));
            }
        }
    }
}

fn inject_fns(
    env: &mut Env,
    loaded: &Loaded,
    own: &[Scope],
    m: usize,
    imports: &[ast::Import],
    targets: &[usize],
) {
    let mut origin: HashMap<String, usize> = HashMap::new();
    for (import, &t) in imports.iter().zip(targets) {
        if t == usize::MAX {
            continue;
        }
        let names = requested_names(
            import,
            |c| c.is_ascii_lowercase(),
            own[t].fns.keys().cloned(),
        );
        for (name, span) in names {
            let Some(&id) = own[t].fns.get(&name) else {
                if import.names.is_some() {
                    not_exported(env, loaded, t, &name, span, false);
                }
                continue;
            };
            if !env.fns[id].public {
                if import.names.is_some() {
                    private_import(env, loaded, t, &name, span, "function");
                }
                continue;
            }
            if own[m].fns.contains_key(&name) || env.scopes[m].clashing_fns.contains_key(&name) {
                continue;
            }
            if let Some(&prev) = origin.get(&name) {
                if prev != t {
                    env.scopes[m].fns.remove(&name);
                    let modules = (
                        loaded.modules[prev].path.clone(),
                        loaded.modules[t].path.clone(),
                    );
                    env.scopes[m].clashing_fns.insert(name, modules);
                    continue;
                }
            }
            origin.insert(name.clone(), t);
            env.scopes[m].fns.insert(name, id);
        }
    }
}

/// The names an import brings in, with where each is named: those of its list
/// that start with the right case, or for a wildcard import all of `wildcard`.
fn requested_names(
    import: &ast::Import,
    first: fn(char) -> bool,
    wildcard: impl Iterator<Item = String>,
) -> Vec<(String, Span)> {
    match &import.names {
        Some(names) => names
            .iter()
            .filter(|n| n.name.starts_with(first))
            .map(|n| (n.name.clone(), n.span))
            .collect(),
        None => wildcard.map(|n| (n, import.span)).collect(),
    }
}

fn not_exported(env: &mut Env, loaded: &Loaded, t: usize, name: &str, span: Span, is_alias: bool) {
    let path = &loaded.modules[t].path;
    let mut known: Vec<String> = Vec::new();
    for d in &loaded.modules[t].ast.decls {
        match d {
            Decl::Fn(f) => known.push(f.name.name.clone()),
            Decl::Data(dd) => known.push(dd.name.name.clone()),
            _ => {}
        }
    }
    let hint = suggest(name, &known)
        .map(|s| format!(" Did you mean `{}`?", s))
        .unwrap_or_default();
    let why = if is_alias {
        "type aliases and effects are local to their module and cannot be imported"
    } else {
        "it declares no function or data type of that name"
    };
    env.diags.push(
        Diagnostic::error(
            "E233",
            span,
            format!(
                "Cannot import `{}` from module `{}`: {}.{}",
                name, path, why, hint
            ),
        )
        .fix(format!(
            "Import a public declaration of `{}`: import {}({});",
            path,
            path,
            known.first().cloned().unwrap_or_default()
        ))
        .spec("Chapter 8, Section 8.3"),
    );
}

fn private_import(env: &mut Env, loaded: &Loaded, t: usize, name: &str, span: Span, what: &str) {
    let path = &loaded.modules[t].path;
    env.diags.push(
        Diagnostic::error("E232", span, format!("Cannot import `{}` from module `{}`: the {} is private, visible only inside its own module.", name, path, what))
            .fix(format!("Declare it `public` in {}, or stop importing it.", path))
            .spec("Chapter 8, Section 8.4"),
    );
}
