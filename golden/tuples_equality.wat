;; ---- SOURCE tests/programs/tuples_equality.vera
;; -- Tuples built and destructured, and structural equality of heap values.
;; -- expect: 7 true false true
;; private data Shape {
;;   Dot,
;;   Box(Int, Int)
;; }
;; 
;; private fn pair(@Int, @String -> @Tuple<Int, String>)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   Tuple(@Int.0 + 1, @String.0)
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let Tuple<@Int, @String> = pair(6, "x");
;;   IO.print(int_to_string(@Int.0));
;;   IO.print(" ");
;;   IO.print(bool_to_string(Box(1, 2) == Box(1, 2)));
;;   IO.print(" ");
;;   IO.print(bool_to_string(Box(1, 2) == Dot));
;;   IO.print(" ");
;;   IO.print(bool_to_string([1, 2, 3] == [1, 2, 3] && Tuple(1, "a") == Tuple(1, "a")))
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
    "\01\00\00\00x\00\00\00"  ;; 8 = "x"
    "\01\00\00\00 \00\00\00"  ;; 16 = " "
    "\00\00\00\00\01\00\00\00"  ;; 24 = the tags 0..1
    "\01\00\00\00a"  ;; 32 = "a"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 40))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn pair(@Int, @String -> @Tuple<Int, String>)   -- tuples_equality.vera:8-14
  (func $pair (param $int_0 i64) (param $string_0 i32) (result i32)
    (local $frame_0 i32)
    (local $tuple_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (block (result i32)
      (local.set $tuple_0 (call $alloc (i32.const 16) (i32.const 0)))
      (i64.store offset=0 (local.get $tuple_0) (i64.add (local.get $int_0) (i64.const 1)))
      (i32.store offset=8 (local.get $tuple_0) (local.get $string_0))
      (local.get $tuple_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- tuples_equality.vera:16-29
  (func $main (export "main")
    (local $frame_0 i32)
    (local $tuple_0 i32)
    (local $int_0 i64)
    (local $string_0 i32)
    (local $box_0 i32)
    (local $box_1 i32)
    (local $box_2 i32)
    (local $array_0 i32)
    (local $array_1 i32)
    (local $tuple_1 i32)
    (local $tuple_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $tuple_0 (call $gc_keep (call $pair (i64.const 6) (i32.const 8))))
    (local.set $int_0 (i64.load offset=0 (local.get $tuple_0)))
    (local.set $string_0 (i32.load offset=8 (local.get $tuple_0)))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (call $vera.print (i32.const 16))
    (call $vera.print
      (call $bool_to_string
        (call $eq<Shape>
          (block (result i32)
            ;; Box: 24 bytes, no pointers
            (local.set $box_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 1))))
            (i32.store offset=0 (local.get $box_0) (i32.const 1))
            (i64.store offset=8 (local.get $box_0) (i64.const 1))
            (i64.store offset=16 (local.get $box_0) (i64.const 2))
            (local.get $box_0))
          (block (result i32)
            ;; Box: 24 bytes, no pointers
            (local.set $box_1 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $box_1) (i32.const 1))
            (i64.store offset=8 (local.get $box_1) (i64.const 1))
            (i64.store offset=16 (local.get $box_1) (i64.const 2))
            (local.get $box_1)))))
    (call $vera.print (i32.const 16))
    (call $vera.print
      (call $bool_to_string
        (call $eq<Shape>
          (block (result i32)
            ;; Box: 24 bytes, no pointers
            (local.set $box_2 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $box_2) (i32.const 1))
            (i64.store offset=8 (local.get $box_2) (i64.const 1))
            (i64.store offset=16 (local.get $box_2) (i64.const 2))
            (local.get $box_2))
          (i32.const 24 (; Dot ;)))))
    (call $vera.print (i32.const 16))
    (call $vera.print
      (call $bool_to_string
        (if (result i32)
          (call $eq<Array<Int>>
            (block (result i32)
              (local.set $array_0 (call $gc_keep (call $alloc (i32.const 32) (i32.const 1))))
              (i32.store offset=0 (local.get $array_0) (i32.const 3))
              (i64.store offset=8 (local.get $array_0) (i64.const 1))
              (i64.store offset=16 (local.get $array_0) (i64.const 2))
              (i64.store offset=24 (local.get $array_0) (i64.const 3))
              (local.get $array_0))
            (block (result i32)
              (local.set $array_1 (call $alloc (i32.const 32) (i32.const 1)))
              (i32.store offset=0 (local.get $array_1) (i32.const 3))
              (i64.store offset=8 (local.get $array_1) (i64.const 1))
              (i64.store offset=16 (local.get $array_1) (i64.const 2))
              (i64.store offset=24 (local.get $array_1) (i64.const 3))
              (local.get $array_1)))
          (then
            (call $eq<Tuple<Int|String>>
              (block (result i32)
                (local.set $tuple_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
                (i64.store offset=0 (local.get $tuple_1) (i64.const 1))
                (i32.store offset=8 (local.get $tuple_1) (i32.const 32))
                (local.get $tuple_1))
              (block (result i32)
                (local.set $tuple_2 (call $alloc (i32.const 16) (i32.const 0)))
                (i64.store offset=0 (local.get $tuple_2) (i64.const 1))
                (i32.store offset=8 (local.get $tuple_2) (i32.const 32))
                (local.get $tuple_2))))
          (else (i32.const 0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; structural equality of Shape
  (func $eq<Shape> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; Box: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 1))
      (then
        (return
          (if (result i32)
            (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (then
              (if (result i32)
                (i64.eq (i64.load offset=16 (local.get $a)) (i64.load offset=16 (local.get $b)))
                (then (i32.const 1))
                (else (i32.const 0))))
            (else (i32.const 0))))))
    (i32.const 1))

  ;; structural equality of Array<Int>
  (func $eq<Array<Int>> (param $a i32) (param $b i32) (result i32)
    (local $i i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load offset=0 (local.get $a))))
        (if
          (i32.eqz
            (i64.eq
              (i64.load offset=8 (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const 8))))
              (i64.load offset=8 (i32.add (local.get $b) (i32.mul (local.get $i) (i32.const 8))))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; structural equality of Tuple<Int|String>
  (func $eq<Tuple<Int|String>> (param $a i32) (param $b i32) (result i32)
    (if (result i32)
      (i64.eq (i64.load offset=0 (local.get $a)) (i64.load offset=0 (local.get $b)))
      (then
        (if (result i32)
          (call $string_eq (i32.load offset=8 (local.get $a)) (i32.load offset=8 (local.get $b)))
          (then (i32.const 1))
          (else (i32.const 0))))
      (else (i32.const 0))))
)
