;; ---- SOURCE examples/text_report.vera
;; -- IO.print with string built-ins: strip, string_slice, string_length, char_code,
;; -- parse_nat, string_concat and the to-string conversions. The five prints add no
;; -- newlines, so together they form one line.
;; -- "vera compiler" has 13 bytes; its first 4 are "vera"; 'v' is 118; 13 is odd;
;; -- parse_nat("41") is Ok(41), and 41 + 1 = 42.
;; -- expect: [vera] chars=13 first=118 odd=true next=42
;; private fn labelled(@String, @Int -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   string_concat(@String.0, string_concat("=", int_to_string(@Int.0)))
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @String = strip("   vera compiler  ");
;;   let @String = string_slice(@String.0, 0, 4);
;;   let @Nat = string_length(@String.1);
;;   let @String = match parse_nat("41") { Ok(@Nat) -> to_string(@Nat.0 + 1), Err(@String) -> @String.0 };
;;   IO.print(string_concat(string_concat("[", @String.1), "]"));
;;   IO.print(string_concat(" chars=", nat_to_string(@Nat.0)));
;;   IO.print(labelled(" first", char_code(@String.1, 0)));
;;   IO.print(string_concat(" odd=", bool_to_string(@Nat.0 % 2 == 1)));
;;   IO.print(string_concat(" next=", @String.0))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00=\00\00\00"  ;; 8 = "="
    "\12\00\00\00   vera compiler  \00\00"  ;; 16 = "   vera compiler  "
    "\04\00\00\00main"  ;; 40 = "main"
    "\02\00\00\0041\00\00"  ;; 48 = "41"
    "\0b\00\00\00invalid Nat\00"  ;; 56 = "invalid Nat"
    "\01\00\00\00[\00\00\00"  ;; 72 = "["
    "\01\00\00\00]\00\00\00"  ;; 80 = "]"
    "\07\00\00\00 chars=\00"  ;; 88 = " chars="
    "\06\00\00\00 first\00\00"  ;; 100 = " first"
    "\05\00\00\00 odd=\00\00\00"  ;; 112 = " odd="
    "\06\00\00\00 next="  ;; 124 = " next="
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 136))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn labelled(@String, @Int -> @String)   -- text_report.vera:7-13
  (func $labelled (param $string_0 i32) (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (call $string_concat
      (local.get $string_0)
      (call $gc_keep
        (call $string_concat (i32.const 8) (call $gc_keep (call $int_to_string (local.get $int_0))))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- text_report.vera:15-29
  (func $main (export "main")
    (local $frame_0 i32)
    (local $string_0 i32)
    (local $string_1 i32)
    (local $nat_0 i64)
    (local $scrutinee_0 i32)
    (local $parsed_0 i64)
    (local $result_0 i32)
    (local $result_1 i32)
    (local $nat_1 i64)
    (local $string_2 i32)
    (local $string_3 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_0 (call $gc_keep (call $strip (i32.const 16))))
    (local.set $string_1
      (call $gc_keep
        (call $string_slice (local.get $string_0) (i64.const 0) (i64.const 4) (i32.const 40))))
    (local.set $nat_0 (i64.extend_i32_u (i32.load offset=0 (local.get $string_0))))
    (local.set $string_3
      (block (result i32)
        (local.set $scrutinee_0
          (call $gc_keep
            (block (result i32)
              (local.set $parsed_0 (call $parse_nat (i32.const 48)))
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
                  (i32.store offset=4 (local.get $result_1) (i32.const 56))
                  (local.get $result_1))))))
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
          (then
            ;; Ok(@Nat)   -- line 23
            (local.set $nat_1 (i64.load offset=8 (local.get $scrutinee_0)))
            (call $gc_keep (call $int_to_string (i64.add (local.get $nat_1) (i64.const 1)))))
          (else
            ;; Err(@String)   -- line 23
            (local.set $string_2 (i32.load offset=4 (local.get $scrutinee_0)))
            (local.get $string_2)))))
    (call $vera.print
      (call $string_concat
        (call $gc_keep (call $string_concat (i32.const 72) (local.get $string_1)))
        (i32.const 80)))
    (call $vera.print
      (call $string_concat (i32.const 88) (call $gc_keep (call $int_to_string (local.get $nat_0)))))
    (call $vera.print
      (call $labelled
        (i32.const 100)
        (call $char_code (local.get $string_1) (i64.const 0) (i32.const 40))))
    (call $vera.print
      (call $string_concat
        (i32.const 112)
        (call $gc_keep
          (call $bool_to_string (i64.eq (i64.rem_s (local.get $nat_0) (i64.const 2)) (i64.const 1))))))
    (call $vera.print (call $string_concat (i32.const 124) (local.get $string_3)))
    (global.set $gc_sp (local.get $frame_0)))
)
