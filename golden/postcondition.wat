;; ---- SOURCE tests/programs/postcondition.vera
;; -- A violated postcondition names the function and the clause.
;; -- exit: 1
;; -- stderr: Postcondition violation in half(@Int -> @Int): ensures(@Int.result * 2 == @Int.0) failed
;; private fn half(@Int -> @Int)
;;   requires(true)
;;   ensures(@Int.result * 2 == @Int.0)
;;   effects(pure)
;; {
;;   @Int.0 / 2
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   half(8) + half(7)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))

  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "X\00\00\00Postcondition violation in half(@Int -> @Int): ensures(@Int.result * 2 == @Int.0) failed"  ;; 8 = "Postcondition violation in half(@Int -> "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 104))

  ;; ---- The program ----

  ;; fn half(@Int -> @Int)   -- postcondition.vera:4-10
  (func $half (param $int_0 i64) (result i64)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    (local $result_0 i64)
    (local.set $result_0
      (block (result i64)
        (local.set $dividend_0 (local.get $int_0))
        (local.set $divisor_0 (i64.const 2))
        ;; x / -1 is -x, which wraps for -2^63 instead of trapping
        (if (result i64)
          (i64.eq (local.get $divisor_0) (i64.const -1))
          (then (i64.sub (i64.const 0) (local.get $dividend_0)))
          (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0))))))
    ;; ensures(@Int.result * 2 == @Int.0)   -- line 6
    (if
      (i32.eqz (i64.eq (i64.mul (local.get $result_0) (i64.const 2)) (local.get $int_0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (local.get $result_0))

  ;; fn main(@Unit -> @Int)   -- postcondition.vera:12-18
  (func $main (export "main") (result i64)
    (i64.add (call $half (i64.const 8)) (call $half (i64.const 7))))
)
