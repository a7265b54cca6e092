//! Diagnostics as data: a code, a place, what is wrong, how to fix it and where the
//! specification says so. Rendered as text for people and models, or as JSON.

use crate::source::{SourceMap, Span};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic. `code` is stable (`E001`…) and is what tests assert on.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Where the problem is; `None` for whole-file problems such as a missing file.
    pub span: Option<Span>,
    /// The file, when there is no span to take it from.
    pub file: Option<PathBuf>,
    /// What is wrong, and why, in plain sentences.
    pub message: String,
    /// A concrete correction, usually a snippet of Vera.
    pub fix: String,
    /// The chapter and section of the specification that states the rule.
    pub spec: &'static str,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            span: Some(span),
            file: None,
            message: message.into(),
            fix: String::new(),
            spec: "",
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// A diagnostic about a whole file that could not be read.
    pub fn file_error(code: &'static str, file: PathBuf, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            span: None,
            file: Some(file),
            message: message.into(),
            fix: String::new(),
            spec: "",
        }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Diagnostic {
        self.fix = fix.into();
        self
    }

    pub fn spec(mut self, spec: &'static str) -> Diagnostic {
        self.spec = spec;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// File, 1-based line and column; line and column are 0 when there is no span.
    pub fn location(&self, sources: &SourceMap) -> (String, usize, usize) {
        match self.span {
            Some(span) => {
                let file = sources.get(span.file);
                let (line, col) = file.line_col(span.start as usize);
                (file.path.display().to_string(), line, col)
            }
            None => {
                let path = self
                    .file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                (path, 0, 0)
            }
        }
    }

    /// The upstream text layout: header, source line with a caret, explanation, fix, spec.
    pub fn render(&self, sources: &SourceMap) -> String {
        let (path, line, col) = self.location(sources);
        let kind = match self.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        let mut out = if line > 0 {
            format!(
                "[{}] {} at {}, line {}, column {}:\n",
                self.code, kind, path, line, col
            )
        } else {
            format!("[{}] {} in {}:\n", self.code, kind, path)
        };
        if let Some(span) = self.span {
            let text = sources.get(span.file).line_text(line);
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            out.push_str(&format!(
                "\n    {}\n    {}^\n",
                shown,
                " ".repeat(col.saturating_sub(1))
            ));
        }
        out.push('\n');
        for l in self.message.lines() {
            for wrapped in wrap(l, 86) {
                out.push_str(&format!("  {}\n", wrapped).replace("  \n", "\n"));
            }
        }
        if !self.fix.is_empty() {
            out.push_str("\n  Fix:\n\n");
            for l in self.fix.lines() {
                out.push_str(&format!("    {}\n", l));
            }
        }
        if !self.spec.is_empty() {
            out.push_str(&format!("\n  See: {}\n", self.spec));
        }
        out
    }

    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let (file, line, column) = self.location(sources);
        serde_json::json!({
            "code": self.code,
            "severity": self.severity,
            "file": file,
            "line": line,
            "column": column,
            "message": self.message,
            "fix": self.fix,
            "spec": self.spec,
        })
    }
}

/// The JSON document `--json` prints for a list of diagnostics.
pub fn to_json_report(diags: &[Diagnostic], sources: &SourceMap) -> serde_json::Value {
    let ok = !diags.iter().any(Diagnostic::is_error);
    serde_json::json!({
        "ok": ok,
        "diagnostics": diags.iter().map(|d| d.to_json(sources)).collect::<Vec<_>>(),
    })
}

/// Break a line of prose into lines of at most `width` characters, at spaces.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in line.split(' ') {
        let last = lines.last_mut().unwrap();
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}
