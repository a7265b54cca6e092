//! A small builder for WAT text: folded S-expressions that print on one line when
//! they fit and break into indented lines when they do not (the way wasmprinter
//! lays out folded code), with `;;` comments kept on lines of their own.
//!
//! Indentation stops growing at [`MAX_INDENT`] columns, so that deeply nested
//! programs give text of a size linear in theirs.

/// One WAT form: `(head args...)`, a bare word, or a comment line.
#[derive(Clone, Debug)]
pub enum W {
    Node(String, Vec<W>),
    Atom(String),
    Comment(String),
}

const WIDTH: usize = 100;
const MAX_INDENT: usize = 60;

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
    /// The length of the form on one line, if it has no comment and is at most
    /// `limit` long (looking no further than that).
    fn flat_len(&self, limit: usize) -> Option<usize> {
        match self {
            W::Atom(s) => (s.len() <= limit).then_some(s.len()),
            W::Comment(_) => None,
            W::Node(head, args) => {
                let mut len = head.len() + 2;
                for arg in args {
                    if len + 1 > limit {
                        return None;
                    }
                    len += 1 + arg.flat_len(limit - len - 1)?;
                }
                (len <= limit).then_some(len)
            }
        }
    }

    fn print_flat(&self, out: &mut String) {
        match self {
            W::Atom(s) => out.push_str(s),
            W::Comment(_) => {}
            W::Node(head, args) => {
                out.push('(');
                out.push_str(head);
                for arg in args {
                    out.push(' ');
                    arg.print_flat(out);
                }
                out.push(')');
            }
        }
    }

    /// Print at an indentation of `indent` spaces (the first line is not indented).
    pub fn print(&self, indent: usize, out: &mut String) {
        crate::deep(|| {
            let indent = indent.min(MAX_INDENT);
            if self.flat_len(WIDTH.saturating_sub(indent)).is_some() {
                self.print_flat(out);
                return;
            }
            match self {
                W::Atom(s) => out.push_str(s),
                W::Comment(s) => {
                    // A comment is one line: text quoted from the program (a
                    // contract written over several lines) is joined.
                    out.push_str(";; ");
                    for (i, line) in s.lines().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str(if i > 0 { line.trim() } else { line });
                    }
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
                    let inner = (indent + 2).min(MAX_INDENT);
                    for arg in &args[i..] {
                        out.push('\n');
                        out.push_str(&" ".repeat(inner));
                        arg.print(inner, out);
                    }
                    if matches!(args.last(), Some(W::Comment(_))) {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent));
                    }
                    out.push(')');
                }
            }
        })
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
