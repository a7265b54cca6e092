//! The collector under load: deep recursion, many live objects, large objects,
//! and long churn. Each program prints an exact value; `--gc-stats` reports the
//! collections and final memory size, which some tests bound.

struct Run {
    stdout: String,
    collections: u64,
    pages: u64,
    overflows: u64,
}

/// Compile and run a program given as text, with `--gc-stats`.
fn run(name: &str, source: &str, extra: &[&str]) -> Run {
    let mut flags = vec!["--gc-stats"];
    flags.extend_from_slice(extra);
    let out = crate::support::run_source(name, source, &flags);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{} failed: {}", name, stderr);
    let stat = |key: &str| -> u64 {
        stderr
            .lines()
            .find_map(|l| l.strip_prefix(&format!("gc: {} ", key)))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no `gc: {}` line in {:?}", key, stderr))
    };
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).trim_end().to_string(),
        collections: stat("collections"),
        pages: stat("final memory pages"),
        overflows: stat("mark-stack overflows"),
    }
}

const LIST: &str = r#"
private data List {
  Nil,
  Cons(Int, List)
}

-- [1, 2, ..., n] built by counting down (a tail call: constant stack).
private fn build(@Int, @List -> @List)
  requires(true)
  ensures(true)
  decreases(@Int.0)
  effects(pure)
{
  if @Int.0 <= 0 then { @List.0 } else { build(@Int.0 - 1, Cons(@Int.0, @List.0)) }
}

-- Not a tail call: one stack frame (and one root) per element.
private fn sum(@List -> @Int)
  requires(true)
  ensures(true)
  decreases(@List.0)
  effects(pure)
{
  match @List.0 {
    Nil -> 0,
    Cons(@Int, @List) -> @Int.0 + sum(@List.0)
  }
}
"#;

#[test]
fn deep_non_tail_recursion_over_a_long_list() {
    let source = format!(
        "{}\npublic fn main(@Unit -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n  sum(build(100000, Nil))\n}}\n",
        LIST
    );
    let r = run("deep_list", &source, &[]);
    assert_eq!(r.stdout, "5000050000");
}

#[test]
fn deep_recursion_under_gc_stress() {
    let source = format!(
        "{}\npublic fn main(@Unit -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n  sum(build(3000, Nil))\n}}\n",
        LIST
    );
    let r = run("deep_list_stress", &source, &["--gc-stress"]);
    assert_eq!(r.stdout, "4501500");
    assert!(
        r.collections >= 3000,
        "stress mode collects at every allocation, saw {}",
        r.collections
    );
}

#[test]
fn binary_trees_built_and_dropped_stay_small() {
    let source = r#"
private data Tree {
  Leaf,
  Node(Tree, Int, Tree)
}

private fn make(@Int -> @Tree)
  requires(@Int.0 >= 0)
  ensures(true)
  decreases(@Int.0)
  effects(pure)
{
  if @Int.0 == 0 then { Leaf } else { Node(make(@Int.0 - 1), @Int.0, make(@Int.0 - 1)) }
}

private fn count(@Tree -> @Int)
  requires(true)
  ensures(true)
  decreases(@Tree.0)
  effects(pure)
{
  match @Tree.0 {
    Leaf -> 0,
    Node(@Tree, @Int, @Tree) -> count(@Tree.0) + 1 + count(@Tree.1)
  }
}

private fn rounds(@Int, @Int -> @Int)
  requires(true)
  ensures(true)
  decreases(@Int.1)
  effects(pure)
{
  if @Int.1 <= 0 then { @Int.0 } else { rounds(@Int.1 - 1, @Int.0 + count(make(12))) }
}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  rounds(1000, 0)
}
"#;
    let r = run("tree_rounds", source, &[]);
    assert_eq!(r.stdout, "4095000");
    assert!(
        r.pages * 64 * 1024 < 2 * 1024 * 1024,
        "final memory {} pages is not under 2 MiB",
        r.pages
    );
}

#[test]
fn an_array_of_100000_ints() {
    let items: Vec<String> = (1..=100_000).map(|i| i.to_string()).collect();
    let source = format!(
        r#"
private fn total(@Array<Int>, @Int, @Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  if @Int.1 >= length(@Array<Int>.0) then {{ @Int.0 }} else {{ total(@Array<Int>.0, @Int.1 + 1, @Int.0 + @Array<Int>.0[@Int.1]) }}
}}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  let @Array<Int> = [{}];
  total(@Array<Int>.0, 0, 0) + length(@Array<Int>.0)
}}
"#,
        items.join(", ")
    );
    let r = run("big_array", &source, &[]);
    assert_eq!(r.stdout, (5_000_050_000u64 + 100_000).to_string());
}

#[test]
fn a_one_mebibyte_string() {
    let source = r#"
private fn double(@String, @Int -> @String)
  requires(true)
  ensures(true)
  decreases(@Int.0)
  effects(pure)
{
  if @Int.0 <= 0 then { @String.0 } else { double(string_concat(@String.0, @String.0), @Int.0 - 1) }
}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{
  let @String = double("ab", 19);
  string_length(@String.0) + char_code(@String.0, 1048575)
}
"#;
    let r = run("big_string", source, &[]);
    assert_eq!(r.stdout, (1_048_576 + 98).to_string());
}

#[test]
fn live_objects_survive_many_collections() {
    let source = format!(
        r#"{}
private fn double(@String, @Int -> @String)
  requires(true)
  ensures(true)
  decreases(@Int.0)
  effects(pure)
{{
  if @Int.0 <= 0 then {{ @String.0 }} else {{ double(string_concat(@String.0, @String.0), @Int.0 - 1) }}
}}

-- Allocate about 2 MiB of garbage per round while the list stays live.
private fn churn(@Int, @Int -> @Int)
  requires(true)
  ensures(true)
  decreases(@Int.1)
  effects(pure)
{{
  if @Int.1 <= 0 then {{ @Int.0 }} else {{ churn(@Int.1 - 1, @Int.0 + string_length(double("x", 20))) }}
}}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  let @List = build(100000, Nil);
  let @Int = churn(300, 0);
  sum(@List.0) + @Int.0
}}
"#,
        LIST
    );
    let r = run("live_objects", &source, &[]);
    assert_eq!(r.stdout, (5_000_050_000u64 + 300 * 1_048_576).to_string());
    assert!(r.collections >= 100, "only {} collections", r.collections);
}

/// A compiled program's module, instantiated directly with a `$vera.fatal` that
/// records what the prelude reported (kind and value) and stops.
fn prelude_instance() -> (wasmtime::Store<Option<(i32, u32)>>, wasmtime::Instance) {
    use wasmtime::{Caller, Linker, Module, Store};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cells.vera");
    std::fs::write(&file, format!("{}\npublic fn main(@Unit -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{{\n  sum(build(3, Nil))\n}}\n", LIST)).unwrap();
    let compiled = vera::compile_file(&file, &Default::default())
        .compiled
        .expect("compiles");
    let engine = vera::runtime::engine().unwrap();
    let module = Module::new(&engine, &compiled.wasm).unwrap();
    let mut store = Store::new(&engine, None);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "vera",
            "fatal",
            |mut c: Caller<'_, Option<(i32, u32)>>,
             kind: i32,
             value: i32|
             -> wasmtime::Result<()> {
                *c.data_mut() = Some((kind, value as u32));
                Err(wasmtime::format_err!("fatal({}, {})", kind, value))
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// An object of 2 GiB or more can never be allocated in 32-bit memory: the
/// allocator reports out of memory with the size, and no sum of addresses wraps.
#[test]
fn an_object_of_two_gibibytes_is_out_of_memory() {
    let (mut store, instance) = prelude_instance();
    let alloc = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "alloc")
        .unwrap();
    alloc
        .call(&mut store, (i32::MIN, 1))
        .expect_err("2^31 bytes cannot be allocated");
    assert_eq!(*store.data(), Some((0, 1 << 31)));
}

/// The self-check is not a test that cannot fail: corrupt one header by hand and
/// the next collection must stop with "Heap corrupted".
#[test]
fn the_heap_self_check_detects_a_corrupted_header() {
    use wasmtime::Val;
    let (mut store, instance) = prelude_instance();
    let alloc = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "alloc")
        .unwrap();
    let collect = instance
        .get_typed_func::<(), ()>(&mut store, "gc_collect")
        .unwrap();
    let a = alloc.call(&mut store, (16, 1)).unwrap();
    let b = alloc.call(&mut store, (16, 1)).unwrap();
    assert_eq!(b, a + 24, "bump allocation places blocks one after another");
    instance
        .get_global(&mut store, "gc_verify")
        .unwrap()
        .set(&mut store, Val::I32(1))
        .unwrap();
    collect
        .call(&mut store, ())
        .expect("an intact heap passes the check");
    // Root a live block, then write a size into its header that is not a
    // multiple of 8: the heap no longer tiles, which the check must notice.
    let push = instance
        .get_typed_func::<i32, ()>(&mut store, "gc_push")
        .unwrap();
    alloc.call(&mut store, (16, 1)).unwrap();
    let live = alloc.call(&mut store, (16, 1)).unwrap();
    push.call(&mut store, live).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    memory.data_mut(&mut store)[(live - 4) as usize..live as usize]
        .copy_from_slice(&(13u32 << 1).to_le_bytes());
    let err = collect
        .call(&mut store, ())
        .expect_err("a corrupt header is detected");
    let (kind, _) = store
        .data()
        .expect("the prelude reported through $vera.fatal");
    assert!(
        kind == 2,
        "heap corruption is reported with kind 2, got {} ({})",
        kind,
        err
    );
}

/// An array of 5,000 live objects: marking it pushes more entries than the mark
/// stack holds (1,024), so the collector takes its overflow path (rescanning
/// the heap) — and every object must survive, collection after collection.
#[test]
fn mark_stack_overflow_loses_nothing() {
    let items: Vec<String> = (1..=5000).map(|i| format!("Cons({}, Nil)", i)).collect();
    let source = format!(
        r#"{}
private fn heads(@Array<List>, @Int, @Int -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  if @Int.1 >= length(@Array<List>.0) then {{ @Int.0 }} else {{
    heads(@Array<List>.0, @Int.1 + 1, @Int.0 + sum(@Array<List>.0[@Int.1]) + sum(build(3, Nil)))
  }}
}}

public fn main(@Unit -> @Int)
  requires(true)
  ensures(true)
  effects(pure)
{{
  let @Array<List> = [{}];
  heads(@Array<List>.0, 0, 0)
}}
"#,
        LIST,
        items.join(", ")
    );
    let r = run("mark_overflow", &source, &[]);
    assert_eq!(r.stdout, (12_502_500u64 + 5000 * 6).to_string());
    assert!(
        r.collections >= 1,
        "the array must be live during a collection, saw {}",
        r.collections
    );
    assert!(
        r.overflows >= 1,
        "the mark stack never overflowed, so the rescan path was not tested"
    );
}
