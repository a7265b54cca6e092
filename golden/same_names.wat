;; ---- SOURCE tests/programs/same_names.vera
;; -- Data types and effects are identified by declaration, not by name. This
;; -- program and the module it imports each declare a `Shape` and an effect
;; -- `Log`; equality compares each Shape by its own fields, and each Log's
;; -- operations reach their own handlers. A user effect may be named `State`: it
;; -- is not the built-in State<T>.
;; -- expect: false true|circle 5|3|7
;; import named.shapes(circle, circle_text);
;; 
;; private data Shape {
;;   Dot(Int, Int)
;; }
;; 
;; effect Log {
;;   op log(Int -> Unit);
;;   op total(Unit -> Int);
;; }
;; 
;; effect State {
;;   op tick(Unit -> Int);
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   -- The Dots differ in their second field; the Circles are equal.
;;   IO.print(bool_to_string(Dot(1, 2) == Dot(1, 3)));
;;   IO.print(" ");
;;   IO.print(bool_to_string(circle(1) == circle(1)));
;;   IO.print("|");
;;   IO.print(circle_text(circle(5)));
;;   IO.print("|");
;;   -- In a clause the state is bound first, then the parameter: 0 + 1 + 2.
;;   let @Int = handle[Log](@Int = 0) {
;;     log(@Int) -> { resume(()) } with @Int = @Int.1 + @Int.0,
;;     total(@Unit) -> { resume(@Int.0) }
;;   } in {
;;     Log.log(1);
;;     Log.log(2);
;;     Log.total(())
;;   };
;;   IO.print(int_to_string(@Int.0));
;;   IO.print("|");
;;   -- Each tick answers the state plus one and keeps it: 6, then 7.
;;   let @Int = handle[State](@Int = 5) {
;;     tick(@Unit) -> { resume(@Int.0 + 1) } with @Int = @Int.0 + 1
;;   } in {
;;     let @Int = tick(());
;;     tick(())
;;   };
;;   IO.print(int_to_string(@Int.0))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn->i32 (func (param i32) (result i32)))
  (type $fn->i64 (func (param i32) (result i64)))
  (type $fn_i32->none (func (param i32 i32)))
  (type $fn_i64->none (func (param i32 i64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00 \00\00\00"  ;; 8 = " "
    "\01\00\00\00|\00\00\00"  ;; 16 = "|"
    "D\00\00\00Unhandled effect operation Log.log in main: no enclosing handle[Log]"  ;; 24 = "Unhandled effect operation Log.log in ma"
    "F\00\00\00Unhandled effect operation Log.total in main: no enclosing handle[Log]\00\00"  ;; 96 = "Unhandled effect operation Log.total in "
    "I\00\00\00Unhandled effect operation State.tick in main: no enclosing handle[State]\00\00\00"  ;; 172 = "Unhandled effect operation State.tick in"
    "\00\00\00\00"  ;; 252 = ""
    "[\00\00\00Unhandled effect operation Log.flush in named.shapes::circle_text: no enclosing handle[Log]\00"  ;; 256 = "Unhandled effect operation Log.flush in "
    "\07\00\00\00circle \00"  ;; 352 = "circle "
    "V\00\00\00Unhandled effect operation Log.log in named.shapes::describe: no enclosing handle[Log]"  ;; 364 = "Unhandled effect operation Log.log in na"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 456))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Log (mut i32) (i32.const 0))
  (global $handler.State (mut i32) (i32.const 0))
  (global $handler.Log.2 (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Log))
    (call $mark (global.get $handler.State))
    (call $mark (global.get $handler.Log.2)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 5 funcref)
  (elem (i32.const 0) func $main.log $main.total $main.tick $named.shapes.circle_text.log $named.shapes.circle_text.flush)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Unit)   -- same_names.vera:22-53
  (func $main (export "main")
    (local $frame_0 i32)
    (local $dot_0 i32)
    (local $dot_1 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local $handler_3 i32)
    (local $int_0 i64)
    (local $outer_handler_1 i32)
    (local $handler_4 i32)
    (local $handler_5 i32)
    (local $int_1 i64)
    (local $handler_6 i32)
    (local $int_2 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print
      (call $bool_to_string
        (call $eq<main.Shape>
          (block (result i32)
            ;; Dot: 24 bytes, no pointers
            (local.set $dot_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 1))))
            (i32.store offset=0 (local.get $dot_0) (i32.const 0))
            (i64.store offset=8 (local.get $dot_0) (i64.const 1))
            (i64.store offset=16 (local.get $dot_0) (i64.const 2))
            (local.get $dot_0))
          (block (result i32)
            ;; Dot: 24 bytes, no pointers
            (local.set $dot_1 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $dot_1) (i32.const 0))
            (i64.store offset=8 (local.get $dot_1) (i64.const 1))
            (i64.store offset=16 (local.get $dot_1) (i64.const 3))
            (local.get $dot_1)))))
    (call $vera.print (i32.const 8))
    (call $vera.print
      (call $bool_to_string
        (call $eq<named.shapes.Shape>
          (call $gc_keep (call $named.shapes.circle (i64.const 1)))
          (call $named.shapes.circle (i64.const 1)))))
    (call $vera.print (i32.const 16))
    (call $vera.print (call $named.shapes.circle_text (call $named.shapes.circle (i64.const 5))))
    (call $vera.print (i32.const 16))
    (local.set $int_0
      (block (result i64)
        ;; handle[Log]: a record of its clauses, installed in $handler.Log
        (local.set $outer_handler_0 (global.get $handler.Log))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $main.log ;)))
        (i32.store offset=8 (local.get $handler_0) (i32.const 1 (; $main.total ;)))
        (i64.store offset=16 (local.get $handler_0) (i64.const 0))
        (global.set $handler.Log (local.get $handler_0))
        (block
          ;; Log.log: call the clause of the innermost handler
          (local.set $handler_1 (global.get $handler.Log))
          (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 24)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_1)
            (i64.const 1)
            (i32.load offset=4 (local.get $handler_1))))
        (block
          ;; Log.log: call the clause of the innermost handler
          (local.set $handler_2 (global.get $handler.Log))
          (if (i32.eqz (local.get $handler_2)) (then (call $vera.fail (i32.const 24)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_2)
            (i64.const 2)
            (i32.load offset=4 (local.get $handler_2))))
        (block (result i64)
          ;; Log.total: call the clause of the innermost handler
          (local.set $handler_3 (global.get $handler.Log))
          (if (i32.eqz (local.get $handler_3)) (then (call $vera.fail (i32.const 96)) unreachable))
          (call_indirect (type $fn->i64)
            (local.get $handler_3)
            (i32.load offset=8 (local.get $handler_3))))
        ;; the body ended: uninstall the handler
        (global.set $handler.Log (local.get $outer_handler_0))))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (call $vera.print (i32.const 16))
    (local.set $int_2
      (block (result i64)
        ;; handle[State]: a record of its clauses, installed in $handler.State
        (local.set $outer_handler_1 (global.get $handler.State))
        (local.set $handler_4 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_4) (local.get $outer_handler_1))
        (i32.store offset=4 (local.get $handler_4) (i32.const 2 (; $main.tick ;)))
        (i64.store offset=8 (local.get $handler_4) (i64.const 5))
        (global.set $handler.State (local.get $handler_4))
        (local.set $int_1
          (block (result i64)
            ;; State.tick: call the clause of the innermost handler
            (local.set $handler_5 (global.get $handler.State))
            (if
              (i32.eqz (local.get $handler_5))
              (then (call $vera.fail (i32.const 172)) unreachable))
            (call_indirect (type $fn->i64)
              (local.get $handler_5)
              (i32.load offset=4 (local.get $handler_5)))))
        (block (result i64)
          ;; State.tick: call the clause of the innermost handler
          (local.set $handler_6 (global.get $handler.State))
          (if (i32.eqz (local.get $handler_6)) (then (call $vera.fail (i32.const 172)) unreachable))
          (call_indirect (type $fn->i64)
            (local.get $handler_6)
            (i32.load offset=4 (local.get $handler_6))))
        ;; the body ended: uninstall the handler
        (global.set $handler.State (local.get $outer_handler_1))))
    (call $vera.print (call $int_to_string (local.get $int_2)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn circle(@Int -> @Shape)   -- shapes.vera:27-33
  (func $named.shapes.circle (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $circle_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; Circle: 16 bytes, no pointers
      (local.set $circle_0 (call $alloc (i32.const 16) (i32.const 1)))
      (i32.store offset=0 (local.get $circle_0) (i32.const 0))
      (i64.store offset=8 (local.get $circle_0) (local.get $int_0))
      (local.get $circle_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn circle_text(@Shape -> @String)   -- shapes.vera:36-48
  (func $named.shapes.circle_text (param $shape_0 i32) (result i32)
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $shape_0))
    (block (result i32)
      ;; handle[Log]: a record of its clauses, installed in $handler.Log.2
      (local.set $outer_handler_0 (global.get $handler.Log.2))
      (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
      (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
      (i32.store offset=4 (local.get $handler_0) (i32.const 3 (; $named.shapes.circle_text.log ;)))
      (i32.store offset=8
        (local.get $handler_0)
        (i32.const 4 (; $named.shapes.circle_text.flush ;)))
      (i32.store offset=12 (local.get $handler_0) (i32.const 252))
      (global.set $handler.Log.2 (local.get $handler_0))
      (call $named.shapes.describe (local.get $shape_0))
      (block (result i32)
        ;; Log.flush: call the clause of the innermost handler
        (local.set $handler_1 (global.get $handler.Log.2))
        (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 256)) unreachable))
        (call_indirect (type $fn->i32)
          (local.get $handler_1)
          (i32.load offset=8 (local.get $handler_1))))
      ;; the body ended: uninstall the handler
      (global.set $handler.Log.2 (local.get $outer_handler_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause log of handle[Log] in main   -- same_names.vera:36
  (func $main.log (param $handler i32) (param $int_0 i64)
    (local $int_1 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $int_1 (i64.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log (i32.load offset=0 (local.get $handler)))
    (block
      ;; with: the handler's new state
      (i64.store offset=16 (local.get $handler) (i64.add (local.get $int_1) (local.get $int_0))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log (local.get $handler)))

  ;; clause total of handle[Log] in main   -- same_names.vera:37
  (func $main.total (param $handler i32) (result i64)
    (local $int_0 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $int_0 (i64.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log (i32.load offset=0 (local.get $handler)))
    (local.get $int_0)
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log (local.get $handler)))

  ;; clause tick of handle[State] in main   -- same_names.vera:47
  (func $main.tick (param $handler i32) (result i64)
    (local $int_0 i64)
    (local $resumed_0 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $int_0 (i64.load offset=8 (local.get $handler)))
    ;; while the clause runs, an operation of State goes to the enclosing handler
    (global.set $handler.State (i32.load offset=0 (local.get $handler)))
    (block (result i64)
      (local.set $resumed_0 (i64.add (local.get $int_0) (i64.const 1)))
      ;; with: the handler's new state
      (i64.store offset=8 (local.get $handler) (i64.add (local.get $int_0) (i64.const 1)))
      (local.get $resumed_0))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.State (local.get $handler)))

  ;; clause log of handle[Log] in named.shapes::circle_text   -- shapes.vera:42
  (func $named.shapes.circle_text.log (param $handler i32) (param $string_0 i32)
    (local $frame_0 i32)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    ;; the handler's state and captured bindings, from its record
    (local.set $string_1 (i32.load offset=12 (local.get $handler)))
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log.2 (i32.load offset=0 (local.get $handler)))
    (block
      ;; with: the handler's new state
      (i32.store offset=12
        (local.get $handler)
        (call $string_concat (local.get $string_1) (local.get $string_0))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log.2 (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause flush of handle[Log] in named.shapes::circle_text   -- shapes.vera:43
  (func $named.shapes.circle_text.flush (param $handler i32) (result i32)
    (local $string_0 i32)
    ;; the handler's state and captured bindings, from its record
    (local.set $string_0 (i32.load offset=12 (local.get $handler)))
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log.2 (i32.load offset=0 (local.get $handler)))
    (local.get $string_0)
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log.2 (local.get $handler)))

  ;; fn describe(@Shape -> @Unit)   -- shapes.vera:14-25
  (func $named.shapes.describe (param $shape_0 i32)
    (local $frame_0 i32)
    (local $int_0 i64)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $shape_0))
    ;; Circle(@Int)   -- lines 20-23
    (local.set $int_0 (i64.load offset=8 (local.get $shape_0)))
    (block
      ;; Log.log: call the clause of the innermost handler
      (local.set $handler_0 (global.get $handler.Log.2))
      (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 364)) unreachable))
      (call_indirect (type $fn_i32->none)
        (local.get $handler_0)
        (i32.const 352)
        (i32.load offset=4 (local.get $handler_0))))
    (block
      ;; Log.log: call the clause of the innermost handler
      (local.set $handler_1 (global.get $handler.Log.2))
      (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 364)) unreachable))
      (call_indirect (type $fn_i32->none)
        (local.get $handler_1)
        (call $int_to_string (local.get $int_0))
        (i32.load offset=4 (local.get $handler_1))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; structural equality of main.Shape
  (func $eq<main.Shape> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; Dot: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 0))
      (then
        (return
          (if (result i32)
            (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (then
              (if (result i32)
                (i64.eq (i64.load offset=16 (local.get $a)) (i64.load offset=16 (local.get $b)))
                (then (i32.const 1))
                (else (i32.const 0))))
            (else (i32.const 0))))))
    (i32.const 1))

  ;; structural equality of named.shapes.Shape
  (func $eq<named.shapes.Shape> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; Circle: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 0))
      (then
        (return
          (if (result i32)
            (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (then (i32.const 1))
            (else (i32.const 0))))))
    (i32.const 1))
)
