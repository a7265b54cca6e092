;; ---- SOURCE tests/programs/mixed_features.vera
;; -- Many features together: generic ADTs holding closures, literal patterns inside
;; -- constructors, composed closures, nested Exn handlers of two types, an IO closure,
;; -- a State handler inside a lambda, arrays of closures and Bytes, tuples.
;; -- expect: 21sszeronegnone119004<p>425Attrue
;; private data Wrap<T> {
;;   W(T, fn(T -> T) effects(pure))
;; }
;; 
;; private forall<T> fn run_wrap(@Wrap<T> -> @T)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Wrap<T>.0 {
;;     W(@T, @fn(T -> T) effects(pure)) -> apply_fn(@fn(T -> T) effects(pure).0, @T.0)
;;   }
;; }
;; 
;; private fn classify(@Option<Int> -> @String)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Option<Int>.0 {
;;     Some(0) -> "zero",
;;     Some(@Int) -> if @Int.0 > 0 then { "pos" } else { "neg" },
;;     None -> "none"
;;   }
;; }
;; 
;; private fn compose(@fn(Int -> Int) effects(pure), @fn(Int -> Int) effects(pure) -> @fn(Int -> Int) effects(pure))
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Int -> @Int) effects(pure) { apply_fn(@fn(Int -> Int) effects(pure).0, apply_fn(@fn(Int -> Int) effects(pure).1, @Int.0)) }
;; }
;; 
;; private fn nested_exn(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   handle[Exn<Int>] {
;;     throw(@Int) -> { @Int.0 * 100 }
;;   } in {
;;     let @Int = handle[Exn<String>] {
;;       throw(@String) -> { string_length(@String.0) }
;;     } in {
;;       if @Int.0 > 5 then {
;;         throw(@Int.0)
;;       } else {
;;         throw("abc")
;;       }
;;     };
;;     @Int.0 + 1
;;   }
;; }
;; 
;; private fn printer(@String -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @fn(String -> Unit) effects(<IO>) = fn(@String -> @Unit) effects(<IO>) { IO.print(string_concat("<", string_concat(@String.0, ">"))) };
;;   apply_fn(@fn(String -> Unit) effects(<IO>).0, @String.0)
;; }
;; 
;; private fn counter(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @fn(Int -> Int) effects(pure) = fn(@Int -> @Int) effects(pure) {
;;     handle[State<Int>](@Int = @Int.0) {
;;       get(@Unit) -> { resume(@Int.0) },
;;       put(@Int) -> { resume(()) }
;;     } in {
;;       put(get(()) * 3);
;;       get(())
;;     }
;;   };
;;   apply_fn(@fn(Int -> Int) effects(pure).0, 14)
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Int = run_wrap(W(20, fn(@Int -> @Int) effects(pure) { @Int.0 + 1 }));
;;   let @String = run_wrap(W("s", fn(@String -> @String) effects(pure) { string_concat(@String.0, @String.0) }));
;;   IO.print(int_to_string(@Int.0));
;;   IO.print(@String.0);
;;   IO.print(classify(Some(0)));
;;   IO.print(classify(Some(0 - 4)));
;;   IO.print(classify(None));
;;   let @fn(Int -> Int) effects(pure) = compose(fn(@Int -> @Int) effects(pure) { @Int.0 * 2 }, fn(@Int -> @Int) effects(pure) { @Int.0 + 3 });
;;   IO.print(int_to_string(apply_fn(@fn(Int -> Int) effects(pure).0, 4)));
;;   IO.print(int_to_string(nested_exn(9)));
;;   IO.print(int_to_string(nested_exn(2)));
;;   printer("p");
;;   IO.print(int_to_string(counter(())));
;;   let @Array<fn(Int -> Int) effects(pure)> = [fn(@Int -> @Int) effects(pure) { @Int.0 }, @fn(Int -> Int) effects(pure).0];
;;   IO.print(int_to_string(apply_fn(@Array<fn(Int -> Int) effects(pure)>.0[1], 1)));
;;   let @Array<Byte> = [1, 2, 250];
;;   IO.print(byte_to_string(@Array<Byte>.0[0] + 64));
;;   let Tuple<@String, @Int> = Tuple("t", 5);
;;   IO.print(@String.0);
;;   IO.print(bool_to_string(2.5 < 3.5))
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i32->none (func (param i32 i32)))
  (type $fn_i32->i32 (func (param i32 i32) (result i32)))
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))
  (tag $exn<String> (param i32))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\04\00\00\00zero"  ;; 8 = "zero"
    "\03\00\00\00pos\00"  ;; 16 = "pos"
    "\03\00\00\00neg\00"  ;; 24 = "neg"
    "\04\00\00\00none"  ;; 32 = "none"
    "\03\00\00\00abc\00"  ;; 40 = "abc"
    "\01\00\00\00s\00\00\00"  ;; 48 = "s"
    "\00\00\00\00\01\00\00\00"  ;; 56 = the tags 0..1
    "\01\00\00\00p\00\00\00"  ;; 64 = "p"
    "\04\00\00\00main"  ;; 72 = "main"
    "\01\00\00\00t\00\00\00"  ;; 80 = "t"
    "\01\00\00\00<\00\00\00"  ;; 88 = "<"
    "\01\00\00\00>"  ;; 96 = ">"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 104))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 8 funcref)
  (elem (i32.const 0) func $compose.lambda $printer.lambda $counter.lambda $main.lambda $main.lambda.2 $main.lambda.3 $main.lambda.4 $main.lambda.5)

  ;; ---- The program ----

  ;; fn classify(@Option<Int> -> @String)   -- mixed_features.vera:19-29
  (func $classify (param $option_int_0 i32) (result i32)
    (local $int_0 i64)
    (if (result i32)
      (if (result i32)
        (i32.eq (i32.load offset=0 (local.get $option_int_0)) (i32.const 0))
        (then (i64.eq (i64.load offset=8 (local.get $option_int_0)) (i64.const 0)))
        (else (i32.const 0)))
      (then
        ;; Some(0)   -- line 25
        (i32.const 8))
      (else
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $option_int_0)) (i32.const 0))
          (then
            ;; Some(@Int)   -- line 26
            (local.set $int_0 (i64.load offset=8 (local.get $option_int_0)))
            (if (result i32)
              (i64.gt_s (local.get $int_0) (i64.const 0))
              (then (i32.const 16))
              (else (i32.const 24))))
          (else
            ;; None   -- line 27
            (i32.const 32))))))

  ;; fn compose(@fn(Int -> Int) effects(pure), @fn(Int -> Int) effects(pure) -> @fn(Int -> Int) effects(pure))   -- mixed_features.vera:31-37
  (func $compose (param $fn_int_int_effects_pure_0 i32) (param $fn_int_int_effects_pure_1 i32) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $fn_int_int_effects_pure_0))
    (call $gc_push (local.get $fn_int_int_effects_pure_1))
    (block (result i32)
      ;; closure of $compose.lambda (2 captured)
      (local.set $closure_0 (call $alloc (i32.const 16) (i32.const 0)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 0))
      (i32.store offset=8 (local.get $closure_0) (local.get $fn_int_int_effects_pure_0))
      (i32.store offset=12 (local.get $closure_0) (local.get $fn_int_int_effects_pure_1))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn nested_exn(@Int -> @Int)   -- mixed_features.vera:39-58
  (func $nested_exn (param $int_0 i64) (result i64)
    (local $string_0 i32)
    (local $int_1 i64)
    (local $int_2 i64)
    (block $handled_0 (result i64)
      ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
      (block $caught_0 (result i64)
        (try_table (result i64) (catch $exn<Int> $caught_0)
          (local.set $int_1
            (block $handled_1 (result i64)
              ;; handle[Exn<String>]: a throw of String in the body lands in $caught_1
              (block $caught_1 (result i32)
                (try_table (result i64) (catch $exn<String> $caught_1)
                  (if (result i64)
                    (i64.gt_s (local.get $int_0) (i64.const 5))
                    (then (throw $exn<Int> (local.get $int_0)))
                    (else (throw $exn<String> (i32.const 40)))))
                ;; no throw: the body's value is the handle's value
                (br $handled_1))
              ;; thrown: run the clause with the thrown value
              (local.set $string_0)
              (i64.extend_i32_u (i32.load offset=0 (local.get $string_0)))))
          (i64.add (local.get $int_1) (i64.const 1)))
        ;; no throw: the body's value is the handle's value
        (br $handled_0))
      ;; thrown: run the clause with the thrown value
      (local.set $int_2)
      (i64.mul (local.get $int_2) (i64.const 100))))

  ;; fn printer(@String -> @Unit)   -- mixed_features.vera:60-67
  (func $printer (param $string_0 i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local $fn_string_unit_effects_io_0 i32)
    (local $closure_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $string_0))
    (local.set $fn_string_unit_effects_io_0
      (block (result i32)
        ;; closure of $printer.lambda (0 captured)
        (local.set $closure_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (i32.store offset=0 (local.get $closure_0) (i32.const 1))
        (local.get $closure_0)))
    (local.set $closure_1 (local.get $fn_string_unit_effects_io_0))
    (return_call_indirect (type $fn_i32->none)
      (local.get $closure_1)
      (local.get $string_0)
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_1)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn counter(@Unit -> @Int)   -- mixed_features.vera:69-84
  (func $counter (result i64)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local $fn_int_int_effects_pure_0 i32)
    (local $closure_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $fn_int_int_effects_pure_0
      (block (result i32)
        ;; closure of $counter.lambda (0 captured)
        (local.set $closure_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (i32.store offset=0 (local.get $closure_0) (i32.const 2))
        (local.get $closure_0)))
    (local.set $closure_1 (local.get $fn_int_int_effects_pure_0))
    (return_call_indirect (type $fn_i64->i64)
      (local.get $closure_1)
      (i64.const 14)
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_1)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- mixed_features.vera:86-111
  (func $main (export "main")
    (local $frame_0 i32)
    (local $w_0 i32)
    (local $closure_0 i32)
    (local $int_0 i64)
    (local $w_1 i32)
    (local $closure_1 i32)
    (local $string_0 i32)
    (local $some_0 i32)
    (local $some_1 i32)
    (local $closure_2 i32)
    (local $closure_3 i32)
    (local $fn_int_int_effects_pure_0 i32)
    (local $closure_4 i32)
    (local $array_0 i32)
    (local $closure_5 i32)
    (local $array_fn_int_int_effects_pure_0 i32)
    (local $closure_6 i32)
    (local $array_1 i32)
    (local $index_0 i64)
    (local $array_2 i32)
    (local $array_byte_0 i32)
    (local $array_3 i32)
    (local $index_1 i64)
    (local $tuple_0 i32)
    (local $tuple_1 i32)
    (local $string_1 i32)
    (local $int_1 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_0
      (call $run_wrap<Int>
        (block (result i32)
          ;; W: 24 bytes
          (local.set $w_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
          (i32.store offset=0 (local.get $w_0) (i32.const 0))
          (i64.store offset=8 (local.get $w_0) (i64.const 20))
          (i32.store offset=16
            (local.get $w_0)
            (block (result i32)
              ;; closure of $main.lambda (0 captured)
              (local.set $closure_0 (call $alloc (i32.const 8) (i32.const 1)))
              (i32.store offset=0 (local.get $closure_0) (i32.const 3))
              (local.get $closure_0)))
          (local.get $w_0))))
    (local.set $string_0
      (call $gc_keep
        (call $run_wrap<String>
          (block (result i32)
            ;; W: 16 bytes
            (local.set $w_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $w_1) (i32.const 0))
            (i32.store offset=4 (local.get $w_1) (i32.const 48))
            (i32.store offset=8
              (local.get $w_1)
              (block (result i32)
                ;; closure of $main.lambda.2 (0 captured)
                (local.set $closure_1 (call $alloc (i32.const 8) (i32.const 1)))
                (i32.store offset=0 (local.get $closure_1) (i32.const 4))
                (local.get $closure_1)))
            (local.get $w_1)))))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (call $vera.print (local.get $string_0))
    (call $vera.print
      (call $classify
        (block (result i32)
          ;; Some: 16 bytes, no pointers
          (local.set $some_0 (call $alloc (i32.const 16) (i32.const 1)))
          (i32.store offset=0 (local.get $some_0) (i32.const 0))
          (i64.store offset=8 (local.get $some_0) (i64.const 0))
          (local.get $some_0))))
    (call $vera.print
      (call $classify
        (block (result i32)
          ;; Some: 16 bytes, no pointers
          (local.set $some_1 (call $alloc (i32.const 16) (i32.const 1)))
          (i32.store offset=0 (local.get $some_1) (i32.const 0))
          (i64.store offset=8 (local.get $some_1) (i64.sub (i64.const 0) (i64.const 4)))
          (local.get $some_1))))
    (call $vera.print (call $classify (i32.const 60 (; None ;))))
    (local.set $fn_int_int_effects_pure_0
      (call $gc_keep
        (call $compose
          (block (result i32)
            ;; closure of $main.lambda.3 (0 captured)
            (local.set $closure_2 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
            (i32.store offset=0 (local.get $closure_2) (i32.const 5))
            (local.get $closure_2))
          (block (result i32)
            ;; closure of $main.lambda.4 (0 captured)
            (local.set $closure_3 (call $alloc (i32.const 8) (i32.const 1)))
            (i32.store offset=0 (local.get $closure_3) (i32.const 6))
            (local.get $closure_3)))))
    (call $vera.print
      (call $int_to_string
        (block (result i64)
          (local.set $closure_4 (local.get $fn_int_int_effects_pure_0))
          (call_indirect (type $fn_i64->i64)
            (local.get $closure_4)
            (i64.const 4)
            (i32.load offset=0 (local.get $closure_4))))))
    (call $vera.print (call $int_to_string (call $nested_exn (i64.const 9))))
    (call $vera.print (call $int_to_string (call $nested_exn (i64.const 2))))
    (call $printer (i32.const 64))
    (call $vera.print (call $int_to_string (call $counter)))
    (local.set $array_fn_int_int_effects_pure_0
      (block (result i32)
        (local.set $array_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $array_0) (i32.const 2))
        (i32.store offset=8
          (local.get $array_0)
          (block (result i32)
            ;; closure of $main.lambda.5 (0 captured)
            (local.set $closure_5 (call $alloc (i32.const 8) (i32.const 1)))
            (i32.store offset=0 (local.get $closure_5) (i32.const 7))
            (local.get $closure_5)))
        (i32.store offset=12 (local.get $array_0) (local.get $fn_int_int_effects_pure_0))
        (local.get $array_0)))
    (call $vera.print
      (call $int_to_string
        (block (result i64)
          (local.set $closure_6
            (block (result i32)
              (local.set $array_1 (local.get $array_fn_int_int_effects_pure_0))
              (local.set $index_0 (i64.const 1))
              (if
                (i64.ge_u
                  (local.get $index_0)
                  (i64.extend_i32_u (i32.load offset=0 (local.get $array_1))))
                (then
                  (call $vera.bounds
                    (i32.const 72)
                    (local.get $index_0)
                    (i32.load offset=0 (local.get $array_1)))
                  unreachable))
              (i32.load offset=8
                (i32.add
                  (local.get $array_1)
                  (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 4))))))
          (call_indirect (type $fn_i64->i64)
            (local.get $closure_6)
            (i64.const 1)
            (i32.load offset=0 (local.get $closure_6))))))
    (local.set $array_byte_0
      (block (result i32)
        (local.set $array_2 (call $gc_keep (call $alloc (i32.const 11) (i32.const 1))))
        (i32.store offset=0 (local.get $array_2) (i32.const 3))
        (i32.store8 offset=8 (local.get $array_2) (i32.const 1))
        (i32.store8 offset=9 (local.get $array_2) (i32.const 2))
        (i32.store8 offset=10 (local.get $array_2) (i32.const 250))
        (local.get $array_2)))
    (call $vera.print
      (call $byte_to_string
        (i32.and
          (i32.add
            (block (result i32)
              (local.set $array_3 (local.get $array_byte_0))
              (local.set $index_1 (i64.const 0))
              (if
                (i64.ge_u
                  (local.get $index_1)
                  (i64.extend_i32_u (i32.load offset=0 (local.get $array_3))))
                (then
                  (call $vera.bounds
                    (i32.const 72)
                    (local.get $index_1)
                    (i32.load offset=0 (local.get $array_3)))
                  unreachable))
              (i32.load8_u offset=8
                (i32.add
                  (local.get $array_3)
                  (i32.mul (i32.wrap_i64 (local.get $index_1)) (i32.const 1)))))
            (i32.const 64))
          (i32.const 255))))
    (local.set $tuple_0
      (block (result i32)
        (local.set $tuple_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $tuple_1) (i32.const 80))
        (i64.store offset=8 (local.get $tuple_1) (i64.const 5))
        (local.get $tuple_1)))
    (local.set $string_1 (i32.load offset=0 (local.get $tuple_0)))
    (local.set $int_1 (i64.load offset=8 (local.get $tuple_0)))
    (call $vera.print (local.get $string_1))
    (call $vera.print (call $bool_to_string (f64.lt (f64.const 2.5) (f64.const 3.5))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in compose   -- mixed_features.vera:36
  (func $compose.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $fn_int_int_effects_pure_0 i32)
    (local $fn_int_int_effects_pure_1 i32)
    (local $closure_0 i32)
    (local $closure_1 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $env))
    (local.set $fn_int_int_effects_pure_0 (i32.load offset=8 (local.get $env)))
    (local.set $fn_int_int_effects_pure_1 (i32.load offset=12 (local.get $env)))
    (local.set $closure_0 (local.get $fn_int_int_effects_pure_1))
    (return_call_indirect (type $fn_i64->i64)
      (local.get $closure_0)
      (block (result i64)
        (local.set $closure_1 (local.get $fn_int_int_effects_pure_0))
        (call_indirect (type $fn_i64->i64)
          (local.get $closure_1)
          (local.get $int_0)
          (i32.load offset=0 (local.get $closure_1))))
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in printer   -- mixed_features.vera:65
  (func $printer.lambda (param $env i32) (param $string_0 i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $env))
    (call $gc_push (local.get $string_0))
    (call $vera.print
      (call $string_concat
        (i32.const 88)
        (call $gc_keep (call $string_concat (local.get $string_0) (i32.const 96)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in counter   -- mixed_features.vera:74-82
  (func $counter.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $outer_state_0 i64)
    (block (result i64)
      ;; handle[State<Int>]: save the outer state, set the initial one
      (local.set $outer_state_0 (global.get $state<Int>))
      (global.set $state<Int> (local.get $int_0))
      (global.set $state<Int> (i64.mul (global.get $state<Int>) (i64.const 3)))
      (global.get $state<Int>)
      ;; the body ended: the outer state again
      (global.set $state<Int> (local.get $outer_state_0))))

  ;; fn run_wrap(@Wrap<T> -> @T)   -- mixed_features.vera:9-17
  (func $run_wrap<Int> (param $wrap_t_0 i32) (result i64)
    (local $frame_0 i32)
    (local $t_0 i64)
    (local $fn_t_t_effects_pure_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $wrap_t_0))
    ;; W(@T, @fn(T -> T) effects(pure))   -- line 15
    (local.set $t_0 (i64.load offset=8 (local.get $wrap_t_0)))
    (local.set $fn_t_t_effects_pure_0 (i32.load offset=16 (local.get $wrap_t_0)))
    (local.set $closure_0 (local.get $fn_t_t_effects_pure_0))
    (return_call_indirect (type $fn_i64->i64)
      (local.get $closure_0)
      (local.get $t_0)
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in main   -- mixed_features.vera:91
  (func $main.lambda (param $env i32) (param $int_0 i64) (result i64)
    (i64.add (local.get $int_0) (i64.const 1)))

  ;; fn run_wrap(@Wrap<T> -> @T)   -- mixed_features.vera:9-17
  (func $run_wrap<String> (param $wrap_t_0 i32) (result i32)
    (local $frame_0 i32)
    (local $t_0 i32)
    (local $fn_t_t_effects_pure_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $wrap_t_0))
    ;; W(@T, @fn(T -> T) effects(pure))   -- line 15
    (local.set $t_0 (i32.load offset=4 (local.get $wrap_t_0)))
    (local.set $fn_t_t_effects_pure_0 (i32.load offset=8 (local.get $wrap_t_0)))
    (local.set $closure_0 (local.get $fn_t_t_effects_pure_0))
    (return_call_indirect (type $fn_i32->i32)
      (local.get $closure_0)
      (local.get $t_0)
      (global.set $gc_sp (local.get $frame_0))
      (i32.load offset=0 (local.get $closure_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in main   -- mixed_features.vera:92
  (func $main.lambda.2 (param $env i32) (param $string_0 i32) (result i32)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $env))
    (call $gc_push (local.get $string_0))
    (call $string_concat (local.get $string_0) (local.get $string_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in main   -- mixed_features.vera:98
  (func $main.lambda.3 (param $env i32) (param $int_0 i64) (result i64)
    (i64.mul (local.get $int_0) (i64.const 2)))

  ;; anonymous function in main   -- mixed_features.vera:98
  (func $main.lambda.4 (param $env i32) (param $int_0 i64) (result i64)
    (i64.add (local.get $int_0) (i64.const 3)))

  ;; anonymous function in main   -- mixed_features.vera:104
  (func $main.lambda.5 (param $env i32) (param $int_0 i64) (result i64)
    (local.get $int_0))
)
