;; ---- SOURCE tests/programs/index_out_of_bounds.vera
;; -- Indexing past the end of an array stops the program.
;; -- fn: pick
;; -- args: 3
;; -- exit: 1
;; -- stderr: Index out of bounds in pick: index 3 is not below the length 3
;; public fn pick(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Array<Int> = [10, 20, 30];
;;   @Array<Int>.0[@Int.0]
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\04\00\00\00pick"  ;; 8 = "pick"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 16))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn pick(@Int -> @Int)   -- index_out_of_bounds.vera:6-13
  (func $pick (export "pick") (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $array_0 i32)
    (local $array_int_0 i32)
    (local $array_1 i32)
    (local $index_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $array_int_0
      (block (result i32)
        (local.set $array_0 (call $gc_keep (call $alloc (i32.const 32) (i32.const 1))))
        (i32.store offset=0 (local.get $array_0) (i32.const 3))
        (i64.store offset=8 (local.get $array_0) (i64.const 10))
        (i64.store offset=16 (local.get $array_0) (i64.const 20))
        (i64.store offset=24 (local.get $array_0) (i64.const 30))
        (local.get $array_0)))
    (local.set $array_1 (local.get $array_int_0))
    (local.set $index_0 (local.get $int_0))
    (if
      (i64.ge_u (local.get $index_0) (i64.extend_i32_u (i32.load offset=0 (local.get $array_1))))
      (then
        (call $vera.bounds
          (i32.const 8)
          (local.get $index_0)
          (i32.load offset=0 (local.get $array_1)))
        unreachable))
    (i64.load offset=8
      (i32.add (local.get $array_1) (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 8))))
    (global.set $gc_sp (local.get $frame_0)))
)
