;; ---- SOURCE tests/programs/user_effect.vera
;; -- A user-defined effect: the handler's clauses end in resume(...), so an
;; -- operation is a call of the innermost handler's clause.
;; -- expect: 42
;; effect Ask {
;;   op ask(Unit -> Int);
;;   op tell(Int -> Unit);
;; }
;; 
;; private fn question(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Ask>)
;; {
;;   Ask.tell(@Int.0);
;;   ask(()) * @Int.0
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Int = 6;
;;   handle[Ask] {
;;     ask(@Unit) -> { resume(@Int.0 + 1) },
;;     tell(@Int) -> { resume(()) }
;;   } in {
;;     question(@Int.0)
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn->i64 (func (param i32) (result i64)))
  (type $fn_i64->none (func (param i32 i64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "I\00\00\00Unhandled effect operation Ask.tell in question: no enclosing handle[Ask]\00\00\00"  ;; 8 = "Unhandled effect operation Ask.tell in q"
    "H\00\00\00Unhandled effect operation Ask.ask in question: no enclosing handle[Ask]"  ;; 88 = "Unhandled effect operation Ask.ask in qu"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 168))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Ask (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Ask)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 2 funcref)
  (elem (i32.const 0) func $main.ask $main.tell)

  ;; ---- The program ----

  ;; fn question(@Int -> @Int)   -- user_effect.vera:9-16
  (func $question (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block
      ;; Ask.tell: call the clause of the innermost handler
      (local.set $handler_0 (global.get $handler.Ask))
      (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 8)) unreachable))
      (call_indirect (type $fn_i64->none)
        (local.get $handler_0)
        (local.get $int_0)
        (i32.load offset=8 (local.get $handler_0))))
    (i64.mul
      (block (result i64)
        ;; Ask.ask: call the clause of the innermost handler
        (local.set $handler_1 (global.get $handler.Ask))
        (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 88)) unreachable))
        (call_indirect (type $fn->i64)
          (local.get $handler_1)
          (i32.load offset=4 (local.get $handler_1))))
      (local.get $int_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- user_effect.vera:18-30
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $int_0 i64)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_0 (i64.const 6))
    (block (result i64)
      ;; handle[Ask]: a record of its clauses, installed in $handler.Ask
      (local.set $outer_handler_0 (global.get $handler.Ask))
      (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
      (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
      (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $main.ask ;)))
      (i32.store offset=8 (local.get $handler_0) (i32.const 1 (; $main.tell ;)))
      (i64.store offset=16 (local.get $handler_0) (local.get $int_0))
      (global.set $handler.Ask (local.get $handler_0))
      (call $question (local.get $int_0))
      ;; the body ended: uninstall the handler
      (global.set $handler.Ask (local.get $outer_handler_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause ask of handle[Ask] in main   -- user_effect.vera:25
  (func $main.ask (param $handler i32) (result i64)
    (local $int_0 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $int_0 (i64.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Ask goes to the enclosing handler
    (global.set $handler.Ask (i32.load offset=0 (local.get $handler)))
    (i64.add (local.get $int_0) (i64.const 1))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Ask (local.get $handler)))

  ;; clause tell of handle[Ask] in main   -- user_effect.vera:26
  (func $main.tell (param $handler i32) (param $int_0 i64)
    (local $int_1 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $int_1 (i64.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Ask goes to the enclosing handler
    (global.set $handler.Ask (i32.load offset=0 (local.get $handler)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Ask (local.get $handler)))
)
