;; ---- SOURCE tests/programs/let_constructor.vera
;; -- A let takes apart a value of a data type with one constructor, as it does a
;; -- tuple (spec 4.7.1; upstream's test_let_destruct_user_adt): the fields are
;; -- bound in order, so the last is @T.0. Generic types too.
;; -- By hand: Pair(7, 8) gives @Int.1 = 7, @Int.0 = 8, so 7 * 10 + 8 = 78;
;; -- Labelled("n", Box(5)) gives "n" and Box(5), whose field is 5; 78 + 5 = 83,
;; -- and the label's length 1: 84.
;; -- expect: 84
;; private data Pair {
;;   Pair(Int, Int)
;; }
;; 
;; private data Box<T> {
;;   Box(T)
;; }
;; 
;; private data Labelled<T> {
;;   Labelled(String, Box<T>)
;; }
;; 
;; private fn digits(@Pair -> @Int)
;;   requires(true)
;;   ensures(@Int.result == @Int.result)
;;   effects(pure)
;; {
;;   let Pair<@Int, @Int> = @Pair.0;
;;   @Int.1 * 10 + @Int.0
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Int = digits(Pair(7, 8));
;;   let Labelled<@String, @Box<Int>> = Labelled("n", Box(5));
;;   let Box<@Int> = @Box<Int>.0;
;;   @Int.1 + @Int.0 + string_length(@String.0)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\5c\00\00\00Postcondition violation in digits(@Pair -> @Int): ensures(@Int.result == @Int.result) failed"  ;; 8 = "Postcondition violation in digits(@Pair "
    "\01\00\00\00n"  ;; 104 = "n"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 112))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn digits(@Pair -> @Int)   -- let_constructor.vera:20-27
  (func $digits (param $pair_0 i32) (result i64)
    (local $tuple_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $result_0 i64)
    (local.set $result_0
      (block (result i64)
        (local.set $tuple_0 (local.get $pair_0))
        (local.set $int_0 (i64.load offset=8 (local.get $tuple_0)))
        (local.set $int_1 (i64.load offset=16 (local.get $tuple_0)))
        (i64.add (i64.mul (local.get $int_0) (i64.const 10)) (local.get $int_1))))
    ;; ensures(@Int.result == @Int.result)   -- line 22
    (if
      (i32.eqz (i64.eq (local.get $result_0) (local.get $result_0)))
      (then (call $vera.fail (i32.const 8)) unreachable))
    (local.get $result_0))

  ;; fn main(@Unit -> @Int)   -- let_constructor.vera:29-38
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $pair_0 i32)
    (local $int_0 i64)
    (local $tuple_0 i32)
    (local $labelled_0 i32)
    (local $box_0 i32)
    (local $string_0 i32)
    (local $box_int_0 i32)
    (local $tuple_1 i32)
    (local $int_1 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_0
      (call $digits
        (block (result i32)
          ;; Pair: 24 bytes, no pointers
          (local.set $pair_0 (call $alloc (i32.const 24) (i32.const 1)))
          (i32.store offset=0 (local.get $pair_0) (i32.const 0))
          (i64.store offset=8 (local.get $pair_0) (i64.const 7))
          (i64.store offset=16 (local.get $pair_0) (i64.const 8))
          (local.get $pair_0))))
    (local.set $tuple_0
      (block (result i32)
        ;; Labelled: 16 bytes
        (local.set $labelled_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $labelled_0) (i32.const 0))
        (i32.store offset=4 (local.get $labelled_0) (i32.const 104))
        (i32.store offset=8
          (local.get $labelled_0)
          (block (result i32)
            ;; Box: 16 bytes, no pointers
            (local.set $box_0 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $box_0) (i32.const 0))
            (i64.store offset=8 (local.get $box_0) (i64.const 5))
            (local.get $box_0)))
        (local.get $labelled_0)))
    (local.set $string_0 (i32.load offset=4 (local.get $tuple_0)))
    (local.set $box_int_0 (i32.load offset=8 (local.get $tuple_0)))
    (local.set $tuple_1 (local.get $box_int_0))
    (local.set $int_1 (i64.load offset=8 (local.get $tuple_1)))
    (i64.add
      (i64.add (local.get $int_0) (local.get $int_1))
      (i64.extend_i32_u (i32.load offset=0 (local.get $string_0))))
    (global.set $gc_sp (local.get $frame_0)))
)
