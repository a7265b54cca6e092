//! A small builder for WAT text: folded S-expressions that print on one line when
//! they fit and break into indented lines when they do not (the way wasmprinter
//! lays out folded code), with `;;` comments kept on lines of their own.

/// One WAT form: `(head args...)`, a bare word, or a comment line.
#[derive(Clone, Debug)]
pub enum W {
    Node(String, Vec<W>),
    Atom(String),
    Comment(String),
}

const WIDTH: usize = 100;

/// `(head args...)`
pub fn n(head: impl Into<String>, args: Vec<W>) -> W {
    W::Node(head.into(), args)
}

pub fn a(word: impl Into<String>) -> W {
    W::Atom(word.into())
}

pub fn c(text: impl Into<String>) -> W {
    W::Comment(text.into())
}

pub fn get(local: &str) -> W {
    n(format!("local.get {}", local), vec![])
}

pub fn set(local: &str, value: W) -> W {
    n(format!("local.set {}", local), vec![value])
}

pub fn i32c(v: i64) -> W {
    n(format!("i32.const {}", v), vec![])
}

pub fn i64c(v: i64) -> W {
    n(format!("i64.const {}", v), vec![])
}

impl W {
    fn flat(&self) -> Option<String> {
        match self {
            W::Atom(s) => Some(s.clone()),
            W::Comment(_) => None,
            W::Node(head, args) => {
                let mut s = format!("({}", head);
                for arg in args {
                    s.push(' ');
                    s.push_str(&arg.flat()?);
                }
                s.push(')');
                Some(s)
            }
        }
    }

    /// Print at an indentation of `indent` spaces (the first line is not indented).
    pub fn print(&self, indent: usize, out: &mut String) {
        if let Some(flat) = self.flat() {
            if flat.len() + indent <= WIDTH {
                out.push_str(&flat);
                return;
            }
        }
        match self {
            W::Atom(s) => out.push_str(s),
            W::Comment(s) => {
                out.push_str(";; ");
                out.push_str(s);
            }
            W::Node(head, args) => {
                out.push('(');
                out.push_str(head);
                // Keep short leading atoms (types, labels) on the head line.
                let mut i = 0;
                while i < args.len() && matches!(&args[i], W::Atom(_)) {
                    out.push(' ');
                    args[i].print(indent, out);
                    i += 1;
                }
                for arg in &args[i..] {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent + 2));
                    arg.print(indent + 2, out);
                }
                if matches!(args.last(), Some(W::Comment(_))) {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                }
                out.push(')');
            }
        }
    }
}

/// Print a sequence of forms, one per line, at `indent`.
pub fn print_lines(forms: &[W], indent: usize, out: &mut String) {
    for f in forms {
        out.push_str(&" ".repeat(indent));
        f.print(indent, out);
        out.push('\n');
    }
}
