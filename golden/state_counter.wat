;; ---- SOURCE examples/state_counter.vera
;; -- State<Int>: one handler threads an Int cell through add_squares, a recursive
;; -- helper that only declares effects(<State<Int>>); main itself stays pure.
;; -- Start at 5, add 4*4 + 3*3 + 2*2 + 1*1 = 30 to get 35, then double it: 70.
;; -- expect: 70
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
  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))

  ;; ---- The program ----

  ;; fn bump(@Int -> @Unit)   -- state_counter.vera:6-13
  (func $bump.2 (param $int_0 i64)
    (local $int_1 i64)
    (local.set $int_1 (global.get $state<Int>))
    (global.set $state<Int> (i64.add (local.get $int_1) (local.get $int_0))))

  ;; fn add_squares(@Nat -> @Unit)   -- state_counter.vera:15-27
  (func $add_squares (param $nat_0 i64)
    (if
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then)
      (else
        (call $bump.2 (i64.mul (local.get $nat_0) (local.get $nat_0)))
        (return_call $add_squares (i64.sub (local.get $nat_0) (i64.const 1))))))

  ;; fn main(@Unit -> @Int)   -- state_counter.vera:29-42
  (func $main (export "main") (result i64)
    (local $outer_state_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 5))
      (call $add_squares (i64.const 4))
      (global.set $state<Int> (i64.mul (global.get $state<Int>) (i64.const 2)))
      (global.get $state<Int>)
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0))))
)
