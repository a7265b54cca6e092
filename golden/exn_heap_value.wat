;; ---- SOURCE tests/programs/exn_heap_value.vera
;; -- A thrown heap string survives collections in the handler clause.
;; -- expect: 1caught big: 5!!
;; private fn risky(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<String>>)
;; {
;;   if @Int.0 > 2 then {
;;     throw(string_concat("big: ", int_to_string(@Int.0)))
;;   } else {
;;     @Int.0
;;   }
;; }
;; 
;; private fn safe(@Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Exn<String>] {
;;     throw(@String) -> { string_concat(string_concat("caught ", @String.0), string_concat("!", "!")) }
;;   } in {
;;     int_to_string(risky(@Int.0))
;;   }
;; }
;; 
;; public fn main(@Unit -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat(safe(1), safe(5))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<String> (param i32))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\05\00\00\00big: \00\00\00"  ;; 8 = "big: "
    "\07\00\00\00caught \00"  ;; 20 = "caught "
    "\01\00\00\00!"  ;; 32 = "!"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 40))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn risky(@Int -> @Int)   -- exn_heap_value.vera:3-13
  (func $risky (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i64)
      (i64.gt_s (local.get $int_0) (i64.const 2))
      (then
        (throw $exn<String>
          (call $string_concat
            (i32.const 8)
            (call $gc_keep (call $int_to_string (local.get $int_0))))))
      (else (local.get $int_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn safe(@Int -> @String)   -- exn_heap_value.vera:15-25
  (func $safe (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $sp_0 i32)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $sp_0 (global.get $gc_sp))
    (block $handled_0 (result i32)
      ;; handle[Exn<String>]: a throw of String in the body lands in $caught_0
      (block $caught_0 (result i32)
        (try_table (result i32) (catch $exn<String> $caught_0)
          (call $int_to_string (call $risky (local.get $int_0))))
        ;; no throw: the body's value is the handle's value
        (br $handled_0))
      ;; thrown: run the clause with the thrown value
      (local.set $string_0)
      (global.set $gc_sp (local.get $sp_0))
      (call $gc_push (local.get $string_0))
      (call $string_concat
        (call $gc_keep (call $string_concat (i32.const 20) (local.get $string_0)))
        (call $gc_keep (call $string_concat (i32.const 32) (i32.const 32)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @String)   -- exn_heap_value.vera:27-33
  (func $main (export "main") (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $string_concat
      (call $gc_keep (call $safe (i64.const 1)))
      (call $gc_keep (call $safe (i64.const 5))))
    (global.set $gc_sp (local.get $frame_0)))
)
