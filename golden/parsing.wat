;; ---- SOURCE tests/programs/parsing.vera
;; -- parse_nat skips surrounding white space and rejects blanks; parse_float64 reads
;; -- the longest number at the start of the string.
;; -- expect: 42 invalid Nat -3.25 0.0
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(match parse_nat("  42 ") { Ok(@Nat) -> nat_to_string(@Nat.0), Err(@String) -> @String.0 });
;;   IO.print(" ");
;;   IO.print(match parse_nat(" ") { Ok(@Nat) -> nat_to_string(@Nat.0), Err(@String) -> @String.0 });
;;   IO.print(" ");
;;   IO.print(float_to_string(parse_float64(" -3.25xyz")));
;;   IO.print(" ");
;;   IO.print(float_to_string(parse_float64("abc")))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))
  (import "vera" "float_to_string" (func $vera.float_to_string (param f64) (result i32)))
  (import "vera" "parse_float64" (func $vera.parse_float64 (param i32) (result f64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\05\00\00\00  42 \00\00\00"  ;; 8 = "  42 "
    "\0b\00\00\00invalid Nat\00"  ;; 20 = "invalid Nat"
    "\01\00\00\00 \00\00\00"  ;; 36 = " "
    "\09\00\00\00 -3.25xyz\00\00\00"  ;; 44 = " -3.25xyz"
    "\03\00\00\00abc"  ;; 60 = "abc"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 72))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Unit)   -- parsing.vera:4-16
  (func $main (export "main")
    (local $frame_0 i32)
    (local $scrutinee_0 i32)
    (local $parsed_0 i64)
    (local $result_0 i32)
    (local $result_1 i32)
    (local $nat_0 i64)
    (local $string_0 i32)
    (local $scrutinee_1 i32)
    (local $parsed_1 i64)
    (local $result_2 i32)
    (local $result_3 i32)
    (local $nat_1 i64)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print
      (block (result i32)
        (local.set $scrutinee_0
          (call $gc_keep
            (block (result i32)
              (local.set $parsed_0 (call $parse_nat (i32.const 8)))
              (if (result i32)
                (i64.ge_s (local.get $parsed_0) (i64.const 0))
                (then
                  (local.set $result_0 (call $alloc (i32.const 16) (i32.const 1)))
                  (i32.store offset=0 (local.get $result_0) (i32.const 0))
                  (i64.store offset=8 (local.get $result_0) (local.get $parsed_0))
                  (local.get $result_0))
                (else
                  (local.set $result_1 (call $alloc (i32.const 8) (i32.const 0)))
                  (i32.store offset=0 (local.get $result_1) (i32.const 1))
                  (i32.store offset=4 (local.get $result_1) (i32.const 20))
                  (local.get $result_1))))))
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
          (then
            ;; Ok(@Nat)   -- line 9
            (local.set $nat_0 (i64.load offset=8 (local.get $scrutinee_0)))
            (call $int_to_string (local.get $nat_0)))
          (else
            ;; Err(@String)   -- line 9
            (local.set $string_0 (i32.load offset=4 (local.get $scrutinee_0)))
            (local.get $string_0)))))
    (call $vera.print (i32.const 36))
    (call $vera.print
      (block (result i32)
        (local.set $scrutinee_1
          (call $gc_keep
            (block (result i32)
              (local.set $parsed_1 (call $parse_nat (i32.const 36)))
              (if (result i32)
                (i64.ge_s (local.get $parsed_1) (i64.const 0))
                (then
                  (local.set $result_2 (call $alloc (i32.const 16) (i32.const 1)))
                  (i32.store offset=0 (local.get $result_2) (i32.const 0))
                  (i64.store offset=8 (local.get $result_2) (local.get $parsed_1))
                  (local.get $result_2))
                (else
                  (local.set $result_3 (call $alloc (i32.const 8) (i32.const 0)))
                  (i32.store offset=0 (local.get $result_3) (i32.const 1))
                  (i32.store offset=4 (local.get $result_3) (i32.const 20))
                  (local.get $result_3))))))
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $scrutinee_1)) (i32.const 0))
          (then
            ;; Ok(@Nat)   -- line 11
            (local.set $nat_1 (i64.load offset=8 (local.get $scrutinee_1)))
            (call $int_to_string (local.get $nat_1)))
          (else
            ;; Err(@String)   -- line 11
            (local.set $string_1 (i32.load offset=4 (local.get $scrutinee_1)))
            (local.get $string_1)))))
    (call $vera.print (i32.const 36))
    (call $vera.print (call $vera.float_to_string (call $vera.parse_float64 (i32.const 44))))
    (call $vera.print (i32.const 36))
    (call $vera.print (call $vera.float_to_string (call $vera.parse_float64 (i32.const 60))))
    (global.set $gc_sp (local.get $frame_0)))
)
