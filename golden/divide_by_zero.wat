;; ---- SOURCE tests/programs/divide_by_zero.vera
;; -- Division by zero traps with a message naming the Vera function.
;; -- fn: divide
;; -- args: 5 0
;; -- exit: 1
;; -- stderr: Runtime error in divide: division by zero
;; public fn divide(@Int, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.1 / @Int.0
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; ---- The program ----

  ;; fn divide(@Int, @Int -> @Int)   -- divide_by_zero.vera:6-12
  (func $divide (export "divide") (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    (block (result i64)
      (local.set $dividend_0 (local.get $int_0))
      (local.set $divisor_0 (local.get $int_1))
      ;; x / -1 is -x, which wraps for -2^63 instead of trapping
      (if (result i64)
        (i64.eq (local.get $divisor_0) (i64.const -1))
        (then (i64.sub (i64.const 0) (local.get $dividend_0)))
        (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0))))))
)
