;; ---- SOURCE tests/programs/builtin_edges.vera
;; -- Built-ins at their edges, as chapters 4 and 8 define them:
;; -- - parse_nat accepts every Nat up to 2^63 - 1 and refuses 2^63;
;; -- - float_to_string keeps at most six digits after the point, trailing zeros
;; --   dropped but one digit kept, also for large whole numbers;
;; -- - Int division truncates and wraps: -2^63 / -1 is -2^63, -7 / 2 is -3,
;; --   -7 % 2 is -1;
;; -- - strip removes spaces, tabs, newlines and carriage returns only.
;; -- expect: 9223372036854775807 Err|0.3 0.333333 10000000000000000.0 2.5|-9223372036854775808 -3 -1 0|2 x
;; private fn nat_text(@String -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match parse_nat(@String.0) {
;;     Ok(@Nat) -> nat_to_string(@Nat.0),
;;     Err(@String) -> "Err"
;;   }
;; }
;; 
;; private fn divide(@Int, @Int -> @Int)
;;   requires(@Int.0 != 0)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.1 / @Int.0
;; }
;; 
;; private fn remainder(@Int, @Int -> @Int)
;;   requires(@Int.0 != 0)
;;   ensures(true)
;;   effects(pure)
;; {
;;   @Int.1 % @Int.0
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(nat_text(" 9223372036854775807 "));
;;   IO.print(" ");
;;   IO.print(nat_text("9223372036854775808"));
;;   IO.print("|");
;;   IO.print(float_to_string(0.1 + 0.2));
;;   IO.print(" ");
;;   IO.print(float_to_string(1.0 / 3.0));
;;   IO.print(" ");
;;   IO.print(float_to_string(10000000000000000.0));
;;   IO.print(" ");
;;   IO.print(float_to_string(2.5));
;;   IO.print("|");
;;   -- The smallest Int, -2^63, written as -2^63 + 1 - 1.
;;   let @Int = -9223372036854775807 - 1;
;;   IO.print(int_to_string(divide(@Int.0, -1)));
;;   IO.print(" ");
;;   IO.print(int_to_string(divide(-7, 2)));
;;   IO.print(" ");
;;   IO.print(int_to_string(remainder(-7, 2)));
;;   IO.print(" ");
;;   IO.print(int_to_string(remainder(@Int.0, -1)));
;;   IO.print("|");
;;   -- A vertical tab (byte 11) is not white space for strip: stripping
;;   -- " " ++ "\x0bx" ++ "\t\n\r" leaves the two bytes "\x0bx".
;;   let @String = string_concat(byte_to_string(11), "x");
;;   IO.print(int_to_string(string_length(strip(string_concat(" ", string_concat(@String.0, "\t\n\r"))))));
;;   IO.print(" ");
;;   IO.print(strip(" \t x \r\n"))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))
  (import "vera" "float_to_string" (func $vera.float_to_string (param f64) (result i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\0b\00\00\00invalid Nat\00"  ;; 8 = "invalid Nat"
    "\03\00\00\00Err\00"  ;; 24 = "Err"
    "R\00\00\00Precondition violation in divide(@Int, @Int -> @Int): requires(@Int.0 != 0) failed\00\00"  ;; 32 = "Precondition violation in divide(@Int, @"
    "U\00\00\00Precondition violation in remainder(@Int, @Int -> @Int): requires(@Int.0 != 0) failed\00\00\00"  ;; 120 = "Precondition violation in remainder(@Int"
    "\15\00\00\00 9223372036854775807 \00\00\00"  ;; 212 = " 9223372036854775807 "
    "\01\00\00\00 \00\00\00"  ;; 240 = " "
    "\13\00\00\009223372036854775808\00"  ;; 248 = "9223372036854775808"
    "\01\00\00\00|\00\00\00"  ;; 272 = "|"
    "\01\00\00\00x\00\00\00"  ;; 280 = "x"
    "\03\00\00\00\09\0a\0d\00"  ;; 288 = "\t\n\r"
    "\07\00\00\00 \09 x \0d\0a"  ;; 296 = " \t x \r\n"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 312))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn nat_text(@String -> @String)   -- builtin_edges.vera:9-18
  (func $nat_text (param $string_0 i32) (result i32)
    (local $frame_0 i32)
    (local $scrutinee_0 i32)
    (local $parsed_0 i64)
    (local $result_0 i32)
    (local $result_1 i32)
    (local $nat_0 i64)
    (local $string_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (local.set $scrutinee_0
      (call $gc_keep
        (block (result i32)
          (local.set $parsed_0 (call $parse_nat (local.get $string_0)))
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
              (i32.store offset=4 (local.get $result_1) (i32.const 8))
              (local.get $result_1))))))
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
      (then
        ;; Ok(@Nat)   -- line 15
        (local.set $nat_0 (i64.load offset=8 (local.get $scrutinee_0)))
        (call $int_to_string (local.get $nat_0)))
      (else
        ;; Err(@String)   -- line 16
        (local.set $string_1 (i32.load offset=4 (local.get $scrutinee_0)))
        (i32.const 24)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn divide(@Int, @Int -> @Int)   -- builtin_edges.vera:20-26
  (func $divide (param $int_0 i64) (param $int_1 i64) (result i64)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    ;; requires(@Int.0 != 0)   -- line 21
    (if
      (i32.eqz (i64.ne (local.get $int_1) (i64.const 0)))
      (then (call $vera.fail (i32.const 32)) unreachable))
    (block (result i64)
      (local.set $dividend_0 (local.get $int_0))
      (local.set $divisor_0 (local.get $int_1))
      ;; x / -1 is -x, which wraps for -2^63 instead of trapping
      (if (result i64)
        (i64.eq (local.get $divisor_0) (i64.const -1))
        (then (i64.sub (i64.const 0) (local.get $dividend_0)))
        (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0))))))

  ;; fn remainder(@Int, @Int -> @Int)   -- builtin_edges.vera:28-34
  (func $remainder (param $int_0 i64) (param $int_1 i64) (result i64)
    ;; requires(@Int.0 != 0)   -- line 29
    (if
      (i32.eqz (i64.ne (local.get $int_1) (i64.const 0)))
      (then (call $vera.fail (i32.const 120)) unreachable))
    (i64.rem_s (local.get $int_0) (local.get $int_1)))

  ;; fn main(@Unit -> @Unit)   -- builtin_edges.vera:36-69
  (func $main (export "main")
    (local $frame_0 i32)
    (local $int_0 i64)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print (call $nat_text (i32.const 212)))
    (call $vera.print (i32.const 240))
    (call $vera.print (call $nat_text (i32.const 248)))
    (call $vera.print (i32.const 272))
    (call $vera.print (call $vera.float_to_string (f64.add (f64.const 0.1) (f64.const 0.2))))
    (call $vera.print (i32.const 240))
    (call $vera.print (call $vera.float_to_string (f64.div (f64.const 1.0) (f64.const 3.0))))
    (call $vera.print (i32.const 240))
    (call $vera.print (call $vera.float_to_string (f64.const 1e16)))
    (call $vera.print (i32.const 240))
    (call $vera.print (call $vera.float_to_string (f64.const 2.5)))
    (call $vera.print (i32.const 272))
    (local.set $int_0
      (i64.sub (i64.sub (i64.const 0) (i64.const 9223372036854775807)) (i64.const 1)))
    (call $vera.print
      (call $int_to_string (call $divide (local.get $int_0) (i64.sub (i64.const 0) (i64.const 1)))))
    (call $vera.print (i32.const 240))
    (call $vera.print
      (call $int_to_string (call $divide (i64.sub (i64.const 0) (i64.const 7)) (i64.const 2))))
    (call $vera.print (i32.const 240))
    (call $vera.print
      (call $int_to_string (call $remainder (i64.sub (i64.const 0) (i64.const 7)) (i64.const 2))))
    (call $vera.print (i32.const 240))
    (call $vera.print
      (call $int_to_string
        (call $remainder (local.get $int_0) (i64.sub (i64.const 0) (i64.const 1)))))
    (call $vera.print (i32.const 272))
    (local.set $string_0
      (call $gc_keep
        (call $string_concat (call $gc_keep (call $byte_to_string (i32.const 11))) (i32.const 280))))
    (call $vera.print
      (call $int_to_string
        (i64.extend_i32_u
          (i32.load offset=0
            (call $strip
              (call $gc_keep
                (call $string_concat
                  (i32.const 240)
                  (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 288))))))))))
    (call $vera.print (i32.const 240))
    (call $vera.print (call $strip (i32.const 296)))
    (global.set $gc_sp (local.get $frame_0)))
)
