;; ---- SOURCE tests/programs/handler_state.vera
;; -- Handlers with state: `handle[E](@S = init)` gives the clauses a binding of
;; -- the state, and `with @S = e` sets the state the rest of the body sees. The
;; -- state may be a heap value (a list here), kept alive across collections;
;; -- clauses may also use bindings of the function around the handle.
;; -- expect: 3 2 1|6|tag:a,tag:b
;; private data List {
;;   Nil,
;;   Cons(Int, List)
;; }
;; 
;; effect Stack {
;;   op push(Int -> Unit);
;;   op pop(Unit -> Int);
;; }
;; 
;; effect Names {
;;   op name(String -> Unit);
;;   op names(Unit -> String);
;; }
;; 
;; private fn show(@List -> @String)
;;   requires(true)
;;   ensures(true)
;;   decreases(@List.0)
;;   effects(pure)
;; {
;;   match @List.0 {
;;     Nil -> "",
;;     Cons(@Int, Nil) -> int_to_string(@Int.0),
;;     Cons(@Int, @List) -> string_concat(int_to_string(@Int.0), string_concat(" ", show(@List.0)))
;;   }
;; }
;; 
;; private fn sum(@List -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@List.0)
;;   effects(pure)
;; {
;;   match @List.0 {
;;     Nil -> 0,
;;     Cons(@Int, @List) -> @Int.0 + sum(@List.0)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   -- The stack is a List in the handler's state; pop answers the top (or 0).
;;   let @List = handle[Stack](@List = Nil) {
;;     push(@Int) -> { resume(()) } with @List = Cons(@Int.0, @List.0),
;;     pop(@Unit) -> { match @List.0 { Nil -> resume(0), Cons(@Int, @List) -> resume(@Int.0) } } with @List = match @List.0 { Nil -> Nil, Cons(@Int, @List) -> @List.0 }
;;   } in {
;;     push(1);
;;     push(2);
;;     push(3);
;;     -- 3 is popped and pushed back; the list is built from what pop answers.
;;     let @Int = pop(());
;;     push(@Int.0);
;;     Cons(pop(()), Cons(pop(()), Cons(pop(()), Nil)))
;;   };
;;   IO.print(show(@List.0));
;;   IO.print("|");
;;   IO.print(int_to_string(sum(@List.0)));
;;   IO.print("|");
;;   -- The clause uses the prefix bound outside the handle.
;;   let @String = "tag:";
;;   let @String = handle[Names](@String = "") {
;;     name(@String) -> { resume(()) } with @String = if string_length(@String.1) == 0 then { string_concat(@String.2, @String.0) } else { string_concat(@String.1, string_concat(",", string_concat(@String.2, @String.0))) },
;;     names(@Unit) -> { resume(@String.0) }
;;   } in {
;;     name("a");
;;     name("b");
;;     names(())
;;   };
;;   IO.print(@String.0)
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
    "\00\00\00\00"  ;; 8 = ""
    "\01\00\00\00 \00\00\00"  ;; 12 = " "
    "\00\00\00\00\01\00\00\00"  ;; 20 = the tags 0..1
    "I\00\00\00Unhandled effect operation Stack.push in main: no enclosing handle[Stack]\00\00\00"  ;; 28 = "Unhandled effect operation Stack.push in"
    "H\00\00\00Unhandled effect operation Stack.pop in main: no enclosing handle[Stack]"  ;; 108 = "Unhandled effect operation Stack.pop in "
    "\01\00\00\00|\00\00\00"  ;; 184 = "|"
    "\04\00\00\00tag:"  ;; 192 = "tag:"
    "\01\00\00\00a\00\00\00"  ;; 200 = "a"
    "I\00\00\00Unhandled effect operation Names.name in main: no enclosing handle[Names]\00\00\00"  ;; 208 = "Unhandled effect operation Names.name in"
    "\01\00\00\00b\00\00\00"  ;; 288 = "b"
    "J\00\00\00Unhandled effect operation Names.names in main: no enclosing handle[Names]\00\00"  ;; 296 = "Unhandled effect operation Names.names i"
    "\01\00\00\00,"  ;; 376 = ","
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 384))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Stack (mut i32) (i32.const 0))
  (global $handler.Names (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Stack))
    (call $mark (global.get $handler.Names)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 4 funcref)
  (elem (i32.const 0) func $main.push $main.pop $main.name $main.names)

  ;; ---- The program ----

  ;; fn show(@List -> @String)   -- handler_state.vera:21-32
  (func $show (param $list_0 i32) (result i32)
    (local $frame_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $list_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $list_0))
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 0))
      (then
        ;; Nil   -- line 28
        (i32.const 8))
      (else
        (if (result i32)
          (if (result i32)
            (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 1))
            (then
              (i32.eq (i32.load offset=0 (i32.load offset=16 (local.get $list_0))) (i32.const 0)))
            (else (i32.const 0)))
          (then
            ;; Cons(@Int, Nil)   -- line 29
            (local.set $int_0 (i64.load offset=8 (local.get $list_0)))
            (call $int_to_string (local.get $int_0)))
          (else
            ;; Cons(@Int, @List)   -- line 30
            (local.set $int_1 (i64.load offset=8 (local.get $list_0)))
            (local.set $list_1 (i32.load offset=16 (local.get $list_0)))
            (call $string_concat
              (call $gc_keep (call $int_to_string (local.get $int_1)))
              (call $gc_keep
                (call $string_concat
                  (i32.const 12)
                  (call $gc_keep (call $show (local.get $list_1))))))))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn sum(@List -> @Int)   -- handler_state.vera:34-44
  (func $sum (param $list_0 i32) (result i64)
    (local $int_0 i64)
    (local $list_1 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 0))
      (then
        ;; Nil   -- line 41
        (i64.const 0))
      (else
        ;; Cons(@Int, @List)   -- line 42
        (local.set $int_0 (i64.load offset=8 (local.get $list_0)))
        (local.set $list_1 (i32.load offset=16 (local.get $list_0)))
        (i64.add (local.get $int_0) (call $sum (local.get $list_1))))))

  ;; fn main(@Unit -> @Unit)   -- handler_state.vera:46-79
  (func $main (export "main")
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local $handler_3 i32)
    (local $handler_4 i32)
    (local $int_0 i64)
    (local $handler_5 i32)
    (local $cons_0 i32)
    (local $handler_6 i32)
    (local $cons_1 i32)
    (local $handler_7 i32)
    (local $cons_2 i32)
    (local $handler_8 i32)
    (local $list_0 i32)
    (local $string_0 i32)
    (local $outer_handler_1 i32)
    (local $handler_9 i32)
    (local $handler_10 i32)
    (local $handler_11 i32)
    (local $handler_12 i32)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $list_0
      (block (result i32)
        ;; handle[Stack]: a record of its clauses, installed in $handler.Stack
        (local.set $outer_handler_0 (global.get $handler.Stack))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $main.push ;)))
        (i32.store offset=8 (local.get $handler_0) (i32.const 1 (; $main.pop ;)))
        (i32.store offset=12 (local.get $handler_0) (i32.const 20 (; Nil ;)))
        (global.set $handler.Stack (local.get $handler_0))
        (block
          ;; Stack.push: call the clause of the innermost handler
          (local.set $handler_1 (global.get $handler.Stack))
          (if (i32.eqz (local.get $handler_1)) (then (call $vera.fail (i32.const 28)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_1)
            (i64.const 1)
            (i32.load offset=4 (local.get $handler_1))))
        (block
          ;; Stack.push: call the clause of the innermost handler
          (local.set $handler_2 (global.get $handler.Stack))
          (if (i32.eqz (local.get $handler_2)) (then (call $vera.fail (i32.const 28)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_2)
            (i64.const 2)
            (i32.load offset=4 (local.get $handler_2))))
        (block
          ;; Stack.push: call the clause of the innermost handler
          (local.set $handler_3 (global.get $handler.Stack))
          (if (i32.eqz (local.get $handler_3)) (then (call $vera.fail (i32.const 28)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_3)
            (i64.const 3)
            (i32.load offset=4 (local.get $handler_3))))
        (local.set $int_0
          (block (result i64)
            ;; Stack.pop: call the clause of the innermost handler
            (local.set $handler_4 (global.get $handler.Stack))
            (if
              (i32.eqz (local.get $handler_4))
              (then (call $vera.fail (i32.const 108)) unreachable))
            (call_indirect (type $fn->i64)
              (local.get $handler_4)
              (i32.load offset=8 (local.get $handler_4)))))
        (block
          ;; Stack.push: call the clause of the innermost handler
          (local.set $handler_5 (global.get $handler.Stack))
          (if (i32.eqz (local.get $handler_5)) (then (call $vera.fail (i32.const 28)) unreachable))
          (call_indirect (type $fn_i64->none)
            (local.get $handler_5)
            (local.get $int_0)
            (i32.load offset=4 (local.get $handler_5))))
        (block (result i32)
          ;; Cons: 24 bytes
          (local.set $cons_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
          (i32.store offset=0 (local.get $cons_0) (i32.const 1))
          (i64.store offset=8
            (local.get $cons_0)
            (block (result i64)
              ;; Stack.pop: call the clause of the innermost handler
              (local.set $handler_6 (global.get $handler.Stack))
              (if
                (i32.eqz (local.get $handler_6))
                (then (call $vera.fail (i32.const 108)) unreachable))
              (call_indirect (type $fn->i64)
                (local.get $handler_6)
                (i32.load offset=8 (local.get $handler_6)))))
          (i32.store offset=16
            (local.get $cons_0)
            (block (result i32)
              ;; Cons: 24 bytes
              (local.set $cons_1 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
              (i32.store offset=0 (local.get $cons_1) (i32.const 1))
              (i64.store offset=8
                (local.get $cons_1)
                (block (result i64)
                  ;; Stack.pop: call the clause of the innermost handler
                  (local.set $handler_7 (global.get $handler.Stack))
                  (if
                    (i32.eqz (local.get $handler_7))
                    (then (call $vera.fail (i32.const 108)) unreachable))
                  (call_indirect (type $fn->i64)
                    (local.get $handler_7)
                    (i32.load offset=8 (local.get $handler_7)))))
              (i32.store offset=16
                (local.get $cons_1)
                (block (result i32)
                  ;; Cons: 24 bytes
                  (local.set $cons_2 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
                  (i32.store offset=0 (local.get $cons_2) (i32.const 1))
                  (i64.store offset=8
                    (local.get $cons_2)
                    (block (result i64)
                      ;; Stack.pop: call the clause of the innermost handler
                      (local.set $handler_8 (global.get $handler.Stack))
                      (if
                        (i32.eqz (local.get $handler_8))
                        (then (call $vera.fail (i32.const 108)) unreachable))
                      (call_indirect (type $fn->i64)
                        (local.get $handler_8)
                        (i32.load offset=8 (local.get $handler_8)))))
                  (i32.store offset=16 (local.get $cons_2) (i32.const 20 (; Nil ;)))
                  (local.get $cons_2)))
              (local.get $cons_1)))
          (local.get $cons_0))
        ;; the body ended: uninstall the handler
        (global.set $handler.Stack (local.get $outer_handler_0))))
    (call $vera.print (call $show (local.get $list_0)))
    (call $vera.print (i32.const 184))
    (call $vera.print (call $int_to_string (call $sum (local.get $list_0))))
    (call $vera.print (i32.const 184))
    (local.set $string_0 (i32.const 192))
    (local.set $string_1
      (block (result i32)
        ;; handle[Names]: a record of its clauses, installed in $handler.Names
        (local.set $outer_handler_1 (global.get $handler.Names))
        (local.set $handler_9 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_9) (local.get $outer_handler_1))
        (i32.store offset=4 (local.get $handler_9) (i32.const 2 (; $main.name ;)))
        (i32.store offset=8 (local.get $handler_9) (i32.const 3 (; $main.names ;)))
        (i32.store offset=12 (local.get $handler_9) (i32.const 8))
        (i32.store offset=16 (local.get $handler_9) (local.get $string_0))
        (global.set $handler.Names (local.get $handler_9))
        (block
          ;; Names.name: call the clause of the innermost handler
          (local.set $handler_10 (global.get $handler.Names))
          (if
            (i32.eqz (local.get $handler_10))
            (then (call $vera.fail (i32.const 208)) unreachable))
          (call_indirect (type $fn_i32->none)
            (local.get $handler_10)
            (i32.const 200)
            (i32.load offset=4 (local.get $handler_10))))
        (block
          ;; Names.name: call the clause of the innermost handler
          (local.set $handler_11 (global.get $handler.Names))
          (if
            (i32.eqz (local.get $handler_11))
            (then (call $vera.fail (i32.const 208)) unreachable))
          (call_indirect (type $fn_i32->none)
            (local.get $handler_11)
            (i32.const 288)
            (i32.load offset=4 (local.get $handler_11))))
        (call $gc_keep
          (block (result i32)
            ;; Names.names: call the clause of the innermost handler
            (local.set $handler_12 (global.get $handler.Names))
            (if
              (i32.eqz (local.get $handler_12))
              (then (call $vera.fail (i32.const 296)) unreachable))
            (call_indirect (type $fn->i32)
              (local.get $handler_12)
              (i32.load offset=8 (local.get $handler_12)))))
        ;; the body ended: uninstall the handler
        (global.set $handler.Names (local.get $outer_handler_1))))
    (call $vera.print (local.get $string_1))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause push of handle[Stack] in main   -- handler_state.vera:53
  (func $main.push (param $handler i32) (param $int_0 i64)
    (local $frame_0 i32)
    (local $list_0 i32)
    (local $cons_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    ;; the handler's state and captured bindings, from its record
    (local.set $list_0 (i32.load offset=12 (local.get $handler)))
    ;; while the clause runs, an operation of Stack goes to the enclosing handler
    (global.set $handler.Stack (i32.load offset=0 (local.get $handler)))
    (block
      ;; with: the handler's new state
      (i32.store offset=12
        (local.get $handler)
        (block (result i32)
          ;; Cons: 24 bytes
          (local.set $cons_0 (call $alloc (i32.const 24) (i32.const 0)))
          (i32.store offset=0 (local.get $cons_0) (i32.const 1))
          (i64.store offset=8 (local.get $cons_0) (local.get $int_0))
          (i32.store offset=16 (local.get $cons_0) (local.get $list_0))
          (local.get $cons_0))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Stack (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause pop of handle[Stack] in main   -- handler_state.vera:54
  (func $main.pop (param $handler i32) (result i64)
    (local $list_0 i32)
    (local $int_0 i64)
    (local $list_1 i32)
    (local $resumed_0 i64)
    (local $int_1 i64)
    (local $list_2 i32)
    (local $resumed_1 i64)
    ;; the handler's state and captured bindings, from its record
    (local.set $list_0 (i32.load offset=12 (local.get $handler)))
    ;; while the clause runs, an operation of Stack goes to the enclosing handler
    (global.set $handler.Stack (i32.load offset=0 (local.get $handler)))
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 0))
      (then
        ;; Nil   -- line 54
        (block (result i64)
          (local.set $resumed_0 (i64.const 0))
          ;; with: the handler's new state
          (i32.store offset=12
            (local.get $handler)
            (if (result i32)
              (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 0))
              (then
                ;; Nil   -- line 54
                (i32.const 20 (; Nil ;)))
              (else
                ;; Cons(@Int, @List)   -- line 54
                (local.set $int_0 (i64.load offset=8 (local.get $list_0)))
                (local.set $list_1 (i32.load offset=16 (local.get $list_0)))
                (local.get $list_1))))
          (local.get $resumed_0)))
      (else
        ;; Cons(@Int, @List)   -- line 54
        (local.set $int_1 (i64.load offset=8 (local.get $list_0)))
        (local.set $list_2 (i32.load offset=16 (local.get $list_0)))
        (block (result i64)
          (local.set $resumed_1 (local.get $int_1))
          ;; with: the handler's new state
          (i32.store offset=12
            (local.get $handler)
            (if (result i32)
              (i32.eq (i32.load offset=0 (local.get $list_0)) (i32.const 0))
              (then
                ;; Nil   -- line 54
                (i32.const 20 (; Nil ;)))
              (else
                ;; Cons(@Int, @List)   -- line 54
                (local.set $int_0 (i64.load offset=8 (local.get $list_0)))
                (local.set $list_1 (i32.load offset=16 (local.get $list_0)))
                (local.get $list_1))))
          (local.get $resumed_1))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Stack (local.get $handler)))

  ;; clause name of handle[Names] in main   -- handler_state.vera:71
  (func $main.name (param $handler i32) (param $string_0 i32)
    (local $frame_0 i32)
    (local $string_1 i32)
    (local $string_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    ;; the handler's state and captured bindings, from its record
    (local.set $string_1 (i32.load offset=12 (local.get $handler)))
    (local.set $string_2 (i32.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Names goes to the enclosing handler
    (global.set $handler.Names (i32.load offset=0 (local.get $handler)))
    (block
      ;; with: the handler's new state
      (i32.store offset=12
        (local.get $handler)
        (if (result i32)
          (i64.eq (i64.extend_i32_u (i32.load offset=0 (local.get $string_1))) (i64.const 0))
          (then (call $string_concat (local.get $string_2) (local.get $string_0)))
          (else
            (call $string_concat
              (local.get $string_1)
              (call $gc_keep
                (call $string_concat
                  (i32.const 376)
                  (call $gc_keep (call $string_concat (local.get $string_2) (local.get $string_0))))))))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Names (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause names of handle[Names] in main   -- handler_state.vera:72
  (func $main.names (param $handler i32) (result i32)
    (local $string_0 i32)
    (local $string_1 i32)
    ;; the handler's state and captured bindings, from its record
    (local.set $string_0 (i32.load offset=12 (local.get $handler)))
    (local.set $string_1 (i32.load offset=16 (local.get $handler)))
    ;; while the clause runs, an operation of Names goes to the enclosing handler
    (global.set $handler.Names (i32.load offset=0 (local.get $handler)))
    (local.get $string_0)
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Names (local.get $handler)))
)
