;; ---- SOURCE tests/programs/old_state_rooted.vera
;; -- The value of old(State<T>) taken for an ensures is a root: the body replaces
;; -- the state and allocates (collecting under --gc-stress), and the
;; -- postcondition still reads the old string intact.
;; -- expect: first|first second
;; private fn extend(@String -> @Unit)
;;   requires(true)
;;   ensures(string_length(new(State<String>)) == string_length(old(State<String>)) + 1 + string_length(@String.0))
;;   effects(<State<String>>)
;; {
;;   let @String = string_concat(get(()), " ");
;;   put(string_concat(@String.0, @String.1))
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   handle[State<String>](@String = string_concat("fir", "st")) {
;;     get(@Unit) -> { resume(@String.0) },
;;     put(@String) -> { resume(()) } with @String = @String.0
;;   } in {
;;     IO.print(get(()));
;;     extend(string_concat("sec", "ond"));
;;     IO.print("|");
;;     IO.print(get(()))
;;   }
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
    "\01\00\00\00 \00\00\00"  ;; 8 = " "
    "\aa\00\00\00Postcondition violation in extend(@String -> @Unit): ensures(string_length(new(State<String>)) == string_length(old(State<String>)) + 1 + string_length(@String.0)) failed\00\00"  ;; 16 = "Postcondition violation in extend(@Strin"
    "\03\00\00\00fir\00"  ;; 192 = "fir"
    "\02\00\00\00st\00\00"  ;; 200 = "st"
    "\03\00\00\00sec\00"  ;; 208 = "sec"
    "\03\00\00\00ond\00"  ;; 216 = "ond"
    "\01\00\00\00|\00\00\00"  ;; 224 = "|"
    "\00\00\00\00"  ;; 232 = ""
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 240))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<String> (mut i32) (i32.const 232))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $state<String>)))

  ;; ---- The program ----

  ;; fn extend(@String -> @Unit)   -- old_state_rooted.vera:5-12
  (func $extend (param $string_0 i32)
    (local $frame_0 i32)
    (local $old_string_0 i32)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (local.set $old_string_0 (global.get $state<String>))
    (call $gc_push (local.get $old_string_0))
    (local.set $string_1
      (call $gc_keep
        (call $string_concat (call $gc_keep (global.get $state<String>)) (i32.const 8))))
    (global.set $state<String> (call $string_concat (local.get $string_1) (local.get $string_0)))
    ;; ensures(string_length(new(State<String>)) == string_length(old(State<String>)) + 1 + string_length(@String.0))   -- line 7
    (if
      (i32.eqz
        (i64.eq
          (i64.extend_i32_u (i32.load offset=0 (global.get $state<String>)))
          (i64.add
            (i64.add (i64.extend_i32_u (i32.load offset=0 (local.get $old_string_0))) (i64.const 1))
            (i64.extend_i32_u (i32.load offset=0 (local.get $string_0))))))
      (then (call $vera.fail (i32.const 16)) unreachable))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- old_state_rooted.vera:14-28
  (func $main (export "main")
    (local $frame_0 i32)
    (local $outer_state_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block
      ;; handle[State<String>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<String>))
      (call $gc_push (local.get $outer_state_0))
      (global.set $state<String> (call $string_concat (i32.const 192) (i32.const 200)))
      (call $vera.print (global.get $state<String>))
      (call $extend (call $string_concat (i32.const 208) (i32.const 216)))
      (call $vera.print (i32.const 224))
      (call $vera.print (global.get $state<String>))
      ;; the body ended: the outer state again
      (global.set $state<String> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
