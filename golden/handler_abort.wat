;; ---- SOURCE tests/programs/handler_abort.vera
;; -- A clause that does not resume ends its whole `handle` with its own value.
;; -- Clauses may resume on some paths and end the handle on others; an ending
;; -- passes through nested handles (of any effect) to its own handle, which may
;; -- be several instances out when handlers are installed recursively.
;; -- expect: -16|-1 30|1100|quit at 7, after 3 strings
;; effect Abandon {
;;   op abandon(String -> Int);
;; }
;; 
;; effect Check {
;;   op check(Int -> Int);
;; }
;; 
;; effect Quit {
;;   op quit(Int -> Unit);
;; }
;; 
;; private fn safe_div(@Int, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Abandon>)
;; {
;;   if @Int.0 == 0 then {
;;     abandon("division by zero")
;;   } else {
;;     @Int.1 / @Int.0
;;   }
;; }
;; 
;; -- check doubles values up to 100 and ends the handle with -1 on a larger one.
;; private fn checked_sum(@Int, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Check] {
;;     check(@Int) -> { if @Int.0 > 100 then { -1 } else { resume(@Int.0 * 2) } }
;;   } in {
;;     check(@Int.1) + check(@Int.0)
;;   }
;; }
;; 
;; -- Level k installs a handler whose clause re-raises the abandon to the
;; -- enclosing handler unless k is 2; level 2 ends its handle with 1000.
;; private fn levels(@Nat -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(<Abandon>)
;; {
;;   handle[Abandon] {
;;     abandon(@String) -> { if @Nat.0 == 2 then { 1000 } else { abandon(@String.0) } }
;;   } in {
;;     if @Nat.0 == 0 then {
;;       abandon("bottom")
;;     } else {
;;       levels(@Nat.0 - 1) + 100
;;     }
;;   }
;; }
;; 
;; -- Builds strings before quitting; the quitting clause builds the value.
;; private fn busy(@Int -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<Quit>)
;; {
;;   let @String = string_concat("a", int_to_string(@Int.0));
;;   let @String = string_concat(@String.0, "b");
;;   quit(@Int.0);
;;   let @String = string_concat(@String.0, "never");
;;   ()
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   -- "division by zero" has 16 bytes.
;;   let @Int = handle[Abandon] {
;;     abandon(@String) -> { 0 - string_length(@String.0) }
;;   } in {
;;     safe_div(10, 0) + 1
;;   };
;;   IO.print(int_to_string(@Int.0));
;;   IO.print("|");
;;   -- 5 * 2 + 10 * 2 = 30; 500 is too large.
;;   IO.print(int_to_string(checked_sum(5, 500)));
;;   IO.print(" ");
;;   IO.print(int_to_string(checked_sum(5, 10)));
;;   IO.print("|");
;;   -- levels(2) ends with 1000, levels(3) adds 100; the outermost handler here
;;   -- is never reached.
;;   let @Int = handle[Abandon] {
;;     abandon(@String) -> { -5 }
;;   } in {
;;     levels(3)
;;   };
;;   IO.print(int_to_string(@Int.0));
;;   IO.print("|");
;;   let @String = handle[Quit] {
;;     quit(@Int) -> { string_concat("quit at ", int_to_string(@Int.0)) }
;;   } in {
;;     busy(7);
;;     "not reached"
;;   };
;;   let @String = string_concat(@String.0, ", after 3 strings");
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
  (type $fn_i32->i64 (func (param i32 i32) (result i64)))
  (type $fn_i64->none (func (param i32 i64)))
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

  ;; Tags that end a handle from a clause: the handler record, then the value
  (tag $abort.i32 (param i32 i32))
  (tag $abort.i64 (param i32 i64))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\10\00\00\00division by zero"  ;; 8 = "division by zero"
    "T\00\00\00Unhandled effect operation Abandon.abandon in safe_div: no enclosing handle[Abandon]"  ;; 28 = "Unhandled effect operation Abandon.aband"
    "Q\00\00\00Unhandled effect operation Check.check in checked_sum: no enclosing handle[Check]\00\00\00"  ;; 116 = "Unhandled effect operation Check.check i"
    "\06\00\00\00bottom\00\00"  ;; 204 = "bottom"
    "R\00\00\00Unhandled effect operation Abandon.abandon in levels: no enclosing handle[Abandon]\00\00"  ;; 216 = "Unhandled effect operation Abandon.aband"
    "\01\00\00\00a\00\00\00"  ;; 304 = "a"
    "\01\00\00\00b\00\00\00"  ;; 312 = "b"
    "G\00\00\00Unhandled effect operation Quit.quit in busy: no enclosing handle[Quit]\00"  ;; 320 = "Unhandled effect operation Quit.quit in "
    "\05\00\00\00never\00\00\00"  ;; 396 = "never"
    "\01\00\00\00|\00\00\00"  ;; 408 = "|"
    "\01\00\00\00 \00\00\00"  ;; 416 = " "
    "\0b\00\00\00not reached\00"  ;; 424 = "not reached"
    "\11\00\00\00, after 3 strings\00\00\00"  ;; 440 = ", after 3 strings"
    "\08\00\00\00quit at "  ;; 464 = "quit at "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 480))

  ;; The innermost handler record of each user-defined effect (0: none)
  (global $handler.Abandon (mut i32) (i32.const 0))
  (global $handler.Check (mut i32) (i32.const 0))
  (global $handler.Quit (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $handler.Abandon))
    (call $mark (global.get $handler.Check))
    (call $mark (global.get $handler.Quit)))

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 5 funcref)
  (elem (i32.const 0) func $checked_sum.check $levels.abandon $main.abandon $main.abandon.2 $main.quit)

  ;; ---- The program ----

  ;; fn safe_div(@Int, @Int -> @Int)   -- handler_abort.vera:18-28
  (func $safe_div (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $frame_0 i32)
    (local $handler_0 i32)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i64)
      (i64.eq (local.get $int_1) (i64.const 0))
      (then
        (block (result i64)
          ;; Abandon.abandon: call the clause of the innermost handler
          (local.set $handler_0 (global.get $handler.Abandon))
          (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 28)) unreachable))
          (call_indirect (type $fn_i32->i64)
            (local.get $handler_0)
            (i32.const 8)
            (i32.load offset=4 (local.get $handler_0)))))
      (else
        (block (result i64)
          (local.set $dividend_0 (local.get $int_0))
          (local.set $divisor_0 (local.get $int_1))
          ;; x / -1 is -x, which wraps for -2^63 instead of trapping
          (if (result i64)
            (i64.eq (local.get $divisor_0) (i64.const -1))
            (then (i64.sub (i64.const 0) (local.get $dividend_0)))
            (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0)))))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn checked_sum(@Int, @Int -> @Int)   -- handler_abort.vera:31-41
  (func $checked_sum (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $sp_0 i32)
    (local $handler_1 i32)
    (local $handler_2 i32)
    (local $aborted_value_0 i64)
    (local $aborted_record_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      ;; handle[Check]: a record of its clauses, installed in $handler.Check
      (local.set $outer_handler_0 (global.get $handler.Check))
      (local.set $sp_0 (global.get $gc_sp))
      (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
      (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
      (i32.store offset=4 (local.get $handler_0) (i32.const 0 (; $checked_sum.check ;)))
      (global.set $handler.Check (local.get $handler_0))
      (block $done_0 (result i64)
        (block $aborted_0 (result i32 i64)
          (block $unwinding_0 (result exnref)
            (try_table (result i64) (catch $abort.i64 $aborted_0) (catch_all_ref $unwinding_0)
              (i64.add
                (block (result i64)
                  ;; Check.check: call the clause of the innermost handler
                  (local.set $handler_1 (global.get $handler.Check))
                  (if
                    (i32.eqz (local.get $handler_1))
                    (then (call $vera.fail (i32.const 116)) unreachable))
                  (call_indirect (type $fn_i64->i64)
                    (local.get $handler_1)
                    (local.get $int_0)
                    (i32.load offset=4 (local.get $handler_1))))
                (block (result i64)
                  ;; Check.check: call the clause of the innermost handler
                  (local.set $handler_2 (global.get $handler.Check))
                  (if
                    (i32.eqz (local.get $handler_2))
                    (then (call $vera.fail (i32.const 116)) unreachable))
                  (call_indirect (type $fn_i64->i64)
                    (local.get $handler_2)
                    (local.get $int_1)
                    (i32.load offset=4 (local.get $handler_2))))))
            ;; the body ended: uninstall the handler
            (global.set $handler.Check (local.get $outer_handler_0))
            (br $done_0))
          ;; an exception leaves the body: uninstall the handler, let it go on
          (global.set $handler.Check (local.get $outer_handler_0))
          throw_ref)
        ;; a clause ended a handle with a value: this one's?
        (local.set $aborted_value_0)
        (local.set $aborted_record_0)
        (global.set $handler.Check (local.get $outer_handler_0))
        (if
          (i32.ne (local.get $aborted_record_0) (local.get $handler_0))
          (then (throw $abort.i64 (local.get $aborted_record_0) (local.get $aborted_value_0))))
        (global.set $gc_sp (local.get $sp_0))
        (local.get $aborted_value_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn levels(@Nat -> @Int)   -- handler_abort.vera:45-60
  (func $levels (param $nat_0 i64) (result i64)
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $sp_0 i32)
    (local $handler_1 i32)
    (local $aborted_value_0 i64)
    (local $aborted_record_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i64)
      ;; handle[Abandon]: a record of its clauses, installed in $handler.Abandon
      (local.set $outer_handler_0 (global.get $handler.Abandon))
      (local.set $sp_0 (global.get $gc_sp))
      (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
      (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
      (i32.store offset=4 (local.get $handler_0) (i32.const 1 (; $levels.abandon ;)))
      (i64.store offset=8 (local.get $handler_0) (local.get $nat_0))
      (global.set $handler.Abandon (local.get $handler_0))
      (block $done_0 (result i64)
        (block $aborted_0 (result i32 i64)
          (block $unwinding_0 (result exnref)
            (try_table (result i64) (catch $abort.i64 $aborted_0) (catch_all_ref $unwinding_0)
              (if (result i64)
                (i64.eq (local.get $nat_0) (i64.const 0))
                (then
                  (block (result i64)
                    ;; Abandon.abandon: call the clause of the innermost handler
                    (local.set $handler_1 (global.get $handler.Abandon))
                    (if
                      (i32.eqz (local.get $handler_1))
                      (then (call $vera.fail (i32.const 216)) unreachable))
                    (call_indirect (type $fn_i32->i64)
                      (local.get $handler_1)
                      (i32.const 204)
                      (i32.load offset=4 (local.get $handler_1)))))
                (else
                  (i64.add
                    (call $levels (i64.sub (local.get $nat_0) (i64.const 1)))
                    (i64.const 100)))))
            ;; the body ended: uninstall the handler
            (global.set $handler.Abandon (local.get $outer_handler_0))
            (br $done_0))
          ;; an exception leaves the body: uninstall the handler, let it go on
          (global.set $handler.Abandon (local.get $outer_handler_0))
          throw_ref)
        ;; a clause ended a handle with a value: this one's?
        (local.set $aborted_value_0)
        (local.set $aborted_record_0)
        (global.set $handler.Abandon (local.get $outer_handler_0))
        (if
          (i32.ne (local.get $aborted_record_0) (local.get $handler_0))
          (then (throw $abort.i64 (local.get $aborted_record_0) (local.get $aborted_value_0))))
        (global.set $gc_sp (local.get $sp_0))
        (local.get $aborted_value_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn busy(@Int -> @Unit)   -- handler_abort.vera:63-73
  (func $busy (param $int_0 i64)
    (local $frame_0 i32)
    (local $string_0 i32)
    (local $string_1 i32)
    (local $handler_0 i32)
    (local $string_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_0
      (call $gc_keep
        (call $string_concat
          (i32.const 304)
          (call $gc_keep (call $int_to_string (local.get $int_0))))))
    (local.set $string_1
      (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 312))))
    (block
      ;; Quit.quit: call the clause of the innermost handler
      (local.set $handler_0 (global.get $handler.Quit))
      (if (i32.eqz (local.get $handler_0)) (then (call $vera.fail (i32.const 320)) unreachable))
      (call_indirect (type $fn_i64->none)
        (local.get $handler_0)
        (local.get $int_0)
        (i32.load offset=4 (local.get $handler_0))))
    (local.set $string_2
      (call $gc_keep (call $string_concat (local.get $string_1) (i32.const 396))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- handler_abort.vera:75-110
  (func $main (export "main")
    (local $frame_0 i32)
    (local $outer_handler_0 i32)
    (local $handler_0 i32)
    (local $sp_0 i32)
    (local $aborted_value_0 i64)
    (local $aborted_record_0 i32)
    (local $int_0 i64)
    (local $outer_handler_1 i32)
    (local $handler_1 i32)
    (local $sp_1 i32)
    (local $aborted_value_1 i64)
    (local $aborted_record_1 i32)
    (local $int_1 i64)
    (local $outer_handler_2 i32)
    (local $handler_2 i32)
    (local $sp_2 i32)
    (local $aborted_value_2 i32)
    (local $aborted_record_2 i32)
    (local $string_0 i32)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_0
      (block (result i64)
        ;; handle[Abandon]: a record of its clauses, installed in $handler.Abandon
        (local.set $outer_handler_0 (global.get $handler.Abandon))
        (local.set $sp_0 (global.get $gc_sp))
        (local.set $handler_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_0) (local.get $outer_handler_0))
        (i32.store offset=4 (local.get $handler_0) (i32.const 2 (; $main.abandon ;)))
        (global.set $handler.Abandon (local.get $handler_0))
        (block $done_0 (result i64)
          (block $aborted_0 (result i32 i64)
            (block $unwinding_0 (result exnref)
              (try_table (result i64) (catch $abort.i64 $aborted_0) (catch_all_ref $unwinding_0)
                (i64.add (call $safe_div (i64.const 10) (i64.const 0)) (i64.const 1)))
              ;; the body ended: uninstall the handler
              (global.set $handler.Abandon (local.get $outer_handler_0))
              (br $done_0))
            ;; an exception leaves the body: uninstall the handler, let it go on
            (global.set $handler.Abandon (local.get $outer_handler_0))
            throw_ref)
          ;; a clause ended a handle with a value: this one's?
          (local.set $aborted_value_0)
          (local.set $aborted_record_0)
          (global.set $handler.Abandon (local.get $outer_handler_0))
          (if
            (i32.ne (local.get $aborted_record_0) (local.get $handler_0))
            (then (throw $abort.i64 (local.get $aborted_record_0) (local.get $aborted_value_0))))
          (global.set $gc_sp (local.get $sp_0))
          (local.get $aborted_value_0))))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (call $vera.print (i32.const 408))
    (call $vera.print (call $int_to_string (call $checked_sum (i64.const 5) (i64.const 500))))
    (call $vera.print (i32.const 416))
    (call $vera.print (call $int_to_string (call $checked_sum (i64.const 5) (i64.const 10))))
    (call $vera.print (i32.const 408))
    (local.set $int_1
      (block (result i64)
        ;; handle[Abandon]: a record of its clauses, installed in $handler.Abandon
        (local.set $outer_handler_1 (global.get $handler.Abandon))
        (local.set $sp_1 (global.get $gc_sp))
        (local.set $handler_1 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_1) (local.get $outer_handler_1))
        (i32.store offset=4 (local.get $handler_1) (i32.const 3 (; $main.abandon.2 ;)))
        (global.set $handler.Abandon (local.get $handler_1))
        (block $done_1 (result i64)
          (block $aborted_1 (result i32 i64)
            (block $unwinding_1 (result exnref)
              (try_table (result i64) (catch $abort.i64 $aborted_1) (catch_all_ref $unwinding_1)
                (call $levels (i64.const 3)))
              ;; the body ended: uninstall the handler
              (global.set $handler.Abandon (local.get $outer_handler_1))
              (br $done_1))
            ;; an exception leaves the body: uninstall the handler, let it go on
            (global.set $handler.Abandon (local.get $outer_handler_1))
            throw_ref)
          ;; a clause ended a handle with a value: this one's?
          (local.set $aborted_value_1)
          (local.set $aborted_record_1)
          (global.set $handler.Abandon (local.get $outer_handler_1))
          (if
            (i32.ne (local.get $aborted_record_1) (local.get $handler_1))
            (then (throw $abort.i64 (local.get $aborted_record_1) (local.get $aborted_value_1))))
          (global.set $gc_sp (local.get $sp_1))
          (local.get $aborted_value_1))))
    (call $vera.print (call $int_to_string (local.get $int_1)))
    (call $vera.print (i32.const 408))
    (local.set $string_0
      (block (result i32)
        ;; handle[Quit]: a record of its clauses, installed in $handler.Quit
        (local.set $outer_handler_2 (global.get $handler.Quit))
        (local.set $sp_2 (global.get $gc_sp))
        (local.set $handler_2 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
        (i32.store offset=0 (local.get $handler_2) (local.get $outer_handler_2))
        (i32.store offset=4 (local.get $handler_2) (i32.const 4 (; $main.quit ;)))
        (global.set $handler.Quit (local.get $handler_2))
        (block $done_2 (result i32)
          (block $aborted_2 (result i32 i32)
            (block $unwinding_2 (result exnref)
              (try_table (result i32) (catch $abort.i32 $aborted_2) (catch_all_ref $unwinding_2)
                (call $busy (i64.const 7))
                (i32.const 424))
              ;; the body ended: uninstall the handler
              (global.set $handler.Quit (local.get $outer_handler_2))
              (br $done_2))
            ;; an exception leaves the body: uninstall the handler, let it go on
            (global.set $handler.Quit (local.get $outer_handler_2))
            throw_ref)
          ;; a clause ended a handle with a value: this one's?
          (local.set $aborted_value_2)
          (local.set $aborted_record_2)
          (global.set $handler.Quit (local.get $outer_handler_2))
          (if
            (i32.ne (local.get $aborted_record_2) (local.get $handler_2))
            (then (throw $abort.i32 (local.get $aborted_record_2) (local.get $aborted_value_2))))
          (global.set $gc_sp (local.get $sp_2))
          (call $gc_push (local.get $aborted_value_2))
          (local.get $aborted_value_2))))
    (local.set $string_1
      (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 440))))
    (call $vera.print (local.get $string_1))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause check of handle[Check] in checked_sum   -- handler_abort.vera:37
  (func $checked_sum.check (param $handler i32) (param $int_0 i64) (result i64)
    ;; while the clause runs, an operation of Check goes to the enclosing handler
    (global.set $handler.Check (i32.load offset=0 (local.get $handler)))
    (if (result i64)
      (i64.gt_s (local.get $int_0) (i64.const 100))
      (then
        ;; no resume: this value ends the handle
        (throw $abort.i64 (local.get $handler) (i64.sub (i64.const 0) (i64.const 1))))
      (else (i64.mul (local.get $int_0) (i64.const 2))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Check (local.get $handler)))

  ;; clause abandon of handle[Abandon] in levels   -- handler_abort.vera:52
  (func $levels.abandon (param $handler i32) (param $string_0 i32) (result i64)
    (local $frame_0 i32)
    (local $nat_0 i64)
    (local $handler_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    ;; the handler's state and captured bindings, from its record
    (local.set $nat_0 (i64.load offset=8 (local.get $handler)))
    ;; while the clause runs, an operation of Abandon goes to the enclosing handler
    (global.set $handler.Abandon (i32.load offset=0 (local.get $handler)))
    (block $ok_0 (result i64)
      (block $unwinding_0 (result exnref)
        (try_table (result i64) (catch_all_ref $unwinding_0)
          (if (result i64)
            (i64.eq (local.get $nat_0) (i64.const 2))
            (then
              ;; no resume: this value ends the handle
              (throw $abort.i64 (local.get $handler) (i64.const 1000)))
            (else
              ;; no resume: this value ends the handle
              (throw $abort.i64
                (local.get $handler)
                (block (result i64)
                  ;; Abandon.abandon: call the clause of the innermost handler
                  (local.set $handler_0 (global.get $handler.Abandon))
                  (if
                    (i32.eqz (local.get $handler_0))
                    (then (call $vera.fail (i32.const 216)) unreachable))
                  (call_indirect (type $fn_i32->i64)
                    (local.get $handler_0)
                    (local.get $string_0)
                    (i32.load offset=4 (local.get $handler_0))))))))
        (br $ok_0))
      ;; an exception leaves the body: put things back, then let it go on
      (global.set $handler.Abandon (local.get $handler))
      throw_ref)
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Abandon (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))

  ;; clause abandon of handle[Abandon] in main   -- handler_abort.vera:82
  (func $main.abandon (param $handler i32) (param $string_0 i32) (result i64)
    ;; while the clause runs, an operation of Abandon goes to the enclosing handler
    (global.set $handler.Abandon (i32.load offset=0 (local.get $handler)))
    ;; no resume: this value ends the handle
    (throw $abort.i64
      (local.get $handler)
      (i64.sub (i64.const 0) (i64.extend_i32_u (i32.load offset=0 (local.get $string_0)))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Abandon (local.get $handler)))

  ;; clause abandon of handle[Abandon] in main   -- handler_abort.vera:96
  (func $main.abandon.2 (param $handler i32) (param $string_0 i32) (result i64)
    ;; while the clause runs, an operation of Abandon goes to the enclosing handler
    (global.set $handler.Abandon (i32.load offset=0 (local.get $handler)))
    ;; no resume: this value ends the handle
    (throw $abort.i64 (local.get $handler) (i64.sub (i64.const 0) (i64.const 5)))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Abandon (local.get $handler)))

  ;; clause quit of handle[Quit] in main   -- handler_abort.vera:103
  (func $main.quit (param $handler i32) (param $int_0 i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    ;; while the clause runs, an operation of Quit goes to the enclosing handler
    (global.set $handler.Quit (i32.load offset=0 (local.get $handler)))
    ;; no resume: this value ends the handle
    (throw $abort.i32
      (local.get $handler)
      (call $string_concat (i32.const 464) (call $gc_keep (call $int_to_string (local.get $int_0)))))
    ;; resumed: the handler is back in place for the rest of its body
    (global.set $handler.Quit (local.get $handler))
    (global.set $gc_sp (local.get $frame_0)))
)
