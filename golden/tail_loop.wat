;; ---- SOURCE tests/programs/tail_loop.vera
;; -- A tail-recursive loop of ten million iterations runs in constant stack:
;; -- the recursive call is in tail position and compiles to return_call.
;; -- expect: 20000000
;; private fn count(@Int, @Int -> @Int)
;;   requires(@Int.1 >= 0)
;;   ensures(true)
;;   decreases(@Int.1)
;;   effects(pure)
;; {
;;   if @Int.1 == 0 then {
;;     @Int.0
;;   } else {
;;     count(@Int.1 - 1, @Int.0 + 2)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   count(10000000, 0)
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
    "Q\00\00\00Precondition violation in count(@Int, @Int -> @Int): requires(@Int.1 >= 0) failed"  ;; 8 = "Precondition violation in count(@Int, @I"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 96))

  ;; ---- The program ----

  ;; fn count(@Int, @Int -> @Int)   -- tail_loop.vera:4-15
  (func $count (param $int_0 i64) (param $int_1 i64) (result i64)
    ;; requires(@Int.1 >= 0)   -- line 5
    (if
      (i32.eqz (i64.ge_s (local.get $int_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (if (result i64)
      (i64.eq (local.get $int_0) (i64.const 0))
      (then (local.get $int_1))
      (else
        (return_call $count
          (i64.sub (local.get $int_0) (i64.const 1))
          (i64.add (local.get $int_1) (i64.const 2))))))

  ;; fn main(@Unit -> @Int)   -- tail_loop.vera:17-23
  (func $main (export "main") (result i64)
    (return_call $count (i64.const 10000000) (i64.const 0)))
)
