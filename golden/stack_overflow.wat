;; ---- SOURCE tests/programs/stack_overflow.vera
;; -- Infinite recursion exhausts the call stack: a clear message, exit 1.
;; -- exit: 1
;; -- stderr: Runtime error in grow: call stack exhausted
;; private fn grow(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   grow(@Int.0 + 1) + 1
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   grow(0)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; ---- The program ----

  ;; fn grow(@Int -> @Int)   -- stack_overflow.vera:4-10
  (func $grow (param $int_0 i64) (result i64)
    (i64.add (call $grow (i64.add (local.get $int_0) (i64.const 1))) (i64.const 1)))

  ;; fn main(@Unit -> @Int)   -- stack_overflow.vera:12-18
  (func $main (export "main") (result i64)
    (return_call $grow (i64.const 0)))
)
