;; ---- SOURCE tests/programs/unit_state.vera
;; -- State<Unit> and a user handler whose state is Unit (found by the program
;; -- generator): Unit has no run-time value, so there is no cell; get, put, old,
;; -- new and with evaluate what they must and store nothing.
;; -- expect: 5
;; effect Tick {
;;   op tick(Unit -> Unit);
;; }
;; 
;; private fn bump(@Unit -> @Unit)
;;   requires(true)
;;   ensures(new(State<Unit>) == old(State<Unit>))
;;   effects(<State<Unit>>)
;; {
;;   put(())
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Unit>](@Unit = ()) {
;;     get(@Unit) -> { resume(@Unit.1) },
;;     put(@Unit) -> { resume(()) } with @Unit = @Unit.0
;;   } in {
;;     bump(());
;;     handle[Tick](@Unit = ()) {
;;       tick(@Unit) -> { resume(()) } with @Unit = @Unit.1
;;     } in {
;;       tick(());
;;       tick(());
;;       5
;;     }
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn->none (func (param i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "e\00\00\00Postcondition violation in bump(@Unit -> @Unit): ensures(new(State<Unit>) == old(State<Unit>)) failed\00\00\00"  ;; 8 = "Postcondition violation in bump(@Unit ->"
    "G\00\00\00Unhandled effect operation Tick.tick in main: no enclosing handle[Tick]"  ;; 116 = "Unhandled effect operation Tick.tick in "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 192))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Tick (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Tick)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 1 funcref)
  (elem (i32.const 0) func $main.tick)

  ;; ---- The program ----

  ;; fn bump(@Unit -> @Unit)   -- unit_state.vera:9-15
  (func $bump.2
    ;; ensures(new(State<Unit>) == old(State<Unit>))   -- line 11
    (if (i32.eqz (i32.const 1)) (then (call $vera.fail (i32.const 8)) unreachable)))

  ;; fn main(@Unit -> @Int)   -- unit_state.vera:17-35
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      (call $bump.2)
      (block (result i64)
        ;; handle[Tick]: a record of its clauses, installed in $handler.Tick
        (local.set $outer_handler_0 (global.get $handler.Tick))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $main.tick ;)))
        (global.set $handler.Tick (local.get $handler_0))
        (block
          ;; Tick.tick: call the clause of the innermost handler
          (local.set $handler_1 (global.get $handler.Tick))
          (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 116)) unreachable))
          (call_indirect (type $fn->none)
            (local.get $handler_1)
            (i32.load offset=4 (local.get $handler_1))))
        (block
          ;; Tick.tick: call the clause of the innermost handler
          (local.set $handler_2 (global.get $handler.Tick))
          (if (i32.eqz (local.get $handler_2)) (then (call $vera.fail (i32.const 116)) unreachable))
          (call_indirect (type $fn->none)
            (local.get $handler_2)
            (i32.load offset=4 (local.get $handler_2))))
        (i64.const 5)
        ;; the body ended: uninstall the handler
        (global.set $handler.Tick (local.get $outer_handler_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause tick of handle[Tick] in main   -- unit_state.vera:28
  (func $main.tick (param $handler i32)
    ;; the handler's state and captured bindings, from its record
    ;; while the clause runs, an operation of Tick goes to the enclosing handler
    (global.set $handler.Tick (i32.load offset=0 (local.get $handler)))
    (block)
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Tick (local.get $handler)))
)
