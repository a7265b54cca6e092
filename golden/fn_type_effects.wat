;; ---- SOURCE tests/programs/fn_type_effects.vera
;; -- Exn<F> and State<F> with a function type F: their tags and cells get valid
;; -- names, and the function values travel through a throw and a state cell.
;; -- expect: 42 43
;; type Step = fn(Int -> Int) effects(pure);
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Step = handle[Exn<Step>] {
;;     throw(@Step) -> { @Step.0 }
;;   } in {
;;     throw(fn(@Int -> @Int) effects(pure) { @Int.0 + 1 })
;;   };
;;   IO.print(int_to_string(apply_fn(@Step.0, 41)));
;;   IO.print(" ");
;;   let @Int = handle[State<Step>](@Step = @Step.0) {
;;     get(@Unit) -> { resume(@Step.0) },
;;     put(@Step) -> { resume(()) } with @Step = @Step.0
;;   } in {
;;     put(fn(@Int -> @Int) effects(pure) { @Int.0 + 2 });
;;     apply_fn(get(()), 41)
;;   };
;;   IO.print(int_to_string(@Int.0))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<fn<Int->Int>> (param i32))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00 \00\00\00"  ;; 8 = " "
    "s\00\00\00State<fn<Int->Int>> read in main before any value was set: no handle[State<fn<Int->Int>>] gives it an initial value"  ;; 16 = "State<fn<Int->Int>> read in main before "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 136))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<fn<Int->Int>> (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $state<fn<Int->Int>>)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 2 funcref)
  (elem (i32.const 0) func $main.lambda $main.lambda.2)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Unit)   -- fn_type_effects.vera:6-26
  (func $main (export "main")
    (local $frame_0 i32)
    (local $sp_0 i32)
    (local $closure_0 i32)
    (local $step_0 i32)
    (local $step_1 i32)
    (local $closure_1 i32)
    (local $outer_state_0 i32)
    (local $closure_2 i32)
    (local $closure_3 i32)
    (local $int_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $step_1
      (block (result i32)
        (local.set $sp_0 (global.get $gc_sp))
        (block $handled_0 (result i32)
          ;; handle[Exn<fn<Int->Int>>]: a throw of fn<Int->Int> in the body lands in $caught_0
          (block $caught_0 (result i32)
            (try_table (result i32) (catch $exn<fn<Int->Int>> $caught_0)
              (throw $exn<fn<Int->Int>>
                (block (result i32)
                  ;; closure of $main.lambda (0 captured)
                  (local.set $closure_0 (call $alloc (i32.const 8) (i32.const 1)))
                  (i32.store offset=0 (local.get $closure_0) (i32.const 0))
                  (local.get $closure_0))))
            ;; no throw: the body's value is the handle's value
            (br $handled_0))
          ;; thrown: run the clause with the thrown value
          (local.set $step_0)
          (global.set $gc_sp (local.get $sp_0))
          (call $gc_push (local.get $step_0))
          (local.get $step_0))))
    (call $vera.print
      (call $int_to_string
        (block (result i64)
          (local.set $closure_1 (local.get $step_1))
          (call_indirect (type $fn_i64->i64)
            (local.get $closure_1)
            (i64.const 41)
            (i32.load offset=0 (local.get $closure_1))))))
    (call $vera.print (i32.const 8))
    (local.set $int_0
      (block (result i64)
        ;; handle[State<fn<Int->Int>>]: save the outer state, set the initial one
        (local.set $outer_state_0 (global.get $state<fn<Int->Int>>))
        (call $gc_push (local.get $outer_state_0))
        (global.set $state<fn<Int->Int>> (local.get $step_1))
        (global.set $state<fn<Int->Int>>
          (block (result i32)
            ;; closure of $main.lambda.2 (0 captured)
            (local.set $closure_2 (call $alloc (i32.const 8) (i32.const 1)))
            (i32.store offset=0 (local.get $closure_2) (i32.const 1))
            (local.get $closure_2)))
        (local.set $closure_3
          (block (result i32)
            (if
              (i32.eqz (global.get $state<fn<Int->Int>>))
              (then (call $vera.fail (i32.const 16)) unreachable))
            (global.get $state<fn<Int->Int>>)))
        (call_indirect (type $fn_i64->i64)
          (local.get $closure_3)
          (i64.const 41)
          (i32.load offset=0 (local.get $closure_3)))
        ;; the body ended: the outer state again
        (global.set $state<fn<Int->Int>> (local.get $outer_state_0))))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in main   -- fn_type_effects.vera:14
  (func $main.lambda (param $env i32) (param $int_0 i64) (result i64)
    (i64.add (local.get $int_0) (i64.const 1)))

  ;; anonymous function in main   -- fn_type_effects.vera:22
  (func $main.lambda.2 (param $env i32) (param $int_0 i64) (result i64)
    (i64.add (local.get $int_0) (i64.const 2)))
)
