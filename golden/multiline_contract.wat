;; ---- SOURCE tests/programs/multiline_contract.vera
;; -- A contract written over several lines is quoted in a WAT comment, which
;; -- must stay on one line (the text once broke the module: E699).
;; -- fn: positive
;; -- args: 3
;; -- expect: 3
;; 
;; public fn positive(@Int -> @Int)
;;   requires(@Int.0 >
;;     0)
;;   ensures(@Int.result ==
;;     @Int.0)
;;   effects(pure)
;; {
;;   @Int.0
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
    "Q\00\00\00Precondition violation in positive(@Int -> @Int): requires(@Int.0 >\0a    0) failed\00\00\00"  ;; 8 = "Precondition violation in positive(@Int "
    "\5c\00\00\00Postcondition violation in positive(@Int -> @Int): ensures(@Int.result ==\0a    @Int.0) failed"  ;; 96 = "Postcondition violation in positive(@Int"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 192))

  ;; ---- The program ----

  ;; fn positive(@Int -> @Int)   -- multiline_contract.vera:7-15
  (func $positive (export "positive") (param $int_0 i64) (result i64)
    (local $result_0 i64)
    ;; requires(@Int.0 > 0)   -- lines 8-9
    (if
      (i32.eqz (i64.gt_s (local.get $int_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (local.set $result_0 (local.get $int_0))
    ;; ensures(@Int.result == @Int.0)   -- lines 10-11
    (if
      (i32.eqz (i64.eq (local.get $result_0) (local.get $int_0)))
      (then (call $vera.fail (i32.const 96)) unreachable))
    (local.get $result_0))
)
