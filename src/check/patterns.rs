//! Match exhaustiveness and unreachable arms, by the usefulness algorithm
//! (Maranget, "Warnings for pattern matching"): an arm is unreachable when it is
//! not useful after the arms above it; a match is exhaustive when a wildcard is
//! not useful after all its arms. A witness of non-exhaustiveness is reported.

use super::env::Env;
use super::tir::Pattern;
use super::types::Type;

#[derive(Clone, Debug, PartialEq)]
enum Pat {
    Wild,
    /// A constructor by index (Bool: false = 0, true = 1).
    Ctor(usize, Vec<Pat>),
    /// An Int or String literal, by its text.
    Lit(String),
}

pub struct MatchReport {
    /// A value no arm matches, written as a pattern (`Cons(None, _)`).
    pub missing: Option<String>,
    /// Indices of arms that can never be reached.
    pub unreachable: Vec<usize>,
}

pub fn analyse(env: &Env, scrutinee: &Type, arms: &[&Pattern]) -> MatchReport {
    let rows: Vec<Vec<Pat>> = arms.iter().map(|p| vec![lower(p)]).collect();
    let types = vec![scrutinee.clone()];
    let mut unreachable = Vec::new();
    for i in 0..rows.len() {
        if useful(env, &rows[..i], &rows[i], &types).is_none() {
            unreachable.push(i);
        }
    }
    let missing = useful(env, &rows, &[Pat::Wild], &types).map(|w| show(env, &w[0], scrutinee));
    MatchReport {
        missing,
        unreachable,
    }
}

fn lower(p: &Pattern) -> Pat {
    match p {
        Pattern::Wildcard | Pattern::Bind(_) => Pat::Wild,
        Pattern::Ctor { tag, args, .. } => Pat::Ctor(*tag, args.iter().map(lower).collect()),
        Pattern::Tuple(args) => Pat::Ctor(0, args.iter().map(lower).collect()),
        Pattern::Bool(b) => Pat::Ctor(usize::from(*b), vec![]),
        Pattern::Int(i) => Pat::Lit(i.to_string()),
        Pattern::Str(s) => Pat::Lit(format!("{:?}", s)),
    }
}

/// The constructors of a type and their field types, or `None` for types with
/// infinitely many values (Int, String, …).
fn constructors(env: &Env, ty: &Type) -> Option<Vec<Vec<Type>>> {
    match ty {
        Type::Bool => Some(vec![vec![], vec![]]),
        Type::Adt(id, args) => {
            let adt = &env.adts[*id];
            Some(
                (0..adt.ctors.len())
                    .map(|tag| adt.field_types(tag, args))
                    .collect(),
            )
        }
        Type::Unit => Some(vec![vec![]]),
        Type::Tuple(ts) => Some(vec![ts.clone()]),
        _ => None,
    }
}

fn useful(env: &Env, rows: &[Vec<Pat>], v: &[Pat], types: &[Type]) -> Option<Vec<Pat>> {
    let Some(head) = v.first() else {
        return rows.is_empty().then(Vec::new);
    };
    let rest_types = &types[1..];
    match head {
        Pat::Ctor(c, args) => {
            let fields = constructors(env, &types[0])
                .and_then(|cs| cs.get(*c).cloned())
                .unwrap_or_default();
            let spec = specialize(rows, |p| ctor_args(p, *c, fields.len()));
            let mut v2 = args.clone();
            v2.extend_from_slice(&v[1..]);
            let w = useful(env, &spec, &v2, &concat(&fields, rest_types))?;
            Some(rebuild(
                Pat::Ctor(*c, w[..fields.len()].to_vec()),
                &w[fields.len()..],
            ))
        }
        Pat::Lit(l) => {
            let spec = specialize(rows, |p| match p {
                Pat::Wild => Some(vec![]),
                Pat::Lit(m) if m == l => Some(vec![]),
                _ => None,
            });
            let w = useful(env, &spec, &v[1..], rest_types)?;
            Some(rebuild(head.clone(), &w))
        }
        Pat::Wild => {
            let ctors = constructors(env, &types[0]);
            let used: Vec<usize> = rows
                .iter()
                .filter_map(|r| {
                    if let Pat::Ctor(c, _) = &r[0] {
                        Some(*c)
                    } else {
                        None
                    }
                })
                .collect();
            if let Some(cs) = &ctors {
                if !cs.is_empty() && (0..cs.len()).all(|c| used.contains(&c)) {
                    for (c, fields) in cs.iter().enumerate() {
                        let spec = specialize(rows, |p| ctor_args(p, c, fields.len()));
                        let mut v2 = vec![Pat::Wild; fields.len()];
                        v2.extend_from_slice(&v[1..]);
                        if let Some(w) = useful(env, &spec, &v2, &concat(fields, rest_types)) {
                            return Some(rebuild(
                                Pat::Ctor(c, w[..fields.len()].to_vec()),
                                &w[fields.len()..],
                            ));
                        }
                    }
                    return None;
                }
            }
            let default: Vec<Vec<Pat>> = rows
                .iter()
                .filter(|r| r[0] == Pat::Wild)
                .map(|r| r[1..].to_vec())
                .collect();
            let w = useful(env, &default, &v[1..], rest_types)?;
            let head = match &ctors {
                Some(cs) => match (0..cs.len()).find(|c| !used.contains(c)) {
                    Some(c) => Pat::Ctor(c, vec![Pat::Wild; cs[c].len()]),
                    None => Pat::Wild,
                },
                None => Pat::Wild,
            };
            Some(rebuild(head, &w))
        }
    }
}

fn ctor_args(p: &Pat, c: usize, arity: usize) -> Option<Vec<Pat>> {
    match p {
        Pat::Wild => Some(vec![Pat::Wild; arity]),
        Pat::Ctor(d, args) if *d == c => Some(args.clone()),
        _ => None,
    }
}

fn specialize(rows: &[Vec<Pat>], head: impl Fn(&Pat) -> Option<Vec<Pat>>) -> Vec<Vec<Pat>> {
    rows.iter()
        .filter_map(|r| {
            let mut new = head(&r[0])?;
            new.extend_from_slice(&r[1..]);
            Some(new)
        })
        .collect()
}

fn concat(a: &[Type], b: &[Type]) -> Vec<Type> {
    a.iter().chain(b).cloned().collect()
}

fn rebuild(head: Pat, rest: &[Pat]) -> Vec<Pat> {
    let mut v = vec![head];
    v.extend_from_slice(rest);
    v
}

fn show(env: &Env, p: &Pat, ty: &Type) -> String {
    match (p, ty) {
        (Pat::Wild, Type::Int | Type::Nat) => "an Int not covered by the literals (use `_`)".into(),
        (Pat::Wild, Type::String) => "a String not covered by the literals (use `_`)".into(),
        (Pat::Wild, _) => "_".into(),
        (Pat::Lit(l), _) => l.clone(),
        (Pat::Ctor(c, _), Type::Bool) => (*c == 1).to_string(),
        (Pat::Ctor(c, args), Type::Adt(id, _)) => {
            let fields = constructors(env, ty)
                .and_then(|cs| cs.get(*c).cloned())
                .unwrap_or_default();
            let name = &env.adts[*id].ctors[*c].name;
            if args.is_empty() {
                name.clone()
            } else {
                let shown: Vec<String> = args
                    .iter()
                    .zip(&fields)
                    .map(|(a, t)| show_nested(env, a, t))
                    .collect();
                format!("{}({})", name, shown.join(", "))
            }
        }
        (Pat::Ctor(_, args), Type::Tuple(parts)) => {
            let shown: Vec<String> = args
                .iter()
                .zip(parts)
                .map(|(a, t)| show_nested(env, a, t))
                .collect();
            format!("Tuple({})", shown.join(", "))
        }
        _ => "_".into(),
    }
}

fn show_nested(env: &Env, p: &Pat, ty: &Type) -> String {
    match p {
        Pat::Wild => "_".into(),
        _ => show(env, p, ty),
    }
}
