//! The `vera` command line: a thin layer over the library's pipeline.

use clap::{Parser, Subcommand};
use std::io::Write;

// Output that never panics: a closed pipe (`vera check x | head -1`) or a full
// disk is not the compiler's failure, so write errors are ignored.
macro_rules! out {
    ($($t:tt)*) => {{ let _ = write!(std::io::stdout(), $($t)*); }};
}
macro_rules! outln {
    ($($t:tt)*) => {{ let _ = writeln!(std::io::stdout(), $($t)*); }};
}
macro_rules! errln {
    ($($t:tt)*) => {{ let _ = writeln!(std::io::stderr(), $($t)*); }};
}
use std::path::PathBuf;
use std::process::ExitCode;
use vera::diagnostics::{to_json_report, Diagnostic};
use vera::source::SourceMap;

#[derive(Parser)]
#[command(
    name = "vera",
    version,
    about = "The Vera compiler: check, compile to readable WAT, run on wasmtime"
)]
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
    /// Print the WebAssembly text of a program.
    EmitWat { file: PathBuf },
    /// Compile a program to a .wasm file.
    Compile {
        file: PathBuf,
        /// Where to write the binary (default: FILE with .wasm).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print the WAT text instead of writing a binary.
        #[arg(long)]
        wat: bool,
        /// Leave out the runtime checks of contracts the verifier proves.
        #[arg(long)]
        verify: bool,
    },
    /// Compile and run a program on wasmtime.
    Run {
        file: PathBuf,
        /// The public function to call (default: main, else the first public function).
        #[arg(long = "fn")]
        function: Option<String>,
        /// Collect garbage at every allocation, or every N allocations with
        /// --gc-stress=N (also VERA_GC_STRESS=N).
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "1", require_equals = true)]
        gc_stress: Option<u32>,
        /// Print collector statistics on stderr.
        #[arg(long)]
        gc_stats: bool,
        /// Check the heap's consistency after every collection (also VERA_GC_VERIFY=1).
        #[arg(long)]
        gc_verify: bool,
        /// Leave out the runtime checks of contracts the verifier proves.
        #[arg(long)]
        verify: bool,
        /// Arguments of the function, after `--`.
        #[arg(last = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run a program with the reference interpreter, without compiling it.
    Interp {
        file: PathBuf,
        /// The public function to call (default: main, else the first public function).
        #[arg(long = "fn")]
        function: Option<String>,
        /// Arguments of the function, after `--`.
        #[arg(last = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print the canonical text of a file (parses only, never type-checks).
    Fmt {
        file: PathBuf,
        /// Rewrite the file in place.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Exit 1 if the file is not in canonical form; change nothing.
        #[arg(long)]
        check: bool,
    },
    /// Prove a program's contracts with Z3 (Tier 1), or say which stay runtime checks (Tier 3).
    Verify {
        file: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// The solver's time limit per obligation, in milliseconds (also VERA_Z3_TIMEOUT_MS; default 10000).
        #[arg(long, value_name = "N")]
        timeout_ms: Option<u64>,
        /// Print the SMT-LIB query of every obligation.
        #[arg(long)]
        smt: bool,
    },
    /// Test the contracts that are not proved by running each public function on
    /// generated inputs that satisfy its requires (spec/12-testing.md).
    Test {
        file: PathBuf,
        /// Trials per function (at least 1).
        #[arg(long, value_name = "N", default_value_t = 100,
              value_parser = clap::value_parser!(u64).range(1..))]
        trials: u64,
        /// Test only this function.
        #[arg(long = "fn")]
        function: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// The seed of the random inputs (the same seed gives the same report).
        #[arg(long, value_name = "S", default_value_t = vera::tester::DEFAULT_SEED)]
        seed: u64,
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
                    outln!("OK: {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(diags) => report(&diags, &sources, false),
            }
        }
        Command::Ast { file, json } => {
            let (sources, result) = vera::parse_file(&file);
            match result {
                Ok(module) if json => {
                    outln!(
                        "{}",
                        serde_json::to_string_pretty(&module).unwrap_or_default()
                    );
                    ExitCode::SUCCESS
                }
                Ok(module) => {
                    outln!("{:#?}", module);
                    ExitCode::SUCCESS
                }
                Err(diags) => report(&diags, &sources, json),
            }
        }
        Command::EmitWat { file } => {
            let c = vera::compile_file(&file, &Default::default());
            match c.compiled {
                Some(compiled) => {
                    out!("{}", compiled.output.wat);
                    ExitCode::SUCCESS
                }
                None => report(&c.diagnostics, &c.sources, false),
            }
        }
        Command::Compile {
            file,
            output,
            wat,
            verify,
        } => {
            let compiled = match compile(&file, verify) {
                Ok(c) => c,
                Err(code) => return code,
            };
            if wat {
                out!("{}", compiled.output.wat);
                return ExitCode::SUCCESS;
            }
            let out = output.unwrap_or_else(|| file.with_extension("wasm"));
            match std::fs::write(&out, &compiled.wasm) {
                Ok(()) => {
                    outln!("Wrote {}", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    errln!("Cannot write {}: {}", out.display(), e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Run {
            file,
            function,
            gc_stress,
            gc_stats,
            gc_verify,
            verify,
            args,
        } => {
            let compiled = match compile(&file, verify) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let stress = gc_stress
                .or_else(|| std::env::var("VERA_GC_STRESS").ok()?.parse().ok())
                .unwrap_or(0);
            let request = vera::runtime::RunRequest {
                wasm: &compiled.wasm,
                exports: &compiled.output.exports,
                generic: &compiled.output.generic_public,
                function,
                args,
                gc_stress: stress,
                gc_verify: gc_verify || std::env::var("VERA_GC_VERIFY").is_ok_and(|v| v == "1"),
                gc_stats,
                adts: &compiled.output.adts,
                deadline: None,
                program: Some(&compiled.program),
            };
            match vera::runtime::run(&request) {
                Ok(text) => {
                    if !text.is_empty() {
                        outln!("{}", text);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    errln!("{}", e.0);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Interp {
            file,
            function,
            args,
        } => {
            let checked = vera::check_file(&file);
            let Some(program) = checked.program else {
                return report(&checked.diagnostics, &checked.sources, false);
            };
            let (output, result) = vera::interp::run(&program, function.as_deref(), &args);
            let _ = std::io::stdout().write_all(&output);
            match result {
                Ok(text) => {
                    if !text.is_empty() {
                        outln!("{}", text);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    errln!("{}", e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Fmt { file, write, check } => {
            let (sources, result) = vera::format_file(&file);
            let text = match result {
                Ok(text) => text,
                Err(diags) => return report(&diags, &sources, false),
            };
            let original = sources
                .find(&file)
                .map_or("", |id| sources.get(id).text.as_str());
            if check {
                if text == original {
                    outln!("OK: {}", file.display());
                    ExitCode::SUCCESS
                } else {
                    errln!("Would reformat: {}", file.display());
                    ExitCode::FAILURE
                }
            } else if write {
                if text != original {
                    if let Err(e) = std::fs::write(&file, &text) {
                        errln!("Cannot write {}: {}", file.display(), e);
                        return ExitCode::FAILURE;
                    }
                }
                outln!("Formatted: {}", file.display());
                ExitCode::SUCCESS
            } else {
                out!("{}", text);
                ExitCode::SUCCESS
            }
        }
        Command::Verify {
            file,
            json,
            timeout_ms,
            smt,
        } => verify(&file, json, timeout_ms, smt),
        Command::Test {
            file,
            trials,
            function,
            json,
            seed,
        } => {
            let options = vera::tester::Options {
                trials: trials as usize,
                function,
                seed,
                verify: verify_options(None, false),
                gc_stress: std::env::var("VERA_GC_STRESS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                gc_verify: std::env::var("VERA_GC_VERIFY").is_ok_and(|v| v == "1"),
                ..Default::default()
            };
            test(&file, json, &options)
        }
        Command::Check { file, json } => {
            let checked = vera::check_file(&file);
            let failed = checked.program.is_none();
            if json {
                outln!("{}", to_json_report(&checked.diagnostics, &checked.sources));
            } else {
                for d in &checked.diagnostics {
                    errln!("{}", d.render(&checked.sources));
                }
                if !failed {
                    outln!("OK: {}", file.display());
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

/// `vera verify`: the summary on stdout, diagnostics on stderr (or JSON).
fn verify(file: &std::path::Path, json: bool, timeout_ms: Option<u64>, smt: bool) -> ExitCode {
    let options = verify_options(timeout_ms, smt);
    let v = vera::verify_file(file, &options);
    let failed = v.report.is_none() || v.diagnostics.iter().any(Diagnostic::is_error);
    let (tier1, tier3) = v.report.as_ref().map_or((0, 0), |r| (r.tier1, r.tier3));
    if let (true, Some(r)) = (smt, &v.report) {
        out!("{}", r.smt);
    }
    if json {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            v.diagnostics.iter().partition(|d| d.is_error());
        let doc = serde_json::json!({
            "ok": !failed,
            "file": file.display().to_string(),
            "diagnostics": errors.iter().map(|d| d.to_json(&v.sources)).collect::<Vec<_>>(),
            "warnings": warnings.iter().map(|d| d.to_json(&v.sources)).collect::<Vec<_>>(),
            "verification": {
                "tier1_verified": tier1,
                "tier3_runtime": tier3,
                "total": tier1 + tier3,
            },
        });
        outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        for d in &v.diagnostics {
            errln!("{}", d.render(&v.sources));
        }
        if !failed {
            outln!("OK: {}", file.display());
            outln!("{}", vera::verify::summary_line(tier1, tier3));
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `vera test`: the report on stdout (text or JSON); exit 1 when a function
/// failed or the program does not compile.
fn test(file: &std::path::Path, json: bool, options: &vera::tester::Options) -> ExitCode {
    let t = vera::tester::test_file(file, options);
    let Some(functions) = t.functions else {
        return report(&t.diagnostics, &t.sources, json);
    };
    let name = file.display().to_string();
    if json {
        let doc = vera::tester::report::json(&name, options.seed, &functions);
        outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        out!("{}", vera::tester::report::text(&name, &functions));
    }
    let failed = vera::tester::report::summary(&functions).failed > 0;
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn verify_options(timeout_ms: Option<u64>, smt: bool) -> vera::verify::Options {
    let timeout_ms = timeout_ms
        .or_else(|| std::env::var("VERA_Z3_TIMEOUT_MS").ok()?.parse().ok())
        .unwrap_or(10_000);
    vera::verify::Options { timeout_ms, smt }
}

/// Compile a file, or print its diagnostics and give the exit code.
fn compile(file: &std::path::Path, verify: bool) -> Result<vera::Compiled, ExitCode> {
    let c = if verify {
        vera::compile_file_verified(file, &verify_options(None, false))
    } else {
        vera::compile_file(file, &Default::default())
    };
    match c.compiled {
        Some(compiled) => Ok(compiled),
        None => Err(report(&c.diagnostics, &c.sources, false)),
    }
}

/// Print diagnostics (text on stderr, or JSON on stdout) and choose the exit code.
fn report(diags: &[Diagnostic], sources: &SourceMap, json: bool) -> ExitCode {
    if json {
        outln!("{}", to_json_report(diags, sources));
    } else {
        for d in diags {
            errln!("{}", d.render(sources));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
