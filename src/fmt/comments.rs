//! Comments for the formatter: where each one stands, and a cursor that hands
//! them out as the printer walks the tree in source order.
//!
//! The printer visits every syntax position in source order and, at each, asks
//! for the comments that come before it. So a comment is always written at the
//! first position after it — inside the construct it was written in, never moved
//! to another one — and every comment is written exactly once (whatever is left
//! at the end of the file is written there).
//!
//! How a comment is written depends on where it stood and where the printer is:
//!
//! - a comment with code before it on its line ("trailing") is written at the end
//!   of the output line of the code it follows ([`Doc::Suffix`]), and the groups
//!   around it break, so it stays beside that code;
//! - a comment on a line of its own is written on a line of its own before the
//!   next item (statement, arm, declaration, constructor, clause), at that item's
//!   indentation, each of its lines trimmed;
//! - a block or annotation comment in the middle of a line stays in the line: after
//!   the syntax it directly follows, or else before the syntax after it.

use super::doc::{concat, nest, text, Doc};
use crate::syntax::lexer::{Comment, CommentKind, Token};

struct Item {
    kind: CommentKind,
    start: u32,
    end: u32,
    /// Only whitespace before it on its line.
    own_line: bool,
    /// Only whitespace after it on its line (always so for a line comment).
    ends_line: bool,
    /// The end of the last token before it.
    after_token: Option<u32>,
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
                Item {
                    kind: c.kind,
                    start: c.span.start,
                    end: c.span.end,
                    own_line: src[line_start..start].trim().is_empty(),
                    ends_line: src[c.span.end as usize..]
                        .split('\n')
                        .next()
                        .is_none_or(|rest| rest.trim().is_empty()),
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

    /// Before a line break, with the next item at `pos`: the comments that end
    /// lines of code so far, as suffixes of the current output line.
    pub fn trailing(&mut self, pos: u32) -> Doc {
        let mut parts = Vec::new();
        while let Some(i) = self.pending(pos).filter(|i| !i.own_line && i.ends_line) {
            parts.push(Doc::Suffix(self.flat(i)));
            parts.push(Doc::BreakParent);
            self.next += 1;
        }
        concat(parts)
    }

    /// At the start of an output line, before the item at `pos`: the comments
    /// before it, each output line of them followed by a line break.
    pub fn leading(&mut self, pos: u32) -> Doc {
        let lines = self.own_lines(pos);
        let mut parts = Vec::new();
        for l in lines {
            parts.push(l);
            parts.push(Doc::HardLine);
        }
        concat(parts)
    }

    /// Before a closing brace at `pos`, after the last item: each output line of
    /// comments preceded by a line break.
    pub fn closing(&mut self, pos: u32) -> Doc {
        let lines = self.own_lines(pos);
        let mut parts = Vec::new();
        for l in lines {
            parts.push(Doc::HardLine);
            parts.push(l);
        }
        concat(parts)
    }

    /// The comments on lines of their own before `pos`, as output lines, with
    /// any comment that follows one of them on its source line.
    fn own_lines(&mut self, pos: u32) -> Vec<Doc> {
        let mut lines: Vec<Vec<Doc>> = Vec::new();
        let mut prev_end: Option<u32> = None;
        while let Some(i) = self.pending(pos) {
            let same_line =
                prev_end.is_some_and(|e| !self.src[e as usize..i.start as usize].contains('\n'));
            let raw = self.raw(i);
            match lines.last_mut() {
                Some(line) if same_line => {
                    line.push(text(" "));
                    line.push(text(self.flat(i)));
                }
                // In the middle of a line: the syntax after it takes it.
                _ if !i.own_line => break,
                _ => {
                    let mut line = Vec::new();
                    for (k, l) in raw.split('\n').enumerate() {
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

    /// In the middle of a line, before the syntax at `pos`.
    pub fn inline(&mut self, pos: u32) -> Doc {
        self.mid_line(pos, false)
    }

    /// In the middle of a line, after the syntax written last and before a
    /// closing bracket at `pos` that is not written (redundant braces).
    pub fn before_close(&mut self, pos: u32) -> Doc {
        self.mid_line(pos, true)
    }

    fn mid_line(&mut self, pos: u32, after: bool) -> Doc {
        let mut parts = Vec::new();
        let mut own: Vec<Doc> = Vec::new();
        let mut prev_end: Option<u32> = None;
        while let Some(i) = self.pending(pos) {
            let raw_flat = self.flat(i);
            let same_line =
                prev_end.is_some_and(|e| !self.src[e as usize..i.start as usize].contains('\n'));
            if i.own_line || (same_line && !own.is_empty()) {
                if same_line && !own.is_empty() {
                    own.push(text(" "));
                    own.push(text(raw_flat));
                } else {
                    for l in self.raw(i).split('\n') {
                        own.push(Doc::HardLine);
                        own.push(text(l.trim()));
                    }
                }
            } else {
                if !own.is_empty() {
                    own.push(Doc::HardLine);
                    parts.push(nest(concat(std::mem::take(&mut own))));
                }
                match i.kind {
                    CommentKind::Line => {
                        parts.push(Doc::Suffix(raw_flat));
                        parts.push(Doc::BreakParent);
                    }
                    CommentKind::Block | CommentKind::Annotation if after => {
                        parts.push(text(" "));
                        parts.push(text(raw_flat));
                    }
                    CommentKind::Block | CommentKind::Annotation => {
                        parts.push(text(raw_flat));
                        parts.push(text(" "));
                    }
                }
            }
            prev_end = Some(i.end);
            self.next += 1;
        }
        if !own.is_empty() {
            own.push(Doc::HardLine);
            parts.push(nest(concat(own)));
        }
        concat(parts)
    }

    /// Directly after the syntax that ends at `end`: the block and annotation
    /// comments that follow it on its line with nothing in between.
    pub fn after(&mut self, end: u32) -> Doc {
        let mut parts = Vec::new();
        while let Some(i) = self.items.get(self.next) {
            if i.own_line || i.kind == CommentKind::Line || i.after_token != Some(end) {
                break;
            }
            parts.push(text(" "));
            parts.push(text(self.flat(i)));
            self.next += 1;
        }
        concat(parts)
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
