;; ---- SOURCE examples/state_counter.vera
;; -- State<Int>: one handler threads an Int cell through add_squares, a recursive
;; -- helper that only declares effects(<State<Int>>); main itself stays pure.
;; -- Start at 5, add 4*4 + 3*3 + 2*2 + 1*1 = 30 to get 35, then double it: 70.
;; -- expect: 70
;; 
;; -- Add @Int.1 (the parameter) to the cell; @Int.0 is the value just read.
;; private fn bump(@Int -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<State<Int>>)
;; {
;;   let @Int = get(());
;;   put(@Int.0 + @Int.1)
;; }
;; 
;; private fn add_squares(@Nat -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(<State<Int>>)
;; {
;;   if @Nat.0 == 0 then {
;;     ()
;;   } else {
;;     bump(@Nat.0 * @Nat.0);
;;     add_squares(@Nat.0 - 1)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Int>](@Int = 5) {
;;     get(@Unit) -> { resume(@Int.0) },
;;     put(@Int) -> { resume(()) } with @Int = @Int.0
;;   } in {
;;     add_squares(4);
;;     put(get(()) * 2);
;;     get(())
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "state_get_Int" (func $vera.state_get_Int (result i64)))
  (import "vera" "state_put_Int" (func $vera.state_put_Int (param i64)))

  ;; ---- The program ----

  ;; fn bump(@Int -> @Unit)   -- state_counter.vera:7
  (func $bump (param $int_0 i64)
    (local $int_1 i64)
    (local.set $int_1 (call $vera.state_get_Int))
    (call $vera.state_put_Int (i64.add (local.get $int_1) (local.get $int_0))))

  ;; fn add_squares(@Nat -> @Unit)   -- state_counter.vera:16
  (func $add_squares (param $nat_0 i64)
    (if
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then)
      (else
        (call $bump (i64.mul (local.get $nat_0) (local.get $nat_0)))
        (return_call $add_squares (i64.sub (local.get $nat_0) (i64.const 1))))))

  ;; fn main(@Unit -> @Int)   -- state_counter.vera:30
  (func $main (export "main") (result i64)
    (local $outer_state_0 i64)
    (local $handled_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (call $vera.state_get_Int))
      (call $vera.state_put_Int (i64.const 5))
      (local.set $handled_0
        (block (result i64)
          (call $add_squares (i64.const 4))
          (call $vera.state_put_Int (i64.mul (call $vera.state_get_Int) (i64.const 2)))
          (call $vera.state_get_Int)))
      (call $vera.state_put_Int (local.get $outer_state_0))
      (local.get $handled_0)))
)
