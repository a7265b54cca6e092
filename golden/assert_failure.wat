;; ---- SOURCE tests/programs/assert_failure.vera
;; -- A failed assert stops the program and quotes the assertion.
;; -- fn: checked
;; -- args: 4
;; -- exit: 1
;; -- stderr: Assertion failed in checked: assert(@Int.0 % 2 == 1) is false
;; public fn checked(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   assert(@Int.0 % 2 == 1);
;;   @Int.0 * 10
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
    "=\00\00\00Assertion failed in checked: assert(@Int.0 % 2 == 1) is false"  ;; 8 = "Assertion failed in checked: assert(@Int"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 80))

  ;; ---- The program ----

  ;; fn checked(@Int -> @Int)   -- assert_failure.vera:6-13
  (func $checked (export "checked") (param $int_0 i64) (result i64)
    (if
      (i32.eqz (i64.eq (i64.rem_s (local.get $int_0) (i64.const 2)) (i64.const 1)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (i64.mul (local.get $int_0) (i64.const 10)))
)
