;; ---- SOURCE tests/programs/state_contracts.vera
;; -- State<Int>: operations in another function, old()/new() in ensures,
;; -- and a handler that restores the outer state when it ends.
;; -- expect: 1112
;; 
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
  (import "vera" "state_get_Int" (func $vera.state_get_Int (result i64)))
  (import "vera" "state_put_Int" (func $vera.state_put_Int (param i64)))

  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes)
  ;; and the words holding the tags of nullary constructors.
  (data (i32.const 8)
    "k\00\00\00Postcondition violation in bump(@Int -> @Unit): ensures(new(State<Int>) == old(State<Int>) + @Int.0) failed"  ;; 8 = "Postcondition violation in bump(@Int -> "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 120))

  ;; ---- The program ----

  ;; fn bump(@Int -> @Unit)   -- state_contracts.vera:5
  (func $bump (param $int_0 i64)
    (local $old_int_0 i64)
    (local $int_1 i64)
    (local.set $old_int_0 (call $vera.state_get_Int))
    (local.set $int_1 (call $vera.state_get_Int))
    (call $vera.state_put_Int (i64.add (local.get $int_1) (local.get $int_0)))
    ;; ensures(new(State<Int>) == old(State<Int>) + @Int.0)
    (if
      (i32.eqz
        (i64.eq (call $vera.state_get_Int) (i64.add (local.get $old_int_0) (local.get $int_0))))
      (then (call $vera.fail (i32.const 8)) unreachable)))

  ;; fn inner(@Unit -> @Int)   -- state_contracts.vera:15
  (func $inner (result i64)
    (local $outer_state_0 i64)
    (local $handled_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (call $vera.state_get_Int))
      (call $vera.state_put_Int (i64.const 100))
      (local.set $handled_0
        (block (result i64) (call $bump (i64.const 11)) (call $vera.state_get_Int)))
      (call $vera.state_put_Int (local.get $outer_state_0))
      (local.get $handled_0)))

  ;; fn main(@Unit -> @Int)   -- state_contracts.vera:29
  (func $main (export "main") (result i64)
    (local $outer_state_0 i64)
    (local $int_0 i64)
    (local $handled_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (call $vera.state_get_Int))
      (call $vera.state_put_Int (i64.const 1000))
      (local.set $handled_0
        (block (result i64)
          (local.set $int_0 (call $inner))
          (call $bump (i64.const 1))
          (i64.add (call $vera.state_get_Int) (local.get $int_0))))
      (call $vera.state_put_Int (local.get $outer_state_0))
      (local.get $handled_0)))
)
