//! The `vera` command line: a thin layer over the library's pipeline.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vera::diagnostics::{to_json_report, Diagnostic};
use vera::source::SourceMap;

#[derive(Parser)]
#[command(name = "vera", version, about = "The Vera compiler: check, compile to readable WAT, run on wasmtime")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a file and report syntax errors.
    Parse { file: PathBuf },
    /// Print the syntax tree of a file.
    Ast {
        file: PathBuf,
        /// Print the tree as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Type-check a program and the modules it imports.
    Check {
        file: PathBuf,
        /// Print diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    vera::with_big_stack(move || run(cli))
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Parse { file } => {
            let (sources, result) = vera::parse_file(&file);
            match result {
                Ok(_) => {
                    println!("OK: {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(diags) => report(&diags, &sources, false),
            }
        }
        Command::Ast { file, json } => {
            let (sources, result) = vera::parse_file(&file);
            match result {
                Ok(module) if json => {
                    println!("{}", serde_json::to_string_pretty(&module).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Ok(module) => {
                    println!("{:#?}", module);
                    ExitCode::SUCCESS
                }
                Err(diags) => report(&diags, &sources, json),
            }
        }
        Command::Check { file, json } => {
            let checked = vera::check_file(&file);
            let failed = checked.program.is_none();
            if json {
                println!("{}", to_json_report(&checked.diagnostics, &checked.sources));
            } else {
                for d in &checked.diagnostics {
                    eprintln!("{}", d.render(&checked.sources));
                }
                if !failed {
                    println!("OK: {}", file.display());
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Print diagnostics (text on stderr, or JSON on stdout) and choose the exit code.
fn report(diags: &[Diagnostic], sources: &SourceMap, json: bool) -> ExitCode {
    if json {
        println!("{}", to_json_report(diags, sources));
    } else {
        for d in diags {
            eprintln!("{}", d.render(sources));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
