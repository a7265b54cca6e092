;; ---- SOURCE tests/programs/state_string.vera
;; -- State<String>: a heap value in a state cell is a GC root.
;; -- expect: hi!!
;; private fn greet(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<State<String>>)
;; {
;;   put(string_concat(get(()), "!"));
;;   ()
;; }
;; 
;; public fn main(@Unit -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<String>](@String = "hi") {
;;     get(@Unit) -> { resume(@String.0) },
;;     put(@String) -> { resume(()) }
;;   } in {
;;     greet(());
;;     greet(());
;;     get(())
;;   }
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
    "\01\00\00\00!\00\00\00"  ;; 8 = "!"
    "\02\00\00\00hi\00\00"  ;; 16 = "hi"
    "\00\00\00\00"  ;; 24 = ""
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 32))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<String> (mut i32) (i32.const 24))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $state<String>)))

  ;; ---- The program ----

  ;; fn greet(@Unit -> @Unit)   -- state_string.vera:3-10
  (func $greet
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (global.set $state<String>
      (call $string_concat (call $gc_keep (global.get $state<String>)) (i32.const 8)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @String)   -- state_string.vera:12-25
  (func $main (export "main") (result i32)
    (local $frame_0 i32)
    (local $outer_state_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; handle[State<String>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<String>))
      (call $gc_push (local.get $outer_state_0))
      (global.set $state<String> (i32.const 16))
      (call $greet)
      (call $greet)
      (global.get $state<String>)
      ;; the body ended: the outer state again
      (global.set $state<String> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
