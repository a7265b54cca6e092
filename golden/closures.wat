;; ---- SOURCE examples/closures.vera
;; -- Closures and apply_fn: make_affine captures two Ints, and_then builds a closure
;; -- that captures two other closures, iterate applies a closure n times.
;; -- and_then(2x + 1, x + 10) is g(x) = 2x + 11; from 0, three steps: 11, 33, 77.
;; -- The literal closure x * 3 from 1, four steps: 3, 9, 27, 81. 77 + 81 = 158.
;; -- expect: 158
;; type Step = fn(Int -> Int) effects(pure);
;; 
;; -- x -> a * x + b, where a is the first parameter and b the second.
;; private fn make_affine(@Int, @Int -> @Step)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Int -> @Int) effects(pure) { @Int.2 * @Int.0 + @Int.1 }
;; }
;; 
;; -- x -> second(first(x)); first is @Step.1, second is @Step.0.
;; private fn and_then(@Step, @Step -> @Step)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Int -> @Int) effects(pure) { apply_fn(@Step.0, apply_fn(@Step.1, @Int.0)) }
;; }
;; 
;; private fn iterate(@Step, @Nat, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 then {
;;     @Int.0
;;   } else {
;;     iterate(@Step.0, @Nat.0 - 1, apply_fn(@Step.0, @Int.0))
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Step = make_affine(2, 1);
;;   let @Step = make_affine(1, 10);
;;   let @Step = and_then(@Step.1, @Step.0);
;;   iterate(@Step.0, 3, 0) + iterate(fn(@Int -> @Int) effects(pure) { @Int.0 * 3 }, 4, 1)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 8))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 3 funcref)
  (elem (i32.const 0) func $make_affine.lambda $and_then.lambda $main.lambda)

  ;; ---- The program ----

  ;; fn make_affine(@Int, @Int -> @Step)   -- closures.vera:9-15
  (func $make_affine (param $int_0 i64) (param $int_1 i64) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; closure of $make_affine.lambda (2 captured)
      (local.set $closure_0 (call $alloc (i32.const 24) (i32.const 1)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 0))
      (i64.store offset=8 (local.get $closure_0) (local.get $int_0))
      (i64.store offset=16 (local.get $closure_0) (local.get $int_1))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn and_then(@Step, @Step -> @Step)   -- closures.vera:18-24
  (func $and_then (param $step_0 i32) (param $step_1 i32) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $step_0))
    (call $gc_push (local.get $step_1))
    (block (result i32)
      ;; closure of $and_then.lambda (2 captured)
      (local.set $closure_0 (call $alloc (i32.const 16) (i32.const 0)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 1))
      (i32.store offset=8 (local.get $closure_0) (local.get $step_0))
      (i32.store offset=12 (local.get $closure_0) (local.get $step_1))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn iterate(@Step, @Nat, @Int -> @Int)   -- closures.vera:26-37
  (func $iterate (param $step_0 i32) (param $nat_0 i64) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $step_0))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (local.get $int_0))
      (else
        (return_call $iterate
          (local.get $step_0)
          (i64.sub (local.get $nat_0) (i64.const 1))
          (block (result i64)
            (local.set $closure_0 (local.get $step_0))
            (call_indirect (type $fn_i64->i64)
              (local.get $closure_0)
              (local.get $int_0)
              (i32.load offset=0 (local.get $closure_0))))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- closures.vera:39-48
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $step_0 i32)
    (local $step_1 i32)
    (local $step_2 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $step_0 (call $gc_keep (call $make_affine (i64.const 2) (i64.const 1))))
    (local.set $step_1 (call $gc_keep (call $make_affine (i64.const 1) (i64.const 10))))
    (local.set $step_2 (call $gc_keep (call $and_then (local.get $step_0) (local.get $step_1))))
    (i64.add
      (call $iterate (local.get $step_2) (i64.const 3) (i64.const 0))
      (call $iterate
        (block (result i32)
          ;; closure of $main.lambda (0 captured)
          (local.set $closure_0 (call $alloc (i32.const 8) (i32.const 1)))
          (i32.store offset=0 (local.get $closure_0) (i32.const 2))
          (local.get $closure_0))
        (i64.const 4)
        (i64.const 1)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in make_affine   -- closures.vera:14
  (func $make_affine.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $int_1 i64)
    (local $int_2 i64)
    (local.set $int_1 (i64.load offset=8 (local.get $env)))
    (local.set $int_2 (i64.load offset=16 (local.get $env)))
    (i64.add (i64.mul (local.get $int_1) (local.get $int_0)) (local.get $int_2)))

  ;; anonymous function in and_then   -- closures.vera:23
  (func $and_then.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $step_0 i32)
    (local $step_1 i32)
    (local $closure_0 i32)
    (local $closure_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $env))
    (local.set $step_0 (i32.load offset=8 (local.get $env)))
    (local.set $step_1 (i32.load offset=12 (local.get $env)))
    (local.set $closure_0 (local.get $step_1))
    (return_call_indirect (type $fn_i64->i64)
      (local.get $closure_0)
      (block (result i64)
        (local.set $closure_1 (local.get $step_0))
        (call_indirect (type $fn_i64->i64)
          (local.get $closure_1)
          (local.get $int_0)
          (i32.load offset=0 (local.get $closure_1))))
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in main   -- closures.vera:47
  (func $main.lambda (param $env i32) (param $int_0 i64) (result i64)
    (i64.mul (local.get $int_0) (i64.const 3)))
)
