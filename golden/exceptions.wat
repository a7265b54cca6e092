;; ---- SOURCE examples/exceptions.vera
;; -- Exn<Int>: withdraw throws the shortfall when a withdrawal exceeds the balance;
;; -- the throw crosses run_plan to reach the handler in attempt, which returns the
;; -- shortfall as a negative number.
;; -- attempt(200): 200 - 30 - 50 - 40 = 80. attempt(100): 70, then 20, then 40 > 20
;; -- throws 20, giving -20. main returns 80 + (-20) = 60.
;; -- expect: 60
;; -- The first parameter is the balance (@Int.1), the second the amount (@Int.0).
;; private fn withdraw(@Int, @Int -> @Int)
;;   requires(@Int.0 >= 0)
;;   ensures(@Int.result >= 0)
;;   effects(<Exn<Int>>)
;; {
;;   if @Int.0 > @Int.1 then {
;;     throw(@Int.0 - @Int.1)
;;   } else {
;;     @Int.1 - @Int.0
;;   }
;; }
;; 
;; private fn run_plan(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<Int>>)
;; {
;;   let @Int = withdraw(@Int.0, 30);
;;   let @Int = withdraw(@Int.0, 50);
;;   withdraw(@Int.0, 40)
;; }
;; 
;; private fn attempt(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Exn<Int>] {
;;     throw(@Int) -> { 0 - @Int.0 }
;;   } in {
;;     run_plan(@Int.0)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   attempt(200) + attempt(100)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))

  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "T\00\00\00Precondition violation in withdraw(@Int, @Int -> @Int): requires(@Int.0 >= 0) failed"  ;; 8 = "Precondition violation in withdraw(@Int,"
    "Y\00\00\00Postcondition violation in withdraw(@Int, @Int -> @Int): ensures(@Int.result >= 0) failed"  ;; 96 = "Postcondition violation in withdraw(@Int"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 192))

  ;; ---- The program ----

  ;; fn withdraw(@Int, @Int -> @Int)   -- exceptions.vera:8-18
  (func $withdraw (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $result_0 i64)
    ;; requires(@Int.0 >= 0)   -- line 9
    (if
      (i32.eqz (i64.ge_s (local.get $int_1) (i64.const 0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (local.set $result_0
      (if (result i64)
        (i64.gt_s (local.get $int_1) (local.get $int_0))
        (then (throw $exn<Int> (i64.sub (local.get $int_1) (local.get $int_0))))
        (else (i64.sub (local.get $int_0) (local.get $int_1)))))
    ;; ensures(@Int.result >= 0)   -- line 10
    (if
      (i32.eqz (i64.ge_s (local.get $result_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 96)) unreachable))
    (local.get $result_0))

  ;; fn run_plan(@Int -> @Int)   -- exceptions.vera:20-28
  (func $run_plan (param $int_0 i64) (result i64)
    (local $int_1 i64)
    (local $int_2 i64)
    (local.set $int_1 (call $withdraw (local.get $int_0) (i64.const 30)))
    (local.set $int_2 (call $withdraw (local.get $int_1) (i64.const 50)))
    (return_call $withdraw (local.get $int_2) (i64.const 40)))

  ;; fn attempt(@Int -> @Int)   -- exceptions.vera:30-40
  (func $attempt (param $int_0 i64) (result i64)
    (local $int_1 i64)
    (block $handled_0 (result i64)
      ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
      (block $caught_0 (result i64)
        (try_table (result i64) (catch $exn<Int> $caught_0) (call $run_plan (local.get $int_0)))
        ;; no throw: the body's value is the handle's value
        (br $handled_0))
      ;; thrown: run the clause with the thrown value
      (local.set $int_1)
      (i64.sub (i64.const 0) (local.get $int_1))))

  ;; fn main(@Unit -> @Int)   -- exceptions.vera:42-48
  (func $main (export "main") (result i64)
    (i64.add (call $attempt (i64.const 200)) (call $attempt (i64.const 100))))
)
