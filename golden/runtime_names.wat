;; ---- SOURCE tests/programs/runtime_names.vera
;; -- Functions may be named like the runtime's own WAT functions (and a module may
;; -- replace a built-in, here `strip`): each keeps its own name, and the runtime's
;; -- are untouched.
;; -- expect: <mark 1, sweep 2, alloc 3, scan 4>
;; private fn strip(@String -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat("<", string_concat(@String.0, ">"))
;; }
;; 
;; private fn mark(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat("mark ", int_to_string(@Int.0))
;; }
;; 
;; private fn sweep(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat("sweep ", int_to_string(@Int.0))
;; }
;; 
;; private fn alloc(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat("alloc ", int_to_string(@Int.0))
;; }
;; 
;; private fn scan(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat("scan ", int_to_string(@Int.0))
;; }
;; 
;; private fn gc_push(@String, @String -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat(@String.1, string_concat(", ", @String.0))
;; }
;; 
;; public fn main(@Unit -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   strip(gc_push(gc_push(gc_push(mark(1), sweep(2)), alloc(3)), scan(4)))
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
    "\01\00\00\00<\00\00\00"  ;; 8 = "<"
    "\01\00\00\00>\00\00\00"  ;; 16 = ">"
    "\05\00\00\00mark \00\00\00"  ;; 24 = "mark "
    "\06\00\00\00sweep \00\00"  ;; 36 = "sweep "
    "\06\00\00\00alloc \00\00"  ;; 48 = "alloc "
    "\05\00\00\00scan \00\00\00"  ;; 60 = "scan "
    "\02\00\00\00, "  ;; 72 = ", "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 80))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn strip(@String -> @String)   -- runtime_names.vera:5-11
  (func $strip.2 (param $string_0 i32) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (call $string_concat
      (i32.const 8)
      (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 16))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn mark(@Int -> @String)   -- runtime_names.vera:13-19
  (func $mark.2 (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat (i32.const 24) (call $gc_keep (call $int_to_string (local.get $int_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn sweep(@Int -> @String)   -- runtime_names.vera:21-27
  (func $sweep.2 (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat (i32.const 36) (call $gc_keep (call $int_to_string (local.get $int_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn alloc(@Int -> @String)   -- runtime_names.vera:29-35
  (func $alloc.2 (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat (i32.const 48) (call $gc_keep (call $int_to_string (local.get $int_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn scan(@Int -> @String)   -- runtime_names.vera:37-43
  (func $scan.2 (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat (i32.const 60) (call $gc_keep (call $int_to_string (local.get $int_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn gc_push(@String, @String -> @String)   -- runtime_names.vera:45-51
  (func $gc_push.2 (param $string_0 i32) (param $string_1 i32) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (call $gc_push (local.get $string_1))
    (call $string_concat
      (local.get $string_0)
      (call $gc_keep (call $string_concat (i32.const 72) (local.get $string_1))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @String)   -- runtime_names.vera:53-59
  (func $main (export "main") (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (return_call $strip.2
      (call $gc_push.2
        (call $gc_keep
          (call $gc_push.2
            (call $gc_keep
              (call $gc_push.2
                (call $gc_keep (call $mark.2 (i64.const 1)))
                (call $sweep.2 (i64.const 2))))
            (call $alloc.2 (i64.const 3))))
        (call $scan.2 (i64.const 4)))
      (global.set $gc_sp (local.get $frame_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
