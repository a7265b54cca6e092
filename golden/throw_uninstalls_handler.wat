;; ---- SOURCE tests/programs/throw_uninstalls_handler.vera
;; -- A throw that leaves a handle of a user-defined effect uninstalls that
;; -- handler: the next operation, outside the abandoned handle, goes to the
;; -- enclosing handler again.
;; -- expect: 10
;; effect Note {
;;   op note(Int -> Unit);
;; }
;; 
;; private fn noted(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Note>)
;; {
;;   let @Int = handle[Exn<Int>] {
;;     throw(@Int) -> { @Int.0 }
;;   } in {
;;     handle[Note] {
;;       note(@Int) -> { resume(()) }
;;     } in {
;;       throw(3)
;;     }
;;   };
;;   -- The inner handler ignored notes; this one must reach the outer handler.
;;   Note.note(7);
;;   @Int.0
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
;;       -- 7 noted by the outer handler, plus the 3 caught.
;;       let @Int = noted(());
;;       get(()) + @Int.0
;;     }
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->none (func (param i32 i64)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "H\00\00\00Unhandled effect operation Note.note in noted: no enclosing handle[Note]"  ;; 8 = "Unhandled effect operation Note.note in "
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
  (elem (i32.const 0) func $noted.note $main.note)

  ;; ---- The program ----

  ;; fn noted(@Unit -> @Int)   -- throw_uninstalls_handler.vera:9-26
  (func $noted (result i64)
    (local $frame_0 i32)
    (local $sp_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $handler_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_1
      (block (result i64)
        (local.set $sp_0 (global.get $gc_sp))
        (block $handled_0 (result i64)
          ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
          (block $caught_0 (result i64)
            (try_table (result i64) (catch $exn<Int> $caught_0)
              (block (result i64)
                ;; handle[Note]: a record of its clauses, installed in $handler.Note
                (local.set $outer_handler_0 (global.get $handler.Note))
                (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
                (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
                (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $noted.note ;)))
                (global.set $handler.Note (local.get $handler_0))
                (block $ok_0 (result i64)
                  (block $unwinding_0 (result exnref)
                    (try_table (result i64) (catch_all_ref $unwinding_0)
                      (throw $exn<Int> (i64.const 3)))
                    (br $ok_0))
                  ;; an exception leaves the body: put things back, then let it go on
                  (global.set $handler.Note (local.get $outer_handler_0))
                  throw_ref)
                (global.set $handler.Note (local.get $outer_handler_0))))
            ;; no throw: the body's value is the handle's value
            (br $handled_0))
          ;; thrown: run the clause with the thrown value
          (local.set $int_0)
          (global.set $gc_sp (local.get $sp_0))
          (local.get $int_0))))
    (block
      ;; Note.note: call the clause of the innermost handler
      (local.set $handler_1 (global.get $handler.Note))
      (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 8)) unreachable))
      (call_indirect (type $fn_i64->none)
        (local.get $handler_1)
        (i64.const 7)
        (i32.load offset=4 (local.get $handler_1))))
    (local.get $int_1)
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- throw_uninstalls_handler.vera:28-45
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $outer_state_0 i64)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $int_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 0))
      (block (result i64)
        ;; handle[Note]: a record of its clauses, installed in $handler.Note
        (local.set $outer_handler_0 (global.get $handler.Note))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 1 (; $main.note ;)))
        (global.set $handler.Note (local.get $handler_0))
        (local.set $int_0 (call $noted))
        (i64.add (global.get $state<Int>) (local.get $int_0))
        ;; the body ended: uninstall the handler
        (global.set $handler.Note (local.get $outer_handler_0)))
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause note of handle[Note] in noted   -- throw_uninstalls_handler.vera:18
  (func $noted.note (param $handler i32) (param $int_0 i64)
    ;; while the clause runs, an operation of Note goes to the enclosing handler
    (global.set $handler.Note (i32.load offset=0 (local.get $handler)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Note (local.get $handler)))

  ;; clause note of handle[Note] in main   -- throw_uninstalls_handler.vera:38
  (func $main.note (param $handler i32) (param $int_0 i64)
    ;; while the clause runs, an operation of Note goes to the enclosing handler
    (global.set $handler.Note (i32.load offset=0 (local.get $handler)))
    (global.set $state<Int> (i64.add (global.get $state<Int>) (local.get $int_0)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Note (local.get $handler)))
)
