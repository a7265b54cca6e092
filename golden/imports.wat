;; ---- SOURCE tests/programs/imports.vera
;; -- Modules are flattened into one WASM module with names that cannot collide:
;; -- the importer's own `helper` and the module's private `helper` both exist.
;; -- expect: area 26|9|7
;; import geo.shapes(Shape, area, describe);
;; 
;; private fn helper(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.0 + 1
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Shape<Int> = Rect(2, 13);
;;   IO.print(describe(area(@Shape<Int>.0)));
;;   IO.print("|");
;;   IO.print(int_to_string(geo.shapes::area(Square(3))));
;;   IO.print("|");
;;   IO.print(int_to_string(helper(6)))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00|\00\00\00"  ;; 8 = "|"
    "\05\00\00\00area \00\00\00"  ;; 16 = "area "
    "V\00\00\00Postcondition violation in area(@Shape<Int> -> @Int): ensures(@Int.result >= 0) failed"  ;; 28 = "Postcondition violation in area(@Shape<I"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 120))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn helper(@Int -> @Int)   -- imports.vera:6-12
  (func $helper (param $int_0 i64) (result i64)
    (i64.add (local.get $int_0) (i64.const 1)))

  ;; fn main(@Unit -> @Unit)   -- imports.vera:14-25
  (func $main (export "main")
    (local $frame_0 i32)
    (local $rect_0 i32)
    (local $shape_int_0 i32)
    (local $square_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $shape_int_0
      (block (result i32)
        ;; Rect: 24 bytes, no pointers
        (local.set $rect_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 1))))
        (i32.store offset=0 (local.get $rect_0) (i32.const 1))
        (i64.store offset=8 (local.get $rect_0) (i64.const 2))
        (i64.store offset=16 (local.get $rect_0) (i64.const 13))
        (local.get $rect_0)))
    (call $vera.print (call $geo.shapes.describe (call $geo.shapes.area (local.get $shape_int_0))))
    (call $vera.print (i32.const 8))
    (call $vera.print
      (call $int_to_string
        (call $geo.shapes.area
          (block (result i32)
            ;; Square: 16 bytes, no pointers
            (local.set $square_0 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $square_0) (i32.const 0))
            (i64.store offset=8 (local.get $square_0) (i64.const 3))
            (local.get $square_0)))))
    (call $vera.print (i32.const 8))
    (call $vera.print (call $int_to_string (call $helper (i64.const 6))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn describe(@Int -> @String)   -- shapes.vera:21-27
  (func $geo.shapes.describe (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat (i32.const 16) (call $gc_keep (call $int_to_string (local.get $int_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn area(@Shape<Int> -> @Int)   -- shapes.vera:10-19
  (func $geo.shapes.area (param $shape_int_0 i32) (result i64)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $int_2 i64)
    (local $result_0 i64)
    (local.set $result_0
      (if (result i64)
        (i32.eq (i32.load offset=0 (local.get $shape_int_0)) (i32.const 0))
        (then
          ;; Square(@Int)   -- line 16
          (local.set $int_0 (i64.load offset=8 (local.get $shape_int_0)))
          (call $geo.shapes.helper (i64.mul (local.get $int_0) (local.get $int_0))))
        (else
          ;; Rect(@Int, @Int)   -- line 17
          (local.set $int_1 (i64.load offset=8 (local.get $shape_int_0)))
          (local.set $int_2 (i64.load offset=16 (local.get $shape_int_0)))
          (call $geo.shapes.helper (i64.mul (local.get $int_2) (local.get $int_1))))))
    ;; ensures(@Int.result >= 0)   -- line 12
    (if
      (i32.eqz (i64.ge_s (local.get $result_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 28)) unreachable))
    (local.get $result_0))

  ;; fn helper(@Int -> @Int)   -- shapes.vera:29-39
  (func $geo.shapes.helper (param $int_0 i64) (result i64)
    (if (result i64)
      (i64.lt_s (local.get $int_0) (i64.const 0))
      (then (i64.sub (i64.const 0) (local.get $int_0)))
      (else (local.get $int_0))))
)
