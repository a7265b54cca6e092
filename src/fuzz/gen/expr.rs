//! Expressions of a requested type, statements, patterns, closures, calls and
//! handlers. Every function here leaves the scope as it found it, except
//! [`Gen::stmt`], which adds the bindings its `let` makes.

use super::types::{row_text, Eff, Pre, Refine, Ty};
use super::{Gen, CLOSURE_COST};

/// String literals as written in Vera source (escapes included).
pub(super) const STRINGS: &[&str] = &[
    "",
    "a",
    "hello",
    "Vera",
    " pad ",
    "x\\ty",
    "42",
    "007",
    "-3",
    "\\u{e9}t\\u{e9}",
    "a,b",
    "\\\"q\\\"",
    "line\\n",
    "zz",
];

/// Strings `parse_nat` and `parse_float64` are given (spec 8.3).
const NUMERALS: &[&str] = &[
    "12", " 7 ", "abc", "", "007", "-1", "99999", "3.25", " -1.5x", "+2",
];

impl Gen<'_> {
    /// An expression of type `t`, nested at most `d` deep.
    pub(super) fn expr(&mut self, t: &Ty, d: u32) -> String {
        self.cx.cost += 1;
        if d == 0 || self.cx.cost > self.cx.budget {
            return self.leaf_or_slot(t);
        }
        for _ in 0..10 {
            let heavy = d >= 2;
            let form = self.rng.weighted(&[
                5,                         // slot
                6,                         // type-specific
                4,                         // call
                if heavy { 2 } else { 0 }, // if
                if heavy { 2 } else { 0 }, // match
                if heavy { 1 } else { 0 }, // block
                2,                         // apply a closure
                if heavy { 1 } else { 0 }, // handle
                2,                         // effect operation
                1,                         // array index
            ]);
            let r = match form {
                0 => self.slot_of(t),
                1 => self.special(t, d),
                2 => self.call_returning(t, d),
                3 => Some(self.if_expr(t, d)),
                4 => self.match_expr(t, d),
                5 => {
                    let n = self.rng.range(1, 3);
                    Some(self.block(t, d - 1, n))
                }
                6 => self.apply(t, d),
                7 => self.handle_expr(t, d),
                8 => self.operation(t, d),
                _ => self.index(t, d),
            };
            if let Some(s) = r {
                return s;
            }
        }
        self.leaf_or_slot(t)
    }

    /// An expression of type `t` whose type the checker can tell without an
    /// expected type (an argument of a generic call, a scrutinee, the left of
    /// `==`): a binding of exactly that type, or a `let` that names it.
    pub(super) fn typed_expr(&mut self, t: &Ty, d: u32) -> String {
        match t {
            Ty::Bool | Ty::Str | Ty::Unit | Ty::Float
                if !self.cfg.known_bugs.handle_as_generic_argument =>
            {
                self.expr(t, d)
            }
            _ => {
                let exact = self.binds_of(t);
                if !exact.is_empty() && self.rng.chance(1, 2) {
                    let i = *self.rng.pick(&exact);
                    return self.slot(i);
                }
                let e = self.expr(t, d);
                let w = t.written();
                format!("{{ let @{} = {}; @{}.0 }}", w, e, w)
            }
        }
    }

    /// A binding usable where a `t` is wanted: of type `t`, a Nat for an Int,
    /// a named type for what it stands for (whose refinement the value meets),
    /// and the other way round when the name has no refinement.
    fn slot_of(&mut self, t: &Ty) -> Option<String> {
        let fits = |g: &Self, b: &Ty| -> bool {
            if b == t || (*t == Ty::Int && *b == Ty::Nat) {
                return true;
            }
            match (b, t) {
                (Ty::Named(n), _) => {
                    let d = g.named_def(n);
                    d.target == *t
                        || (*t == Ty::Int && d.target == Ty::Nat)
                        || (*t == Ty::Nat && d.refine != Refine::None && d.target == Ty::Int)
                }
                (_, Ty::Named(n)) => {
                    let d = g.named_def(n);
                    d.refine == Refine::None && d.target == *b
                }
                _ => false,
            }
        };
        let c: Vec<usize> = self
            .usable_binds()
            .filter(|&i| fits(self, &self.cx.binds[i]))
            .collect();
        if c.is_empty() {
            return None;
        }
        let i = *self.rng.pick(&c);
        Some(self.slot(i))
    }

    fn leaf_or_slot(&mut self, t: &Ty) -> String {
        if self.rng.chance(1, 2) || matches!(t, Ty::Var(_)) {
            if let Some(s) = self.slot_of(t) {
                return s;
            }
        }
        self.leaf(t)
    }

    /// A value of type `t` that needs no bindings (but a type variable's).
    pub(super) fn leaf(&mut self, t: &Ty) -> String {
        match t {
            Ty::Int => self.int_literal(),
            Ty::Nat => self.rng.below(21).to_string(),
            Ty::Bool => self.rng.pick(&["true", "false"]).to_string(),
            Ty::Byte => {
                self.features.bump("byte");
                self.rng.range(65, 90).to_string()
            }
            Ty::Float => {
                self.features.bump("float");
                self.float_literal()
            }
            Ty::Str => format!("\"{}\"", self.rng.pick(STRINGS)),
            Ty::Unit => "()".into(),
            Ty::Array(e) => {
                self.features.bump("array_literal");
                let n = self.rng.below(3);
                let items: Vec<String> = (0..n).map(|_| self.leaf(e)).collect();
                self.array_literal(t, items)
            }
            Ty::Tuple(ts) => {
                self.features.bump("tuple");
                let items: Vec<String> = ts.iter().map(|t| self.leaf(t)).collect();
                format!("Tuple({})", items.join(", "))
            }
            Ty::Option(x) => {
                if self.rng.chance(1, 2) {
                    "None".into()
                } else {
                    format!("Some({})", self.leaf(x))
                }
            }
            Ty::Result(a, b) => {
                if self.rng.chance(1, 2) {
                    format!("Ok({})", self.leaf(a))
                } else {
                    format!("Err({})", self.leaf(b))
                }
            }
            Ty::Adt(name, args) => {
                let base = self.base_ctors(name);
                let c = *self.rng.pick(&base);
                self.construct(name, args, c, 0)
            }
            Ty::Alias(_) | Ty::Fn(..) => self.closure(t, 0),
            Ty::Named(n) => {
                let def = self.named_def(n).clone();
                match def.refine {
                    Refine::None => self.leaf(&def.target),
                    Refine::Below(k) => self.rng.below(k).to_string(),
                    Refine::NonEmpty => format!("\"{}\"", self.rng.pick(&STRINGS[1..])),
                }
            }
            Ty::Var(_) => self
                .slot_of(t)
                .unwrap_or_else(|| panic!("no binding of type variable {}", t.written())),
        }
    }

    /// `[items]`, never empty while `empty_array_literal_unrooted` is avoided
    /// (any `[]` may free a constructor under construction around it).
    fn array_literal(&mut self, t: &Ty, mut items: Vec<String>) -> String {
        if items.is_empty() && self.cfg.known_bugs.empty_array_literal_unrooted {
            let Ty::Array(e) = t else { unreachable!() };
            items.push(self.leaf(e));
        }
        format!("[{}]", items.join(", "))
    }

    fn int_literal(&mut self) -> String {
        match self.rng.below(10) {
            0 => "-7".into(),
            1 => self
                .rng
                .pick(&["1000000007", "9223372036854775807", "4294967296", "65536"])
                .to_string(),
            2 => format!("(0 - {})", self.rng.below(50)),
            _ => self.rng.below(20).to_string(),
        }
    }

    fn float_literal(&mut self) -> String {
        let q = self.rng.below(40);
        format!("{}.{}", q / 4, ["0", "25", "5", "75"][(q % 4) as usize])
    }

    fn construct(&mut self, name: &str, args: &[Ty], c: usize, d: u32) -> String {
        let def = self.adt(name).clone();
        let fields = def.fields(c, args);
        self.features.bump("adt");
        if fields.is_empty() {
            return def.ctors[c].0.clone();
        }
        let items: Vec<String> = fields
            .iter()
            .map(|f| {
                if d == 0 {
                    self.leaf_or_slot(f)
                } else {
                    self.expr(f, d - 1)
                }
            })
            .collect();
        format!("{}({})", def.ctors[c].0, items.join(", "))
    }

    // ----- forms for one type ---------------------------------------------------------

    fn special(&mut self, t: &Ty, d: u32) -> Option<String> {
        let d1 = d - 1;
        Some(match t {
            Ty::Int => match self.rng.below(9) {
                0 | 1 => {
                    let op = *self.rng.pick(&["+", "-", "*"]);
                    format!(
                        "({} {} {})",
                        self.expr(&Ty::Int, d1),
                        op,
                        self.expr(&Ty::Int, d1)
                    )
                }
                2 => {
                    let op = *self.rng.pick(&["/", "%"]);
                    format!(
                        "({} {} {})",
                        self.expr(&Ty::Int, d1),
                        op,
                        self.rng.range(1, 9)
                    )
                }
                3 => format!("-({})", self.expr(&Ty::Int, d1)),
                4 => {
                    self.features.bump("array_length");
                    let e = self.random_type(1);
                    let a = Ty::Array(Box::new(e));
                    format!("length({})", self.typed_expr(&a, d1))
                }
                5 => return self.special(&Ty::Nat, d),
                _ => self.int_literal(),
            },
            Ty::Nat => match self.rng.below(8) {
                0 => self.leaf(t),
                1 => format!(
                    "({} + {})",
                    self.expr(&Ty::Nat, d1),
                    self.expr(&Ty::Nat, d1)
                ),
                2 => {
                    let op = *self.rng.pick(&["/", "%"]);
                    format!(
                        "({} {} {})",
                        self.expr(&Ty::Nat, d1),
                        op,
                        self.rng.range(1, 9)
                    )
                }
                3 => {
                    self.features.bump("string_builtin");
                    format!("string_length({})", self.expr(&Ty::Str, d1))
                }
                4 => self.char_code(d1),
                5 => self.parse_nat_value(d1),
                _ => {
                    self.features.bump("array_length");
                    let e = self.random_type(1);
                    let a = Ty::Array(Box::new(e));
                    format!("length({})", self.typed_expr(&a, d1))
                }
            },
            Ty::Bool => match self.rng.below(9) {
                0 => self.leaf(t),
                1 | 2 => {
                    let ty = self
                        .rng
                        .pick(&[Ty::Int, Ty::Nat, Ty::Str, Ty::Int, Ty::Float, Ty::Byte])
                        .clone();
                    let ty = if ty == Ty::Float && !self.cfg.floats {
                        Ty::Int
                    } else {
                        ty
                    };
                    let op = *self.rng.pick(&["<", ">", "<=", ">=", "==", "!="]);
                    format!(
                        "({} {} {})",
                        self.typed_expr(&ty, d1),
                        op,
                        self.expr(&ty, d1)
                    )
                }
                3 => {
                    let ty = self.random_type(2);
                    if !self.equatable(&ty) {
                        return None;
                    }
                    self.features.bump("equality");
                    let op = *self.rng.pick(&["==", "!="]);
                    // Both sides name their type: `==` gives its right operand no
                    // expected type (fuzz-findings/equality_right_operand_context.vera).
                    format!(
                        "({} {} {})",
                        self.typed_expr(&ty, d1),
                        op,
                        self.typed_expr(&ty, d1)
                    )
                }
                4 | 5 => {
                    let op = *self.rng.pick(&["&&", "||", "==>"]);
                    format!(
                        "({} {} {})",
                        self.expr(&Ty::Bool, d1),
                        op,
                        self.expr(&Ty::Bool, d1)
                    )
                }
                6 => format!("!({})", self.expr(&Ty::Bool, d1)),
                _ => self.quantifier(d1),
            },
            Ty::Str => {
                self.features.bump("string_builtin");
                match self.rng.below(9) {
                    0 => self.leaf(t),
                    1 | 2 => format!(
                        "string_concat({}, {})",
                        self.expr(&Ty::Str, d1),
                        self.expr(&Ty::Str, d1)
                    ),
                    3 => {
                        let (f, ty) = self
                            .rng
                            .pick(&[
                                ("int_to_string", Ty::Int),
                                ("to_string", Ty::Int),
                                ("nat_to_string", Ty::Nat),
                                ("bool_to_string", Ty::Bool),
                                ("byte_to_string", Ty::Byte),
                                ("float_to_string", Ty::Float),
                            ])
                            .clone();
                        let ty = if ty == Ty::Float && !self.cfg.floats {
                            Ty::Int
                        } else {
                            ty
                        };
                        let f = if ty == Ty::Int && f == "float_to_string" {
                            "to_string"
                        } else {
                            f
                        };
                        format!("{}({})", f, self.expr(&ty, d1))
                    }
                    4 => format!("strip({})", self.expr(&Ty::Str, d1)),
                    5 | 6 => self.slice(d1),
                    _ => {
                        let ty = self.random_type(2);
                        if matches!(ty, Ty::Unit | Ty::Alias(_) | Ty::Fn(..))
                            || ty.has_var()
                            || self.cx.module != 0
                        {
                            return None;
                        }
                        let v = self.expr(&ty, d1);
                        self.show(&ty, &v)
                    }
                }
            }
            Ty::Float => match self.rng.below(6) {
                0 | 1 => {
                    let op = *self.rng.pick(&["+", "-"]);
                    format!(
                        "({} {} {})",
                        self.expr(&Ty::Float, d1),
                        op,
                        self.expr(&Ty::Float, d1)
                    )
                }
                2 => format!("({} * 2.0)", self.expr(&Ty::Float, d1)),
                3 => format!("to_float(({} % 1000))", self.expr(&Ty::Int, d1)),
                4 => {
                    self.features.bump("parse");
                    let s = self.rng.pick(NUMERALS);
                    format!("parse_float64(\"{}\")", s)
                }
                _ => self.leaf(t),
            },
            Ty::Byte | Ty::Var(_) => return None,
            Ty::Named(n) => {
                let def = self.named_def(n).clone();
                match def.refine {
                    Refine::None => self.expr(&def.target, d),
                    Refine::Below(k) if def.target == Ty::Nat => {
                        format!("({} % {})", self.expr(&Ty::Nat, d1), k)
                    }
                    Refine::Below(k) => {
                        format!("((({} % {}) + {}) % {})", self.expr(&Ty::Int, d1), k, k, k)
                    }
                    Refine::NonEmpty => {
                        format!("string_concat({}, \"n\")", self.expr(&Ty::Str, d1))
                    }
                }
            }
            Ty::Unit => return self.unit_expr(d),
            Ty::Array(e) => {
                self.features.bump("array_literal");
                let n = self.rng.below(5);
                let items: Vec<String> = (0..n).map(|_| self.expr(e, d1)).collect();
                self.array_literal(t, items)
            }
            Ty::Tuple(ts) => {
                self.features.bump("tuple");
                let items: Vec<String> = ts.iter().map(|t| self.expr(t, d1)).collect();
                format!("Tuple({})", items.join(", "))
            }
            Ty::Option(x) => {
                if self.rng.chance(1, 4) {
                    "None".into()
                } else {
                    format!("Some({})", self.expr(x, d1))
                }
            }
            Ty::Result(a, b) => {
                if **a == Ty::Nat && **b == Ty::Str && self.rng.chance(1, 3) {
                    self.features.bump("parse");
                    return Some(format!("parse_nat({})", self.numeral(d1)));
                }
                if self.rng.chance(1, 2) {
                    format!("Ok({})", self.expr(a, d1))
                } else {
                    format!("Err({})", self.expr(b, d1))
                }
            }
            Ty::Adt(name, args) => {
                let n = self.adt(name).ctors.len();
                // Recursive constructors deepen the value: take them less as depth runs out.
                let c = if d <= 1 || self.rng.chance(1, 3) {
                    *self.rng.pick(&self.base_ctors(name))
                } else {
                    self.rng.below(n as u64) as usize
                };
                self.construct(name, args, c, d)
            }
            Ty::Alias(_) | Ty::Fn(..) => self.closure(t, d1),
        })
    }

    /// A string for `parse_nat`: a literal, or the text of a small Nat (f06:
    /// the largest Nats do not parse).
    fn numeral(&mut self, d: u32) -> String {
        if self.rng.chance(1, 2) {
            format!("\"{}\"", self.rng.pick(NUMERALS))
        } else {
            format!("nat_to_string({})", self.expr(&Ty::Nat, d))
        }
    }

    fn parse_nat_value(&mut self, d: u32) -> String {
        self.features.bump("parse");
        let s = self.numeral(d);
        let n = self.cx.binds.len();
        self.push(Ty::Nat);
        let ok = self.slot(n);
        self.truncate(n);
        self.push(Ty::Str);
        let err = format!("string_length({})", self.slot(n));
        self.truncate(n);
        format!(
            "match parse_nat({}) {{ Ok(@Nat) -> {}, Err(@String) -> {} }}",
            s, ok, err
        )
    }

    /// `char_code` at an index below the length of a string that is not empty.
    fn char_code(&mut self, d: u32) -> String {
        self.features.bump("string_builtin");
        let s = self.expr(&Ty::Str, d);
        let n = self.cx.binds.len();
        self.push(Ty::Str);
        let r = self.slot(n);
        let i = self.expr(&Ty::Nat, d);
        self.truncate(n);
        format!(
            "{{ let @String = string_concat({}, \"z\"); char_code({}, ({} % string_length({}))) }}",
            s, r, i, r
        )
    }

    /// `string_slice` with `0 <= i <= j <= length`.
    fn slice(&mut self, d: u32) -> String {
        let s = self.expr(&Ty::Str, d);
        let n = self.cx.binds.len();
        self.push(Ty::Str);
        let r = self.slot(n);
        let k = self.expr(&Ty::Nat, d);
        self.push(Ty::Nat);
        let i = self.slot(n + 1);
        let (from, to) = match self.rng.below(3) {
            0 => ("0".to_string(), i.clone()),
            1 => (i.clone(), format!("string_length({})", r)),
            _ => (format!("({} / 2)", i), i.clone()),
        };
        self.truncate(n);
        format!(
            "{{ let @String = {}; let @Nat = ({} % (string_length({}) + 1)); string_slice({}, {}, {}) }}",
            s,
            k,
            r,
            self.slot_text_after(&r),
            from,
            to
        )
    }

    /// A slot reference to a String taken before a Nat was bound: unchanged
    /// (the Nat binding does not count among Strings).
    fn slot_text_after(&self, r: &str) -> String {
        r.to_string()
    }

    fn quantifier(&mut self, d: u32) -> String {
        self.features.bump("quantifier");
        let kind = *self.rng.pick(&["forall", "exists"]);
        let var = self.rng.pick(&[Ty::Nat, Ty::Int]).clone();
        // Over the indices of an array binding when there is one.
        let arrays: Vec<usize> = self
            .usable_binds()
            .filter(
                |&i| matches!(&self.cx.binds[i], Ty::Array(e) if e.is_ordered() && **e != Ty::Byte),
            )
            .collect();
        let n = self.cx.binds.len();
        if !arrays.is_empty() && self.rng.chance(2, 3) {
            let a = *self.rng.pick(&arrays);
            let Ty::Array(e) = self.cx.binds[a].clone() else {
                unreachable!()
            };
            let bound = format!("length({})", self.slot(a));
            let base = self.cx.closure_base;
            self.cx.closure_base = Some(n);
            self.push(var.clone());
            let elem = format!("{}[{}]", self.slot(a), self.slot(n));
            let other = self.expr(&e, d.min(1));
            self.cx.closure_base = base;
            self.truncate(n);
            let op = *self.rng.pick(&["<", ">", "<=", ">=", "==", "!="]);
            return format!(
                "{}(@{}, {}, fn(@{} -> @Bool) effects(pure) {{ {} {} {} }})",
                kind,
                var.written(),
                bound,
                var.written(),
                elem,
                op,
                other
            );
        }
        let bound = format!("({} % 6)", self.expr(&Ty::Nat, d));
        let saved = self.cx.effects.clone();
        self.cx.effects.clear();
        let base = self.cx.closure_base;
        self.cx.closure_base = Some(n);
        self.push(var.clone());
        let body = self.expr(&Ty::Bool, d.min(2));
        self.cx.closure_base = base;
        self.truncate(n);
        self.cx.effects = saved;
        format!(
            "{}(@{}, {}, fn(@{} -> @Bool) effects(pure) {{ {} }})",
            kind,
            var.written(),
            bound,
            var.written(),
            body
        )
    }

    fn unit_expr(&mut self, d: u32) -> Option<String> {
        let d1 = d - 1;
        match self.rng.below(4) {
            0 if self.has_effect(&Eff::IO) => {
                Some(format!("IO.print({})", self.expr(&Ty::Str, d1)))
            }
            1 => {
                let states: Vec<Ty> = self
                    .cx
                    .effects
                    .iter()
                    .filter_map(|e| match e {
                        Eff::State(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                if states.is_empty() {
                    return None;
                }
                // The argument names its type: beside another State, and inside
                // two handlers of the same State, `put` gets no expected type
                // (fuzz-findings/nested_same_state_put.vera).
                let s = self.rng.pick(&states).clone();
                let v = self.typed_expr(&s, d1);
                Some(format!("put({})", v))
            }
            2 => Some("()".into()),
            _ => None,
        }
    }

    // ----- control --------------------------------------------------------------------

    fn if_expr(&mut self, t: &Ty, d: u32) -> String {
        self.features.bump("if");
        let c = self.expr(&Ty::Bool, d - 1);
        let exns = self.exns();
        if !exns.is_empty() && self.rng.chance(1, 3) {
            let e = self.rng.pick(&exns).clone();
            let thrown = self.throw(&e, d - 1);
            let other = {
                let n = self.rng.below(2);
                self.block(t, d - 1, n)
            };
            return if self.rng.chance(1, 2) {
                format!("if {} then {{ {} }} else {}", c, thrown, other)
            } else {
                format!("if {} then {} else {{ {} }}", c, other, thrown)
            };
        }
        let a = {
            let n = self.rng.below(2);
            self.block(t, d - 1, n)
        };
        let b = {
            let n = self.rng.below(2);
            self.block(t, d - 1, n)
        };
        format!("if {} then {} else {}", c, a, b)
    }

    /// The exception types that may be thrown here.
    fn exns(&self) -> Vec<Ty> {
        self.cx
            .effects
            .iter()
            .filter_map(|e| match e {
                Eff::Exn(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    pub(super) fn throw(&mut self, e: &Ty, d: u32) -> String {
        self.features.bump("throw");
        // Like `put`, `throw` may get no expected type (nested handlers).
        let v = self.typed_expr(e, d);
        format!("throw({})", v)
    }

    /// `{ stmts; e }` with `n` statements.
    pub(super) fn block(&mut self, t: &Ty, d: u32, n: u64) -> String {
        let mark = self.cx.binds.len();
        let mut parts = Vec::new();
        for _ in 0..n {
            if let Some(s) = self.stmt(d) {
                parts.push(s);
            }
        }
        parts.push(self.expr(t, d));
        self.truncate(mark);
        format!("{{ {} }}", parts.join(" "))
    }

    /// One statement of a block, ending in `;`. A `let` adds its bindings to
    /// the scope (the caller truncates).
    pub(super) fn stmt(&mut self, d: u32) -> Option<String> {
        let io = self.has_effect(&Eff::IO);
        let form = self.rng.weighted(&[6, 1, if io { 2 } else { 0 }, 2, 1]);
        match form {
            0 => {
                let t = if self.rng.chance(1, 3) {
                    self.some_call_type()
                } else {
                    self.random_type(2)
                };
                let e = self.expr(&t, d);
                self.features.bump("block_let");
                self.push(t.clone());
                Some(format!("let @{} = {};", t.written(), e))
            }
            1 => {
                if let Some(s) = self.ctor_let(d) {
                    return Some(s);
                }
                self.features.bump("tuple_let");
                let n = self.rng.range(2, 3);
                let ts: Vec<Ty> = (0..n).map(|_| self.random_type(1)).collect();
                let tt = Ty::Tuple(ts.clone());
                let e = self.expr(&tt, d);
                let pats: Vec<String> = ts.iter().map(|t| format!("@{}", t.written())).collect();
                for t in ts {
                    self.push(t);
                }
                Some(format!("let Tuple<{}> = {};", pats.join(", "), e))
            }
            2 => Some(format!("IO.print({});", self.expr(&Ty::Str, d))),
            3 => {
                // An effectful Unit expression: a call, an operation, a put.
                let e = self.expr(&Ty::Unit, d.max(1));
                if e == "()" {
                    return None;
                }
                Some(format!("{};", e))
            }
            _ => self.assert_stmt(),
        }
    }

    /// `let C<@F1, ...> = e;` taking apart a value of a data type with one
    /// constructor, sometimes.
    fn ctor_let(&mut self, d: u32) -> Option<String> {
        if !self.rng.chance(1, 3) {
            return None;
        }
        let t = self.random_type(2);
        if !matches!(t, Ty::Adt(..)) {
            return None;
        }
        let ctors = self.ctors_of(&t)?;
        let [(name, fields)] = &ctors[..] else {
            return None;
        };
        if fields.is_empty() {
            return None;
        }
        self.features.bump("ctor_let");
        let e = self.expr(&t, d);
        let pats: Vec<String> = fields.iter().map(|f| format!("@{}", f.written())).collect();
        for f in fields {
            self.push(f.clone());
        }
        Some(format!("let {}<{}> = {};", name, pats.join(", "), e))
    }

    /// The return type of some callable function, so that a `let` calls it.
    fn some_call_type(&mut self) -> Ty {
        let c: Vec<usize> = (0..self.cx.callable)
            .filter(|&i| self.visible_fn(i) && !self.fns[i].ret.has_var())
            .collect();
        if c.is_empty() {
            return self.random_type(2);
        }
        let i = *self.rng.pick(&c);
        let t = self.fns[i].ret.clone();
        if t == Ty::Unit || (t.mentions_alias() && self.cx.module != 0) {
            return Ty::Int;
        }
        t
    }

    fn assert_stmt(&mut self) -> Option<String> {
        let c: Vec<usize> = self
            .usable_binds()
            .filter(|&i| matches!(self.cx.binds[i], Ty::Str | Ty::Array(_) | Ty::Int | Ty::Nat))
            .collect();
        if c.is_empty() {
            return None;
        }
        self.features.bump("assert");
        let i = *self.rng.pick(&c);
        let r = self.slot(i);
        Some(match &self.cx.binds[i] {
            Ty::Str => format!("assert(string_length({}) >= 0);", r),
            Ty::Array(_) => format!("assert(length({}) >= 0);", r),
            Ty::Nat => format!("assert({} >= 0);", r),
            _ => format!("assert({} == {});", r, r),
        })
    }

    // ----- match ----------------------------------------------------------------------

    fn matchable(&self, t: &Ty) -> bool {
        matches!(
            t,
            Ty::Bool
                | Ty::Int
                | Ty::Nat
                | Ty::Str
                | Ty::Option(_)
                | Ty::Result(_, _)
                | Ty::Adt(_, _)
                | Ty::Tuple(_)
        )
    }

    fn match_expr(&mut self, t: &Ty, d: u32) -> Option<String> {
        let cands: Vec<usize> = self
            .usable_binds()
            .filter(|&i| self.matchable(&self.cx.binds[i]))
            .collect();
        let (scrut, s) = if !cands.is_empty() && self.rng.chance(2, 3) {
            let i = *self.rng.pick(&cands);
            (self.slot(i), self.cx.binds[i].clone())
        } else {
            let s = self.random_type(2);
            if !self.matchable(&s) {
                return None;
            }
            (self.typed_expr(&s, d - 1), s)
        };
        let arms = self.arms(&s);
        if arms.len() == 1 && *t == Ty::Unit && self.cfg.known_bugs.unit_match_wildcard_comment {
            return None;
        }
        self.features.bump("match");
        if arms.iter().any(|(p, _)| p.contains("Tuple(")) {
            self.features.bump("tuple_pattern");
        }
        let mark = self.cx.binds.len();
        let mut texts = Vec::new();
        for (k, (pat, binds)) in arms.into_iter().enumerate() {
            for b in binds {
                self.push(b);
            }
            // Not every arm throws: a match of type Never cannot be matched on
            // (fuzz-findings/match_on_never_literal_pattern.vera).
            let body = if k == 0 {
                self.expr(t, d - 1)
            } else {
                self.arm_body(t, d - 1)
            };
            self.truncate(mark);
            texts.push(format!("{} -> {}", pat, body));
        }
        Some(format!("match {} {{ {} }}", scrut, texts.join(", ")))
    }

    fn arm_body(&mut self, t: &Ty, d: u32) -> String {
        let exns = self.exns();
        if !exns.is_empty() && self.rng.chance(1, 8) {
            let e = self.rng.pick(&exns).clone();
            return self.throw(&e, d);
        }
        if self.rng.chance(1, 5) {
            let n = self.rng.range(1, 2);
            return self.block(t, d, n);
        }
        self.expr(t, d)
    }

    /// The constructors of a type with their field types, for patterns.
    pub(super) fn ctors_of(&self, s: &Ty) -> Option<Vec<(String, Vec<Ty>)>> {
        match s {
            Ty::Option(x) => Some(vec![
                ("Some".into(), vec![(**x).clone()]),
                ("None".into(), vec![]),
            ]),
            Ty::Result(a, b) => Some(vec![
                ("Ok".into(), vec![(**a).clone()]),
                ("Err".into(), vec![(**b).clone()]),
            ]),
            Ty::Adt(n, args) => {
                let def = self.adt(n).clone();
                Some(
                    (0..def.ctors.len())
                        .map(|c| (def.ctors[c].0.clone(), def.fields(c, args)))
                        .collect(),
                )
            }
            Ty::Tuple(ts) => Some(vec![("Tuple".into(), ts.clone())]),
            _ => None,
        }
    }

    /// Exhaustive arms for a scrutinee of type `s`, without unreachable ones:
    /// each is a pattern and the types it binds, left to right.
    pub(super) fn arms(&mut self, s: &Ty) -> Vec<(String, Vec<Ty>)> {
        let catch_all = |g: &mut Self| -> (String, Vec<Ty>) {
            if g.rng.chance(1, 2) {
                g.features.bump("wildcard_pattern");
                ("_".into(), vec![])
            } else {
                (format!("@{}", s.written()), vec![s.clone()])
            }
        };
        match s {
            Ty::Bool => {
                let first = *self.rng.pick(&["true", "false"]);
                let other = if first == "true" { "false" } else { "true" };
                self.features.bump("literal_pattern");
                let last = if self.rng.chance(1, 2) {
                    (other.to_string(), vec![])
                } else {
                    catch_all(self)
                };
                vec![(first.into(), vec![]), last]
            }
            Ty::Int | Ty::Nat | Ty::Str => {
                self.features.bump("literal_pattern");
                let mut lits: Vec<String> = Vec::new();
                for _ in 0..self.rng.range(1, 3) {
                    let l = self.literal_pattern(s);
                    if !lits.contains(&l) {
                        lits.push(l);
                    }
                }
                let mut arms: Vec<(String, Vec<Ty>)> =
                    lits.into_iter().map(|l| (l, vec![])).collect();
                arms.push(catch_all(self));
                arms
            }
            _ => {
                let ctors = self.ctors_of(s).expect("a data type");
                let mut arms = Vec::new();
                // A refutable arm first: a constructor with a nested pattern or a literal.
                if self.rng.chance(1, 2) {
                    if let Some(arm) = self.specific_arm(&ctors) {
                        arms.push(arm);
                    }
                }
                let mut order: Vec<usize> = (0..ctors.len()).collect();
                self.rng.shuffle(&mut order);
                let drop = if ctors.len() >= 2 && self.rng.chance(1, 4) {
                    self.rng.range(1, ctors.len() as u64) as usize
                } else {
                    0
                };
                for &c in &order[drop..] {
                    let (name, fields) = &ctors[c];
                    arms.push(self.general_arm(name, fields, 1));
                }
                if drop > 0 {
                    arms.push(catch_all(self));
                }
                arms
            }
        }
    }

    fn literal_pattern(&mut self, t: &Ty) -> String {
        match t {
            Ty::Int => self.rng.pick(&["0", "1", "2", "-1", "3"]).to_string(),
            Ty::Nat => self.rng.below(4).to_string(),
            Ty::Str => format!("\"{}\"", self.rng.pick(STRINGS)),
            Ty::Bool => self.rng.pick(&["true", "false"]).to_string(),
            _ => unreachable!(),
        }
    }

    /// `C(p1, ..., pn)` binding or ignoring every field (a field of a type
    /// with one constructor may be taken apart further: still irrefutable).
    fn general_arm(&mut self, name: &str, fields: &[Ty], depth: u32) -> (String, Vec<Ty>) {
        if fields.is_empty() {
            return (name.to_string(), vec![]);
        }
        let mut pats = Vec::new();
        let mut binds = Vec::new();
        for f in fields {
            let single = match self.ctors_of(f) {
                Some(cs) if cs.len() == 1 && depth > 0 && self.rng.chance(1, 4) => Some(cs),
                _ => None,
            };
            if let Some(cs) = single {
                self.features.bump("nested_pattern");
                let (p, b) = self.general_arm(&cs[0].0, &cs[0].1, depth - 1);
                pats.push(p);
                binds.extend(b);
            } else if self.rng.chance(3, 4) {
                pats.push(format!("@{}", f.written()));
                binds.push(f.clone());
            } else {
                self.features.bump("wildcard_pattern");
                pats.push("_".into());
            }
        }
        (format!("{}({})", name, pats.join(", ")), binds)
    }

    /// An arm that matches only some values of one constructor; the general
    /// arms that follow still cover the rest, so none is unreachable.
    fn specific_arm(&mut self, ctors: &[(String, Vec<Ty>)]) -> Option<(String, Vec<Ty>)> {
        let usable: Vec<usize> = (0..ctors.len())
            .filter(|&c| ctors[c].1.iter().any(|f| self.refutable(f)))
            .collect();
        if usable.is_empty() {
            return None;
        }
        let c = *self.rng.pick(&usable);
        let (name, fields) = &ctors[c];
        let which: Vec<usize> = (0..fields.len())
            .filter(|&i| self.refutable(&fields[i]))
            .collect();
        let k = *self.rng.pick(&which);
        let mut pats = Vec::new();
        let mut binds = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if i == k {
                match f {
                    Ty::Int | Ty::Nat | Ty::Str | Ty::Bool => {
                        self.features.bump("literal_pattern");
                        pats.push(self.literal_pattern(f));
                    }
                    _ => {
                        self.features.bump("nested_pattern");
                        let cs = self.ctors_of(f).unwrap();
                        let j = self.rng.below(cs.len() as u64) as usize;
                        let (p, b) = self.general_arm(&cs[j].0, &cs[j].1, 0);
                        pats.push(p);
                        binds.extend(b);
                    }
                }
            } else if self.rng.chance(1, 2) {
                pats.push(format!("@{}", f.written()));
                binds.push(f.clone());
            } else {
                pats.push("_".into());
            }
        }
        Some((format!("{}({})", name, pats.join(", ")), binds))
    }

    /// Can a pattern for this field match only some of its values?
    fn refutable(&self, f: &Ty) -> bool {
        match f {
            Ty::Int | Ty::Nat | Ty::Str | Ty::Bool => true,
            _ => self.ctors_of(f).is_some_and(|cs| cs.len() >= 2),
        }
    }

    // ----- arrays ---------------------------------------------------------------------

    /// An element of an array: a literal array at a literal index, or a
    /// binding indexed below its length.
    fn index(&mut self, t: &Ty, d: u32) -> Option<String> {
        let at = Ty::Array(Box::new(t.clone()));
        let cands = self.binds_of(&at);
        self.features.bump("array_index");
        if cands.is_empty() || self.rng.chance(1, 4) {
            // The literal is named by a `let`: an indexed literal takes no
            // element type from the context (fuzz-findings/indexed_array_literal_context.vera).
            let n = self.rng.range(1, 3);
            let items: Vec<String> = (0..n).map(|_| self.expr(t, d - 1)).collect();
            let w = at.written();
            return Some(format!(
                "{{ let @{} = [{}]; @{}.0 }}[{}]",
                w,
                items.join(", "),
                w,
                self.rng.below(n)
            ));
        }
        let i = *self.rng.pick(&cands);
        if self.fact(i) == Pre::NonEmptyArr && self.rng.chance(1, 2) {
            return Some(format!("{}[0]", self.slot(i)));
        }
        let a = self.slot(i);
        let mark = self.cx.binds.len();
        self.push(at.clone());
        let r = self.slot(mark);
        let k = self.expr(&Ty::Nat, d - 1);
        let other = self.expr(t, d - 1);
        self.truncate(mark);
        let w = at.written();
        Some(format!(
            "{{ let @{} = {}; if length({}) > 0 then {{ {}[({} % length({}))] }} else {{ {} }} }}",
            w, a, r, r, k, r, other
        ))
    }

    // ----- closures -------------------------------------------------------------------

    /// A closure literal of the alias's function type.
    pub(super) fn closure(&mut self, ft: &Ty, d: u32) -> String {
        self.features.bump("closure");
        let (params, ret, row) = self.sig_of(ft).expect("a function type");
        let a = super::types::AliasDef {
            name: String::new(),
            params,
            ret,
            row,
        };
        let saved = (
            self.cx.effects.clone(),
            self.cx.closure_base,
            self.cx.cost,
            self.cx.budget,
            self.cx.handlers,
        );
        let mark = self.cx.binds.len();
        self.cx.closure_base = Some(mark);
        for p in &a.params {
            self.push(p.clone());
        }
        self.cx.effects = a.row.clone();
        self.cx.cost = 0;
        self.cx.budget = CLOSURE_COST;
        self.cx.handlers = 0;
        let n = if d >= 1 { self.rng.below(2) } else { 0 };
        let body = self.block(&a.ret, d, n);
        self.truncate(mark);
        (
            self.cx.effects,
            self.cx.closure_base,
            self.cx.cost,
            self.cx.budget,
            self.cx.handlers,
        ) = saved;
        self.cx.cost += CLOSURE_COST / 3;
        let params: Vec<String> = a
            .params
            .iter()
            .map(|p| format!("@{}", p.written()))
            .collect();
        format!(
            "fn({} -> @{}) {} {}",
            params.join(", "),
            a.ret.written(),
            row_text(&a.row),
            body
        )
    }

    /// `apply_fn(closure, args)` for a closure whose result is `t`: of an
    /// alias's type, or of a function type some binding has.
    fn apply(&mut self, t: &Ty, d: u32) -> Option<String> {
        let mut types: Vec<Ty> = Vec::new();
        if self.cx.module == 0 {
            types.extend(self.aliases.iter().map(|a| Ty::Alias(a.name.clone())));
        }
        for i in self.usable_binds().collect::<Vec<_>>() {
            let b = &self.cx.binds[i];
            if matches!(b, Ty::Fn(..)) && !types.contains(b) {
                types.push(b.clone());
            }
        }
        let cands: Vec<(Ty, Vec<Ty>)> = types
            .into_iter()
            .filter_map(|ft| {
                let (ps, r, row) = self.sig_of(&ft)?;
                let fits = (&r == t || (*t == Ty::Int && r == Ty::Nat))
                    && row.iter().all(|e| self.cx.effects.contains(e));
                fits.then_some((ft, ps))
            })
            .collect();
        if cands.is_empty() || self.cx.cost + CLOSURE_COST > self.cx.budget {
            return None;
        }
        let (ft, ps) = self.rng.pick(&cands).clone();
        self.cx.cost += CLOSURE_COST;
        self.features.bump("apply_fn");
        let f = self.expr(&ft, d - 1);
        let args: Vec<String> = ps.iter().map(|p| self.expr(p, d - 1)).collect();
        let mut all = vec![f];
        all.extend(args);
        Some(format!("apply_fn({})", all.join(", ")))
    }

    // ----- effects --------------------------------------------------------------------

    /// An operation whose result is `t`: `get` of a state, or a user operation.
    fn operation(&mut self, t: &Ty, d: u32) -> Option<String> {
        let mut options = Vec::new();
        let states = self
            .cx
            .effects
            .iter()
            .filter(|e| matches!(e, Eff::State(_)))
            .count();
        if self.has_effect(&Eff::State(t.clone())) {
            options.push(None);
        }
        for e in &self.cx.effects {
            if let Eff::User(n, args) = e {
                let def = self.effects.iter().find(|x| &x.name == n).unwrap();
                for j in 0..def.ops.len() {
                    if &def.op_types(j, args).1 == t {
                        options.push(Some((e.clone(), j)));
                    }
                }
            }
        }
        if options.is_empty() {
            return None;
        }
        match self.rng.pick(&options).clone() {
            None => {
                if states > 1 {
                    let w = t.written();
                    Some(format!("{{ let @{} = get(()); @{}.0 }}", w, w))
                } else {
                    Some("get(())".into())
                }
            }
            Some((e, j)) => Some(self.perform(&e, j, d)),
        }
    }

    /// `op(arg)` or `E.op(arg)`, an operation of the user effect instance `e`.
    pub(super) fn perform(&mut self, e: &Eff, op: usize, d: u32) -> String {
        let Eff::User(name, args) = e else {
            unreachable!()
        };
        let def = self
            .effects
            .iter()
            .find(|x| &x.name == name)
            .unwrap()
            .clone();
        let (param, ret) = def.op_types(op, args);
        self.features.bump("user_effect");
        let arg = self.typed_expr(&param, d.saturating_sub(1));
        let call = if self.rng.chance(1, 2) {
            format!("{}.{}({})", def.name, def.ops[op].name, arg)
        } else {
            format!("{}({})", def.ops[op].name, arg)
        };
        // Under handlers of the same effect at other type arguments, the
        // checker picks the instance by the type the context expects, and an
        // operator's operand expects none (vera-fuzz seed 4010172): a `let`
        // names it.
        let other_instance = self
            .cx
            .effects
            .iter()
            .any(|x| matches!(x, Eff::User(n, a) if n == name && a != args));
        if other_instance && ret != Ty::Unit {
            let w = ret.written();
            return format!("{{ let @{} = {}; @{}.0 }}", w, call, w);
        }
        call
    }

    /// A `handle` expression of type `t` around a block that may use the effect.
    fn handle_expr(&mut self, t: &Ty, d: u32) -> Option<String> {
        let kind = self.rng.weighted(&[
            3,
            if self.cfg.known_bugs.f01_catch_drops_roots {
                0
            } else {
                2
            },
            if self.effects.is_empty() || self.cx.module != 0 {
                0
            } else {
                2
            },
        ]);
        let e = match kind {
            0 => {
                let s = self.state_type();
                Eff::State(s)
            }
            1 => Eff::Exn(self.exn_type()),
            _ => self.user_instance(None),
        };
        let n = self.rng.range(1, 3);
        let t = t.clone();
        Some(self.handle(&e, &t, d - 1, &mut |g: &mut Self, d| g.block(&t, d, n)))
    }

    /// A type for a `State<T>` handler: no Nat (its `get` would be ambiguous
    /// beside an Int state), no type variables, and while they are avoided no
    /// Unit and (f11) no functions.
    pub(super) fn state_type(&mut self) -> Ty {
        for _ in 0..10 {
            let s = self.random_type(1);
            let unit = self.resolve(&s) == Ty::Unit;
            let bad = self.resolve(&s) == Ty::Nat
                || s.has_var()
                || (unit && self.cfg.known_bugs.state_of_unit)
                || (s.mentions_alias() && self.cfg.known_bugs.f11_fn_type_effect_names);
            if !bad {
                return s;
            }
        }
        Ty::Int
    }

    pub(super) fn exn_type(&mut self) -> Ty {
        if self.cx.module != 0 {
            return self.rng.pick(&[Ty::Int, Ty::Str]).clone();
        }
        match self.rng.below(5) {
            0 | 1 => Ty::Int,
            2 => Ty::Str,
            _ => self.state_type(),
        }
    }

    /// `handle[e] { clauses } in { body }` of type `t`, where `body` generates
    /// the handled block with the effect available.
    pub(super) fn handle(
        &mut self,
        e: &Eff,
        t: &Ty,
        d: u32,
        body: &mut dyn FnMut(&mut Self, u32) -> String,
    ) -> String {
        if self.cx.handlers > 0 {
            self.features.bump("nested_handlers");
        }
        let outer = self.cx.effects.clone();
        let mark = self.cx.binds.len();
        let (head, clauses) = match e {
            Eff::State(s) => {
                self.features.bump("state_handler");
                if s.is_heap() {
                    self.features.bump("state_heap");
                }
                let init = self.expr(s, d);
                let w = s.written();
                (
                    format!("handle[State<{}>](@{} = {})", w, w, init),
                    format!(
                        "get(@Unit) -> {{ resume(@{}.0) }}, put(@{}) -> {{ resume(()) }} with @{} = @{}.0",
                        w, w, w, w
                    ),
                )
            }
            Eff::Exn(x) => {
                self.features.bump("exn_handler");
                self.push(x.clone());
                let v = self.expr(t, d);
                self.truncate(mark);
                (
                    format!("handle[Exn<{}>]", x.written()),
                    format!("throw(@{}) -> {{ {} }}", x.written(), v),
                )
            }
            Eff::User(n, args) => {
                self.features.bump("user_handler");
                let def = self.effects.iter().find(|x| &x.name == n).unwrap().clone();
                let name = e.written();
                // The clauses may perform what the handle's context may, except
                // (f09) the handled effect itself.
                if self.cfg.known_bugs.f09_clause_reenters_handler {
                    self.cx.effects.retain(|x| x != e);
                }
                // A throw out of a clause leaves the handle too (f03).
                if self.cfg.known_bugs.f02_f03_throw_out_of_handler {
                    self.cx.effects.retain(|x| !matches!(x, Eff::Exn(_)));
                }
                let state = if self.cfg.stateful_handlers && self.rng.chance(1, 3) {
                    Some(self.state_type())
                } else {
                    None
                };
                let head = match &state {
                    Some(s) => {
                        self.features.bump("stateful_user_handler");
                        let init = self.expr(s, d);
                        format!("handle[{}](@{} = {})", name, s.written(), init)
                    }
                    None => format!("handle[{}]", name),
                };
                if let Some(s) = &state {
                    self.push(s.clone());
                }
                let inner = self.cx.binds.len();
                let mut cs = Vec::new();
                for (j, op) in def.ops.iter().enumerate() {
                    let (param, ret) = def.op_types(j, args);
                    self.push(param.clone());
                    let with_scope = self.cx.binds.len();
                    let pre = if self.rng.chance(1, 3) {
                        self.stmt(d.min(2))
                    } else {
                        None
                    };
                    let text = if self.cfg.non_resuming_clauses && self.rng.chance(1, 4) {
                        self.features.bump("non_resuming_clause");
                        let v = self.expr(t, d);
                        format!("{} {}", pre.unwrap_or_default(), v)
                    } else {
                        let v = self.expr(&ret, d);
                        format!("{} resume({})", pre.unwrap_or_default(), v)
                    };
                    // `with` sees the clause's parameters and the state, not
                    // the lets of the clause body.
                    self.truncate(with_scope);
                    let with = match &state {
                        Some(s) => format!(" with @{} = {}", s.written(), self.expr(s, d.min(1))),
                        None => String::new(),
                    };
                    self.truncate(inner);
                    cs.push(format!(
                        "{}(@{}) -> {{ {} }}{}",
                        op.name,
                        param.written(),
                        text.trim(),
                        with
                    ));
                }
                self.truncate(mark);
                self.cx.effects = outer.clone();
                (head, cs.join(", "))
            }
            Eff::IO => unreachable!("IO has no handler"),
        };
        // The handled body: the effect is available; (f02, f03) no exception
        // may leave a State or user-effect handler.
        if !self.cx.effects.contains(e) {
            self.cx.effects.push(e.clone());
        }
        if self.cfg.known_bugs.f02_f03_throw_out_of_handler && !matches!(e, Eff::Exn(_)) {
            self.cx.effects.retain(|x| !matches!(x, Eff::Exn(_)));
        }
        self.cx.handlers += 1;
        let b = body(self, d);
        self.cx.handlers -= 1;
        self.cx.effects = outer;
        let h = format!("{} {{ {} }} in {}", head, clauses, b);
        // A `let` names the handle's type, which the checker does not take from
        // the handled body (fuzz-findings/handle_as_generic_argument.vera).
        if self.cfg.known_bugs.handle_as_generic_argument {
            let w = t.written();
            return format!("{{ let @{} = {}; @{}.0 }}", w, h, w);
        }
        h
    }

    // ----- calls ----------------------------------------------------------------------

    /// Can the current module call function `i` (by visibility)?
    pub(super) fn visible_fn(&self, i: usize) -> bool {
        let f = &self.fns[i];
        let m = self.cx.module;
        if f.module == m {
            return true;
        }
        f.public
            && self.sees(m, f.module, &f.name)
            && f.params.iter().chain([&f.ret]).all(|t| self.writable(t, m))
            && f.row.iter().all(|e| self.eff_writable(e, m))
    }

    fn call_returning(&mut self, t: &Ty, d: u32) -> Option<String> {
        let cands: Vec<usize> = (0..self.cx.callable)
            .filter(|&i| self.visible_fn(i))
            .filter(|&i| self.cx.cost + self.fns[i].cost <= self.cx.budget)
            .filter(|&i| {
                let f = &self.fns[i];
                let mut map = Vec::new();
                unify(&f.ret, t, &f.tparams, &mut map)
            })
            .collect();
        if cands.is_empty() {
            return None;
        }
        let i = *self.rng.pick(&cands);
        self.call(i, t, d)
    }

    /// A call of function `i` whose result has type `t`, inside handlers for
    /// the effects it needs and the context lacks.
    pub(super) fn call(&mut self, i: usize, t: &Ty, d: u32) -> Option<String> {
        self.call_with(i, t, d, Vec::new())
    }

    /// [`Gen::call`] with some type arguments fixed in advance.
    pub(super) fn call_with(
        &mut self,
        i: usize,
        t: &Ty,
        d: u32,
        fixed: Vec<(String, Ty)>,
    ) -> Option<String> {
        let f = self.fns[i].clone();
        let mut map = fixed;
        if !unify(&f.ret, t, &f.tparams, &mut map) {
            return None;
        }
        for p in &f.tparams {
            if !map.iter().any(|(n, _)| n == p) {
                let ty = self.random_type(1);
                map.push((p.clone(), ty));
            }
        }
        let row: Vec<Eff> = f.row.iter().map(|e| e.subst(&map)).collect();
        // (f11) no exception or state of a function type.
        if self.cfg.known_bugs.f11_fn_type_effect_names
            && row
                .iter()
                .any(|e| matches!(e, Eff::State(x) | Eff::Exn(x) if x.mentions_alias()))
        {
            return None;
        }
        let missing: Vec<Eff> = row
            .iter()
            .filter(|e| !self.cx.effects.contains(e))
            .cloned()
            .collect();
        if missing.contains(&Eff::IO) {
            return None;
        }
        if self.cfg.known_bugs.f01_catch_drops_roots
            && missing.iter().any(|e| matches!(e, Eff::Exn(_)))
        {
            return None;
        }
        if missing.iter().any(|e| matches!(e, Eff::User(..))) && self.cx.module != 0 {
            return None;
        }
        // Another instance of a generic effect in scope would make the
        // operations of the two ambiguous.
        let clash = missing.iter().any(|e| {
            let Eff::User(n, _) = e else { return false };
            self.cx
                .effects
                .iter()
                .any(|x| matches!(x, Eff::User(m, _) if m == n))
        });
        if clash {
            return None;
        }
        self.cx.cost += f.cost;
        if !f.tparams.is_empty() {
            self.features.bump("generic_call");
        }
        // Exception handlers innermost (f02, f03: a throw never leaves another handler).
        let mut missing = missing;
        missing.sort_by_key(|e| matches!(e, Eff::Exn(_)));
        let t = t.clone();
        let text = self.handle_all(&missing, &t, d, &mut |g: &mut Self, d| {
            g.call_text(&f, &map, d)
        });
        Some(text)
    }

    fn handle_all(
        &mut self,
        effs: &[Eff],
        t: &Ty,
        d: u32,
        inner: &mut dyn FnMut(&mut Self, u32) -> String,
    ) -> String {
        match effs.split_first() {
            None => inner(self, d),
            Some((e, rest)) => {
                if matches!(e, Eff::Exn(_)) {
                    self.features.bump("exn_cross_frame");
                }
                let rest = rest.to_vec();
                let tt = t.clone();
                self.handle(e, t, d, &mut |g: &mut Self, d| {
                    let mark = g.cx.binds.len();
                    let pre = if g.rng.chance(1, 2) { g.stmt(d) } else { None };
                    let call = g.handle_all(&rest, &tt, d, inner);
                    g.truncate(mark);
                    format!("{{ {} {} }}", pre.unwrap_or_default(), call)
                })
            }
        }
    }

    /// `f(args)`, `m::f(args)` or `a |> f(rest)`, arguments meeting the
    /// function's preconditions.
    fn call_text(&mut self, f: &super::types::FnDef, map: &[(String, Ty)], d: u32) -> String {
        let d1 = d.saturating_sub(1);
        let mut args = Vec::new();
        for (p, pre) in f.params.iter().zip(&f.pre) {
            let pt = p.subst(map);
            let generic = p.has_var();
            let a = match pre {
                Pre::None if generic => self.typed_expr(&pt, d1),
                Pre::None => self.expr(&pt, d1),
                Pre::NatAtMost(b) => {
                    if self.rng.chance(1, 3) {
                        self.rng.below(b + 1).to_string()
                    } else {
                        format!("({} % {})", self.expr(&Ty::Nat, d1), b + 1)
                    }
                }
                Pre::NonEmptyStr => {
                    if self.rng.chance(1, 3) {
                        format!("\"{}\"", self.rng.pick(&STRINGS[1..]))
                    } else {
                        format!("string_concat({}, \"k\")", self.expr(&Ty::Str, d1))
                    }
                }
                Pre::NonEmptyArr => {
                    let Ty::Array(e) = &pt else { unreachable!() };
                    let n = self.rng.range(1, 3);
                    let items: Vec<String> = (0..n).map(|_| self.expr(e, d1)).collect();
                    if generic {
                        let w = pt.written();
                        format!("{{ let @{} = [{}]; @{}.0 }}", w, items.join(", "), w)
                    } else {
                        format!("[{}]", items.join(", "))
                    }
                }
                Pre::IntWithin(b) => format!("({} % {})", self.expr(&Ty::Int, d1), b),
            };
            args.push(a);
        }
        let name = if f.module != self.cx.module && self.rng.chance(1, 3) {
            self.features.bump("qualified_call");
            format!(
                "{}::{}",
                self.modules[f.module].name.clone().unwrap_or_default(),
                f.name
            )
        } else {
            f.name.clone()
        };
        if !args.is_empty() && self.rng.chance(1, 8) {
            // `x |> m::f` without parentheses does not parse
            // (fuzz-findings/pipe_into_qualified_name.vera).
            let qualified = name.contains("::");
            self.features.bump("pipe");
            let first = args.remove(0);
            let first = if first.contains(' ') {
                format!("({})", first)
            } else {
                first
            };
            if args.is_empty() && !qualified && self.rng.chance(1, 2) {
                return format!("({} |> {})", first, name);
            }
            return format!("({} |> {}({}))", first, name, args.join(", "));
        }
        format!("{}({})", name, args.join(", "))
    }
}

/// Match a function's result type `pat` (with type parameters `vars`) against
/// the wanted type, extending `map`. A `Nat` result may be used as an `Int`.
pub(super) fn unify(pat: &Ty, want: &Ty, vars: &[String], map: &mut Vec<(String, Ty)>) -> bool {
    match (pat, want) {
        (Ty::Var(v), _) if vars.contains(v) => match map.iter().find(|(n, _)| n == v) {
            Some((_, t)) => t == want,
            None => {
                map.push((v.clone(), want.clone()));
                true
            }
        },
        (Ty::Nat, Ty::Int) => true,
        (Ty::Array(a), Ty::Array(b)) | (Ty::Option(a), Ty::Option(b)) => {
            unify_exact(a, b, vars, map)
        }
        (Ty::Result(a1, b1), Ty::Result(a2, b2)) => {
            unify_exact(a1, a2, vars, map) && unify_exact(b1, b2, vars, map)
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) | (Ty::Adt(_, xs), Ty::Adt(_, ys)) => {
            let same_head = match (pat, want) {
                (Ty::Adt(a, _), Ty::Adt(b, _)) => a == b,
                _ => true,
            };
            same_head
                && xs.len() == ys.len()
                && xs.iter().zip(ys).all(|(x, y)| unify_exact(x, y, vars, map))
        }
        (Ty::Fn(ps, r, row), Ty::Fn(qs, q, row2)) => {
            row == row2
                && ps.len() == qs.len()
                && ps.iter().zip(qs).all(|(x, y)| unify_exact(x, y, vars, map))
                && unify_exact(r, q, vars, map)
        }
        _ => pat == want,
    }
}

/// Like [`unify`] below the top of a type, where Nat and Int differ (spec 2.9).
fn unify_exact(pat: &Ty, want: &Ty, vars: &[String], map: &mut Vec<(String, Ty)>) -> bool {
    if matches!((pat, want), (Ty::Nat, Ty::Int)) {
        return false;
    }
    unify(pat, want, vars, map)
}
