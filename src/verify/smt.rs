//! SMT-LIB text: the terms the encoder builds, and one query run on Z3.
//!
//! Queries are built as text, so that `vera verify --smt` prints exactly what
//! the solver is asked. Int, Nat and Byte are mathematical integers within
//! their ranges; an operation whose result leaves the 64-bit range has an
//! unknown value (the compiled program wraps), so nothing is proved of it, and
//! division truncates toward zero like `i64.div_s`.

use std::collections::HashMap;

/// The sort of Int, Nat and Byte.
pub const INT: &str = "Int";

/// An integer literal.
pub fn int(n: i64) -> String {
    if n >= 0 {
        n.to_string()
    } else {
        format!("(- {})", (n as i128).unsigned_abs())
    }
}

/// `-2^63 <= x <= 2^63 - 1`: the value fits an i64.
pub fn in_range(x: &str) -> String {
    format!("(<= {} {} {})", int(i64::MIN), x, i64::MAX)
}

/// A quoted symbol: any text but `|` and `\`.
pub fn sym(name: &str) -> String {
    format!("|{}|", name.replace(['|', '\\'], "/"))
}

pub fn app(f: &str, args: &[String]) -> String {
    if args.is_empty() {
        return f.to_string();
    }
    format!("({} {})", f, args.join(" "))
}

pub fn and(parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| *p != "true").collect();
    if parts.iter().any(|p| *p == "false") {
        return "false".into();
    }
    match parts.len() {
        0 => "true".into(),
        1 => parts[0].clone(),
        _ => format!(
            "(and {})",
            parts
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

pub fn or(parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| *p != "false").collect();
    if parts.iter().any(|p| *p == "true") {
        return "true".into();
    }
    match parts.len() {
        0 => "false".into(),
        1 => parts[0].clone(),
        _ => format!(
            "(or {})",
            parts
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

pub fn not(p: &str) -> String {
    match p {
        "true" => "false".into(),
        "false" => "true".into(),
        _ => format!("(not {})", p),
    }
}

pub fn implies(a: &str, b: &str) -> String {
    match (a, b) {
        ("true", _) => b.to_string(),
        ("false", _) | (_, "true") => "true".into(),
        _ => format!("(=> {} {})", a, b),
    }
}

pub fn ite(c: &str, a: &str, b: &str) -> String {
    match c {
        "true" => a.to_string(),
        "false" => b.to_string(),
        _ if a == b => a.to_string(),
        _ => format!("(ite {} {} {})", c, a, b),
    }
}

pub fn eq(a: &str, b: &str) -> String {
    if a == b {
        return "true".into();
    }
    format!("(= {} {})", a, b)
}

/// What a constant of the model is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
}

/// The solver's answer to "can the assertions all hold?".
pub enum Answer {
    /// No: the obligation is proved.
    Unsat,
    /// Yes, with the values of the constants asked for.
    Sat(HashMap<String, i64>),
    /// Undecided (timeout, incompleteness), with the solver's reason.
    Unknown(String),
}

/// Load the declarations and definitions of one function's queries into the
/// thread's solver (replacing what it held); `false` if they do not parse.
/// The text is turned into Z3 terms here (see [`native`]), not by Z3's
/// SMT-LIB parser, which costs milliseconds per call to set up.
#[cfg(feature = "verify")]
pub fn load(text: &str, timeout_ms: u64) -> bool {
    let start = std::time::Instant::now();
    let r = SOLVER.with(|solver| {
        // The previous function's definitions are one scope, dropped here.
        if LOADED.with(|l| l.replace(true)) {
            solver.pop(1);
        }
        let mut params = z3::Params::new();
        params.set_u32("timeout", timeout_ms.min(u32::MAX as u64) as u32);
        solver.set_params(&params);
        solver.push();
        NATIVE.with(|n| n.borrow_mut().load(solver, text))
    });
    if std::env::var("VERA_SMT_TIMES").is_ok() {
        eprintln!("load: {} bytes in {:?}", text.len(), start.elapsed());
    }
    match r {
        Ok(()) => true,
        Err(e) => {
            // An encoding bug: its goals stay undecided (never proved). The
            // tests set VERA_VERIFY_STRICT so that it cannot go unnoticed.
            if std::env::var("VERA_VERIFY_STRICT").is_ok() {
                panic!("the queries did not load ({}):\n{}", e, text);
            }
            false
        }
    }
}

/// Add declarations and assertions to what [`load`] loaded, in the same scope
/// (the tester's blocking clauses); `false` if they do not parse.
#[cfg(feature = "verify")]
pub fn extend(text: &str) -> bool {
    SOLVER.with(|solver| NATIVE.with(|n| n.borrow_mut().extend(solver, text).is_ok()))
}

/// [`check`] with `extra` (declarations and assertions) added for this
/// query only.
#[cfg(feature = "verify")]
pub fn check_with(extra: &str, wanted: &[(String, Kind)]) -> Answer {
    SOLVER.with(|solver| {
        solver.push();
        let answer = match NATIVE.with(|n| n.borrow_mut().extend(solver, extra)) {
            Ok(()) => check(&[], wanted),
            Err(e) => Answer::Unknown(e),
        };
        solver.pop(1);
        answer
    })
}

#[cfg(feature = "verify")]
thread_local! {
    static LOADED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static NATIVE: std::cell::RefCell<native::Native> = std::cell::RefCell::new(native::Native::default());
}

/// The SMT-LIB the encoder writes, read into Z3 terms through the API: the
/// commands `declare-sort`, `declare-fun`, `declare-const`, `define-fun`
/// (without parameters) and `assert`, over Bool, Int, uninterpreted sorts and
/// functions, `and or not => = ite <= < >= > + - * div mod forall exists`.
#[cfg(feature = "verify")]
mod native {
    use std::collections::HashMap;
    use z3::ast::{Ast, Bool, Dynamic, Int};
    use z3::{FuncDecl, Sort, Symbol};

    enum Sx {
        Atom(String),
        List(Vec<Sx>),
    }

    fn parse(text: &str) -> Result<Vec<Sx>, String> {
        let b = text.as_bytes();
        let mut i = 0;
        let mut stack: Vec<Vec<Sx>> = vec![Vec::new()];
        while i < b.len() {
            match b[i] {
                b' ' | b'\n' | b'\t' | b'\r' => i += 1,
                b';' => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'(' => {
                    stack.push(Vec::new());
                    i += 1;
                }
                b')' => {
                    let list = stack.pop().ok_or("unbalanced )")?;
                    stack.last_mut().ok_or("unbalanced )")?.push(Sx::List(list));
                    i += 1;
                }
                b'|' => {
                    let end = text[i + 1..].find('|').ok_or("unclosed |")? + i + 1;
                    stack
                        .last_mut()
                        .ok_or("bad nesting")?
                        .push(Sx::Atom(text[i + 1..end].to_string()));
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < b.len() && !matches!(b[i], b' ' | b'\n' | b'\t' | b'\r' | b'(' | b')')
                    {
                        i += 1;
                    }
                    stack
                        .last_mut()
                        .ok_or("bad nesting")?
                        .push(Sx::Atom(text[start..i].to_string()));
                }
            }
        }
        if stack.len() != 1 {
            return Err("unbalanced (".into());
        }
        Ok(stack.pop().unwrap_or_default())
    }

    #[derive(Default)]
    pub struct Native {
        sorts: HashMap<String, Sort>,
        funs: HashMap<String, FuncDecl>,
        vals: HashMap<String, Dynamic>,
    }

    impl Native {
        pub fn load(&mut self, solver: &z3::Solver, text: &str) -> Result<(), String> {
            self.vals.clear();
            self.extend(solver, text)
        }

        /// Read more commands into the same scope, keeping the constants
        /// already declared.
        pub fn extend(&mut self, solver: &z3::Solver, text: &str) -> Result<(), String> {
            for cmd in parse(text)? {
                let Sx::List(items) = cmd else {
                    return Err("a command is not a list".into());
                };
                let head = match items.first() {
                    Some(Sx::Atom(h)) => h.as_str(),
                    _ => return Err("a command has no name".into()),
                };
                match (head, &items[1..]) {
                    ("declare-sort", [Sx::Atom(name), _]) => {
                        if !self.sorts.contains_key(name) {
                            let s = Sort::uninterpreted(Symbol::String(name.clone()));
                            self.sorts.insert(name.clone(), s);
                        }
                    }
                    ("declare-fun", [Sx::Atom(name), Sx::List(dom), range]) => {
                        let range = self.sort(range)?;
                        if dom.is_empty() {
                            self.vals
                                .insert(name.clone(), Dynamic::new_const(name.as_str(), &range));
                        } else {
                            let dom: Vec<Sort> =
                                dom.iter().map(|d| self.sort(d)).collect::<Result<_, _>>()?;
                            let refs: Vec<&Sort> = dom.iter().collect();
                            let f = FuncDecl::new(name.as_str(), &refs, &range);
                            self.funs.insert(name.clone(), f);
                        }
                    }
                    ("declare-const", [Sx::Atom(name), sort]) => {
                        let sort = self.sort(sort)?;
                        self.vals
                            .insert(name.clone(), Dynamic::new_const(name.as_str(), &sort));
                    }
                    ("define-fun", [Sx::Atom(name), Sx::List(params), _, body])
                        if params.is_empty() =>
                    {
                        let v = self.term(body, &HashMap::new())?;
                        self.vals.insert(name.clone(), v);
                    }
                    ("assert", [body]) => {
                        let v = self.term(body, &HashMap::new())?;
                        solver.assert(v.as_bool().ok_or("an assertion is not Boolean")?);
                    }
                    _ => return Err(format!("unsupported command {}", head)),
                }
            }
            Ok(())
        }

        fn sort(&self, s: &Sx) -> Result<Sort, String> {
            match s {
                Sx::Atom(a) if a == "Int" => Ok(Sort::int()),
                Sx::Atom(a) if a == "Bool" => Ok(Sort::bool()),
                Sx::Atom(a) => self
                    .sorts
                    .get(a)
                    .cloned()
                    .ok_or(format!("unknown sort {}", a)),
                Sx::List(_) => Err("unsupported sort".into()),
            }
        }

        fn bools(
            &self,
            args: &[Sx],
            bound: &HashMap<String, Dynamic>,
        ) -> Result<Vec<Bool>, String> {
            args.iter()
                .map(|a| {
                    self.term(a, bound)?
                        .as_bool()
                        .ok_or_else(|| "not Boolean".to_string())
                })
                .collect()
        }

        fn ints(&self, args: &[Sx], bound: &HashMap<String, Dynamic>) -> Result<Vec<Int>, String> {
            args.iter()
                .map(|a| {
                    self.term(a, bound)?
                        .as_int()
                        .ok_or_else(|| "not an integer".to_string())
                })
                .collect()
        }

        fn term(&self, e: &Sx, bound: &HashMap<String, Dynamic>) -> Result<Dynamic, String> {
            crate::deep(|| self.term_inner(e, bound))
        }

        fn term_inner(&self, e: &Sx, bound: &HashMap<String, Dynamic>) -> Result<Dynamic, String> {
            let items = match e {
                Sx::Atom(a) => {
                    return match a.as_str() {
                        "true" => Ok(Dynamic::from_ast(&Bool::from_bool(true))),
                        "false" => Ok(Dynamic::from_ast(&Bool::from_bool(false))),
                        _ if a.bytes().all(|c| c.is_ascii_digit()) => {
                            let n: i128 = a.parse().map_err(|_| format!("bad number {}", a))?;
                            Ok(Dynamic::from_ast(&Int::from_i128(n)))
                        }
                        _ => bound
                            .get(a)
                            .or_else(|| self.vals.get(a))
                            .cloned()
                            .ok_or(format!("unknown symbol {}", a)),
                    };
                }
                Sx::List(items) => items,
            };
            let (head, args) = match items.split_first() {
                Some((Sx::Atom(h), args)) => (h.as_str(), args),
                _ => return Err("an application has no head".into()),
            };
            let dynb = |b: Bool| Ok(Dynamic::from_ast(&b));
            let dyni = |i: Int| Ok(Dynamic::from_ast(&i));
            match head {
                "and" => dynb(Bool::and(&self.bools(args, bound)?)),
                "or" => dynb(Bool::or(&self.bools(args, bound)?)),
                "not" => dynb(
                    self.bools(args, bound)?
                        .first()
                        .ok_or("not needs one")?
                        .not(),
                ),
                "=>" => {
                    let b = self.bools(args, bound)?;
                    if b.len() != 2 {
                        return Err("=> needs two".into());
                    }
                    dynb(b[0].implies(&b[1]))
                }
                "=" => {
                    let v: Vec<Dynamic> = args
                        .iter()
                        .map(|a| self.term(a, bound))
                        .collect::<Result<_, _>>()?;
                    if v.len() != 2 {
                        return Err("= needs two".into());
                    }
                    dynb(
                        v[0].safe_eq(&v[1])
                            .map_err(|_| "= of different sorts".to_string())?,
                    )
                }
                "ite" => {
                    if args.len() != 3 {
                        return Err("ite needs three".into());
                    }
                    let c = self
                        .term(&args[0], bound)?
                        .as_bool()
                        .ok_or("ite condition")?;
                    let a = self.term(&args[1], bound)?;
                    let b = self.term(&args[2], bound)?;
                    if a.get_sort() != b.get_sort() {
                        return Err("ite of different sorts".into());
                    }
                    Ok(c.ite(&a, &b))
                }
                "<=" | "<" | ">=" | ">" => {
                    let v = self.ints(args, bound)?;
                    if v.len() < 2 {
                        return Err("a comparison needs two".into());
                    }
                    let parts: Vec<Bool> = v
                        .windows(2)
                        .map(|w| match head {
                            "<=" => w[0].le(&w[1]),
                            "<" => w[0].lt(&w[1]),
                            ">=" => w[0].ge(&w[1]),
                            _ => w[0].gt(&w[1]),
                        })
                        .collect();
                    dynb(Bool::and(&parts))
                }
                "+" => dyni(Int::add(&self.ints(args, bound)?)),
                "*" => dyni(Int::mul(&self.ints(args, bound)?)),
                "-" => {
                    let v = self.ints(args, bound)?;
                    match v.len() {
                        1 => dyni(v[0].unary_minus()),
                        0 => Err("- needs an argument".into()),
                        _ => dyni(Int::sub(&v)),
                    }
                }
                "div" | "mod" => {
                    let v = self.ints(args, bound)?;
                    if v.len() != 2 {
                        return Err("div needs two".into());
                    }
                    dyni(if head == "div" {
                        v[0].div(&v[1])
                    } else {
                        v[0].modulo(&v[1])
                    })
                }
                "forall" | "exists" => {
                    let [Sx::List(binders), body] = args else {
                        return Err("bad quantifier".into());
                    };
                    let mut inner = bound.clone();
                    let mut vars = Vec::new();
                    for b in binders {
                        let Sx::List(pair) = b else {
                            return Err("bad binder".into());
                        };
                        let [Sx::Atom(name), sort] = &pair[..] else {
                            return Err("bad binder".into());
                        };
                        let v = Dynamic::new_const(name.as_str(), &self.sort(sort)?);
                        inner.insert(name.clone(), v.clone());
                        vars.push(v);
                    }
                    let body = self
                        .term(body, &inner)?
                        .as_bool()
                        .ok_or("quantifier body")?;
                    let refs: Vec<&dyn Ast> = vars.iter().map(|v| v as &dyn Ast).collect();
                    dynb(if head == "forall" {
                        z3::ast::forall_const(&refs, &[], &body)
                    } else {
                        z3::ast::exists_const(&refs, &[], &body)
                    })
                }
                f => {
                    let decl = self.funs.get(f).ok_or(format!("unknown function {}", f))?;
                    let v: Vec<Dynamic> = args
                        .iter()
                        .map(|a| self.term(a, bound))
                        .collect::<Result<_, _>>()?;
                    if v.len() != decl.arity() {
                        return Err(format!("{} applied to {} arguments", f, v.len()));
                    }
                    let refs: Vec<&dyn Ast> = v.iter().map(|a| a as &dyn Ast).collect();
                    Ok(decl.apply(&refs))
                }
            }
        }
    }
}

#[cfg(feature = "verify")]
thread_local! {
    // One solver for every query of the thread: the definitions of a function
    // are loaded once, and each goal is a named assumption checked against them.
    static SOLVER: z3::Solver = z3::Solver::new();
}

/// Can all loaded assertions and the named Boolean constants `assume` hold?
/// `wanted` names constants whose values a model should give.
#[cfg(feature = "verify")]
pub fn check(assume: &[String], wanted: &[(String, Kind)]) -> Answer {
    use z3::ast::{Bool, Int};
    SOLVER.with(|solver| {
        let lits: Vec<Bool> = assume.iter().map(|a| Bool::new_const(a.as_str())).collect();
        let start = std::time::Instant::now();
        let answer = solver.check_assumptions(&lits);
        if std::env::var("VERA_SMT_TIMES").is_ok() {
            eprintln!("query: {:?} in {:?}", answer, start.elapsed());
        }
        match answer {
            z3::SatResult::Unsat => Answer::Unsat,
            z3::SatResult::Unknown => Answer::Unknown(
                solver
                    .get_reason_unknown()
                    .unwrap_or_else(|| "unknown".into()),
            ),
            z3::SatResult::Sat => {
                let mut values = HashMap::new();
                if let Some(model) = solver.get_model() {
                    for (name, kind) in wanted {
                        let v = match kind {
                            Kind::Int => model
                                .eval(&Int::new_const(name.as_str()), true)
                                .and_then(|v| v.as_i64()),
                            Kind::Bool => model
                                .eval(&Bool::new_const(name.as_str()), true)
                                .and_then(|v| v.as_bool())
                                .map(|b| b as i64),
                        };
                        if let Some(v) = v {
                            values.insert(name.clone(), v);
                        }
                    }
                }
                Answer::Sat(values)
            }
        }
    })
}

/// Without the `verify` feature there is no solver: nothing is proved.
#[cfg(not(feature = "verify"))]
pub fn load(_text: &str, _timeout_ms: u64) -> bool {
    false
}

#[cfg(not(feature = "verify"))]
pub fn extend(_text: &str) -> bool {
    false
}

#[cfg(not(feature = "verify"))]
pub fn check_with(_extra: &str, _wanted: &[(String, Kind)]) -> Answer {
    Answer::Unknown("this vera was built without the `verify` feature (no Z3)".into())
}

#[cfg(not(feature = "verify"))]
pub fn check(_assume: &[String], _wanted: &[(String, Kind)]) -> Answer {
    Answer::Unknown("this vera was built without the `verify` feature (no Z3)".into())
}
