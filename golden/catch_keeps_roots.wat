;; ---- SOURCE tests/programs/catch_keeps_roots.vera
;; -- Catching an exception keeps the catching function's own roots. `greet` holds
;; -- its parameter and a string it built before the handle; the callee allocates
;; -- before it throws, and more strings are built after the catch. Under
;; -- --gc-stress every allocation collects, so a lost root would be freed and
;; -- overwritten.
;; -- expect: hello, world|caught 3|hello!
;; private fn fail_after_work(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<Int>>)
;; {
;;   -- "1" doubled is "11", two bytes: the thrown value is 2 + 1 = 3.
;;   let @String = int_to_string(@Int.0);
;;   let @String = string_concat(@String.0, @String.0);
;;   throw(string_length(@String.0) + 1)
;; }
;; 
;; private fn greet(@String -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @String = string_concat(@String.0, ", world");
;;   let @Int = handle[Exn<Int>] {
;;     throw(@Int) -> { @Int.0 }
;;   } in {
;;     fail_after_work(1)
;;   };
;;   let @String = string_concat("caught ", int_to_string(@Int.0));
;;   -- @String.0 = "caught 3", @String.1 = "hello, world", @String.2 = "hello"
;;   string_concat(string_concat(@String.1, "|"), string_concat(@String.0, string_concat("|", string_concat(@String.2, "!"))))
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(greet(string_concat("hel", "lo")))
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
    "\07\00\00\00, world\00"  ;; 8 = ", world"
    "\07\00\00\00caught \00"  ;; 20 = "caught "
    "\01\00\00\00|\00\00\00"  ;; 32 = "|"
    "\01\00\00\00!\00\00\00"  ;; 40 = "!"
    "\03\00\00\00hel\00"  ;; 48 = "hel"
    "\02\00\00\00lo"  ;; 56 = "lo"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 64))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn fail_after_work(@Int -> @Int)   -- catch_keeps_roots.vera:7-16
  (func $fail_after_work (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $string_0 i32)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_0 (call $gc_keep (call $int_to_string (local.get $int_0))))
    (local.set $string_1
      (call $gc_keep (call $string_concat (local.get $string_0) (local.get $string_0))))
    (throw $exn<Int>
      (i64.add (i64.extend_i32_u (i32.load offset=0 (local.get $string_1))) (i64.const 1)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn greet(@String -> @String)   -- catch_keeps_roots.vera:18-32
  (func $greet (param $string_0 i32) (result i32)
    (local $frame_0 i32)
    (local $string_1 i32)
    (local $sp_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $string_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (local.set $string_1 (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 8))))
    (local.set $int_1
      (block (result i64)
        (local.set $sp_0 (global.get $gc_sp))
        (block $handled_0 (result i64)
          ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
          (block $caught_0 (result i64)
            (try_table (result i64) (catch $exn<Int> $caught_0)
              (call $fail_after_work (i64.const 1)))
            ;; no throw: the body's value is the handle's value
            (br $handled_0))
          ;; thrown: run the clause with the thrown value
          (local.set $int_0)
          (global.set $gc_sp (local.get $sp_0))
          (local.get $int_0))))
    (local.set $string_2
      (call $gc_keep
        (call $string_concat
          (i32.const 20)
          (call $gc_keep (call $int_to_string (local.get $int_1))))))
    (call $string_concat
      (call $gc_keep (call $string_concat (local.get $string_1) (i32.const 32)))
      (call $gc_keep
        (call $string_concat
          (local.get $string_2)
          (call $gc_keep
            (call $string_concat
              (i32.const 32)
              (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 40))))))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- catch_keeps_roots.vera:34-40
  (func $main (export "main")
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print (call $greet (call $string_concat (i32.const 48) (i32.const 56))))
    (global.set $gc_sp (local.get $frame_0)))
)
