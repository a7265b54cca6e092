//! Comments for the formatter: where each one stands, and a cursor that hands
//! them out as the printer walks the tree in source order.
//!
//! The printer visits the syntax positions of the tree in source order and, at
//! each, takes the comments that come before it. So a comment is written at the
//! first position after it, inside the construct it was written in, and every
//! comment is written exactly once: whatever no position took is written at the
//! end of the construct that contains it, or at the end of the file.
//!
//! A comment is one of three sorts, by what shares its source line:
//!
//! - *standalone*: nothing else on its line but other comments. It is written on
//!   a line of its own before the next item (declaration, clause, constructor,
//!   operation, statement, arm, handler clause), at the item's indentation, each
//!   of its lines trimmed; or before a closing brace;
//! - *line-final*: code before it, none after (every `--` comment with code
//!   before it). It is written at the end of the output line of the code before
//!   it ([`Doc::Suffix`], two spaces after the code), and the groups around it
//!   break, so it stays beside that code;
//! - *mid-line*: code after it on its line. It stays in the line: right after the
//!   syntax it directly follows, or else right before the syntax after it.
//!
//! Each sort is written so that it reads back as the same sort in the same place:
//! formatting is idempotent.

use super::doc::{concat, nest, text, Doc};
use crate::syntax::lexer::{Comment, CommentKind, Token};

struct Item {
    kind: CommentKind,
    start: u32,
    end: u32,
    /// Only whitespace before it on its line.
    own_line: bool,
    /// A token after it on its line.
    code_after: bool,
    /// The start of the first token after it.
    next_token: Option<u32>,
    /// The end of the last token before it.
    after_token: Option<u32>,
}

impl Item {
    fn standalone(&self) -> bool {
        self.own_line && !self.code_after
    }
}

pub struct Comments<'a> {
    src: &'a str,
    items: Vec<Item>,
    next: usize,
    token_starts: Vec<u32>,
}

impl<'a> Comments<'a> {
    pub fn new(src: &'a str, comments: &[Comment], tokens: &[Token]) -> Comments<'a> {
        // The last token is the end-of-file marker.
        let real = &tokens[..tokens.len().saturating_sub(1)];
        let token_starts: Vec<u32> = real.iter().map(|t| t.span.start).collect();
        let items = comments
            .iter()
            .map(|c| {
                let start = c.span.start as usize;
                let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
                let before = real.partition_point(|t| t.span.end <= c.span.start);
                let code_after = real.get(before).is_some_and(|t| {
                    !src[c.span.end as usize..t.span.start as usize].contains('\n')
                });
                Item {
                    kind: c.kind,
                    start: c.span.start,
                    end: c.span.end,
                    own_line: src[line_start..start].trim().is_empty(),
                    code_after,
                    next_token: real.get(before).map(|t| t.span.start),
                    after_token: before.checked_sub(1).map(|i| real[i].span.end),
                }
            })
            .collect();
        Comments {
            src,
            items,
            next: 0,
            token_starts,
        }
    }

    /// The start of the `n`th token before `pos`, or `pos` itself when there is none.
    pub fn token_before(&self, pos: u32, n: usize) -> u32 {
        let i = self.token_starts.partition_point(|&s| s < pos);
        i.checked_sub(n).map_or(pos, |i| self.token_starts[i])
    }

    /// The start of the first token at or after `pos`.
    pub fn token_at_or_after(&self, pos: u32) -> u32 {
        let i = self.token_starts.partition_point(|&s| s < pos);
        self.token_starts.get(i).copied().unwrap_or(pos)
    }

    /// Whether every comment has been handed out.
    pub fn all_written(&self) -> bool {
        self.next == self.items.len()
    }

    fn raw(&self, i: &Item) -> &'a str {
        &self.src[i.start as usize..i.end as usize]
    }

    /// The comment on one line: a multi-line block comment has its whitespace
    /// runs collapsed, a line comment loses its trailing whitespace.
    fn flat(&self, i: &Item) -> String {
        let raw = self.raw(i);
        if raw.contains('\n') {
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            raw.trim().to_string()
        }
    }

    fn pending(&self, pos: u32) -> Option<&Item> {
        self.items.get(self.next).filter(|i| i.start < pos)
    }

    /// Whether the comment stands on the source line where the one before ended.
    fn same_line(&self, prev_end: Option<u32>, i: &Item) -> bool {
        prev_end.is_some_and(|e| !self.src[e as usize..i.start as usize].contains('\n'))
    }

    fn suffix(&self, i: &Item) -> [Doc; 2] {
        [Doc::Suffix(self.flat(i)), Doc::BreakParent]
    }

    /// Before a line break, with the next item at `pos`: the line-final comments,
    /// as suffixes of the current output line, up to the first `--` comment.
    pub fn trailing(&mut self, pos: u32) -> Doc {
        let mut parts = Vec::new();
        while let Some(i) = self.pending(pos).filter(|i| !i.own_line && !i.code_after) {
            let line = i.kind == CommentKind::Line;
            parts.extend(self.suffix(i));
            self.next += 1;
            if line {
                // Nothing may follow it on the line.
                break;
            }
        }
        concat(parts)
    }

    /// At the start of an output line, before the item at `pos`: the standalone
    /// comments before it, each output line of them followed by a line break.
    pub fn leading(&mut self, pos: u32) -> Doc {
        let mut parts = Vec::new();
        for l in self.standalone_lines(pos) {
            parts.push(l);
            parts.push(Doc::HardLine);
        }
        concat(parts)
    }

    /// Before a closing bracket at `pos`, after the last item: the standalone
    /// comments, each output line of them after a line break; then any comment
    /// left in the line, after the last item.
    pub fn closing(&mut self, pos: u32) -> Doc {
        let mut parts = Vec::new();
        for l in self.standalone_lines(pos) {
            parts.push(Doc::HardLine);
            parts.push(l);
        }
        parts.push(self.inside(pos));
        concat(parts)
    }

    /// The standalone comments before `pos` as output lines, with the comments
    /// that follow one of them on its source line. A comment left behind by
    /// the construct before (none should be) gets a line of its own too; one in
    /// the item's own line is left to the item.
    fn standalone_lines(&mut self, pos: u32) -> Vec<Doc> {
        let mut lines: Vec<Vec<Doc>> = Vec::new();
        let mut prev_end: Option<u32> = None;
        while let Some(i) = self.pending(pos) {
            let joined = self.same_line(prev_end, i) && !i.code_after;
            match lines.last_mut() {
                Some(line) if joined => {
                    line.push(text(" "));
                    line.push(text(self.flat(i)));
                }
                // In the line of the item, before it: the item takes it.
                _ if i.code_after && i.next_token == Some(pos) => break,
                _ if !i.standalone() => lines.push(vec![text(self.flat(i))]),
                _ => {
                    let mut line = Vec::new();
                    for (k, l) in self.raw(i).split('\n').enumerate() {
                        if k > 0 {
                            line.push(Doc::HardLine);
                        }
                        line.push(text(l.trim()));
                    }
                    lines.push(line);
                }
            }
            prev_end = Some(i.end);
            self.next += 1;
        }
        lines.into_iter().map(concat).collect()
    }

    /// In the middle of a line, before the syntax at `pos`: a standalone comment
    /// gets a line of its own (one level deeper); a `--` comment ends the line,
    /// and what follows goes on the next line (one level deeper); another
    /// line-final comment goes to the end of the line; a mid-line one stays just
    /// before the syntax.
    pub fn inline(&mut self, pos: u32) -> Doc {
        /// What the current output line holds.
        #[derive(PartialEq)]
        enum At {
            /// Code, and more may follow.
            Code,
            /// Code ended by a `--` comment: nothing more on this line.
            Ended,
            /// A comment of its own (more comments of its source line may follow).
            CommentLine,
        }
        let mut at = At::Code;
        let mut parts = Vec::new();
        let mut prev_end: Option<u32> = None;
        while let Some(i) = self.pending(pos) {
            let joined = at == At::CommentLine && self.same_line(prev_end, i) && !i.code_after;
            if joined {
                parts.push(text(" "));
                parts.push(text(self.flat(i)));
            } else if i.standalone() {
                for l in self.raw(i).split('\n') {
                    parts.push(Doc::HardLine);
                    parts.push(text(l.trim()));
                }
                at = At::CommentLine;
            } else if at != At::Code {
                // After a comment line, or a line ended by `--`: a line of its
                // own (with the code after it, when it had some).
                parts.push(Doc::HardLine);
                if i.code_after && i.kind != CommentKind::Line {
                    parts.push(Doc::Prefix(self.flat(i)));
                    at = At::Code;
                } else {
                    parts.push(text(self.flat(i)));
                    at = At::CommentLine;
                }
            } else if i.kind == CommentKind::Line {
                parts.extend(self.suffix(i));
                at = At::Ended;
            } else if !i.code_after || self.line_ends_after(pos) {
                // Line-final here, or made so by the comments that follow.
                parts.extend(self.suffix(i));
            } else {
                parts.push(Doc::Prefix(self.flat(i)));
            }
            prev_end = Some(i.end);
            self.next += 1;
        }
        if at != At::Code {
            parts.push(Doc::HardLine);
        }
        nest(concat(parts))
    }

    /// Whether, of the comments after the next one and before `pos`, one ends
    /// the output line: a standalone comment or a `--` comment.
    fn line_ends_after(&self, pos: u32) -> bool {
        self.items[self.next + 1..]
            .iter()
            .take_while(|i| i.start < pos)
            .any(|i| i.standalone() || i.kind == CommentKind::Line)
    }

    /// At the end of a construct that ends before `pos`: the block comments
    /// inside it that no position of it took, written after it in the line. A
    /// `--` comment is left to the next position, which ends the line after it.
    pub fn inside(&mut self, pos: u32) -> Doc {
        let mut parts = Vec::new();
        while let Some(i) = self.pending(pos).filter(|i| i.kind != CommentKind::Line) {
            parts.extend(self.attached(i));
            self.next += 1;
        }
        concat(parts)
    }

    /// Directly after the syntax that ends at `end`: the block and annotation
    /// comments that follow it on its line with no token in between.
    pub fn after(&mut self, end: u32) -> Doc {
        let mut parts = Vec::new();
        while let Some(i) = self.items.get(self.next) {
            if i.own_line || i.kind == CommentKind::Line || i.after_token != Some(end) {
                break;
            }
            parts.extend(self.attached(i));
            self.next += 1;
        }
        concat(parts)
    }

    /// A block comment written after code: it stays in the line if code followed
    /// it there in the source; one that ended its line ends an output line.
    fn attached(&self, i: &Item) -> Vec<Doc> {
        if i.code_after {
            vec![Doc::Comment(self.flat(i))]
        } else {
            self.suffix(i).into()
        }
    }

    /// Whatever is left at the end of the file, each line as written (less its
    /// trailing whitespace).
    pub fn footer(&mut self, first: bool) -> Doc {
        let mut parts = Vec::new();
        let mut first = first;
        while let Some(i) = self.items.get(self.next) {
            for l in self.raw(i).split('\n') {
                if !first {
                    parts.push(Doc::HardLine);
                }
                first = false;
                parts.push(text(l.trim_end()));
            }
            self.next += 1;
        }
        concat(parts)
    }
}
