//! Finitely many instances. Code generation and the verifier make one copy of
//! a generic data type or function per instance (monomorphisation), so a
//! program must not need infinitely many: a data type whose recursive use
//! grows its type arguments (`data Nest<T> { N(Nest<Option<T>>), Z }`, E129)
//! or a generic function whose recursive calls do (`f<T>` calling
//! `f<Option<T>>`, E127) is rejected.
//!
//! The check is exact: the type parameters are nodes; an instance `G<A>` used
//! inside `F`'s definition adds, for each parameter `T` of `F` that occurs in
//! the argument `A` of `G`'s parameter `U`, an edge `F.T -> G.U` that *copies*
//! when `A` is `T` itself and *grows* otherwise. Instances are infinite exactly
//! when some growing edge lies on a cycle.

use super::env::{Env, TypeItem};
use super::tir::{ExprKind, Function};
use super::types::Type;
use crate::diagnostics::Diagnostic;
use crate::ids::Id;
use crate::modules::Loaded;
use crate::source::Span;
use crate::syntax::ast::Decl;
use std::collections::HashMap;

/// A type parameter: its owner (a data type or function, by index) and position.
type Node = (usize, usize);

/// Edges between type parameters; `true` marks a growing edge.
#[derive(Default)]
struct Graph {
    edges: HashMap<Node, Vec<(Node, bool)>>,
}

impl Graph {
    /// The edges of an instance `owner'<args>` used inside `owner`, whose type
    /// parameters are `params`.
    fn add_instance(&mut self, owner: usize, params: &[String], target: usize, args: &[Type]) {
        for (j, arg) in args.iter().enumerate() {
            for (i, p) in params.iter().enumerate() {
                if mentions(arg, p) {
                    let grows = !matches!(arg, Type::Var(v) if v == p);
                    self.edges
                        .entry((owner, i))
                        .or_default()
                        .push(((target, j), grows));
                }
            }
        }
    }

    /// A growing edge that lies on a cycle: `(from, to)`.
    fn growing_cycle(&self) -> Option<(Node, Node)> {
        let mut sources: Vec<&Node> = self.edges.keys().collect();
        sources.sort();
        for from in sources {
            for (to, grows) in &self.edges[from] {
                if *grows && self.reaches(*to, *from) {
                    return Some((*from, *to));
                }
            }
        }
        None
    }

    fn reaches(&self, start: Node, goal: Node) -> bool {
        let mut seen = vec![start];
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            if n == goal {
                return true;
            }
            for (next, _) in self.edges.get(&n).into_iter().flatten() {
                if !seen.contains(next) {
                    seen.push(*next);
                    stack.push(*next);
                }
            }
        }
        false
    }
}

fn mentions(t: &Type, var: &str) -> bool {
    let mut found = false;
    visit(t, &mut |t| found |= matches!(t, Type::Var(v) if v == var));
    found
}

/// Every type inside `t`, `t` included.
fn visit(t: &Type, f: &mut dyn FnMut(&Type)) {
    f(t);
    match t {
        Type::Adt(_, args) | Type::Tuple(args) => args.iter().for_each(|a| visit(a, f)),
        Type::Array(e) => visit(e, f),
        Type::Fn(ft) => ft.params.iter().chain([&ft.ret]).for_each(|a| visit(a, f)),
        _ => {}
    }
}

/// E129: data types whose recursive uses grow their type arguments.
pub fn check_data(loaded: &Loaded, env: &mut Env) {
    let mut graph = Graph::default();
    for (id, adt) in env.adts.iter_enumerated() {
        for ctor in &adt.ctors {
            for field in &ctor.fields {
                visit(field, &mut |t| {
                    if let Type::Adt(target, args) = t {
                        graph.add_instance(id.index(), &adt.type_params, target.index(), args);
                    }
                });
            }
        }
    }
    let Some(((owner, _), _)) = graph.growing_cycle() else {
        return;
    };
    let name = env.adts[Id::from_index(owner)].name.clone();
    let span = data_span(loaded, env, owner).unwrap_or_default();
    env.diags.push(
        Diagnostic::error(
            "E129",
            span,
            format!(
                "The data type `{}` is not regular: a recursive use of it changes its type arguments (as in `data Nest<T> {{ N(Nest<Option<T>>) }}`), so one value would need infinitely many instances of the type.",
                name
            ),
        )
        .fix("Use the type's own parameters, unchanged, where it refers to itself (`Nest<T>`), and put the varying part in a field.")
        .spec("Chapter 2, Section 2.8"),
    );
}

/// The name of the data declaration of ADT number `owner`.
fn data_span(loaded: &Loaded, env: &Env, owner: usize) -> Option<Span> {
    for (m, module) in loaded.modules.iter().enumerate() {
        for decl in &module.ast.decls {
            if let Decl::Data(d) = decl {
                if let Some(TypeItem::Adt(id)) = env.scopes[m].types.get(&d.name.name) {
                    if id.index() == owner {
                        return Some(d.name.span);
                    }
                }
            }
        }
    }
    None
}

/// E127: generic functions whose recursive calls grow their type arguments.
pub fn check_calls(functions: &[Function], env: &mut Env) {
    let mut graph = Graph::default();
    let mut spans: HashMap<(Node, Node), Span> = HashMap::new();
    for (caller, f) in functions.iter().enumerate() {
        if f.type_params.is_empty() {
            continue;
        }
        f.body.walk(&mut |e| {
            if let ExprKind::Call {
                func, type_args, ..
            } = &e.kind
            {
                graph.add_instance(caller, &f.type_params, func.index(), type_args);
                for (j, _) in type_args.iter().enumerate() {
                    for i in 0..f.type_params.len() {
                        spans
                            .entry(((caller, i), (func.index(), j)))
                            .or_insert(e.span);
                    }
                }
            }
        });
    }
    let Some((from, to)) = graph.growing_cycle() else {
        return;
    };
    let f = &functions[from.0];
    env.diags.push(
        Diagnostic::error(
            "E127",
            spans.get(&(from, to)).copied().unwrap_or(f.span),
            format!(
                "This call makes `{}` recursive at a growing type: its type parameter {} becomes a larger type at each level (as `f<T>` calling `f<Option<T>>`), and a generic function is compiled once per type it is used at, so it would need infinitely many copies.",
                functions[to.0].name, f.type_params[from.1]
            ),
        )
        .fix("Call it recursively at the same type parameters (or at a fixed type), and carry the growing part in a value, such as a list.")
        .spec("Chapter 2, Section 2.8"),
    );
}
