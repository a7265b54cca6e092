;; ---- SOURCE tests/programs/exceptions_cross.vera
;; -- Exn<String>: a throw three calls deep is caught by the handler, and the
;; -- handler's value replaces the body's.
;; -- expect: caught: too big|fine
;; private fn check(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<String>>)
;; {
;;   if @Int.0 > 10 then {
;;     throw("too big")
;;   } else {
;;     @Int.0
;;   }
;; }
;; 
;; private fn twice(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<String>>)
;; {
;;   check(@Int.0) + check(@Int.0 * 2)
;; }
;; 
;; private fn describe(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Exn<String>] {
;;     throw(@String) -> { string_concat("caught: ", @String.0) }
;;   } in {
;;     let @Int = twice(@Int.0);
;;     "fine"
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(describe(6));
;;   IO.print("|");
;;   IO.print(describe(3))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<String> (param i32))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\07\00\00\00too big\00"  ;; 8 = "too big"
    "\04\00\00\00fine"  ;; 20 = "fine"
    "\08\00\00\00caught: "  ;; 28 = "caught: "
    "\01\00\00\00|"  ;; 40 = "|"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 48))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn check(@Int -> @Int)   -- exceptions_cross.vera:4-14
  (func $check (param $int_0 i64) (result i64)
    (if (result i64)
      (i64.gt_s (local.get $int_0) (i64.const 10))
      (then (throw $exn<String> (i32.const 8)))
      (else (local.get $int_0))))

  ;; fn twice(@Int -> @Int)   -- exceptions_cross.vera:16-22
  (func $twice (param $int_0 i64) (result i64)
    (i64.add
      (call $check (local.get $int_0))
      (call $check (i64.mul (local.get $int_0) (i64.const 2)))))

  ;; fn describe(@Int -> @String)   -- exceptions_cross.vera:24-35
  (func $describe (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $sp_0 i32)
    (local $int_1 i64)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $sp_0 (global.get $gc_sp))
    (block $handled_0 (result i32)
      ;; handle[Exn<String>]: a throw of String in the body lands in $caught_0
      (block $caught_0 (result i32)
        (try_table (result i32) (catch $exn<String> $caught_0)
          (local.set $int_1 (call $twice (local.get $int_0)))
          (i32.const 20))
        ;; no throw: the body's value is the handle's value
        (br $handled_0))
      ;; thrown: run the clause with the thrown value
      (local.set $string_0)
      (global.set $gc_sp (local.get $sp_0))
      (call $gc_push (local.get $string_0))
      (call $string_concat (i32.const 28) (local.get $string_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- exceptions_cross.vera:37-45
  (func $main (export "main")
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print (call $describe (i64.const 6)))
    (call $vera.print (i32.const 40))
    (call $vera.print (call $describe (i64.const 3)))
    (global.set $gc_sp (local.get $frame_0)))
)
