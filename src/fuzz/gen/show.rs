//! `show` functions: one per printed type, turning a value into text, so that
//! `main` can print every result and two implementations can be compared on
//! their output. They live in the root module and are pure.

use super::types::Ty;
use super::{Ctx, Gen};

impl Gen<'_> {
    /// A String expression showing `e`, an expression of type `t` (concrete,
    /// not Unit or a function: those have nothing to show).
    pub(super) fn show(&mut self, t: &Ty, e: &str) -> String {
        match t {
            Ty::Int => format!("int_to_string({})", e),
            Ty::Nat => format!("nat_to_string({})", e),
            Ty::Bool => format!("bool_to_string({})", e),
            Ty::Byte => format!("byte_to_string({})", e),
            Ty::Float => format!("float_to_string({})", e),
            Ty::Str => format!("string_concat(\"'\", string_concat({}, \"'\"))", e),
            Ty::Unit => "\"()\"".into(),
            Ty::Alias(_) | Ty::Fn(..) => "\"<fn>\"".into(),
            Ty::Var(_) => unreachable!("show of a type variable"),
            Ty::Named(n) => {
                let t = self.named_def(n).target.clone();
                self.show(&t, e)
            }
            _ => format!("{}({})", self.show_fn(t), e),
        }
    }

    /// The name of the function showing values of the compound type `t`,
    /// written on first use.
    fn show_fn(&mut self, t: &Ty) -> String {
        if let Some(n) = self.shows.get(t) {
            return n.clone();
        }
        let name = format!("show{}", self.shows.len());
        self.shows.insert(t.clone(), name.clone());
        let saved = std::mem::take(&mut self.cx);
        self.cx = Ctx {
            module: 0,
            ..Ctx::default()
        };
        let text = self.show_body(t, &name);
        self.cx = saved;
        self.modules[0].fns.push(text);
        name
    }

    fn show_body(&mut self, t: &Ty, name: &str) -> String {
        let w = t.written();
        self.push(t.clone());
        let mut decreases = String::new();
        let body = match t {
            Ty::Option(_) | Ty::Result(_, _) | Ty::Adt(_, _) => {
                let ctors = self.ctors_of(t).unwrap();
                if let Ty::Adt(n, _) = t {
                    let def = self.adt(n);
                    if (0..def.ctors.len()).any(|c| def.is_recursive_ctor(c)) {
                        decreases = format!("  decreases(@{}.0)\n", w);
                    }
                }
                let mut arms = Vec::new();
                for (cname, fields) in ctors {
                    if fields.is_empty() {
                        arms.push(format!("    {} -> \"{}\"", cname, cname));
                        continue;
                    }
                    let mark = self.cx.binds.len();
                    let pats: Vec<String> =
                        fields.iter().map(|f| format!("@{}", f.written())).collect();
                    for f in &fields {
                        self.push(f.clone());
                    }
                    let parts: Vec<String> = (0..fields.len())
                        .map(|j| {
                            let r = self.slot(mark + j);
                            self.show(&fields[j], &r)
                        })
                        .collect();
                    self.truncate(mark);
                    arms.push(format!(
                        "    {}({}) -> {}",
                        cname,
                        pats.join(", "),
                        concat_all(&format!("\"{}(\"", cname), &parts, "\")\"")
                    ));
                }
                format!("  match @{}.0 {{\n{}\n  }}", w, arms.join(",\n"))
            }
            Ty::Tuple(ts) => {
                let pats: Vec<String> = ts.iter().map(|f| format!("@{}", f.written())).collect();
                let mark = self.cx.binds.len();
                for f in ts {
                    self.push(f.clone());
                }
                let parts: Vec<String> = (0..ts.len())
                    .map(|j| {
                        let r = self.slot(mark + j);
                        self.show(&ts[j], &r)
                    })
                    .collect();
                format!(
                    "  let Tuple<{}> = @{}.0;\n  {}",
                    pats.join(", "),
                    w,
                    concat_all("\"(\"", &parts, "\")\"")
                )
            }
            Ty::Array(e) => {
                let go = format!("{}_go", name);
                let text = self.show_array_go(&go, e);
                self.modules[0].fns.push(text);
                format!(
                    "  string_concat(\"[\", string_concat({}(@{}.0, length(@{}.0)), \"]\"))",
                    go, w, w
                )
            }
            _ => unreachable!("show function for {}", w),
        };
        self.cx.binds.clear();
        format!(
            "private fn {}(@{} -> @String)\n  requires(true)\n  ensures(true)\n{}  effects(pure)\n{{\n{}\n}}",
            name, w, decreases, body
        )
    }

    /// `go(a, n)` shows the last `n` elements of `a`, comma separated.
    fn show_array_go(&mut self, go: &str, e: &Ty) -> String {
        let a = Ty::Array(Box::new(e.clone()));
        let w = a.written();
        let saved = std::mem::take(&mut self.cx);
        self.cx = Ctx {
            module: 0,
            ..Ctx::default()
        };
        self.push(a.clone());
        self.push(Ty::Nat);
        self.push(Ty::Int);
        let elem = format!("@{}.0[{}]", w, self.slot(2));
        let shown = self.show(e, &elem);
        self.cx = saved;
        format!(
            "private fn {go}(@{w}, @Nat -> @String)\n  requires(@Nat.0 <= length(@{w}.0))\n  ensures(true)\n  decreases(@Nat.0)\n  effects(pure)\n{{\n  if @Nat.0 == 0 then {{\n    \"\"\n  }} else {{\n    let @Int = length(@{w}.0) - @Nat.0;\n    let @String = if @Nat.0 == 1 then {{ \"\" }} else {{ \",\" }};\n    string_concat({shown}, string_concat(@String.0, {go}(@{w}.0, @Nat.0 - 1)))\n  }}\n}}",
        )
    }
}

/// `string_concat(first, string_concat(p1, ... string_concat(pn, last)))`, with
/// `", "` between the parts.
fn concat_all(first: &str, parts: &[String], last: &str) -> String {
    let mut acc = last.to_string();
    for (i, p) in parts.iter().enumerate().rev() {
        acc = format!("string_concat({}, {})", p, acc);
        if i > 0 {
            acc = format!("string_concat(\", \", {})", acc);
        }
    }
    format!("string_concat({}, {})", first, acc)
}
