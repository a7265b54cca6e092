//! A small pretty-printing document in the style of Wadler and Oppen: text, line
//! breaks, nesting and groups.
//!
//! Canonical Vera has no line width: a construct is laid out flat (on one line) or
//! broken (over several lines) by what it is and where it stands, never by how long
//! it is. So a [`Doc::Group`] is flat unless something inside it must break: a
//! [`Doc::HardLine`] (a comment on a line of its own, a declaration's layout) or a
//! [`Doc::BreakParent`] (a construct that is always written over several lines,
//! such as `handle`, or a comment that ends its line). Whether a node must break is
//! computed once, when the node is built, so rendering is linear.
//!
//! A [`Doc::Suffix`] is text that belongs at the end of the current output line (a
//! comment after code): the renderer holds it back until the next line break and
//! writes it there, two spaces after the code. A [`Doc::Comment`] stays in the line
//! when code follows it there, and is a suffix otherwise; comments keep their
//! order, so a comment after a suffix on the same line is a suffix too. The
//! renderer writes no
//! trailing whitespace and indents a line only when text follows, so blank lines
//! are empty.

/// One document node. Build them with the functions of this module.
#[derive(Debug)]
pub enum Doc {
    Nil,
    /// Text without newlines.
    Text(String),
    /// A space when its group is flat, a newline when it is broken.
    Line,
    /// Nothing when its group is flat, a newline when it is broken.
    SoftLine,
    /// Always a newline; every enclosing group breaks.
    HardLine,
    /// No output; every enclosing group breaks.
    BreakParent,
    /// Text written at the end of the line, before the next newline.
    Suffix(String),
    /// A comment after code: one space and the comment when more code follows on
    /// the line, else a [`Doc::Suffix`] — so it reads back the same either way.
    Comment(String),
    /// A comment before code: the comment and one space.
    Prefix(String),
    /// The content, with every line it starts indented one more level.
    Nest(Box<Doc>, bool),
    /// Flat, unless the content must break.
    Group(Box<Doc>, bool),
    Concat(Vec<Doc>, bool),
}

/// Spaces per indentation level (spec 1.8 rule 1).
pub const INDENT: usize = 2;

impl Doc {
    /// Whether the node forces every group around it to break.
    pub fn must_break(&self) -> bool {
        match self {
            Doc::HardLine | Doc::BreakParent => true,
            Doc::Nest(_, b) | Doc::Group(_, b) | Doc::Concat(_, b) => *b,
            _ => false,
        }
    }
}

pub fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

pub fn nest(d: Doc) -> Doc {
    let b = d.must_break();
    Doc::Nest(Box::new(d), b)
}

pub fn group(d: Doc) -> Doc {
    let b = d.must_break();
    Doc::Group(Box::new(d), b)
}

pub fn concat(parts: Vec<Doc>) -> Doc {
    let b = parts.iter().any(Doc::must_break);
    Doc::Concat(parts, b)
}

/// Lay a document out as text.
pub fn render(doc: &Doc) -> String {
    let mut r = Renderer {
        out: String::new(),
        line_start: 0,
        pending_indent: Some(0),
        suffixes: Vec::new(),
        held: Vec::new(),
        held_space: String::new(),
    };
    r.doc(doc, 0, false);
    r.newline_flush();
    r.out
}

struct Renderer {
    out: String,
    /// Where the current line starts in `out`.
    line_start: usize,
    /// The indentation owed to the current line, written before its first text.
    pending_indent: Option<usize>,
    suffixes: Vec<String>,
    /// Comments after code, and the whitespace written since, held until it is
    /// known whether code follows them on the line.
    held: Vec<String>,
    held_space: String,
}

impl Renderer {
    fn doc(&mut self, doc: &Doc, indent: usize, flat: bool) {
        match doc {
            Doc::Nil | Doc::BreakParent => {}
            Doc::Text(s) => self.text(s),
            Doc::Line if flat => self.text(" "),
            Doc::SoftLine if flat => {}
            Doc::Line | Doc::SoftLine | Doc::HardLine => self.newline(indent),
            Doc::Suffix(s) => {
                let held = std::mem::take(&mut self.held);
                self.suffixes.extend(held);
                self.suffixes.push(s.clone());
            }
            // Comments keep their order: once the line has a suffix, every later
            // comment on it is a suffix too.
            Doc::Comment(s) | Doc::Prefix(s) if !self.suffixes.is_empty() => {
                self.suffixes.push(s.clone())
            }
            Doc::Comment(s) => self.held.push(s.clone()),
            Doc::Prefix(s) => {
                self.text(s);
                self.text(" ");
            }
            Doc::Nest(d, _) => self.doc(d, indent + INDENT, flat),
            Doc::Group(d, b) => self.doc(d, indent, flat || !*b),
            Doc::Concat(parts, _) => {
                for p in parts {
                    self.doc(p, indent, flat);
                }
            }
        }
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.held.is_empty() {
            if s.trim().is_empty() {
                self.held_space.push_str(s);
                return;
            }
            for c in std::mem::take(&mut self.held) {
                self.raw(" ");
                self.raw(&c);
            }
            let space = std::mem::take(&mut self.held_space);
            self.raw(if space.is_empty() { "" } else { " " });
        }
        self.raw(s);
    }

    fn raw(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(n) = self.pending_indent.take() {
            if s == " " {
                // A space at the start of a line is indentation's business.
                self.pending_indent = Some(n);
                return;
            }
            self.out.extend(std::iter::repeat_n(' ', n));
        }
        self.out.push_str(s);
    }

    /// End the current line: its suffixes, no trailing whitespace, then `\n`.
    fn newline_flush(&mut self) {
        let held = std::mem::take(&mut self.held);
        self.suffixes.extend(held);
        self.held_space.clear();
        let trimmed = self.out.trim_end_matches(' ').len().max(self.line_start);
        self.out.truncate(trimmed);
        if !self.suffixes.is_empty() {
            let at_start = self.out.len() == self.line_start;
            if at_start {
                if let Some(n) = self.pending_indent {
                    self.out.extend(std::iter::repeat_n(' ', n));
                }
            } else {
                self.out.push_str("  ");
            }
            let suffixes = std::mem::take(&mut self.suffixes);
            self.out.push_str(&suffixes.join(" "));
        }
        self.out.push('\n');
        self.line_start = self.out.len();
    }

    fn newline(&mut self, indent: usize) {
        self.newline_flush();
        self.pending_indent = Some(indent);
    }
}
