;; ---- SOURCE tests/programs/string_args.vera
;; -- String arguments on the command line are allocated in the program's heap.
;; -- fn: shout
;; -- args: hey 3 !
;; -- expect: hey3!
;; public fn shout(@String, @Int, @String -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat(string_concat(@String.1, int_to_string(@Int.0)), @String.0)
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
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 8))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn shout(@String, @Int, @String -> @String)   -- string_args.vera:5-11
  (func $shout (export "shout") (param $string_0 i32) (param $int_0 i64) (param $string_1 i32) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (call $gc_push (local.get $string_1))
    (call $string_concat
      (call $gc_keep
        (call $string_concat
          (local.get $string_0)
          (call $gc_keep (call $int_to_string (local.get $int_0)))))
      (local.get $string_1))
    (global.set $gc_sp (local.get $frame_0)))
)
