;; ---- SOURCE tests/programs/nested_same_handlers.vera
;; -- Found by the program generator:
;; -- - inside two nested handlers of one State<T>, `put`'s argument takes its type
;; --   from the state (the literal 3 in Some(3) is a Nat), and the innermost
;; --   handler's cell is the one written;
;; -- - a Unit match whose only arm is `_ -> ()` compiles (the WAT comment naming
;; --   the arm no longer swallows the function's closing parenthesis).
;; -- expect: Some(3) None|7
;; private fn ignore(@Option<Int> -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Option<Int>.0 {
;;     _ -> ()
;;   }
;; }
;; 
;; private fn show(@Option<Nat> -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Option<Nat>.0 {
;;     Some(@Nat) -> string_concat("Some(", string_concat(nat_to_string(@Nat.0), ")")),
;;     None -> "None"
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @String = handle[State<Option<Nat>>](@Option<Nat> = None) {
;;     get(@Unit) -> { resume(@Option<Nat>.0) },
;;     put(@Option<Nat>) -> { resume(()) } with @Option<Nat> = @Option<Nat>.0
;;   } in {
;;     let @String = handle[State<Option<Nat>>](@Option<Nat> = None) {
;;       get(@Unit) -> { resume(@Option<Nat>.0) },
;;       put(@Option<Nat>) -> { resume(()) } with @Option<Nat> = @Option<Nat>.0
;;     } in {
;;       put(Some(3));
;;       show(get(()))
;;     };
;;     string_concat(@String.0, string_concat(" ", show(get(()))))
;;   };
;;   IO.print(@String.0);
;;   IO.print("|");
;;   ignore(Some(1));
;;   IO.print("7")
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
    "\05\00\00\00Some(\00\00\00"  ;; 8 = "Some("
    "\01\00\00\00)\00\00\00"  ;; 20 = ")"
    "\04\00\00\00None"  ;; 28 = "None"
    "\00\00\00\00\01\00\00\00"  ;; 36 = the tags 0..1
    "q\00\00\00State<Option<Nat>> read in main before any value was set: no handle[State<Option<Nat>>] gives it an initial value\00\00\00"  ;; 44 = "State<Option<Nat>> read in main before a"
    "\01\00\00\00 \00\00\00"  ;; 164 = " "
    "\01\00\00\00|\00\00\00"  ;; 172 = "|"
    "\01\00\00\007"  ;; 180 = "7"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 192))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Option<Nat>> (mut i32) (i32.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals
    (call $mark (global.get $state<Option<Nat>>)))

  ;; ---- The program ----

  ;; fn ignore(@Option<Int> -> @Unit)   -- nested_same_handlers.vera:8-16
  (func $ignore (param $option_int_0 i32)
    ;; _   -- line 14
  )

  ;; fn show(@Option<Nat> -> @String)   -- nested_same_handlers.vera:18-27
  (func $show (param $option_nat_0 i32) (result i32)
    (local $frame_0 i32)
    (local $nat_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $option_nat_0))
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $option_nat_0)) (i32.const 0))
      (then
        ;; Some(@Nat)   -- line 24
        (local.set $nat_0 (i64.load offset=8 (local.get $option_nat_0)))
        (call $string_concat
          (i32.const 8)
          (call $gc_keep
            (call $string_concat
              (call $gc_keep (call $int_to_string (local.get $nat_0)))
              (i32.const 20)))))
      (else
        ;; None   -- line 25
        (i32.const 28)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- nested_same_handlers.vera:29-51
  (func $main (export "main")
    (local $frame_0 i32)
    (local $outer_state_0 i32)
    (local $outer_state_1 i32)
    (local $some_0 i32)
    (local $string_0 i32)
    (local $string_1 i32)
    (local $some_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_1
      (block (result i32)
        ;; handle[State<Option<Nat>>]: save the outer state, set the initial one
        (local.set $outer_state_0 (global.get $state<Option<Nat>>))
        (call $gc_push (local.get $outer_state_0))
        (global.set $state<Option<Nat>> (i32.const 40 (; None ;)))
        (local.set $string_0
          (block (result i32)
            ;; handle[State<Option<Nat>>]: save the outer state, set the initial one
            (local.set $outer_state_1 (global.get $state<Option<Nat>>))
            (call $gc_push (local.get $outer_state_1))
            (global.set $state<Option<Nat>> (i32.const 40 (; None ;)))
            (global.set $state<Option<Nat>>
              (block (result i32)
                ;; Some: 16 bytes, no pointers
                (local.set $some_0 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $some_0) (i32.const 0))
                (i64.store offset=8 (local.get $some_0) (i64.const 3))
                (local.get $some_0)))
            (call $gc_keep
              (call $show
                (block (result i32)
                  (if
                    (i32.eqz (global.get $state<Option<Nat>>))
                    (then (call $vera.fail (i32.const 44)) unreachable))
                  (global.get $state<Option<Nat>>))))
            ;; the body ended: the outer state again
            (global.set $state<Option<Nat>> (local.get $outer_state_1))))
        (call $gc_keep
          (call $string_concat
            (local.get $string_0)
            (call $gc_keep
              (call $string_concat
                (i32.const 164)
                (call $gc_keep
                  (call $show
                    (block (result i32)
                      (if
                        (i32.eqz (global.get $state<Option<Nat>>))
                        (then (call $vera.fail (i32.const 44)) unreachable))
                      (global.get $state<Option<Nat>>))))))))
        ;; the body ended: the outer state again
        (global.set $state<Option<Nat>> (local.get $outer_state_0))))
    (call $vera.print (local.get $string_1))
    (call $vera.print (i32.const 172))
    (call $ignore
      (block (result i32)
        ;; Some: 16 bytes, no pointers
        (local.set $some_1 (call $alloc (i32.const 16) (i32.const 1)))
        (i32.store offset=0 (local.get $some_1) (i32.const 0))
        (i64.store offset=8 (local.get $some_1) (i64.const 1))
        (local.get $some_1)))
    (call $vera.print (i32.const 180))
    (global.set $gc_sp (local.get $frame_0)))
)
