//! A generator of random well-typed, terminating Vera programs.
//!
//! `generate(seed, cfg)` builds a program in memory — data types, function type
//! aliases, user effects, an imported module, helper functions and a `main` —
//! and prints it. Everything is decided by one seeded [`Rng`], so a seed names a
//! program. The generation is type directed: each expression is produced for a
//! requested type from an environment of typed bindings, and every slot
//! reference `@T.n` is computed from that environment by counting the bindings
//! of the same written type (spec 3), so programs pass `vera check` by
//! construction. They also terminate and never fail at run time:
//!
//! - a function calls only functions generated before it, or itself through a
//!   template with `decreases` on a bounded `Nat` or on a field of its data
//!   argument; each function has a cost estimate, and calls are generated only
//!   while the caller's budget allows;
//! - division and `%` take positive literal divisors; array indexing, slicing
//!   and `char_code` are guarded by the length; `requires` clauses are
//!   satisfied by the arguments generated at every call site, and `ensures`
//!   clauses are true of the body by its shape;
//! - effects a callee needs and the caller lacks are discharged by a handler
//!   generated around the call (`State<T>`, `Exn<E>`, user effects).
//!
//! `main` prints its results with `IO.print`, through `show` functions the
//! generator writes for every type it prints, so two implementations can be
//! compared on standard output.
//!
//! Known compiler bugs are avoided behind the flags of [`KnownBugs`], all on
//! by default; turning one off makes the generator produce the construct again.

mod expr;
mod program;
mod show;
pub mod types;

use super::rng::Rng;
use std::collections::HashMap;
use types::{AdtDef, AliasDef, Eff, EffDef, FnDef, NamedDef, Pre, Ty};
pub use types::{Features, FEATURE_NAMES};

/// Sizes and switches of the generator.
#[derive(Clone, Debug)]
pub struct GenConfig {
    /// Expression nesting depth of function bodies.
    pub max_depth: u32,
    /// Helper functions, besides `main` and the `show` functions.
    pub max_fns: usize,
    /// Data types (root module and imported module together).
    pub max_adts: usize,
    /// Printed results in `main`.
    pub main_stmts: usize,
    /// Put some data types and functions in an imported module.
    pub modules: bool,
    /// Declare user-defined effects and generate their handlers.
    pub user_effects: bool,
    /// Use `Float64` values.
    pub floats: bool,
    /// Handlers of user effects with a state, `handle[E](@T = init) { ... with @T = ... }`
    /// (spec 6.5).
    pub stateful_handlers: bool,
    /// User-effect clauses that do not resume (spec 6.5).
    pub non_resuming_clauses: bool,
    pub known_bugs: KnownBugs,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            max_depth: 4,
            max_fns: 8,
            max_adts: 4,
            main_stmts: 8,
            modules: true,
            user_effects: true,
            floats: true,
            stateful_handlers: true,
            non_resuming_clauses: true,
            known_bugs: KnownBugs::none(),
        }
    }
}

/// Constructs the generator stays away from because the compiler gets them
/// wrong today. Each flag names its reproduction (`/work/shared/bugs/` or
/// `fuzz-findings/`); `true` means "avoid".
#[derive(Clone, Debug)]
pub struct KnownBugs {
    /// f01: a caught exception drops the catching function's own GC roots.
    /// Avoided by catching only in a function whose whole body is the
    /// `handle[Exn<E>]` and whose parameters are not heap values.
    pub f01_catch_drops_roots: bool,
    /// f02 and f03: a throw out of a `handle[State<T>]` or a user-effect
    /// handler leaves that handler's state or clause installed. Avoided by
    /// never letting an exception leave such a handler's body.
    pub f02_f03_throw_out_of_handler: bool,
    /// f04: `old(State<T>)` of a heap value is not a root.
    pub f04_old_heap_state: bool,
    /// f09: an operation inside a clause goes to the clause's own handler.
    pub f09_clause_reenters_handler: bool,
    /// f11: `Exn<F>` / `State<F>` of a function type make invalid WAT.
    pub f11_fn_type_effect_names: bool,
    /// fuzz-findings/empty_array_literal_unrooted.vera: `[]` allocates but is
    /// taken for non-allocating, so the constructor around it is not rooted.
    /// Avoided by binding every empty array with a `let` of its own.
    pub empty_array_literal_unrooted: bool,
    /// fuzz-findings/handle_as_generic_argument.vera: a `handle` where no type
    /// is expected (a generic argument, an operand) makes invalid WAT or a
    /// false error. Avoided by naming the type of every handle, and of every
    /// expression where no type is expected, with a `let`.
    pub handle_as_generic_argument: bool,
    /// fuzz-findings/unit_match_wildcard_comment.vera: a Unit match whose only
    /// arm is `_ -> ()` makes a WAT comment swallow a parenthesis. Avoided by
    /// generating no single-arm match of type Unit.
    pub unit_match_wildcard_comment: bool,
    /// fuzz-findings/state_of_unit.vera: `handle[State<Unit>]` makes invalid
    /// WAT. Avoided by no State of a type that is Unit.
    pub state_of_unit: bool,
}

impl Default for KnownBugs {
    fn default() -> Self {
        KnownBugs {
            f01_catch_drops_roots: true,
            f02_f03_throw_out_of_handler: true,
            f04_old_heap_state: true,
            f09_clause_reenters_handler: true,
            f11_fn_type_effect_names: true,
            empty_array_literal_unrooted: true,
            handle_as_generic_argument: true,
            unit_match_wildcard_comment: true,
            state_of_unit: true,
        }
    }
}

impl KnownBugs {
    /// The flags by name, for configuration from the environment.
    pub const NAMES: &'static [&'static str] = &[
        "f01_catch_drops_roots",
        "f02_f03_throw_out_of_handler",
        "f04_old_heap_state",
        "f09_clause_reenters_handler",
        "f11_fn_type_effect_names",
        "empty_array_literal_unrooted",
        "handle_as_generic_argument",
        "unit_match_wildcard_comment",
        "state_of_unit",
    ];

    /// Stop avoiding the bug called `name` (one of [`KnownBugs::NAMES`]);
    /// false if there is no such flag.
    pub fn allow(&mut self, name: &str) -> bool {
        let flag = match name {
            "f01_catch_drops_roots" => &mut self.f01_catch_drops_roots,
            "f02_f03_throw_out_of_handler" => &mut self.f02_f03_throw_out_of_handler,
            "f04_old_heap_state" => &mut self.f04_old_heap_state,
            "f09_clause_reenters_handler" => &mut self.f09_clause_reenters_handler,
            "f11_fn_type_effect_names" => &mut self.f11_fn_type_effect_names,
            "empty_array_literal_unrooted" => &mut self.empty_array_literal_unrooted,
            "handle_as_generic_argument" => &mut self.handle_as_generic_argument,
            "unit_match_wildcard_comment" => &mut self.unit_match_wildcard_comment,
            "state_of_unit" => &mut self.state_of_unit,
            _ => return false,
        };
        *flag = false;
        true
    }

    /// Generate every construct, bugs or not.
    pub fn none() -> Self {
        KnownBugs {
            f01_catch_drops_roots: false,
            f02_f03_throw_out_of_handler: false,
            f04_old_heap_state: false,
            f09_clause_reenters_handler: false,
            f11_fn_type_effect_names: false,
            empty_array_literal_unrooted: false,
            handle_as_generic_argument: false,
            unit_match_wildcard_comment: false,
            state_of_unit: false,
        }
    }
}

/// A generated program: its files, the root first, as (relative path, text).
#[derive(Clone, Debug)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub features: Features,
}

impl Generated {
    /// The root file's text.
    pub fn root(&self) -> &str {
        &self.files[0].1
    }

    /// Write every file under `dir`; returns the root file's path.
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
        for (path, text) in &self.files {
            let p = dir.join(path);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&p, text)?;
        }
        Ok(dir.join(&self.files[0].0))
    }
}

/// Generate the program named by `seed`.
pub fn generate(seed: u64, cfg: &GenConfig) -> Generated {
    let mut g = Gen::new(seed, cfg);
    g.program();
    g.finish()
}

/// One output file while it is being generated.
struct Module {
    path: String,
    /// The `module` line's path, for an imported module.
    name: Option<String>,
    header: Vec<String>,
    decls: Vec<String>,
    fns: Vec<String>,
}

/// One `import` line: module `from` imports module `to`.
struct Import {
    from: usize,
    to: usize,
    /// `None`: `import path;`. Otherwise the names listed.
    selected: Option<Vec<String>>,
}

/// Where expressions are being generated: the bindings in scope (innermost
/// last), the effects available, the type variables, and the cost so far.
#[derive(Clone, Debug, Default)]
struct Ctx {
    module: usize,
    binds: Vec<Ty>,
    /// Facts about bindings (by index), from preconditions.
    facts: Vec<(usize, Pre)>,
    effects: Vec<Eff>,
    tvars: Vec<String>,
    /// `fns[..callable]` may be called.
    callable: usize,
    cost: u64,
    budget: u64,
    /// In a closure body: the index of its first parameter.
    closure_base: Option<usize>,
    /// Handlers around the expression being generated, in this function.
    handlers: u32,
    /// Bindings in scope that expressions must not use (they are counted).
    hidden: Vec<usize>,
}

struct Gen<'c> {
    cfg: &'c GenConfig,
    rng: Rng,
    adts: Vec<AdtDef>,
    aliases: Vec<AliasDef>,
    named: Vec<NamedDef>,
    effects: Vec<EffDef>,
    fns: Vec<FnDef>,
    modules: Vec<Module>,
    imports: Vec<Import>,
    features: Features,
    /// Names of the `show` functions by type.
    shows: HashMap<Ty, String>,
    cx: Ctx,
    /// Counter for fresh names.
    next_name: u32,
}

/// Steps one call of a closure is assumed to take: closure bodies are
/// generated within this budget.
const CLOSURE_COST: u64 = 30;
/// Budget of a helper function's body and of `main`.
const FN_BUDGET: u64 = 300;
const MAIN_BUDGET: u64 = 3000;
/// The largest counter a counting recursion starts from.
const COUNTER_MAX: u64 = 6;
/// Assumed size of a data value walked by a structural recursion.
const STRUCT_SIZE: u64 = 12;

impl<'c> Gen<'c> {
    fn new(seed: u64, cfg: &'c GenConfig) -> Gen<'c> {
        Gen {
            cfg,
            rng: Rng::new(seed),
            adts: Vec::new(),
            aliases: Vec::new(),
            named: Vec::new(),
            effects: Vec::new(),
            fns: Vec::new(),
            modules: vec![Module {
                path: "main.vera".into(),
                name: None,
                header: Vec::new(),
                decls: Vec::new(),
                fns: Vec::new(),
            }],
            imports: Vec::new(),
            features: Features::default(),
            shows: HashMap::new(),
            cx: Ctx::default(),
            next_name: 0,
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_name += 1;
        format!("{}{}", prefix, self.next_name)
    }

    fn finish(self) -> Generated {
        let mut files = Vec::new();
        for (i, m) in self.modules.iter().enumerate() {
            let mut out = String::new();
            if i == 0 {
                out.push_str("-- Generated by vera::fuzz::gen.\n");
            }
            if let Some(n) = &m.name {
                out.push_str(&format!("module {};\n\n", n));
            }
            for imp in self.imports.iter().filter(|imp| imp.from == i) {
                let path = self.modules[imp.to].name.clone().unwrap_or_default();
                match &imp.selected {
                    None => out.push_str(&format!("import {};\n", path)),
                    // Nothing was chosen: no import at all.
                    Some(names) if names.is_empty() => {}
                    Some(names) => {
                        out.push_str(&format!("import {}({});\n", path, names.join(", ")))
                    }
                }
            }
            out.push('\n');
            for h in &m.header {
                out.push_str(h);
                out.push('\n');
            }
            for d in m.decls.iter().chain(&m.fns) {
                out.push('\n');
                out.push_str(d);
                out.push('\n');
            }
            files.push((m.path.clone(), out));
        }
        Generated {
            files,
            features: self.features,
        }
    }

    // ----- scope --------------------------------------------------------------------

    /// The reference to binding `i`: its written type and how many bindings of
    /// that same written type were made after it (spec 3).
    fn slot(&mut self, i: usize) -> String {
        let key = self.cx.binds[i].written();
        let n = self.cx.binds[i + 1..]
            .iter()
            .filter(|t| t.written() == key)
            .count();
        if let Some(base) = self.cx.closure_base {
            if i < base && self.cx.binds[i].is_heap() {
                self.features.bump("closure_capture_heap");
            }
        }
        format!("@{}.{}", key, n)
    }

    /// Bindings of exactly type `t`.
    fn binds_of(&self, t: &Ty) -> Vec<usize> {
        self.usable_binds()
            .filter(|&i| &self.cx.binds[i] == t)
            .collect()
    }

    /// The bindings expressions may refer to: all but the hidden ones.
    fn usable_binds(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.cx.binds.len()).filter(|i| !self.cx.hidden.contains(i))
    }

    fn push(&mut self, t: Ty) -> usize {
        self.cx.binds.push(t);
        self.cx.binds.len() - 1
    }

    /// Forget the bindings made after the scope had `n` of them.
    fn truncate(&mut self, n: usize) {
        self.cx.binds.truncate(n);
        self.cx.facts.retain(|(i, _)| *i < n);
        self.cx.hidden.retain(|i| *i < n);
    }

    fn has_effect(&self, e: &Eff) -> bool {
        self.cx.effects.contains(e)
    }

    fn fact(&self, i: usize) -> Pre {
        self.cx
            .facts
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, p)| *p)
            .unwrap_or(Pre::None)
    }

    // ----- types ----------------------------------------------------------------------

    /// Data types usable in module `m`: its own, and for the root the imported
    /// module's public ones.
    fn visible_adts(&self, m: usize) -> Vec<usize> {
        (0..self.adts.len())
            .filter(|&i| self.adt_visible(&self.adts[i].name, m))
            .collect()
    }

    /// Can module `m` name data type `n` and everything its constructors hold?
    fn adt_visible(&self, n: &str, m: usize) -> bool {
        let a = self.adt(n);
        if a.module == m {
            return true;
        }
        a.public
            && self.sees(m, a.module, n)
            && a.ctors.iter().all(|(_, fields)| {
                fields
                    .iter()
                    .all(|f| types::mentions_adt(f, n) || self.writable(f, m))
            })
    }

    /// Does module `from` import the name `name` of module `to`?
    fn sees(&self, from: usize, to: usize, name: &str) -> bool {
        self.imports.iter().any(|imp| {
            imp.from == from
                && imp.to == to
                && imp
                    .selected
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|n| n == name))
        })
    }

    /// Can module `m` write type `t` (its data types are all visible there)?
    fn writable(&self, t: &Ty, m: usize) -> bool {
        match t {
            Ty::Adt(n, args) => self.adt_visible(n, m) && args.iter().all(|t| self.writable(t, m)),
            Ty::Array(t) | Ty::Option(t) => self.writable(t, m),
            Ty::Result(a, b) => self.writable(a, m) && self.writable(b, m),
            Ty::Tuple(ts) => ts.iter().all(|t| self.writable(t, m)),
            Ty::Fn(ps, r, row) => {
                ps.iter().all(|t| self.writable(t, m))
                    && self.writable(r, m)
                    && row.iter().all(|e| self.eff_writable(e, m))
            }
            Ty::Alias(_) | Ty::Named(_) => m == 0,
            _ => true,
        }
    }

    fn eff_writable(&self, e: &Eff, m: usize) -> bool {
        match e {
            Eff::State(t) | Eff::Exn(t) => self.writable(t, m),
            Eff::User(_, args) => m == 0 && args.iter().all(|t| self.writable(t, m)),
            Eff::IO => true,
        }
    }

    /// List a new public name of module `m` in the selective imports of it.
    fn offer(&mut self, m: usize, name: &str, always: bool) {
        for k in 0..self.imports.len() {
            if self.imports[k].to == m
                && self.imports[k].selected.is_some()
                && (always || self.rng.chance(3, 4))
            {
                let sel = self.imports[k].selected.as_mut().unwrap();
                sel.push(name.to_string());
            }
        }
    }

    /// A module for a new declaration: the root more often than the others.
    fn pick_module(&mut self) -> usize {
        let n = self.modules.len();
        let mut weights = vec![3];
        weights.extend(std::iter::repeat_n(2, n - 1));
        self.rng.weighted(&weights)
    }

    /// A random type. `level` bounds the nesting of compound types.
    fn random_type(&mut self, level: u32) -> Ty {
        let m = self.cx.module;
        let adts = self.visible_adts(m);
        let compound = u64::from(level > 0);
        let weights = [
            6,                                                        // Int
            2,                                                        // Nat
            3,                                                        // Bool
            5,                                                        // String
            u64::from(self.cfg.floats),                               // Float64
            1,                                                        // Byte
            2 * compound,                                             // Array
            compound,                                                 // Tuple
            2 * compound,                                             // Option
            compound,                                                 // Result
            if adts.is_empty() { 0 } else { 5 },                      // data
            u64::from(m == 0 && !self.aliases.is_empty()) * compound, // alias
            if self.cx.tvars.is_empty() { 0 } else { 4 },             // type variable
            compound,                                                 // function type
            u64::from(m == 0 && !self.named.is_empty()) * 2,          // named
            1,                                                        // Unit
        ];
        match self.rng.weighted(&weights) {
            0 => Ty::Int,
            1 => Ty::Nat,
            2 => Ty::Bool,
            3 => Ty::Str,
            4 => Ty::Float,
            5 => Ty::Byte,
            6 => Ty::Array(Box::new(self.random_type(level - 1))),
            7 => {
                let n = self.rng.range(2, 3);
                Ty::Tuple((0..n).map(|_| self.random_type(level - 1)).collect())
            }
            8 => Ty::Option(Box::new(self.random_type(level - 1))),
            9 => {
                let e = if self.rng.chance(2, 3) {
                    Ty::Str
                } else {
                    Ty::Int
                };
                Ty::Result(Box::new(self.random_type(level - 1)), Box::new(e))
            }
            10 => {
                let i = *self.rng.pick(&adts);
                let n = self.adts[i].params.len();
                let args = (0..n)
                    .map(|_| self.random_type(level.saturating_sub(1)))
                    .collect();
                Ty::Adt(self.adts[i].name.clone(), args)
            }
            11 => Ty::Alias(self.rng.pick(&self.aliases).name.clone()),
            12 => Ty::Var(self.rng.pick(&self.cx.tvars).clone()),
            14 => Ty::Named(self.rng.pick(&self.named).name.clone()),
            15 => Ty::Unit,
            _ => self.random_fn_type(level),
        }
    }

    /// `fn(A -> R) effects(row)`: parameters and result of lower level, the
    /// result sometimes a function type itself (a curried closure).
    fn random_fn_type(&mut self, level: u32) -> Ty {
        let m = self.cx.module;
        let n = self.rng.range(1, 2);
        let ps = (0..n).map(|_| self.random_type(level - 1)).collect();
        let ret = match self.rng.below(8) {
            0 => Ty::Unit,
            1 => self.random_fn_type(level),
            _ => self.random_type(level - 1),
        };
        let row = match self.rng.below(7) {
            0 => vec![Eff::IO],
            1 => vec![Eff::State(Ty::Int)],
            3 => vec![Eff::Exn(Ty::Int)],
            2 if m == 0 && !self.effects.is_empty() => vec![self.user_instance(None)],
            _ => vec![],
        };
        Ty::Fn(ps, Box::new(ret), row)
    }

    /// An instance of a user effect (the one named, or any): the one already
    /// available if there is one — two instances of one effect in scope would
    /// make its operations ambiguous — or else at random type arguments.
    fn user_instance(&mut self, name: Option<&str>) -> Eff {
        let name = match name {
            Some(n) => n.to_string(),
            None => self.rng.pick(&self.effects).name.clone(),
        };
        for e in &self.cx.effects {
            if let Eff::User(n, _) = e {
                if *n == name {
                    return e.clone();
                }
            }
        }
        let n_params = self
            .effects
            .iter()
            .find(|e| e.name == name)
            .unwrap()
            .params
            .len();
        let saved = std::mem::take(&mut self.cx.tvars);
        let args = (0..n_params)
            .map(|_| {
                let mut t = self.random_type(1);
                while t.mentions_alias() && self.cfg.known_bugs.f11_fn_type_effect_names {
                    t = self.random_type(1);
                }
                t
            })
            .collect();
        self.cx.tvars = saved;
        Eff::User(name, args)
    }

    fn adt(&self, name: &str) -> &AdtDef {
        self.adts
            .iter()
            .find(|a| a.name == name)
            .expect("declared data type")
    }

    fn alias(&self, name: &str) -> &AliasDef {
        self.aliases
            .iter()
            .find(|a| a.name == name)
            .expect("declared alias")
    }

    fn named_def(&self, name: &str) -> &NamedDef {
        self.named
            .iter()
            .find(|a| a.name == name)
            .expect("declared type alias")
    }

    /// The type a named type stands for, or the type itself.
    fn resolve(&self, t: &Ty) -> Ty {
        match t {
            Ty::Named(n) => self.resolve(&self.named_def(n).target.clone()),
            _ => t.clone(),
        }
    }

    /// Parameters, result and effects of a function type.
    fn sig_of(&self, t: &Ty) -> Option<(Vec<Ty>, Ty, Vec<Eff>)> {
        match t {
            Ty::Alias(n) => {
                let a = self.alias(n);
                Some((a.params.clone(), a.ret.clone(), a.row.clone()))
            }
            Ty::Fn(ps, r, row) => Some((ps.clone(), (**r).clone(), row.clone())),
            _ => None,
        }
    }

    /// Can values of `t` be compared with `==` (no function values inside)?
    fn equatable(&self, t: &Ty) -> bool {
        self.equatable_in(t, &mut Vec::new())
    }

    fn equatable_in(&self, t: &Ty, seen: &mut Vec<String>) -> bool {
        match t {
            Ty::Alias(_) | Ty::Var(_) | Ty::Fn(..) => false,
            Ty::Named(n) => {
                let t = self.named_def(n).target.clone();
                self.equatable_in(&t, seen)
            }
            Ty::Array(t) | Ty::Option(t) => self.equatable_in(t, seen),
            Ty::Result(a, b) => self.equatable_in(a, seen) && self.equatable_in(b, seen),
            Ty::Tuple(ts) => ts.iter().all(|t| self.equatable_in(t, seen)),
            Ty::Adt(n, args) => {
                if !args.iter().all(|t| self.equatable_in(t, seen)) {
                    return false;
                }
                if seen.contains(n) {
                    return true;
                }
                seen.push(n.clone());
                let def = self.adt(n).clone();
                (0..def.ctors.len()).all(|c| {
                    def.fields(c, args)
                        .iter()
                        .all(|f| self.equatable_in(f, seen))
                })
            }
            _ => true,
        }
    }

    /// Data types with a constructor that does not hold the type itself, so
    /// a finite value can always be built.
    fn base_ctors(&self, name: &str) -> Vec<usize> {
        let def = self.adt(name);
        (0..def.ctors.len())
            .filter(|&c| !def.is_recursive_ctor(c))
            .collect()
    }
}
