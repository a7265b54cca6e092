;; ---- SOURCE tests/programs/cut_characters.vera
;; -- Strings are bytes (spec 8.2): a slice can cut a two-byte character in two,
;; -- and IO.print writes the bytes as they are, so printing the two halves one
;; -- after the other shows the whole character (found by the program generator,
;; -- seed 1002489: the compiled program's host decoded each print on its own and
;; -- printed two replacement characters). "é" is the bytes 195 169.
;; -- Expected by hand: "é" printed in two halves, then its length 2 as a result.
;; -- expect: é\n2
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @String = "é";
;;   IO.print(string_slice(@String.0, 0, 1));
;;   IO.print(string_slice(@String.0, 1, 2));
;;   IO.print("\n");
;;   string_length(@String.0)
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
    "\02\00\00\00\c3\a9\00\00"  ;; 8 = "\u{e9}"
    "\04\00\00\00main"  ;; 16 = "main"
    "\01\00\00\00\0a"  ;; 24 = "\n"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 32))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Int)   -- cut_characters.vera:8-18
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_0 (i32.const 8))
    (call $vera.print
      (call $string_slice (local.get $string_0) (i64.const 0) (i64.const 1) (i32.const 16)))
    (call $vera.print
      (call $string_slice (local.get $string_0) (i64.const 1) (i64.const 2) (i32.const 16)))
    (call $vera.print (i32.const 24))
    (i64.extend_i32_u (i32.load offset=0 (local.get $string_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
