;; ---- SOURCE tests/programs/effects_nested.vera
;; -- Nested handlers of one user effect (the innermost wins and is removed when its
;; -- body ends), an effectful closure passed to a function, State<Bool> and
;; -- State<Float64> together, a throw from inside a closure, structural equality.
;; -- expect: 1070 true 210 true
;; effect Log {
;;   op log(Int -> Unit);
;; }
;; 
;; private data Pair {
;;   P(String, Option<Int>)
;; }
;; 
;; private fn twice(@fn(Int -> Int) effects(<Log>), @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Log>)
;; {
;;   apply_fn(@fn(Int -> Int) effects(<Log>).0, apply_fn(@fn(Int -> Int) effects(<Log>).0, @Int.0))
;; }
;; 
;; private fn logged(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Int>](@Int = 0) {
;;     get(@Unit) -> { resume(@Int.0) },
;;     put(@Int) -> { resume(()) }
;;   } in {
;;     let @Int = handle[Log] {
;;       log(@Int) -> { resume(put(get(()) + @Int.0)) }
;;     } in {
;;       let @Int = handle[Log] {
;;         log(@Int) -> { resume(put(get(()) + 1000)) }
;;       } in {
;;         Log.log(1);
;;         7
;;       };
;;       twice(fn(@Int -> @Int) effects(<Log>) { Log.log(@Int.0); @Int.0 * 2 }, @Int.0 + 3)
;;     };
;;     @Int.0 + get(())
;;   }
;; }
;; 
;; private fn flags(@Unit -> @Bool)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[State<Bool>](@Bool = false) {
;;     get(@Unit) -> { resume(@Bool.0) },
;;     put(@Bool) -> { resume(()) }
;;   } in {
;;     put(!get(()));
;;     handle[State<Float64>](@Float64 = 1.5) {
;;       get(@Unit) -> { resume(@Float64.0) },
;;       put(@Float64) -> { resume(()) }
;;     } in {
;;       put(get(()) * 2.0);
;;       get(()) == 3.0 && get(())
;;     }
;;   }
;; }
;; 
;; private fn boom(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Exn<Int>] {
;;     throw(@Int) -> { @Int.0 + 1 }
;;   } in {
;;     let @fn(Int -> Int) effects(<Exn<Int>>) = fn(@Int -> @Int) effects(<Exn<Int>>) { if @Int.0 > 5 then { throw(@Int.0) } else { @Int.0 } };
;;     apply_fn(@fn(Int -> Int) effects(<Exn<Int>>).0, @Int.0) * 100
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(int_to_string(logged(1)));
;;   IO.print(" ");
;;   IO.print(bool_to_string(flags(())));
;;   IO.print(" ");
;;   IO.print(int_to_string(boom(9) + boom(2)));
;;   IO.print(" ");
;;   IO.print(bool_to_string(P("x", Some(1)) == P("x", Some(1)) && P("x", None) != P("y", None)))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->none (func (param i32 i64)))
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "F\00\00\00Unhandled effect operation Log.log in logged: no enclosing handle[Log]\00\00"  ;; 8 = "Unhandled effect operation Log.log in lo"
    "\01\00\00\00 \00\00\00"  ;; 84 = " "
    "\01\00\00\00x\00\00\00"  ;; 92 = "x"
    "\00\00\00\00\01\00\00\00"  ;; 100 = the tags 0..1
    "\01\00\00\00y"  ;; 108 = "y"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 120))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Log (mut i32) (i32.const 0))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))
  (global $state<Bool> (mut i32) (i32.const 0))
  (global $state<Float64> (mut f64) (f64.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Log)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 4 funcref)
  (elem (i32.const 0) func $logged.log $logged.log.2 $logged.lambda $boom.lambda)

  ;; ---- The program ----

  ;; fn twice(@fn(Int -> Int) effects(<Log>), @Int -> @Int)   -- effects_nested.vera:13-19
  (func $twice (param $fn_int_int_effects_log_0 i32) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local $closure_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $fn_int_int_effects_log_0))
    (local.set $closure_0 (local.get $fn_int_int_effects_log_0))
    (return_call_indirect (type $fn_i64->i64)
      (local.get $closure_0)
      (block (result i64)
        (local.set $closure_1 (local.get $fn_int_int_effects_log_0))
        (call_indirect (type $fn_i64->i64)
          (local.get $closure_1)
          (local.get $int_0)
          (i32.load offset=0 (local.get $closure_1))))
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn logged(@Int -> @Int)   -- effects_nested.vera:21-43
  (func $logged (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $outer_state_0 i64)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $outer_handler_1 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local $int_1 i64)
    (local $closure_0 i32)
    (local $int_2 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (i64.const 0))
      (local.set $int_2
        (block (result i64)
          ;; handle[Log]: a record of its clauses, installed in $handler.Log
          (local.set $outer_handler_0 (global.get $handler.Log))
          (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
          (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
          (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $logged.log ;)))
          (global.set $handler.Log (local.get $handler_0))
          (local.set $int_1
            (block (result i64)
              ;; handle[Log]: a record of its clauses, installed in $handler.Log
              (local.set $outer_handler_1 (global.get $handler.Log))
              (local.set $handler_1 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
              (i32.store offset=0 (local.get $handler_1) (local.get $outer_handler_1))
              (i32.store offset=4 (local.get $handler_1) (i32.const 1 (; $logged.log.2 ;)))
              (global.set $handler.Log (local.get $handler_1))
              (block
                ;; Log.log: call the clause of the innermost handler
                (local.set $handler_2 (global.get $handler.Log))
                (if
                  (i32.eqz (local.get $handler_2))
                  (then (call $vera.fail (i32.const 8)) unreachable))
                (call_indirect (type $fn_i64->none)
                  (local.get $handler_2)
                  (i64.const 1)
                  (i32.load offset=4 (local.get $handler_2))))
              (i64.const 7)
              ;; the body ended: uninstall the handler
              (global.set $handler.Log (local.get $outer_handler_1))))
          (call $twice
            (block (result i32)
              ;; closure of $logged.lambda (0 captured)
              (local.set $closure_0 (call $alloc (i32.const 8) (i32.const 1)))
              (i32.store offset=0 (local.get $closure_0) (i32.const 2))
              (local.get $closure_0))
            (i64.add (local.get $int_1) (i64.const 3)))
          ;; the body ended: uninstall the handler
          (global.set $handler.Log (local.get $outer_handler_0))))
      (i64.add (local.get $int_2) (global.get $state<Int>))
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn flags(@Unit -> @Bool)   -- effects_nested.vera:45-63
  (func $flags (result i32)
    (local $outer_state_0 i32)
    (local $outer_state_1 f64)
    (block (result i32)
      ;; handle[State<Bool>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Bool>))
      (global.set $state<Bool> (i32.const 0))
      (global.set $state<Bool> (i32.eqz (global.get $state<Bool>)))
      (block (result i32)
        ;; handle[State<Float64>]: save the outer state, set the initial one
        (local.set $outer_state_1 (global.get $state<Float64>))
        (global.set $state<Float64> (f64.const 1.5))
        (global.set $state<Float64> (f64.mul (global.get $state<Float64>) (f64.const 2.0)))
        (if (result i32)
          (f64.eq (global.get $state<Float64>) (f64.const 3.0))
          (then (global.get $state<Bool>))
          (else (i32.const 0)))
        ;; the body ended: the outer state again
        (global.set $state<Float64> (local.get $outer_state_1)))
      ;; the body ended: the outer state again
      (global.set $state<Bool> (local.get $outer_state_0))))

  ;; fn boom(@Int -> @Int)   -- effects_nested.vera:65-76
  (func $boom (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $sp_0 i32)
    (local $closure_0 i32)
    (local $fn_int_int_effects_exn_int_0 i32)
    (local $closure_1 i32)
    (local $int_1 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $sp_0 (global.get $gc_sp))
    (block $handled_0 (result i64)
      ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
      (block $caught_0 (result i64)
        (try_table (result i64) (catch $exn<Int> $caught_0)
          (local.set $fn_int_int_effects_exn_int_0
            (block (result i32)
              ;; closure of $boom.lambda (0 captured)
              (local.set $closure_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
              (i32.store offset=0 (local.get $closure_0) (i32.const 3))
              (local.get $closure_0)))
          (i64.mul
            (block (result i64)
              (local.set $closure_1 (local.get $fn_int_int_effects_exn_int_0))
              (call_indirect (type $fn_i64->i64)
                (local.get $closure_1)
                (local.get $int_0)
                (i32.load offset=0 (local.get $closure_1))))
            (i64.const 100)))
        ;; no throw: the body's value is the handle's value
        (br $handled_0))
      ;; thrown: run the clause with the thrown value
      (local.set $int_1)
      (global.set $gc_sp (local.get $sp_0))
      (i64.add (local.get $int_1) (i64.const 1)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- effects_nested.vera:78-90
  (func $main (export "main")
    (local $frame_0 i32)
    (local $p_0 i32)
    (local $some_0 i32)
    (local $p_1 i32)
    (local $some_1 i32)
    (local $p_2 i32)
    (local $p_3 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print (call $int_to_string (call $logged (i64.const 1))))
    (call $vera.print (i32.const 84))
    (call $vera.print (call $bool_to_string (call $flags)))
    (call $vera.print (i32.const 84))
    (call $vera.print
      (call $int_to_string (i64.add (call $boom (i64.const 9)) (call $boom (i64.const 2)))))
    (call $vera.print (i32.const 84))
    (call $vera.print
      (call $bool_to_string
        (if (result i32)
          (call $eq<Pair>
            (block (result i32)
              ;; P: 16 bytes
              (local.set $p_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
              (i32.store offset=0 (local.get $p_0) (i32.const 0))
              (i32.store offset=4 (local.get $p_0) (i32.const 92))
              (i32.store offset=8
                (local.get $p_0)
                (block (result i32)
                  ;; Some: 16 bytes, no pointers
                  (local.set $some_0 (call $alloc (i32.const 16) (i32.const 1)))
                  (i32.store offset=0 (local.get $some_0) (i32.const 0))
                  (i64.store offset=8 (local.get $some_0) (i64.const 1))
                  (local.get $some_0)))
              (local.get $p_0))
            (block (result i32)
              ;; P: 16 bytes
              (local.set $p_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
              (i32.store offset=0 (local.get $p_1) (i32.const 0))
              (i32.store offset=4 (local.get $p_1) (i32.const 92))
              (i32.store offset=8
                (local.get $p_1)
                (block (result i32)
                  ;; Some: 16 bytes, no pointers
                  (local.set $some_1 (call $alloc (i32.const 16) (i32.const 1)))
                  (i32.store offset=0 (local.get $some_1) (i32.const 0))
                  (i64.store offset=8 (local.get $some_1) (i64.const 1))
                  (local.get $some_1)))
              (local.get $p_1)))
          (then
            (i32.eqz
              (call $eq<Pair>
                (block (result i32)
                  ;; P: 16 bytes
                  (local.set $p_2 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
                  (i32.store offset=0 (local.get $p_2) (i32.const 0))
                  (i32.store offset=4 (local.get $p_2) (i32.const 92))
                  (i32.store offset=8 (local.get $p_2) (i32.const 104 (; None ;)))
                  (local.get $p_2))
                (block (result i32)
                  ;; P: 16 bytes
                  (local.set $p_3 (call $alloc (i32.const 16) (i32.const 0)))
                  (i32.store offset=0 (local.get $p_3) (i32.const 0))
                  (i32.store offset=4 (local.get $p_3) (i32.const 108))
                  (i32.store offset=8 (local.get $p_3) (i32.const 104 (; None ;)))
                  (local.get $p_3)))))
          (else (i32.const 0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause log of handle[Log] in logged   -- effects_nested.vera:31
  (func $logged.log (param $handler i32) (param $int_0 i64)
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log (i32.load offset=0 (local.get $handler)))
    (global.set $state<Int> (i64.add (global.get $state<Int>) (local.get $int_0)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log (local.get $handler)))

  ;; clause log of handle[Log] in logged   -- effects_nested.vera:34
  (func $logged.log.2 (param $handler i32) (param $int_0 i64)
    ;; while the clause runs, an operation of Log goes to the enclosing handler
    (global.set $handler.Log (i32.load offset=0 (local.get $handler)))
    (global.set $state<Int> (i64.add (global.get $state<Int>) (i64.const 1000)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Log (local.get $handler)))

  ;; anonymous function in logged   -- effects_nested.vera:39
  (func $logged.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $handler_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $env))
    (block
      ;; Log.log: call the clause of the innermost handler
      (local.set $handler_0 (global.get $handler.Log))
      (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 8)) unreachable))
      (call_indirect (type $fn_i64->none)
        (local.get $handler_0)
        (local.get $int_0)
        (i32.load offset=4 (local.get $handler_0))))
    (i64.mul (local.get $int_0) (i64.const 2))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in boom   -- effects_nested.vera:73
  (func $boom.lambda (param $env i32) (param $int_0 i64) (result i64)
    (if (result i64)
      (i64.gt_s (local.get $int_0) (i64.const 5))
      (then (throw $exn<Int> (local.get $int_0)))
      (else (local.get $int_0))))

  ;; structural equality of Option<Int>
  (func $eq<Option<Int>> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; Some: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 0))
      (then
        (return
          (if (result i32)
            (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (then (i32.const 1))
            (else (i32.const 0))))))
    (i32.const 1))

  ;; structural equality of Pair
  (func $eq<Pair> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; P: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 0))
      (then
        (return
          (if (result i32)
            (call $string_eq (i32.load offset=4 (local.get $a)) (i32.load offset=4 (local.get $b)))
            (then
              (if (result i32)
                (call $eq<Option<Int>>
                  (i32.load offset=8 (local.get $a))
                  (i32.load offset=8 (local.get $b)))
                (then (i32.const 1))
                (else (i32.const 0))))
            (else (i32.const 0))))))
    (i32.const 1))
)
