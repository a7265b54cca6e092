;; ---- SOURCE tests/programs/clause_enclosing_handler.vera
;; -- An operation performed inside a clause goes to the enclosing handler of the
;; -- same effect, not to the clause's own handler (which would loop forever).
;; -- The inner clause scales each note by 10 and passes it outwards.
;; -- expect: 30
;; effect Note {
;;   op note(Int -> Unit);
;; }
;; 
;; private fn scaled(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<Note>)
;; {
;;   handle[Note] {
;;     note(@Int) -> { Note.note(@Int.0 * 10); resume(()) }
;;   } in {
;;     Note.note(1);
;;     Note.note(2)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Int>](@Int = 0) {
;;     get(@Unit) -> { resume(@Int.0) },
;;     put(@Int) -> { resume(()) } with @Int = @Int.0
;;   } in {
;;     handle[Note] {
;;       note(@Int) -> { resume(put(get(()) + @Int.0)) }
;;     } in {
;;       scaled(())
;;     };
;;     -- 10 + 20
;;     get(())
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->none (func (param i32 i64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "I\00\00\00Unhandled effect operation Note.note in scaled: no enclosing handle[Note]"  ;; 8 = "Unhandled effect operation Note.note in "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 88))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Note (mut i32) (i32.const 0))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Note)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 2 funcref)
  (elem (i32.const 0) func $scaled.note $main.note)

  ;; ---- The program ----

  ;; fn scaled(@Unit -> @Unit)   -- clause_enclosing_handler.vera:9-20
  (func $scaled
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block
      ;; handle[Note]: a record of its clauses, installed in $handler.Note
      (local.set $outer_handler_0 (global.get $handler.Note))
      (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
      (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
      (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $scaled.note ;)))
      (global.set $handler.Note (local.get $handler_0))
      (block
        ;; Note.note: call the clause of the innermost handler
        (local.set $handler_1 (global.get $handler.Note))
        (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 8)) unreachable))
        (call_indirect (type $fn_i64->none)
          (local.get $handler_1)
          (i64.const 1)
          (i32.load offset=4 (local.get $handler_1))))
      (block
        ;; Note.note: call the clause of the innermost handler
        (local.set $handler_2 (global.get $handler.Note))
        (if (i32.eqz (local.get $handler_2)) (then (call $vera.fail (i32.const 8)) unreachable))
        (call_indirect (type $fn_i64->none)
          (local.get $handler_2)
          (i64.const 2)
          (i32.load offset=4 (local.get $handler_2))))
      ;; the body ended: uninstall the handler
      (global.set $handler.Note (local.get $outer_handler_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- clause_enclosing_handler.vera:22-39
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $outer_state_0 i64)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 0))
      (block
        ;; handle[Note]: a record of its clauses, installed in $handler.Note
        (local.set $outer_handler_0 (global.get $handler.Note))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 1 (; $main.note ;)))
        (global.set $handler.Note (local.get $handler_0))
        (call $scaled)
        ;; the body ended: uninstall the handler
        (global.set $handler.Note (local.get $outer_handler_0)))
      (global.get $state<Int>)
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause note of handle[Note] in scaled   -- clause_enclosing_handler.vera:15
  (func $scaled.note (param $handler i32) (param $int_0 i64)
    (local $frame_0 i32)
    (local $handler_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    ;; while the clause runs, an operation of Note goes to the enclosing handler
    (global.set $handler.Note (i32.load offset=0 (local.get $handler)))
    (block
      ;; Note.note: call the clause of the innermost handler
      (local.set $handler_0 (global.get $handler.Note))
      (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 8)) unreachable))
      (call_indirect (type $fn_i64->none)
        (local.get $handler_0)
        (i64.mul (local.get $int_0) (i64.const 10))
        (i32.load offset=4 (local.get $handler_0))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Note (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause note of handle[Note] in main   -- clause_enclosing_handler.vera:32
  (func $main.note (param $handler i32) (param $int_0 i64)
    ;; while the clause runs, an operation of Note goes to the enclosing handler
    (global.set $handler.Note (i32.load offset=0 (local.get $handler)))
    (global.set $state<Int> (i64.add (global.get $state<Int>) (local.get $int_0)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Note (local.get $handler)))
)
