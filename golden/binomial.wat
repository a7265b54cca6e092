;; ---- SOURCE examples/binomial.vera
;; -- Recursion with a termination measure and a non-trivial precondition:
;; -- choose(n, k) by Pascal's rule. It requires k <= n and decreases on n; the
;; -- postcondition (at least 1) follows from the precondition.
;; -- choose(12, 5) = 792 and choose(6, 6) = 1, so main returns 792 + 1 = 793.
;; -- expect: 793
;; -- The first parameter is n (@Nat.1), the second is k (@Nat.0).
;; public fn choose(@Nat, @Nat -> @Nat)
;;   requires(@Nat.0 <= @Nat.1)
;;   ensures(@Nat.result >= 1)
;;   decreases(@Nat.1)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 || @Nat.0 == @Nat.1 then {
;;     1
;;   } else {
;;     choose(@Nat.1 - 1, @Nat.0 - 1) + choose(@Nat.1 - 1, @Nat.0)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Nat)
;;   requires(true)
;;   ensures(@Nat.result > 0)
;;   effects(pure)
;; {
;;   choose(12, 5) + choose(6, 6)
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
    "W\00\00\00Precondition violation in choose(@Nat, @Nat -> @Nat): requires(@Nat.0 <= @Nat.1) failed\00"  ;; 8 = "Precondition violation in choose(@Nat, @"
    "W\00\00\00Postcondition violation in choose(@Nat, @Nat -> @Nat): ensures(@Nat.result >= 1) failed\00"  ;; 100 = "Postcondition violation in choose(@Nat, "
    "O\00\00\00Postcondition violation in main(@Unit -> @Nat): ensures(@Nat.result > 0) failed"  ;; 192 = "Postcondition violation in main(@Unit ->"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 280))

  ;; ---- The program ----

  ;; fn choose(@Nat, @Nat -> @Nat)   -- binomial.vera:7-18
  (func $choose (export "choose") (param $nat_0 i64) (param $nat_1 i64) (result i64)
    (local $result_0 i64)
    ;; requires(@Nat.0 <= @Nat.1)   -- line 8
    (if
      (i32.eqz (i64.le_s (local.get $nat_1) (local.get $nat_0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (local.set $result_0
      (if (result i64)
        (if (result i32)
          (i64.eq (local.get $nat_1) (i64.const 0))
          (then (i32.const 1))
          (else (i64.eq (local.get $nat_1) (local.get $nat_0))))
        (then (i64.const 1))
        (else
          (i64.add
            (call $choose
              (i64.sub (local.get $nat_0) (i64.const 1))
              (i64.sub (local.get $nat_1) (i64.const 1)))
            (call $choose (i64.sub (local.get $nat_0) (i64.const 1)) (local.get $nat_1))))))
    ;; ensures(@Nat.result >= 1)   -- line 9
    (if
      (i32.eqz (i64.ge_s (local.get $result_0) (i64.const 1)))
      (then (call $vera.fail (i32.const 100)) unreachable))
    (local.get $result_0))

  ;; fn main(@Unit -> @Nat)   -- binomial.vera:20-26
  (func $main (export "main") (result i64)
    (local $result_0 i64)
    (local.set $result_0
      (i64.add
        (call $choose (i64.const 12) (i64.const 5))
        (call $choose (i64.const 6) (i64.const 6))))
    ;; ensures(@Nat.result > 0)   -- line 22
    (if
      (i32.eqz (i64.gt_s (local.get $result_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 192)) unreachable))
    (local.get $result_0))
)
