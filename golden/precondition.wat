;; ---- SOURCE tests/programs/precondition.vera
;; -- A violated precondition stops the program with a message naming the function.
;; -- fn: ratio
;; -- args: 7 0
;; -- exit: 1
;; -- stderr: Precondition violation in ratio(@Int, @Int -> @Int): requires(@Int.0 != 0) failed
;; public fn ratio(@Int, @Int -> @Int)
;;   requires(@Int.0 != 0)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.1 / @Int.0
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
    "Q\00\00\00Precondition violation in ratio(@Int, @Int -> @Int): requires(@Int.0 != 0) failed"  ;; 8 = "Precondition violation in ratio(@Int, @I"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 96))

  ;; ---- The program ----

  ;; fn ratio(@Int, @Int -> @Int)   -- precondition.vera:6-12
  (func $ratio (export "ratio") (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    ;; requires(@Int.0 != 0)   -- line 7
    (if
      (i32.eqz (i64.ne (local.get $int_1) (i64.const 0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (block (result i64)
      (local.set $dividend_0 (local.get $int_0))
      (local.set $divisor_0 (local.get $int_1))
      ;; x / -1 is -x, which wraps for -2^63 instead of trapping
      (if (result i64)
        (i64.eq (local.get $divisor_0) (i64.const -1))
        (then (i64.sub (i64.const 0) (local.get $dividend_0)))
        (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0))))))
)
