;; ---- SOURCE tests/programs/floats.vera
;; -- Float64 arithmetic, including % (truncated remainder), and printing.
;; -- expect: 2.5 1.5 -0.5 7.0
;; effect IO {
;;   op print(String -> Unit);
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Float64 = 7.5 % 5.0;
;;   let @Float64 = 5.5 % 2.0;
;;   let @Float64 = 0.0 - 5.5 % 2.5;
;;   IO.print(float_to_string(@Float64.2));
;;   IO.print(" ");
;;   IO.print(float_to_string(@Float64.1));
;;   IO.print(" ");
;;   IO.print(float_to_string(@Float64.0));
;;   IO.print(" ");
;;   IO.print(float_to_string(to_float(3) + 4.0))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "float_to_string" (func $vera.float_to_string (param f64) (result i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\01\00\00\00 "  ;; 8 = " "
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 16))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Unit)   -- floats.vera:7-22
  (func $main (export "main")
    (local $frame_0 i32)
    (local $dividend_0 f64)
    (local $divisor_0 f64)
    (local $float64_0 f64)
    (local $dividend_1 f64)
    (local $divisor_1 f64)
    (local $float64_1 f64)
    (local $dividend_2 f64)
    (local $divisor_2 f64)
    (local $float64_2 f64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $float64_0
      (block (result f64)
        (local.set $dividend_0 (f64.const 7.5))
        (local.set $divisor_0 (f64.const 5.0))
        ;; x % y = x - trunc(x / y) * y
        (f64.sub
          (local.get $dividend_0)
          (f64.mul
            (f64.trunc (f64.div (local.get $dividend_0) (local.get $divisor_0)))
            (local.get $divisor_0)))))
    (local.set $float64_1
      (block (result f64)
        (local.set $dividend_1 (f64.const 5.5))
        (local.set $divisor_1 (f64.const 2.0))
        ;; x % y = x - trunc(x / y) * y
        (f64.sub
          (local.get $dividend_1)
          (f64.mul
            (f64.trunc (f64.div (local.get $dividend_1) (local.get $divisor_1)))
            (local.get $divisor_1)))))
    (local.set $float64_2
      (f64.sub
        (f64.const 0.0)
        (block (result f64)
          (local.set $dividend_2 (f64.const 5.5))
          (local.set $divisor_2 (f64.const 2.5))
          ;; x % y = x - trunc(x / y) * y
          (f64.sub
            (local.get $dividend_2)
            (f64.mul
              (f64.trunc (f64.div (local.get $dividend_2) (local.get $divisor_2)))
              (local.get $divisor_2))))))
    (call $vera.print (call $vera.float_to_string (local.get $float64_0)))
    (call $vera.print (i32.const 8))
    (call $vera.print (call $vera.float_to_string (local.get $float64_1)))
    (call $vera.print (i32.const 8))
    (call $vera.print (call $vera.float_to_string (local.get $float64_2)))
    (call $vera.print (i32.const 8))
    (call $vera.print
      (call $vera.float_to_string (f64.add (f64.convert_i64_s (i64.const 3)) (f64.const 4.0))))
    (global.set $gc_sp (local.get $frame_0)))
)
