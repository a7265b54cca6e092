;; ---- SOURCE tests/programs/unit_operands.vera
;; -- Unit values are all equal, but an operand of Unit type still runs: the
;; -- prints inside `==` and `!=` happen, left to right (found by the program
;; -- generator, seed 1000030: the compiled program printed nothing for
;; -- `IO.print(...) == IO.print(...)`). Every other place a Unit value can
;; -- stand (tuple, array, constructor field, argument, let, scrutinee) prints too.
;; -- Expected by hand: the letters a to o in order, a newline, then 2 + 3.
;; -- expect: abcdefghijklmno\n5
;; private data Box {
;;   Box(Unit, Int)
;; }
;; 
;; private fn take(@Unit, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.0
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Bool = IO.print("a") == IO.print("b");
;;   let @Bool = IO.print("c") != IO.print("d");
;;   let @Tuple<Unit, Unit> = Tuple(IO.print("e"), IO.print("f"));
;;   let @Array<Unit> = [IO.print("g"), IO.print("h")];
;;   let @Box = Box(IO.print("i"), 1);
;;   let @Int = take(IO.print("j"), 2);
;;   let @Unit = IO.print("k");
;;   let @Int = match IO.print("l") { _ -> 3 };
;;   let @Array<Unit> = [IO.print("m")];
;;   let @Unit = @Array<Unit>.0[0];
;;   let @Bool = [IO.print("n")] == [IO.print("o")];
;;   IO.print("\n");
;;   @Int.0 + @Int.1
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00a\00\00\00"  ;; 8 = "a"
    "\01\00\00\00b\00\00\00"  ;; 16 = "b"
    "\01\00\00\00c\00\00\00"  ;; 24 = "c"
    "\01\00\00\00d\00\00\00"  ;; 32 = "d"
    "\01\00\00\00e\00\00\00"  ;; 40 = "e"
    "\01\00\00\00f\00\00\00"  ;; 48 = "f"
    "\01\00\00\00g\00\00\00"  ;; 56 = "g"
    "\01\00\00\00h\00\00\00"  ;; 64 = "h"
    "\01\00\00\00i\00\00\00"  ;; 72 = "i"
    "\01\00\00\00j\00\00\00"  ;; 80 = "j"
    "\01\00\00\00k\00\00\00"  ;; 88 = "k"
    "\01\00\00\00l\00\00\00"  ;; 96 = "l"
    "\01\00\00\00m\00\00\00"  ;; 104 = "m"
    "\04\00\00\00main"  ;; 112 = "main"
    "\01\00\00\00n\00\00\00"  ;; 120 = "n"
    "\01\00\00\00o\00\00\00"  ;; 128 = "o"
    "\01\00\00\00\0a"  ;; 136 = "\n"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 144))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn take(@Unit, @Int -> @Int)   -- unit_operands.vera:12-18
  (func $take (param $int_0 i64) (result i64)
    (local.get $int_0))

  ;; fn main(@Unit -> @Int)   -- unit_operands.vera:20-38
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $bool_0 i32)
    (local $bool_1 i32)
    (local $tuple_0 i32)
    (local $tuple_unit_unit_0 i32)
    (local $array_0 i32)
    (local $array_unit_0 i32)
    (local $box_0 i32)
    (local $box_1 i32)
    (local $int_0 i64)
    (local $scrutinee_0 i32)
    (local $int_1 i64)
    (local $array_1 i32)
    (local $array_unit_1 i32)
    (local $array_2 i32)
    (local $index_0 i64)
    (local $array_3 i32)
    (local $array_4 i32)
    (local $bool_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $bool_0
      (block (result i32)
        (call $vera.print (i32.const 8))
        (call $vera.print (i32.const 16))
        (i32.const 1)))
    (local.set $bool_1
      (block (result i32)
        (call $vera.print (i32.const 24))
        (call $vera.print (i32.const 32))
        (i32.const 0)))
    (local.set $tuple_unit_unit_0
      (block (result i32)
        (local.set $tuple_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (call $vera.print (i32.const 40))
        (call $vera.print (i32.const 48))
        (local.get $tuple_0)))
    (local.set $array_unit_0
      (block (result i32)
        (local.set $array_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (i32.store offset=0 (local.get $array_0) (i32.const 2))
        (call $vera.print (i32.const 56))
        (call $vera.print (i32.const 64))
        (local.get $array_0)))
    (local.set $box_1
      (block (result i32)
        ;; Box: 16 bytes, no pointers
        (local.set $box_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 1))))
        (i32.store offset=0 (local.get $box_0) (i32.const 0))
        (call $vera.print (i32.const 72))
        (i64.store offset=8 (local.get $box_0) (i64.const 1))
        (local.get $box_0)))
    (local.set $int_0 (call $take (call $vera.print (i32.const 80)) (i64.const 2)))
    (call $vera.print (i32.const 88))
    (local.set $int_1
      (block (result i64)
        (call $vera.print (i32.const 96))
        ;; _   -- line 32
        (i64.const 3)))
    (local.set $array_unit_1
      (block (result i32)
        (local.set $array_1 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (i32.store offset=0 (local.get $array_1) (i32.const 1))
        (call $vera.print (i32.const 104))
        (local.get $array_1)))
    (local.set $array_2 (local.get $array_unit_1))
    (local.set $index_0 (i64.const 0))
    (if
      (i64.ge_u (local.get $index_0) (i64.extend_i32_u (i32.load offset=0 (local.get $array_2))))
      (then
        (call $vera.bounds
          (i32.const 112)
          (local.get $index_0)
          (i32.load offset=0 (local.get $array_2)))
        unreachable))
    (local.set $bool_2
      (call $eq<Array<Unit>>
        (block (result i32)
          (local.set $array_3 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
          (i32.store offset=0 (local.get $array_3) (i32.const 1))
          (call $vera.print (i32.const 120))
          (local.get $array_3))
        (block (result i32)
          (local.set $array_4 (call $alloc (i32.const 8) (i32.const 1)))
          (i32.store offset=0 (local.get $array_4) (i32.const 1))
          (call $vera.print (i32.const 128))
          (local.get $array_4))))
    (call $vera.print (i32.const 136))
    (i64.add (local.get $int_1) (local.get $int_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; structural equality of Array<Unit>
  (func $eq<Array<Unit>> (param $a i32) (param $b i32) (result i32)
    (local $i i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load offset=0 (local.get $a))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
)
