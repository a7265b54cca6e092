;; ---- SOURCE tests/programs/throw_restores_state.vera
;; -- A throw that leaves a handle[State<T>] puts the outer state back: after the
;; -- catch, get() sees the outer handler's value, not the abandoned inner one.
;; -- The state is a String, so the values are also heap roots.
;; -- expect: outer|outer!
;; private fn spoil(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<State<String>, Exn<Int>>)
;; {
;;   put(string_concat("spoiled", "!"));
;;   throw(1)
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   handle[State<String>](@String = string_concat("out", "er")) {
;;     get(@Unit) -> { resume(@String.0) },
;;     put(@String) -> { resume(()) } with @String = @String.0
;;   } in {
;;     let @Int = handle[Exn<Int>] {
;;       throw(@Int) -> { @Int.0 }
;;     } in {
;;       handle[State<String>](@String = "inner") {
;;         get(@Unit) -> { resume(@String.0) },
;;         put(@String) -> { resume(()) } with @String = @String.0
;;       } in {
;;         spoil(())
;;       }
;;     };
;;     -- The outer state is "outer"; build a new string from it, then read it again.
;;     let @String = string_concat(get(()), "!");
;;     IO.print(get(()));
;;     IO.print("|");
;;     IO.print(@String.0)
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\07\00\00\00spoiled\00"  ;; 8 = "spoiled"
    "\01\00\00\00!\00\00\00"  ;; 20 = "!"
    "\03\00\00\00out\00"  ;; 28 = "out"
    "\02\00\00\00er\00\00"  ;; 36 = "er"
    "\05\00\00\00inner\00\00\00"  ;; 44 = "inner"
    "\01\00\00\00|\00\00\00"  ;; 56 = "|"
    "\00\00\00\00"  ;; 64 = ""
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 72))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<String> (mut i32) (i32.const 64))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $state<String>)))

  ;; ---- The program ----

  ;; fn spoil(@Unit -> @Int)   -- throw_restores_state.vera:5-12
  (func $spoil (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (global.set $state<String> (call $string_concat (i32.const 8) (i32.const 20)))
    (throw $exn<Int> (i64.const 1))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- throw_restores_state.vera:14-39
  (func $main (export "main")
    (local $frame_0 i32)
    (local $outer_state_0 i32)
    (local $sp_0 i32)
    (local $outer_state_1 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block
      ;; handle[State<String>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<String>))
      (call $gc_push (local.get $outer_state_0))
      (global.set $state<String> (call $string_concat (i32.const 28) (i32.const 36)))
      (block $ok_1
        (block $unwinding_1 (result exnref)
          (try_table (catch_all_ref $unwinding_1)
            (local.set $int_1
              (block (result i64)
                (local.set $sp_0 (global.get $gc_sp))
                (block $handled_0 (result i64)
                  ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
                  (block $caught_0 (result i64)
                    (try_table (result i64) (catch $exn<Int> $caught_0)
                      (block (result i64)
                        ;; handle[State<String>]: save the outer state, set the initial one
                        (local.set $outer_state_1 (global.get $state<String>))
                        (call $gc_push (local.get $outer_state_1))
                        (global.set $state<String> (i32.const 44))
                        (block $ok_0 (result i64)
                          (block $unwinding_0 (result exnref)
                            (try_table (result i64) (catch_all_ref $unwinding_0) (call $spoil))
                            (br $ok_0))
                          ;; an exception leaves the body: put things back, then let it go on
                          (global.set $state<String> (local.get $outer_state_1))
                          throw_ref)
                        ;; the body ended: the outer state again
                        (global.set $state<String> (local.get $outer_state_1))))
                    ;; no throw: the body's value is the handle's value
                    (br $handled_0))
                  ;; thrown: run the clause with the thrown value
                  (local.set $int_0)
                  (global.set $gc_sp (local.get $sp_0))
                  (local.get $int_0))))
            (local.set $string_0
              (call $gc_keep
                (call $string_concat (call $gc_keep (global.get $state<String>)) (i32.const 20))))
            (call $vera.print (global.get $state<String>))
            (call $vera.print (i32.const 56))
            (call $vera.print (local.get $string_0)))
          (br $ok_1))
        ;; an exception leaves the body: put things back, then let it go on
        (global.set $state<String> (local.get $outer_state_0))
        throw_ref)
      ;; the body ended: the outer state again
      (global.set $state<String> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
