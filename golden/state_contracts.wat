;; ---- SOURCE tests/programs/state_contracts.vera
;; -- State<Int>: operations in another function, old()/new() in ensures,
;; -- and a handler that restores the outer state when it ends.
;; -- expect: 1112
;; private fn bump(@Int -> @Unit)
;;   requires(true)
;;   ensures(new(State<Int>) == old(State<Int>) + @Int.0)
;;   effects(<State<Int>>)
;; {
;;   let @Int = get(());
;;   put(@Int.0 + @Int.1);
;;   ()
;; }
;; 
;; private fn inner(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Int>](@Int = 100) {
;;     get(@Unit) -> { resume(@Int.0) },
;;     put(@Int) -> { resume(()) } with @Int = @Int.0
;;   } in {
;;     bump(11);
;;     get(())
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Int>](@Int = 1000) {
;;     get(@Unit) -> { resume(@Int.0) },
;;     put(@Int) -> { resume(()) } with @Int = @Int.0
;;   } in {
;;     let @Int = inner(());
;;     bump(1);
;;     get(()) + @Int.0
;;   }
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
    "k\00\00\00Postcondition violation in bump(@Int -> @Unit): ensures(new(State<Int>) == old(State<Int>) + @Int.0) failed"  ;; 8 = "Postcondition violation in bump(@Int -> "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 120))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))

  ;; ---- The program ----

  ;; fn bump(@Int -> @Unit)   -- state_contracts.vera:4-12
  (func $bump.2 (param $int_0 i64)
    (local $old_int_0 i64)
    (local $int_1 i64)
    (local.set $old_int_0 (global.get $state<Int>))
    (local.set $int_1 (global.get $state<Int>))
    (global.set $state<Int> (i64.add (local.get $int_1) (local.get $int_0)))
    ;; ensures(new(State<Int>) == old(State<Int>) + @Int.0)   -- line 6
    (if
      (i32.eqz
        (i64.eq (global.get $state<Int>) (i64.add (local.get $old_int_0) (local.get $int_0))))
      (then (call $vera.fail (i32.const 8)) unreachable)))

  ;; fn inner(@Unit -> @Int)   -- state_contracts.vera:14-26
  (func $inner (result i64)
    (local $outer_state_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 100))
      (call $bump.2 (i64.const 11))
      (global.get $state<Int>)
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0))))

  ;; fn main(@Unit -> @Int)   -- state_contracts.vera:28-41
  (func $main (export "main") (result i64)
    (local $outer_state_0 i64)
    (local $int_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 1000))
      (local.set $int_0 (call $inner))
      (call $bump.2 (i64.const 1))
      (i64.add (global.get $state<Int>) (local.get $int_0))
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0))))
)
