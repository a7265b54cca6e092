;; ---- SOURCE tests/programs/strings.vera
;; -- String literals in patterns, comparison, slicing and conversion.
;; -- expect: two|b<c|ell|12|-3|false
;; private fn name(@String -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @String.0 {
;;     "one" -> 1,
;;     "two" -> 2,
;;     _ -> 0
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @String = string_concat("t", "wo");
;;   IO.print(if name(@String.0) == 2 then { @String.0 } else { "?" });
;;   IO.print("|");
;;   IO.print(if "b" < "c" then { "b<c" } else { "c<b" });
;;   IO.print("|");
;;   IO.print(string_slice("hello", 1, 4));
;;   IO.print("|");
;;   IO.print(nat_to_string(string_length("hello world!")));
;;   IO.print("|");
;;   IO.print(int_to_string(0 - 3));
;;   IO.print("|");
;;   IO.print(bool_to_string("a" == "b"))
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
    "\03\00\00\00one\00"  ;; 8 = "one"
    "\03\00\00\00two\00"  ;; 16 = "two"
    "\01\00\00\00t\00\00\00"  ;; 24 = "t"
    "\02\00\00\00wo\00\00"  ;; 32 = "wo"
    "\01\00\00\00?\00\00\00"  ;; 40 = "?"
    "\01\00\00\00|\00\00\00"  ;; 48 = "|"
    "\01\00\00\00b\00\00\00"  ;; 56 = "b"
    "\01\00\00\00c\00\00\00"  ;; 64 = "c"
    "\03\00\00\00b<c\00"  ;; 72 = "b<c"
    "\03\00\00\00c<b\00"  ;; 80 = "c<b"
    "\05\00\00\00hello\00\00\00"  ;; 88 = "hello"
    "\04\00\00\00main"  ;; 100 = "main"
    "\0c\00\00\00hello world!"  ;; 108 = "hello world!"
    "\01\00\00\00a"  ;; 124 = "a"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 136))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn name(@String -> @Int)   -- strings.vera:3-13
  (func $name (param $string_0 i32) (result i64)
    (if (result i64)
      (call $string_eq (local.get $string_0) (i32.const 8))
      (then
        ;; "one"   -- line 9
        (i64.const 1))
      (else
        (if (result i64)
          (call $string_eq (local.get $string_0) (i32.const 16))
          (then
            ;; "two"   -- line 10
            (i64.const 2))
          (else
            ;; _   -- line 11
            (i64.const 0))))))

  ;; fn main(@Unit -> @Unit)   -- strings.vera:15-32
  (func $main (export "main")
    (local $frame_0 i32)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $string_0 (call $gc_keep (call $string_concat (i32.const 24) (i32.const 32))))
    (call $vera.print
      (if (result i32)
        (i64.eq (call $name (local.get $string_0)) (i64.const 2))
        (then (local.get $string_0))
        (else (i32.const 40))))
    (call $vera.print (i32.const 48))
    (call $vera.print
      (if (result i32)
        (i32.lt_s (call $string_compare (i32.const 56) (i32.const 64)) (i32.const 0))
        (then (i32.const 72))
        (else (i32.const 80))))
    (call $vera.print (i32.const 48))
    (call $vera.print
      (call $string_slice (i32.const 88) (i64.const 1) (i64.const 4) (i32.const 100)))
    (call $vera.print (i32.const 48))
    (call $vera.print (call $int_to_string (i64.extend_i32_u (i32.load offset=0 (i32.const 108)))))
    (call $vera.print (i32.const 48))
    (call $vera.print (call $int_to_string (i64.sub (i64.const 0) (i64.const 3))))
    (call $vera.print (i32.const 48))
    (call $vera.print (call $bool_to_string (call $string_eq (i32.const 124) (i32.const 56))))
    (global.set $gc_sp (local.get $frame_0)))
)
