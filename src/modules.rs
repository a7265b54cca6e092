//! Loading a program: the root file and, transitively, every module it imports.
//!
//! `import a.b(...)` looks for `a/b.vera` next to the importing file, then next to
//! the root file (spec 8.6). Each module is parsed once; cycles are diagnostics.
//!
//! Architecture invariant: this is the only stage (with the CLI) that reads files.

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where source files come from: the disk, or memory (the browser playground's
/// editor tabs, tests).
pub trait Files {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    fn is_file(&self, path: &Path) -> bool;
    /// The one name of a file, so that a module imported twice is loaded once.
    fn canonical(&self, path: &Path) -> PathBuf;
}

/// The file system.
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn canonical(&self, path: &Path) -> PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }
}

/// Files held in memory, by path (`main.vera`, `geo/shapes.vera`).
#[derive(Default)]
pub struct Memory(pub HashMap<PathBuf, String>);

impl Memory {
    /// `a/./b/../c` → `a/c`: paths built by joining are compared as written.
    fn normal(path: &Path) -> PathBuf {
        let mut out = PathBuf::new();
        for part in path.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    }
}

impl Files for Memory {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.0
            .get(&Memory::normal(path))
            .map(|t| t.clone().into_bytes())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
    fn is_file(&self, path: &Path) -> bool {
        self.0.contains_key(&Memory::normal(path))
    }
    fn canonical(&self, path: &Path) -> PathBuf {
        Memory::normal(path)
    }
}

/// One parsed module and where its imports point.
pub struct LoadedModule {
    /// The dotted module path it was imported as (`vera.math`); the root's own
    /// `module` declaration, or empty for an anonymous root.
    pub path: String,
    pub file: FileId,
    pub ast: ast::Module,
    /// For each import of `ast.imports`, the index of the imported module.
    pub imports: Vec<usize>,
}

/// Every module of a program; `modules[0]` is the root.
pub struct Loaded {
    pub modules: Vec<LoadedModule>,
}

pub fn load(
    root: &Path,
    files: &dyn Files,
    sources: &mut SourceMap,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut loader = Loader {
        files,
        sources,
        modules: Vec::new(),
        by_path: HashMap::new(),
        in_progress: Vec::new(),
        diags: Vec::new(),
    };
    let root_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    match read_source(root, files, loader.sources) {
        Ok(file) => {
            loader.load_file(file, String::new(), &root_dir);
        }
        Err(d) => return Err(vec![*d]),
    }
    if loader.diags.is_empty() {
        Ok(Loaded {
            modules: loader.modules.into_iter().map(Option::unwrap).collect(),
        })
    } else {
        Err(loader.diags)
    }
}

/// Read a file as UTF-8 text and register it. Binary input is a diagnostic at the
/// first byte that is not UTF-8.
pub fn read_source(
    path: &Path,
    files: &dyn Files,
    sources: &mut SourceMap,
) -> Result<FileId, Box<Diagnostic>> {
    let bytes = files.read(path).map_err(|e| -> Box<Diagnostic> {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => e.to_string(),
        };
        Box::new(
            Diagnostic::file_error("E020", path.to_path_buf(), format!("Cannot read the file {}: {}.", path.display(), why))
                .fix("Check the path; Vera source files end in .vera, e.g. `vera check examples/hello.vera`.")
                .spec("Chapter 8, Section 8.6"),
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(path.to_path_buf(), text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = sources.add(path.to_path_buf(), text);
            let lossy_at = String::from_utf8_lossy(&e.as_bytes()[..at]).len();
            Err(Box::new(Diagnostic::error(
                "E013",
                Span::new(id, lossy_at, lossy_at + 1),
                format!("This file is not UTF-8 text: the byte at offset {} cannot start a character. Vera source files must be UTF-8.", at),
            )
            .fix("Save the file as UTF-8, or check that it is a .vera source file and not a binary.")
            .spec("Chapter 1, Section 1.1")))
        }
    }
}

struct Loader<'a> {
    files: &'a dyn Files,
    sources: &'a mut SourceMap,
    modules: Vec<Option<LoadedModule>>,
    by_path: HashMap<PathBuf, usize>,
    in_progress: Vec<PathBuf>,
    diags: Vec<Diagnostic>,
}

impl Loader<'_> {
    /// Parse `file` and everything it imports; returns its module index.
    fn load_file(&mut self, file: FileId, dotted: String, root_dir: &Path) -> Option<usize> {
        let text = self.sources.get(file).text.clone();
        let module = match syntax::parse(file, &text) {
            Ok(m) => m,
            Err(d) => {
                self.diags.extend(d);
                return None;
            }
        };
        let index = self.modules.len();
        self.modules.push(None);
        let path = self.sources.get(file).path.clone();
        let key = self.files.canonical(&path);
        self.by_path.insert(key.clone(), index);
        self.in_progress.push(key);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut imports = Vec::new();
        for import in &module.imports {
            imports.push(
                self.load_import(import, &dir, root_dir)
                    .unwrap_or(usize::MAX),
            );
        }
        self.in_progress.pop();
        let dotted = if dotted.is_empty() {
            module.name.as_ref().map(|n| n.dotted()).unwrap_or_default()
        } else {
            dotted
        };
        self.modules[index] = Some(LoadedModule {
            path: dotted,
            file,
            ast: module,
            imports,
        });
        Some(index)
    }

    fn load_import(&mut self, import: &ast::Import, dir: &Path, root_dir: &Path) -> Option<usize> {
        let relative: PathBuf = import
            .path
            .parts
            .iter()
            .collect::<PathBuf>()
            .with_extension("vera");
        let candidates = [dir.join(&relative), root_dir.join(&relative)];
        let Some(found) = candidates.iter().find(|p| self.files.is_file(p)) else {
            self.diags.push(
                Diagnostic::error(
                    "E230",
                    import.path.span,
                    format!(
                        "Cannot resolve the import `{}`: there is no file {} next to this file or next to the program's root file.",
                        import.path.dotted(),
                        relative.display()
                    ),
                )
                .fix(format!("Create {} (declaring `module {};`), or correct the module path.", relative.display(), import.path.dotted()))
                .spec("Chapter 8, Section 8.6"),
            );
            return None;
        };
        let found = self.files.canonical(found);
        if self.in_progress.contains(&found) {
            self.diags.push(
                Diagnostic::error(
                    "E234",
                    import.path.span,
                    format!(
                        "Circular import: `{}` is already being loaded, so this import closes a cycle. Module imports must form an acyclic graph.",
                        import.path.dotted()
                    ),
                )
                .fix("Move the declarations both modules need into a third module that imports neither.")
                .spec("Chapter 8, Section 8.6.3"),
            );
            return None;
        }
        if let Some(&i) = self.by_path.get(&found) {
            return Some(i);
        }
        let file = match read_source(&found, self.files, self.sources) {
            Ok(f) => f,
            Err(d) => {
                self.diags.push(*d);
                return None;
            }
        };
        self.load_file(file, import.path.dotted(), root_dir)
    }
}
