//! The program level: the imported module, data types, aliases, effects, the
//! helper functions (one of several templates each) and `main`.

use super::types::{
    row_text, AdtDef, AliasDef, Eff, EffDef, FnDef, NamedDef, OpDef, Pre, Refine, Ty,
};
use super::{
    Ctx, Gen, Import, Module, CLOSURE_COST, COUNTER_MAX, FN_BUDGET, MAIN_BUDGET, STRUCT_SIZE,
};

/// A function's text before it is printed.
struct FnText {
    vis: &'static str,
    tparams: Vec<String>,
    name: String,
    params: Vec<Ty>,
    ret: Ty,
    requires: Vec<String>,
    ensures: Vec<String>,
    decreases: Option<String>,
    row: Vec<Eff>,
    /// Statements and the final expression, one per line.
    body: Vec<String>,
    locals: Vec<String>,
}

impl FnText {
    fn render(&self, indent: &str) -> String {
        let mut s = String::new();
        s.push_str(indent);
        if !self.vis.is_empty() {
            s.push_str(self.vis);
            s.push(' ');
        }
        if !self.tparams.is_empty() {
            s.push_str(&format!("forall<{}> ", self.tparams.join(", ")));
        }
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("@{}", p.written()))
            .collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("{} ", params.join(", "))
        };
        s.push_str(&format!(
            "fn {}({}-> @{})\n",
            self.name,
            params,
            self.ret.written()
        ));
        let reqs = if self.requires.is_empty() {
            vec!["true".to_string()]
        } else {
            self.requires.clone()
        };
        for r in reqs {
            s.push_str(&format!("{}  requires({})\n", indent, r));
        }
        let ens = if self.ensures.is_empty() {
            vec!["true".to_string()]
        } else {
            self.ensures.clone()
        };
        for e in ens {
            s.push_str(&format!("{}  ensures({})\n", indent, e));
        }
        if let Some(d) = &self.decreases {
            s.push_str(&format!("{}  decreases({})\n", indent, d));
        }
        s.push_str(&format!(
            "{}  {}\n{}{{\n",
            indent,
            row_text(&self.row),
            indent
        ));
        for (i, line) in self.body.iter().enumerate() {
            s.push_str(indent);
            s.push_str("  ");
            s.push_str(line);
            if i + 1 < self.body.len() && !line.ends_with(';') {
                s.push(';');
            }
            s.push('\n');
        }
        s.push_str(indent);
        s.push('}');
        if !self.locals.is_empty() {
            s.push_str(&format!("\n{}where {{\n", indent));
            s.push_str(&self.locals.join("\n"));
            s.push_str(&format!("\n{}}}", indent));
        }
        s
    }
}

/// The helper-function templates.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Plain,
    Generic,
    Counter,
    /// A long tail-recursive loop that allocates at every step.
    Churn,
    Structural,
    HigherOrder,
    Factory,
    Mutual,
    StateBump,
    Thrower,
    Performer,
}

impl Gen<'_> {
    pub(super) fn program(&mut self) {
        // Up to two more modules: the root imports `util`, which may import
        // `base`, which the root may import too.
        let with_module = self.cfg.modules && self.rng.chance(2, 3);
        if with_module {
            self.features.bump("module");
            let lib = self.rng.chance(1, 2);
            self.add_module(if lib { "lib.util" } else { "util" });
            self.add_import(0, 1);
            if self.rng.chance(1, 3) {
                self.features.bump("module_chain");
                let base = if lib || self.rng.chance(1, 2) {
                    "lib.base"
                } else {
                    "base"
                };
                self.add_module(base);
                self.add_import(1, 2);
                if self.rng.chance(1, 2) {
                    self.add_import(0, 2);
                }
            }
        }
        // Some data types, then effects and aliases (which may use them), then
        // more data types (which may hold closures).
        let n_adts = self.rng.range(1, self.cfg.max_adts.max(1) as u64);
        let early = self.rng.range(0, n_adts);
        for _ in 0..early {
            self.gen_adt();
        }
        for _ in 0..self.rng.below(3) {
            self.gen_named();
        }
        if self.cfg.user_effects {
            for _ in 0..self.rng.below(3) {
                self.gen_effect();
            }
        }
        for _ in 0..self.rng.range(1, 3) {
            self.gen_alias();
        }
        for _ in early..n_adts {
            self.gen_adt();
        }
        let n_fns = self.rng.range(2, self.cfg.max_fns.max(2) as u64);
        for _ in 0..n_fns {
            let m = self.pick_module();
            self.gen_function(m);
        }
        self.gen_main();
    }

    fn add_module(&mut self, path: &str) {
        self.modules.push(Module {
            path: format!("{}.vera", path.replace('.', "/")),
            name: Some(path.to_string()),
            header: vec![format!("-- A module of the program rooted at main.vera.")],
            decls: Vec::new(),
            fns: Vec::new(),
        });
    }

    fn add_import(&mut self, from: usize, to: usize) {
        let selected = if self.rng.chance(1, 2) {
            self.features.bump("import_selective");
            Some(Vec::new())
        } else {
            None
        };
        self.imports.push(Import { from, to, selected });
    }

    fn set_cx(
        &mut self,
        module: usize,
        binds: Vec<Ty>,
        effects: Vec<Eff>,
        tvars: Vec<String>,
        budget: u64,
    ) {
        self.cx = Ctx {
            module,
            binds,
            effects,
            tvars,
            callable: self.fns.len(),
            budget,
            ..Ctx::default()
        };
    }

    // ----- declarations ---------------------------------------------------------------

    fn gen_adt(&mut self) {
        let m = self.pick_module();
        let name = if m == 0 {
            self.fresh("D")
        } else {
            self.fresh("U")
        };
        let params: Vec<String> = match self.rng.below(6) {
            0 | 1 => vec!["T".into()],
            2 => vec!["A".into(), "B".into()],
            _ => vec![],
        };
        let recursive = self.rng.chance(1, 2);
        self.set_cx(m, vec![], vec![], params.clone(), 0);
        let this = Ty::Adt(
            name.clone(),
            params.iter().map(|p| Ty::Var(p.clone())).collect(),
        );
        let n_ctors = self.rng.range(1, 4);
        let mut ctors = Vec::new();
        for c in 0..n_ctors {
            let cname = format!("{}{}", name, ["A", "B", "C", "D"][c as usize]);
            let n_fields = if c == 0 {
                self.rng.below(3)
            } else {
                self.rng.range(1, 3)
            };
            let mut fields = Vec::new();
            for _ in 0..n_fields {
                let f = if recursive && c > 0 && self.rng.chance(1, 2) {
                    this.clone()
                } else if self.rng.chance(1, 30) {
                    Ty::Unit
                } else {
                    self.random_type(1)
                };
                if f.mentions_alias() {
                    self.features.bump("adt_closure_field");
                }
                fields.push(f);
            }
            ctors.push((cname, fields));
        }
        // Every parameter appears in a field, so that constructor calls infer it.
        for p in &params {
            let v = Ty::Var(p.clone());
            if !ctors
                .iter()
                .any(|(_, fs)| fs.iter().any(|f| mentions_var(f, p)))
            {
                let last = ctors.len() - 1;
                ctors[last].1.push(v);
            }
        }
        if recursive && n_ctors > 1 && !ctors.iter().any(|(_, fs)| fs.contains(&this)) {
            let last = ctors.len() - 1;
            ctors[last].1.push(this.clone());
        }
        let def = AdtDef {
            name: name.clone(),
            params: params.clone(),
            ctors,
            module: m,
            public: m == 1 || self.rng.chance(1, 3),
        };
        if (0..def.ctors.len()).any(|c| def.is_recursive_ctor(c)) {
            self.features.bump("adt_recursive");
        }
        if !params.is_empty() {
            self.features.bump("adt_generic");
        }
        let ctor_lines: Vec<String> = def
            .ctors
            .iter()
            .map(|(c, fs)| {
                if fs.is_empty() {
                    format!("  {}", c)
                } else {
                    format!("  {}({})", c, super::types::list(fs))
                }
            })
            .collect();
        let head = if params.is_empty() {
            name.clone()
        } else {
            format!("{}<{}>", name, params.join(", "))
        };
        let vis = if def.public { "public" } else { "private" };
        self.modules[m].decls.push(format!(
            "{} data {} {{\n{}\n}}",
            vis,
            head,
            ctor_lines.join(",\n")
        ));
        if def.public {
            self.offer(m, &name, true);
        }
        self.adts.push(def);
    }

    /// A type for an effect operation or an alias: no type variables.
    fn plain_type(&mut self) -> Ty {
        self.set_cx(0, vec![], vec![], vec![], 0);
        let mut t = self.random_type(1);
        while t.mentions_alias() && self.aliases.is_empty() {
            t = self.random_type(1);
        }
        t
    }

    /// A type alias (spec 2.7): a plain name for a type, or a refinement
    /// (spec 2.5) whose values the generator keeps inside it.
    fn gen_named(&mut self) {
        let name = self.fresh("N");
        self.features.bump("type_alias");
        let (target, refine, text) = match self.rng.below(4) {
            0 => {
                let k = self.rng.range(2, 50);
                (
                    Ty::Int,
                    Refine::Below(k),
                    format!("{{ @Int | @Int.0 >= 0 && @Int.0 < {} }}", k),
                )
            }
            1 => {
                let k = self.rng.range(2, 50);
                (
                    Ty::Nat,
                    Refine::Below(k),
                    format!("{{ @Nat | @Nat.0 < {} }}", k),
                )
            }
            2 => (
                Ty::Str,
                Refine::NonEmpty,
                "{ @String | string_length(@String.0) > 0 }".to_string(),
            ),
            _ => {
                let t = self.plain_type();
                let w = t.written();
                (t, Refine::None, w)
            }
        };
        if refine != Refine::None {
            self.features.bump("refinement");
        }
        self.modules[0]
            .decls
            .push(format!("type {} = {};", name, text));
        self.named.push(NamedDef {
            name,
            target,
            refine,
        });
    }

    fn gen_effect(&mut self) {
        let name = self.fresh("E");
        // Some effects are generic: `effect E1<T> { op e1op0(T -> Unit); }`.
        let params: Vec<String> = if self.rng.chance(1, 3) {
            self.features.bump("generic_effect");
            vec!["T".into()]
        } else {
            vec![]
        };
        let n_ops = self.rng.range(1, 2);
        let mut ops: Vec<OpDef> = Vec::new();
        for j in 0..n_ops {
            self.set_cx(0, vec![], vec![], params.clone(), 0);
            let param = if self.rng.chance(1, 4) {
                Ty::Unit
            } else {
                self.random_type(1)
            };
            let ret = if self.rng.chance(1, 3) {
                Ty::Unit
            } else {
                self.random_type(1)
            };
            ops.push(OpDef {
                name: format!("{}op{}", name.to_lowercase(), j),
                param,
                ret,
            });
        }
        let lines: Vec<String> = ops
            .iter()
            .map(|o| {
                format!(
                    "  op {}({} -> {});",
                    o.name,
                    o.param.written(),
                    o.ret.written()
                )
            })
            .collect();
        let head = if params.is_empty() {
            name.clone()
        } else {
            format!("{}<{}>", name, params.join(", "))
        };
        self.modules[0]
            .decls
            .push(format!("effect {} {{\n{}\n}}", head, lines.join("\n")));
        self.effects.push(EffDef { name, params, ops });
    }

    fn gen_alias(&mut self) {
        let name = self.fresh("F");
        let n = self.rng.range(1, 2);
        let params: Vec<Ty> = (0..n).map(|_| self.plain_type()).collect();
        let ret = if self.rng.chance(1, 6) {
            Ty::Unit
        } else {
            self.plain_type()
        };
        let row = match self.rng.below(9) {
            0 => vec![Eff::IO],
            3 => vec![Eff::Exn(Ty::Int)],
            1 if !self.effects.is_empty() => {
                self.set_cx(0, vec![], vec![], vec![], 0);
                vec![self.user_instance(None)]
            }
            2 => vec![Eff::State(Ty::Int)],
            _ => vec![],
        };
        let ps: Vec<String> = params.iter().map(Ty::written).collect();
        self.modules[0].decls.push(format!(
            "type {} = fn({} -> {}) {};",
            name,
            ps.join(", "),
            ret.written(),
            row_text(&row)
        ));
        self.aliases.push(AliasDef {
            name,
            params,
            ret,
            row,
        });
    }

    // ----- functions ------------------------------------------------------------------

    /// A random effect row for a helper of module `m`.
    fn random_row(&mut self, m: usize) -> Vec<Eff> {
        let mut row = Vec::new();
        if self.rng.chance(1, 2) {
            return row;
        }
        if self.rng.chance(1, 4) {
            row.push(Eff::IO);
        }
        if self.rng.chance(1, 3) {
            self.set_cx(m, vec![], vec![], vec![], 0);
            let s = self.state_type();
            row.push(Eff::State(s));
        }
        if self.rng.chance(1, 3) {
            self.set_cx(m, vec![], vec![], vec![], 0);
            let e = self.exn_type();
            row.push(Eff::Exn(e));
        }
        if m == 0 && !self.effects.is_empty() && self.rng.chance(1, 3) {
            self.set_cx(m, vec![], vec![], vec![], 0);
            row.push(self.user_instance(None));
        }
        row.sort();
        row.dedup();
        row
    }

    fn gen_function(&mut self, m: usize) {
        let has_rec_adt = self
            .visible_adts(m)
            .iter()
            .any(|&i| (0..self.adts[i].ctors.len()).any(|c| self.adts[i].is_recursive_ctor(c)));
        let root = m == 0;
        let kinds = [
            (Kind::Plain, 5),
            (Kind::Generic, 2),
            (Kind::Counter, 2),
            (Kind::Churn, 1),
            (Kind::Structural, if has_rec_adt { 3 } else { 0 }),
            (Kind::HigherOrder, if root { 1 } else { 0 }),
            (Kind::Factory, if root { 1 } else { 0 }),
            (Kind::Mutual, 1),
            (Kind::StateBump, 1),
            (Kind::Thrower, 2),
            (
                Kind::Performer,
                if root && !self.effects.is_empty() {
                    1
                } else {
                    0
                },
            ),
        ];
        let weights: Vec<u64> = kinds.iter().map(|k| k.1).collect();
        let kind = kinds[self.rng.weighted(&weights)].0;
        // A root helper sometimes takes the name of a private helper of the module (spec 7.4).
        let private_names: Vec<String> = self
            .fns
            .iter()
            .filter(|f| f.module != 0 && !f.public)
            .map(|f| f.name.clone())
            .collect();
        let name = if root && !private_names.is_empty() && self.rng.chance(1, 6) {
            let n = self.rng.pick(&private_names).clone();
            if self.fns.iter().any(|f| f.module == 0 && f.name == n) {
                self.fresh("f")
            } else {
                n
            }
        } else if root {
            self.fresh("f")
        } else {
            self.fresh("u")
        };
        let public = !root && self.rng.chance(4, 5);
        let (text, def) = match kind {
            Kind::Plain => self.plain_fn(m, name, Vec::new()),
            Kind::Generic if self.rng.chance(1, 4) => self.generic_thrower_fn(m, name),
            Kind::Generic => {
                let tv = if self.rng.chance(1, 4) {
                    vec!["A".into(), "B".into()]
                } else {
                    vec!["T".into()]
                };
                self.features.bump("generic_fn");
                self.plain_fn(m, name, tv)
            }
            Kind::Counter => self.counter_fn(m, name),
            Kind::Churn => self.churn_fn(m, name),
            Kind::Structural => self.structural_fn(m, name),
            Kind::HigherOrder => self.higher_order_fn(name),
            Kind::Factory => self.factory_fn(name),
            Kind::Mutual => self.mutual_fn(m, name),
            Kind::StateBump => self.state_fn(m, name),
            Kind::Thrower => self.thrower_fn(m, name),
            Kind::Performer => self.performer_fn(name),
        };
        let mut def = def;
        def.public = public;
        let mut text = text;
        text.vis = if public { "public" } else { "private" };
        if public {
            self.offer(m, &def.name, false);
        }
        let has_exn = def.row.iter().any(|e| matches!(e, Eff::Exn(_)));
        self.modules[m].fns.push(text.render(""));
        self.fns.push(def.clone());
        // Each thrower gets a catcher: a function whose whole body handles the
        // exception (f01: no heap values of its own are live when it catches).
        if has_exn {
            self.catcher_fn(m, self.fns.len() - 1);
        }
    }

    /// Preconditions for parameters: some get one their type allows.
    fn random_pres(&mut self, params: &[Ty]) -> Vec<Pre> {
        params
            .iter()
            .map(|p| {
                if !self.rng.chance(1, 3) {
                    return Pre::None;
                }
                match p {
                    Ty::Nat => Pre::NatAtMost(self.rng.range(3, 20)),
                    Ty::Str => Pre::NonEmptyStr,
                    Ty::Array(_) => Pre::NonEmptyArr,
                    Ty::Int => Pre::IntWithin(self.rng.range(10, 1000)),
                    _ => Pre::None,
                }
            })
            .collect()
    }

    /// `requires` clauses for the preconditions, and the facts they give.
    fn pre_clauses(&mut self, pres: &[Pre]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, p) in pres.iter().enumerate() {
            if *p == Pre::None {
                continue;
            }
            self.features.bump("requires");
            self.cx.facts.push((i, *p));
            let r = self.slot(i);
            out.push(match p {
                Pre::NatAtMost(b) => format!("{} <= {}", r, b),
                Pre::NonEmptyStr => format!("string_length({}) > 0", r),
                Pre::NonEmptyArr => format!("length({}) > 0", r),
                Pre::IntWithin(b) => format!("{} > 0 - {} && {} < {}", r, b, r, b),
                Pre::None => unreachable!(),
            });
        }
        out
    }

    fn random_params(&mut self, n: u64) -> Vec<Ty> {
        (0..n).map(|_| self.random_type(2)).collect()
    }

    fn depth(&mut self) -> u32 {
        self.rng.range(2, self.cfg.max_depth.max(2) as u64) as u32
    }

    /// Statements and a final expression of type `ret`, one per line.
    fn body_lines(&mut self, ret: &Ty, d: u32, n: u64) -> Vec<String> {
        let mark = self.cx.binds.len();
        let mut lines = Vec::new();
        for _ in 0..n {
            if let Some(s) = self.stmt(d) {
                lines.push(s);
            }
        }
        lines.push(self.expr(ret, d));
        self.truncate(mark);
        lines
    }

    /// Ensures clauses true of any result of type `ret`, and, for an Int, a
    /// final expression that makes a stronger one true.
    fn ensures_for(&mut self, ret: &Ty, body: &mut Vec<String>) -> Vec<String> {
        let w = ret.written();
        let r = format!("@{}.result", w);
        let e = match ret {
            Ty::Nat if self.rng.chance(1, 2) => format!("{} >= 0", r),
            Ty::Str if self.rng.chance(1, 2) => format!("string_length({}) >= 0", r),
            Ty::Array(_) if self.rng.chance(1, 2) => format!("length({}) >= 0", r),
            Ty::Int if self.rng.chance(1, 3) => {
                // Clamp the result into 0..100.
                let last = body.pop().unwrap();
                body.push(format!(
                    "{{ let @Int = ({}) % 100; if @Int.0 < 0 then {{ 0 - @Int.0 }} else {{ @Int.0 }} }}",
                    last
                ));
                format!("{} >= 0 && {} < 100", r, r)
            }
            Ty::Bool if self.rng.chance(1, 3) => format!("{} || !{}", r, r),
            _ if self.equatable(ret) && !ret.has_var() && self.rng.chance(1, 3) => {
                self.features.bump("equality");
                format!("{} == {}", r, r)
            }
            _ => return vec![],
        };
        self.features.bump("ensures");
        vec![e]
    }

    fn plain_fn(&mut self, m: usize, name: String, tvars: Vec<String>) -> (FnText, FnDef) {
        let row = if tvars.is_empty() || self.rng.chance(1, 3) {
            self.random_row(m)
        } else {
            vec![]
        };
        self.set_cx(m, vec![], vec![], tvars.clone(), FN_BUDGET);
        let mut params: Vec<Ty> = tvars.iter().map(|v| Ty::Var(v.clone())).collect();
        let extra = self.rng.below(if tvars.is_empty() { 4 } else { 3 });
        params.extend(self.random_params(extra));
        self.rng.shuffle(&mut params);
        let ret = if !row.is_empty() && self.rng.chance(1, 5) {
            Ty::Unit
        } else {
            self.random_type(2)
        };
        let pres = self.random_pres(&params);
        self.set_cx(m, params.clone(), row.clone(), tvars.clone(), FN_BUDGET);
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        let n = self.rng.below(4);
        let int_params: Vec<usize> = (0..params.len())
            .filter(|&i| params[i] == Ty::Int)
            .collect();
        let (body, ensures) = if ret == Ty::Int && !int_params.is_empty() && self.rng.chance(1, 3) {
            // The result is at least a parameter: the larger of the two.
            let p = *self.rng.pick(&int_params);
            let outer = self.slot(p);
            let mark = self.cx.binds.len();
            let mut lines = Vec::new();
            for _ in 0..n {
                if let Some(s) = self.stmt(d) {
                    lines.push(s);
                }
            }
            let e = self.expr(&Ty::Int, d);
            self.push(Ty::Int);
            let inner = self.slot(p);
            self.truncate(mark);
            lines.push(format!(
                "{{ let @Int = {}; if @Int.0 >= {} then {{ @Int.0 }} else {{ {} }} }}",
                e, inner, inner
            ));
            self.features.bump("ensures");
            (lines, vec![format!("@Int.result >= {}", outer)])
        } else {
            let mut body = self.body_lines(&ret, d, n);
            let ensures = self.ensures_for(&ret, &mut body);
            (body, ensures)
        };
        let cost = self.cx.cost;
        self.finish_fn(
            m,
            name,
            tvars,
            params,
            pres,
            ret,
            row,
            requires,
            ensures,
            None,
            body,
            vec![],
            cost,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_fn(
        &mut self,
        m: usize,
        name: String,
        tparams: Vec<String>,
        params: Vec<Ty>,
        pre: Vec<Pre>,
        ret: Ty,
        row: Vec<Eff>,
        requires: Vec<String>,
        ensures: Vec<String>,
        decreases: Option<String>,
        body: Vec<String>,
        locals: Vec<String>,
        cost: u64,
    ) -> (FnText, FnDef) {
        if decreases.is_some() {
            self.features.bump("decreases");
        }
        let text = FnText {
            vis: "private",
            tparams: tparams.clone(),
            name: name.clone(),
            params: params.clone(),
            ret: ret.clone(),
            requires,
            ensures,
            decreases,
            row: row.clone(),
            body,
            locals,
        };
        let def = FnDef {
            name,
            module: m,
            public: false,
            tparams,
            params,
            pre,
            ret,
            row,
            cost: cost.max(1),
        };
        (text, def)
    }

    /// Counting recursion: `if n == 0 then base else ... f(n - 1, ...)`.
    fn counter_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("recursion");
        let row = self.random_row(m);
        self.set_cx(m, vec![], vec![], vec![], FN_BUDGET / COUNTER_MAX);
        let mut params = vec![Ty::Nat];
        let extra = self.rng.below(3);
        params.extend(self.random_params(extra));
        self.rng.shuffle(&mut params);
        let k = params.iter().position(|p| *p == Ty::Nat).unwrap();
        let bound = self.rng.range(2, COUNTER_MAX);
        let mut pres = vec![Pre::None; params.len()];
        pres[k] = Pre::NatAtMost(bound);
        let ret = self.random_type(2);
        self.set_cx(
            m,
            params.clone(),
            row.clone(),
            vec![],
            FN_BUDGET / COUNTER_MAX,
        );
        let requires = self.pre_clauses(&pres);
        let counter = self.slot(k);
        let d = self.depth();
        let base = {
            let n = self.rng.below(2);
            self.block(&ret, d - 1, n)
        };
        // The recursive call's arguments.
        let tail = self.rng.chance(1, 3);
        let mark = self.cx.binds.len();
        let mut pre_stmts = Vec::new();
        for _ in 0..self.rng.below(2) {
            if let Some(s) = self.stmt(d - 1) {
                pre_stmts.push(s);
            }
        }
        let counter_now = self.slot(k);
        let args: Vec<String> = params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == k {
                    format!("{} - 1", counter_now)
                } else {
                    self.expr(p, d - 2)
                }
            })
            .collect();
        let call = format!("{}({})", name, args.join(", "));
        let step = if tail {
            self.features.bump("tail_call");
            call
        } else {
            let fin = self.combine(&ret, 1, d - 1);
            pre_stmts.push(format!("let @{} = {};", ret.written(), call));
            fin
        };
        self.truncate(mark);
        pre_stmts.push(step);
        let body = vec![format!(
            "if {} == 0 then {} else {{ {} }}",
            counter,
            base,
            pre_stmts.join(" ")
        )];
        let cost = self.cx.cost * (bound + 1);
        let dec = Some(counter.clone());
        let mut body = body;
        let ensures = self.ensures_for(&ret, &mut body);
        self.finish_fn(
            m,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            requires,
            ensures,
            dec,
            body,
            vec![],
            cost,
        )
    }

    /// `loop(n, acc)`: up to a few hundred tail calls, each building a new
    /// accumulator from the old one (a longer list, string or number), so that
    /// the collector runs without `--gc-stress` too. The step calls nothing.
    fn churn_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("recursion");
        self.features.bump("tail_call");
        self.features.bump("churn");
        let row = if self.rng.chance(1, 2) {
            vec![]
        } else {
            self.random_row(m)
        };
        self.set_cx(m, vec![], vec![], vec![], 0);
        let rec: Vec<usize> = self
            .visible_adts(m)
            .into_iter()
            .filter(|&i| {
                (0..self.adts[i].ctors.len()).any(|c| {
                    self.adts[i].ctors[c]
                        .1
                        .iter()
                        .any(|f| matches!(f, Ty::Adt(n, _) if *n == self.adts[i].name))
                })
            })
            .collect();
        let acc = if !rec.is_empty() && self.rng.chance(2, 3) {
            let a = self.adts[*self.rng.pick(&rec)].clone();
            let args = a.params.iter().map(|_| self.random_type(1)).collect();
            Ty::Adt(a.name, args)
        } else if self.rng.chance(1, 2) {
            Ty::Str
        } else {
            Ty::Int
        };
        let bound = self.rng.range(30, 150);
        let params = vec![Ty::Nat, acc.clone()];
        let pres = vec![Pre::NatAtMost(bound), Pre::None];
        self.set_cx(m, params.clone(), row.clone(), vec![], 40);
        self.cx.callable = 0;
        let requires = self.pre_clauses(&pres);
        let counter = self.slot(0);
        let a = self.slot(1);
        let step = match &acc {
            Ty::Adt(n, args) => {
                let def = self.adt(n).clone();
                let cs: Vec<usize> = (0..def.ctors.len())
                    .filter(|&c| def.fields(c, args).contains(&acc))
                    .collect();
                let c = *self.rng.pick(&cs);
                // The accumulator goes into one field only: a value that shares
                // it twice would double at every step.
                let mut used = false;
                let fields: Vec<String> = def
                    .fields(c, args)
                    .iter()
                    .map(|f| {
                        if *f == acc && !used {
                            used = true;
                            a.clone()
                        } else {
                            self.leaf(f)
                        }
                    })
                    .collect();
                format!("{}({})", def.ctors[c].0, fields.join(", "))
            }
            Ty::Str => {
                // The added text does not see the accumulator: no doubling.
                self.cx.hidden.push(1);
                let more = self.expr(&Ty::Str, 1);
                self.cx.hidden.clear();
                format!("string_concat({}, {})", a, more)
            }
            _ => format!("(({} * 31) + {})", a, self.expr(&Ty::Int, 1)),
        };
        let body = vec![format!(
            "if {} == 0 then {{ {} }} else {{ {}({} - 1, {}) }}",
            counter, a, name, counter, step
        )];
        let cost = bound;
        self.finish_fn(
            m,
            name,
            vec![],
            params,
            pres,
            acc,
            row,
            requires,
            vec![],
            Some(counter),
            body,
            vec![],
            cost,
        )
    }

    /// The final expression of a recursive step: the last `n` bindings are
    /// results of recursive calls, each used at most once (a result used twice
    /// would double at every level), with an expression that sees none of them.
    fn combine(&mut self, ret: &Ty, n: usize, d: u32) -> String {
        let mark = self.cx.binds.len();
        for _ in 0..n {
            let i = self.push(ret.clone());
            self.cx.hidden.push(i);
        }
        let e = self.expr(ret, d);
        let c = self.expr(&Ty::Bool, d.min(1));
        self.cx.hidden.retain(|i| *i < mark);
        let rs: Vec<String> = (mark..mark + n).map(|i| self.slot(i)).collect();
        self.truncate(mark);
        if rs.is_empty() {
            return e;
        }
        match ret {
            Ty::Int => format!("({} + {})", rs.join(" + "), e),
            Ty::Str => rs
                .iter()
                .fold(e, |acc, r| format!("string_concat({}, {})", acc, r)),
            Ty::Bool => format!("({} || {})", rs.join(" || "), e),
            _ => {
                let r = self.rng.pick(&rs).clone();
                format!("if {} then {{ {} }} else {{ {} }}", c, r, e)
            }
        }
    }

    /// Structural recursion over a recursive data type, `decreases(@D.0)`.
    fn structural_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("recursion");
        let cands: Vec<usize> = self
            .visible_adts(m)
            .into_iter()
            .filter(|&i| (0..self.adts[i].ctors.len()).any(|c| self.adts[i].is_recursive_ctor(c)))
            .collect();
        let adt = self.adts[*self.rng.pick(&cands)].clone();
        let generic = !adt.params.is_empty() && self.rng.chance(1, 2);
        let tvars: Vec<String> = if generic { adt.params.clone() } else { vec![] };
        let row = self.random_row(m);
        self.set_cx(m, vec![], vec![], tvars.clone(), FN_BUDGET / STRUCT_SIZE);
        let args: Vec<Ty> = if generic {
            adt.params.iter().map(|p| Ty::Var(p.clone())).collect()
        } else {
            adt.params.iter().map(|_| self.random_type(1)).collect()
        };
        let dt = Ty::Adt(adt.name.clone(), args.clone());
        let mut params = vec![dt.clone()];
        // A generic function has a plain parameter of each type variable. Other
        // parameters are numbers or Booleans, which cannot grow along a long list.
        params.extend(tvars.iter().map(|v| Ty::Var(v.clone())));
        for _ in 0..self.rng.below(2) {
            params.push(self.rng.pick(&[Ty::Int, Ty::Nat, Ty::Bool]).clone());
        }
        let ret = self.random_type(2);
        let pres = vec![Pre::None; params.len()];
        self.set_cx(
            m,
            params.clone(),
            row.clone(),
            tvars.clone(),
            FN_BUDGET / STRUCT_SIZE,
        );
        if generic {
            self.features.bump("generic_fn");
        }
        let scrut = self.slot(0);
        let d = self.depth();
        let mut arms = Vec::new();
        let mark = self.cx.binds.len();
        for c in 0..adt.ctors.len() {
            let fields = adt.fields(c, &args);
            let cname = &adt.ctors[c].0;
            if fields.is_empty() {
                let e = self.expr(&ret, d - 1);
                arms.push(format!("{} -> {}", cname, e));
                continue;
            }
            let pats: Vec<String> = fields.iter().map(|f| format!("@{}", f.written())).collect();
            for f in &fields {
                self.push(f.clone());
            }
            // The recursive calls' arguments see no earlier result, and the
            // results are combined once each: no value doubles per level.
            let mut calls = Vec::new();
            for (j, f) in fields.iter().enumerate() {
                if *f == dt && self.rng.chance(4, 5) {
                    let sub = self.slot(mark + j);
                    let rest: Vec<String> =
                        params[1..].iter().map(|p| self.expr(p, d - 2)).collect();
                    let mut a = vec![sub];
                    a.extend(rest);
                    calls.push(format!("{}({})", name, a.join(", ")));
                }
            }
            let mut stmts: Vec<String> = calls
                .iter()
                .map(|c| format!("let @{} = {};", ret.written(), c))
                .collect();
            let fin = self.combine(&ret, calls.len(), d - 1);
            stmts.push(fin);
            self.truncate(mark);
            arms.push(format!(
                "{}({}) -> {{ {} }}",
                cname,
                pats.join(", "),
                stmts.join(" ")
            ));
        }
        let body = vec![format!("match {} {{ {} }}", scrut, arms.join(", "))];
        let cost = self.cx.cost * STRUCT_SIZE;
        let mut body = body;
        let ensures = self.ensures_for(&ret, &mut body);
        self.finish_fn(
            m,
            name,
            tvars,
            params,
            pres,
            ret,
            row,
            vec![],
            ensures,
            Some(scrut),
            body,
            vec![],
            cost,
        )
    }

    /// A function with a closure parameter, which it applies.
    fn higher_order_fn(&mut self, name: String) -> (FnText, FnDef) {
        self.features.bump("higher_order_fn");
        let a = self.rng.pick(&self.aliases).clone();
        let mut row = self.random_row(0);
        for e in &a.row {
            if !row.contains(e) {
                row.push(e.clone());
            }
        }
        row.sort();
        self.set_cx(0, vec![], vec![], vec![], FN_BUDGET);
        let mut params = vec![Ty::Alias(a.name.clone())];
        let extra = self.rng.below(3);
        params.extend(self.random_params(extra));
        self.rng.shuffle(&mut params);
        let k = params
            .iter()
            .position(|p| *p == Ty::Alias(a.name.clone()))
            .unwrap();
        let ret = self.random_type(2);
        let pres = self.random_pres(&params);
        self.set_cx(0, params.clone(), row.clone(), vec![], FN_BUDGET);
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        let f = self.slot(k);
        let args: Vec<String> = a.params.iter().map(|p| self.expr(p, d - 1)).collect();
        self.features.bump("apply_fn");
        let apply = format!("apply_fn({}, {})", f, args.join(", "));
        let mut lines = Vec::new();
        if a.ret == Ty::Unit {
            lines.push(format!("{};", apply));
        } else {
            lines.push(format!("let @{} = {};", a.ret.written(), apply));
            self.push(a.ret.clone());
        }
        let n = self.rng.below(3);
        lines.extend(self.body_lines(&ret, d, n));
        let cost = self.cx.cost + CLOSURE_COST;
        let ensures = self.ensures_for(&ret, &mut lines);
        self.finish_fn(
            0,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            requires,
            ensures,
            None,
            lines,
            vec![],
            cost,
        )
    }

    /// A function returning a closure built from its parameters.
    fn factory_fn(&mut self, name: String) -> (FnText, FnDef) {
        self.features.bump("closure_returned");
        let a = self.rng.pick(&self.aliases).clone();
        self.set_cx(0, vec![], vec![], vec![], FN_BUDGET);
        let n = self.rng.range(1, 3);
        let params = self.random_params(n);
        let pres = self.random_pres(&params);
        self.set_cx(0, params.clone(), vec![], vec![], FN_BUDGET);
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        let mut lines = Vec::new();
        for _ in 0..self.rng.below(2) {
            if let Some(s) = self.stmt(d - 1) {
                lines.push(s);
            }
        }
        lines.push(self.closure(&Ty::Alias(a.name.clone()), d - 1));
        let cost = self.cx.cost;
        let ret = Ty::Alias(a.name.clone());
        self.finish_fn(
            0,
            name,
            vec![],
            params,
            pres,
            ret,
            vec![],
            requires,
            vec![],
            None,
            lines,
            vec![],
            cost,
        )
    }

    /// Mutual recursion through two local functions of a `where` block.
    fn mutual_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("mutual_recursion");
        self.features.bump("recursion");
        let row = if self.rng.chance(1, 2) {
            vec![]
        } else {
            self.random_row(m)
        };
        self.set_cx(m, vec![], vec![], vec![], FN_BUDGET / COUNTER_MAX);
        let x = self.random_type(1);
        let ret = self.rng.pick(&[Ty::Int, Ty::Str, Ty::Bool]).clone();
        let bound = self.rng.range(2, COUNTER_MAX);
        let params = vec![Ty::Nat, x.clone()];
        let pres = vec![Pre::NatAtMost(bound), Pre::None];
        self.set_cx(
            m,
            params.clone(),
            row.clone(),
            vec![],
            FN_BUDGET / COUNTER_MAX,
        );
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        // The counter is the first parameter: `@Nat.1` when the other is a Nat too.
        let body = vec![format!("ping({}, {})", self.slot(0), self.slot(1))];
        let mut locals = Vec::new();
        let counter = self.slot(0);
        let tail = self.rng.chance(1, 2);
        if tail {
            self.features.bump("tail_call");
        }
        for (me, other) in [("ping", "pong"), ("pong", "ping")] {
            self.set_cx(
                m,
                params.clone(),
                row.clone(),
                vec![],
                FN_BUDGET / COUNTER_MAX,
            );
            let base = {
                let n = self.rng.below(2);
                self.block(&ret, d - 1, n)
            };
            let next = self.expr(&x, 1);
            let call = format!("{}({} - 1, {})", other, counter, next);
            let step = match &ret {
                _ if tail => call,
                Ty::Int => format!("({} + {})", call, self.expr(&Ty::Int, d - 2)),
                Ty::Str => format!("string_concat({}, {})", self.expr(&Ty::Str, d - 2), call),
                _ => format!("!({})", call),
            };
            let f = FnText {
                vis: "",
                tparams: vec![],
                name: me.to_string(),
                params: params.clone(),
                ret: ret.clone(),
                requires: vec![],
                ensures: vec![],
                decreases: Some(counter.clone()),
                row: row.clone(),
                body: vec![format!(
                    "if {} == 0 then {} else {{ {} }}",
                    counter, base, step
                )],
                locals: vec![],
            };
            locals.push(f.render("  "));
        }
        let cost = self.cx.cost * 2 * (bound + 1);
        self.set_cx(m, params.clone(), row.clone(), vec![], FN_BUDGET);
        let mut body = body;
        let ensures = self.ensures_for(&ret, &mut body);
        self.finish_fn(
            m,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            requires,
            ensures,
            None,
            body,
            locals,
            cost,
        )
    }

    /// Adds to a state and says so with `old`/`new` (spec 6.9).
    fn state_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("old_new");
        let heap = !self.cfg.known_bugs.f04_old_heap_state && self.rng.chance(1, 2);
        let (s, ensures, body) = if heap {
            (
                Ty::Str,
                "string_length(new(State<String>)) == string_length(old(State<String>)) + string_length(@String.0)",
                vec![
                    "put(string_concat(get(()), @String.0));".to_string(),
                    "let @String = string_concat(\"t\", to_string(string_length(get(()))));".to_string(),
                    "()".to_string(),
                ],
            )
        } else {
            (
                Ty::Int,
                "new(State<Int>) == old(State<Int>) + @Int.0",
                vec![
                    "let @Int = get(());".to_string(),
                    "put(@Int.0 + @Int.1);".to_string(),
                    "()".to_string(),
                ],
            )
        };
        let row = vec![Eff::State(s.clone())];
        self.set_cx(m, vec![s.clone()], row.clone(), vec![], FN_BUDGET);
        self.finish_fn(
            m,
            name,
            vec![],
            vec![s],
            vec![Pre::None],
            Ty::Unit,
            row,
            vec![],
            vec![ensures.to_string()],
            None,
            body,
            vec![],
            4,
        )
    }

    /// A function that throws on some inputs.
    fn thrower_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.set_cx(m, vec![], vec![], vec![], FN_BUDGET);
        let e = self.exn_type();
        let mut row = self.random_row(m);
        row.retain(|x| !matches!(x, Eff::Exn(_)));
        row.push(Eff::Exn(e.clone()));
        row.sort();
        let n = self.rng.range(1, 3);
        let params = self.random_params(n);
        let ret = self.random_type(2);
        let pres = self.random_pres(&params);
        self.set_cx(m, params.clone(), row.clone(), vec![], FN_BUDGET);
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        let mut lines = Vec::new();
        for _ in 0..self.rng.below(3) {
            if let Some(s) = self.stmt(d - 1) {
                lines.push(s);
            }
        }
        let c = self.expr(&Ty::Bool, d - 1);
        let t = self.throw(&e, d - 1);
        let other = {
            let n = self.rng.below(2);
            self.block(&ret, d - 1, n)
        };
        lines.push(format!("if {} then {{ {} }} else {}", c, t, other));
        self.truncate(params.len());
        let cost = self.cx.cost;
        self.finish_fn(
            m,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            requires,
            vec![],
            None,
            lines,
            vec![],
            cost,
        )
    }

    /// A generic function that may throw a value of its type variable:
    /// `forall<T> fn g(@T, ... -> @R) effects(<Exn<T>>)`.
    fn generic_thrower_fn(&mut self, m: usize, name: String) -> (FnText, FnDef) {
        self.features.bump("generic_fn");
        self.features.bump("generic_exn");
        let tv = vec!["T".to_string()];
        let e = Ty::Var("T".into());
        self.set_cx(m, vec![], vec![], tv.clone(), FN_BUDGET);
        let mut params = vec![e.clone()];
        let extra = self.rng.below(3);
        params.extend(self.random_params(extra));
        self.rng.shuffle(&mut params);
        let ret = self.random_type(2);
        let row = vec![Eff::Exn(e.clone())];
        let pres = vec![Pre::None; params.len()];
        self.set_cx(m, params.clone(), row.clone(), tv.clone(), FN_BUDGET);
        let d = self.depth();
        let mut lines = Vec::new();
        for _ in 0..self.rng.below(2) {
            if let Some(s) = self.stmt(d - 1) {
                lines.push(s);
            }
        }
        let c = self.expr(&Ty::Bool, d - 1);
        let t = self.throw(&e, d - 1);
        let other = self.block(&ret, d - 1, 1);
        lines.push(format!("if {} then {{ {} }} else {}", c, t, other));
        self.truncate(params.len());
        let cost = self.cx.cost;
        self.finish_fn(
            m,
            name,
            tv,
            params,
            pres,
            ret,
            row,
            vec![],
            vec![],
            None,
            lines,
            vec![],
            cost,
        )
    }

    /// Catches what thrower `i` throws; the `handle` is the whole body.
    fn catcher_fn(&mut self, m: usize, i: usize) {
        let f = self.fns[i].clone();
        // A generic thrower is caught at one instance of its type variables.
        self.set_cx(m, vec![], vec![], vec![], 0);
        let fixed: Vec<(String, Ty)> = f
            .tparams
            .iter()
            .map(|p| {
                let mut t = self.random_type(1);
                while t.mentions_alias() || t.has_var() {
                    t = self.random_type(1);
                }
                (p.clone(), t)
            })
            .collect();
        let f = FnDef {
            row: f.row.iter().map(|e| e.subst(&fixed)).collect(),
            ret: f.ret.subst(&fixed),
            ..f
        };
        let Some(Eff::Exn(e)) = f.row.iter().find(|x| matches!(x, Eff::Exn(_))).cloned() else {
            return;
        };
        let name = if m == 0 {
            self.fresh("f")
        } else {
            self.fresh("u")
        };
        let row: Vec<Eff> = f
            .row
            .iter()
            .filter(|x| !matches!(x, Eff::Exn(_)))
            .cloned()
            .collect();
        let n = self.rng.below(3);
        let params: Vec<Ty> = (0..n)
            .map(|_| self.rng.pick(&[Ty::Int, Ty::Nat, Ty::Bool]).clone())
            .collect();
        let ret = f.ret.clone();
        self.set_cx(m, params.clone(), row.clone(), vec![], FN_BUDGET);
        self.cx.callable = self.fns.len();
        let d = self.depth();
        let target = ret.clone();
        let body = self.handle(&Eff::Exn(e.clone()), &ret, d, &mut |g: &mut Self, d| {
            let mark = g.cx.binds.len();
            let pre = if g.rng.chance(1, 2) { g.stmt(d) } else { None };
            let call = g
                .call_with(i, &target, d, fixed.clone())
                .unwrap_or_else(|| g.expr(&target, d));
            g.truncate(mark);
            format!("{{ {} {} }}", pre.unwrap_or_default(), call)
        });
        self.features.bump("exn_cross_frame");
        let cost = self.cx.cost;
        let pres = vec![Pre::None; params.len()];
        let public = m == 1 && self.rng.chance(4, 5);
        let (mut text, mut def) = self.finish_fn(
            m,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            vec![],
            vec![],
            None,
            vec![body],
            vec![],
            cost,
        );
        def.public = public;
        text.vis = if public { "public" } else { "private" };
        if public {
            self.offer(m, &def.name, true);
        }
        self.modules[m].fns.push(text.render(""));
        self.fns.push(def);
    }

    /// A function that performs a user effect's operation.
    fn performer_fn(&mut self, name: String) -> (FnText, FnDef) {
        let eff = self.rng.pick(&self.effects).clone();
        let mut row = self.random_row(0);
        row.retain(|x| !matches!(x, Eff::User(..)));
        self.set_cx(0, vec![], vec![], vec![], 0);
        let instance = self.user_instance(Some(&eff.name));
        row.push(instance.clone());
        row.sort();
        self.set_cx(0, vec![], vec![], vec![], FN_BUDGET);
        let n = self.rng.below(3);
        let params = self.random_params(n);
        let ret = self.random_type(2);
        let pres = self.random_pres(&params);
        self.set_cx(0, params.clone(), row.clone(), vec![], FN_BUDGET);
        let requires = self.pre_clauses(&pres);
        let d = self.depth();
        let j = self.rng.below(eff.ops.len() as u64) as usize;
        let Eff::User(_, args) = &instance else {
            unreachable!()
        };
        let (_, op_ret) = eff.op_types(j, args);
        let perform = self.perform(&instance, j, d - 1);
        let mut lines = Vec::new();
        if op_ret == Ty::Unit {
            lines.push(format!("{};", perform));
        } else {
            lines.push(format!("let @{} = {};", op_ret.written(), perform));
            self.push(op_ret.clone());
        }
        let n = self.rng.below(3);
        lines.extend(self.body_lines(&ret, d, n));
        let cost = self.cx.cost;
        let ensures = self.ensures_for(&ret, &mut lines);
        self.finish_fn(
            0,
            name,
            vec![],
            params,
            pres,
            ret,
            row,
            requires,
            ensures,
            None,
            lines,
            vec![],
            cost,
        )
    }

    // ----- main -----------------------------------------------------------------------

    fn gen_main(&mut self) {
        self.set_cx(0, vec![Ty::Unit], vec![Eff::IO], vec![], MAIN_BUDGET);
        let mut lines = Vec::new();
        // Call every helper the root can see once, then some random results.
        let mut order: Vec<usize> = (0..self.fns.len())
            .filter(|&i| self.visible_fn(i))
            .collect();
        self.rng.shuffle(&mut order);
        let d = self.cfg.max_depth.max(2);
        let mut k = 0;
        for i in order {
            let f = self.fns[i].clone();
            if self.cx.cost + f.cost > self.cx.budget {
                continue;
            }
            let t = if f.ret.has_var() {
                // An instance of the generic result.
                let mut t = self.random_type(1);
                while t == Ty::Unit || t.has_var() {
                    t = self.random_type(1);
                }
                let map: Vec<(String, Ty)> =
                    f.tparams.iter().map(|p| (p.clone(), t.clone())).collect();
                f.ret.subst(&map)
            } else {
                f.ret.clone()
            };
            let Some(call) = self.call(i, &t, d) else {
                continue;
            };
            k += 1;
            lines.extend(self.print_lines(k, &t, call));
        }
        for _ in 0..self.cfg.main_stmts {
            if self.rng.chance(1, 4) {
                if let Some(s) = self.stmt(d) {
                    lines.push(s);
                }
            }
            let t = self.random_type(2);
            let e = self.expr(&t, d);
            k += 1;
            lines.extend(self.print_lines(k, &t, e));
        }
        lines.push("IO.print(\"done\\n\")".into());
        let text = FnText {
            vis: "public",
            tparams: vec![],
            name: "main".into(),
            params: vec![Ty::Unit],
            ret: Ty::Unit,
            requires: vec![],
            ensures: vec![],
            decreases: None,
            row: vec![Eff::IO],
            body: lines,
            locals: vec![],
        };
        self.modules[0].fns.push(text.render(""));
    }

    /// `let @T = e;` and a line printing it, labelled `k`.
    fn print_lines(&mut self, k: usize, t: &Ty, e: String) -> Vec<String> {
        if *t == Ty::Unit {
            return vec![format!("{};", e), format!("IO.print(\"{}: ()\\n\");", k)];
        }
        let i = self.push(t.clone());
        let r = self.slot(i);
        let shown = self.show(t, &r);
        vec![
            format!("let @{} = {};", t.written(), e),
            format!(
                "IO.print(string_concat(\"{}: \", string_concat({}, \"\\n\")));",
                k, shown
            ),
        ]
    }
}

fn mentions_var(t: &Ty, v: &str) -> bool {
    match t {
        Ty::Var(x) => x == v,
        Ty::Array(t) | Ty::Option(t) => mentions_var(t, v),
        Ty::Result(a, b) => mentions_var(a, v) || mentions_var(b, v),
        Ty::Tuple(ts) | Ty::Adt(_, ts) => ts.iter().any(|t| mentions_var(t, v)),
        _ => false,
    }
}
