;; ---- SOURCE tests/programs/typing_edges.vera
;; -- Types that come from the context, found by the program generator:
;; -- - the right operand of == and != takes the left one's type (here Option<Nat>,
;; --   so the literal 1 is a Nat);
;; -- - an array literal indexed at once takes its element type from the context
;; --   (66 as a Byte is the one-byte string "B");
;; -- - a handle has the type of its handled body, also where a generic parameter
;; --   takes its type from the argument;
;; -- - a match whose scrutinee never produces a value (it always throws) accepts
;; --   any patterns;
;; -- - `x |> m::f` calls a module-qualified function with x;
;; -- - the empty array literal is static data, never freed by a collection.
;; -- expect: true|B 1|3|7|9|Err
;; import geo.shapes(Shape, area);
;; 
;; private forall<T> fn three(@T -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   3
;; }
;; 
;; private fn always_throws(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<Int>>)
;; {
;;   match if @Int.0 > 0 then { throw(@Int.0) } else { throw(0) } {
;;     "unreachable" -> 1,
;;     _ -> 2
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Option<Nat> = Some(1);
;;   IO.print(bool_to_string(@Option<Nat>.0 == Some(1) && [1] != []));
;;   IO.print("|");
;;   let @Byte = [65, 66][1];
;;   let @Option<Nat> = [Some(1), None][0];
;;   IO.print(byte_to_string(@Byte.0 + 0));
;;   IO.print(string_concat(" ", match @Option<Nat>.0 { Some(@Nat) -> nat_to_string(@Nat.0), None -> "-" }));
;;   IO.print("|");
;;   IO.print(
;;     int_to_string(
;;       three(
;;         handle[State<Int>](@Int = 1) {
;;           get(@Unit) -> { resume(@Int.0) },
;;           put(@Int) -> { resume(()) }
;;         } in {
;;           5
;;         }
;;       )
;;     )
;;   );
;;   IO.print("|");
;;   let @Int = handle[Exn<Int>] {
;;     throw(@Int) -> { @Int.0 }
;;   } in {
;;     always_throws(7)
;;   };
;;   IO.print(int_to_string(@Int.0));
;;   IO.print("|");
;;   IO.print(int_to_string(Square(3) |> geo.shapes::area()));
;;   IO.print("|");
;;   let @Array<Result<Int, Array<Int>>> = [Err([])];
;;   IO.print(match @Array<Result<Int, Array<Int>>>.0[0] { Ok(@Int) -> "Ok", Err(@Array<Int>) -> "Err" })
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fail" (func $vera.fail (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<Int> (param i64))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\0b\00\00\00unreachable\00"  ;; 8 = "unreachable"
    "\00\00\00\00\00\00\00\00"  ;; 24 = []
    "\01\00\00\00|\00\00\00"  ;; 32 = "|"
    "\04\00\00\00main"  ;; 40 = "main"
    "\00\00\00\00\01\00\00\00"  ;; 48 = the tags 0..1
    "\01\00\00\00 \00\00\00"  ;; 56 = " "
    "\01\00\00\00-\00\00\00"  ;; 64 = "-"
    "\02\00\00\00Ok\00\00"  ;; 72 = "Ok"
    "\03\00\00\00Err\00"  ;; 80 = "Err"
    "V\00\00\00Postcondition violation in area(@Shape<Int> -> @Int): ensures(@Int.result >= 0) failed"  ;; 88 = "Postcondition violation in area(@Shape<I"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 184))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<Int> (mut i64) (i64.const 0))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn always_throws(@Int -> @Int)   -- typing_edges.vera:23-32
  (func $always_throws (param $int_0 i64) (result i64)
    (local $scrutinee_0 i32)
    (if
      (i64.gt_s (local.get $int_0) (i64.const 0))
      (then (throw $exn<Int> (local.get $int_0)))
      (else (throw $exn<Int> (i64.const 0))))
    (if (result i64)
      (call $string_eq (local.get $scrutinee_0) (i32.const 8))
      (then
        ;; "unreachable"   -- line 29
        (i64.const 1))
      (else
        ;; _   -- line 30
        (i64.const 2))))

  ;; fn main(@Unit -> @Unit)   -- typing_edges.vera:34-71
  (func $main (export "main")
    (local $frame_0 i32)
    (local $some_0 i32)
    (local $option_nat_0 i32)
    (local $some_1 i32)
    (local $array_0 i32)
    (local $array_1 i32)
    (local $index_0 i64)
    (local $array_2 i32)
    (local $byte_0 i32)
    (local $array_3 i32)
    (local $index_1 i64)
    (local $array_4 i32)
    (local $some_2 i32)
    (local $option_nat_1 i32)
    (local $nat_0 i64)
    (local $outer_state_0 i64)
    (local $sp_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $square_0 i32)
    (local $array_5 i32)
    (local $err_0 i32)
    (local $array_result_int_array_int_0 i32)
    (local $scrutinee_0 i32)
    (local $array_6 i32)
    (local $index_2 i64)
    (local $int_2 i64)
    (local $array_int_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $option_nat_0
      (block (result i32)
        ;; Some: 16 bytes, no pointers
        (local.set $some_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 1))))
        (i32.store offset=0 (local.get $some_0) (i32.const 0))
        (i64.store offset=8 (local.get $some_0) (i64.const 1))
        (local.get $some_0)))
    (call $vera.print
      (call $bool_to_string
        (if (result i32)
          (call $eq<Option<Nat>>
            (local.get $option_nat_0)
            (block (result i32)
              ;; Some: 16 bytes, no pointers
              (local.set $some_1 (call $alloc (i32.const 16) (i32.const 1)))
              (i32.store offset=0 (local.get $some_1) (i32.const 0))
              (i64.store offset=8 (local.get $some_1) (i64.const 1))
              (local.get $some_1)))
          (then
            (i32.eqz
              (call $eq<Array<Int>>
                (block (result i32)
                  (local.set $array_0 (call $alloc (i32.const 16) (i32.const 1)))
                  (i32.store offset=0 (local.get $array_0) (i32.const 1))
                  (i64.store offset=8 (local.get $array_0) (i64.const 1))
                  (local.get $array_0))
                (i32.const 24 (; the empty array ;)))))
          (else (i32.const 0)))))
    (call $vera.print (i32.const 32))
    (local.set $byte_0
      (block (result i32)
        (local.set $array_1
          (block (result i32)
            (local.set $array_2 (call $alloc (i32.const 10) (i32.const 1)))
            (i32.store offset=0 (local.get $array_2) (i32.const 2))
            (i32.store8 offset=8 (local.get $array_2) (i32.const 65))
            (i32.store8 offset=9 (local.get $array_2) (i32.const 66))
            (local.get $array_2)))
        (local.set $index_0 (i64.const 1))
        (if
          (i64.ge_u
            (local.get $index_0)
            (i64.extend_i32_u (i32.load offset=0 (local.get $array_1))))
          (then
            (call $vera.bounds
              (i32.const 40)
              (local.get $index_0)
              (i32.load offset=0 (local.get $array_1)))
            unreachable))
        (i32.load8_u offset=8
          (i32.add (local.get $array_1) (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 1))))))
    (local.set $option_nat_1
      (block (result i32)
        (local.set $array_3
          (block (result i32)
            (local.set $array_4 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $array_4) (i32.const 2))
            (i32.store offset=8
              (local.get $array_4)
              (block (result i32)
                ;; Some: 16 bytes, no pointers
                (local.set $some_2 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $some_2) (i32.const 0))
                (i64.store offset=8 (local.get $some_2) (i64.const 1))
                (local.get $some_2)))
            (i32.store offset=12 (local.get $array_4) (i32.const 52 (; None ;)))
            (local.get $array_4)))
        (local.set $index_1 (i64.const 0))
        (if
          (i64.ge_u
            (local.get $index_1)
            (i64.extend_i32_u (i32.load offset=0 (local.get $array_3))))
          (then
            (call $vera.bounds
              (i32.const 40)
              (local.get $index_1)
              (i32.load offset=0 (local.get $array_3)))
            unreachable))
        (i32.load offset=8
          (i32.add (local.get $array_3) (i32.mul (i32.wrap_i64 (local.get $index_1)) (i32.const 4))))))
    (call $vera.print
      (call $byte_to_string (i32.and (i32.add (local.get $byte_0) (i32.const 0)) (i32.const 255))))
    (call $vera.print
      (call $string_concat
        (i32.const 56)
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $option_nat_1)) (i32.const 0))
          (then
            ;; Some(@Nat)   -- line 45
            (local.set $nat_0 (i64.load offset=8 (local.get $option_nat_1)))
            (call $gc_keep (call $int_to_string (local.get $nat_0))))
          (else
            ;; None   -- line 45
            (i32.const 64)))))
    (call $vera.print (i32.const 32))
    (call $vera.print
      (call $int_to_string
        (call $three<Int>
          (block (result i64)
            ;; handle[State<Int>]: save the outer state, set the initial one
            (local.set $outer_state_0 (global.get $state<Int>))
            (global.set $state<Int> (i64.const 1))
            (i64.const 5)
            ;; the body ended: the outer state again
            (global.set $state<Int> (local.get $outer_state_0))))))
    (call $vera.print (i32.const 32))
    (local.set $int_1
      (block (result i64)
        (local.set $sp_0 (global.get $gc_sp))
        (block $handled_0 (result i64)
          ;; handle[Exn<Int>]: a throw of Int in the body lands in $caught_0
          (block $caught_0 (result i64)
            (try_table (result i64) (catch $exn<Int> $caught_0) (call $always_throws (i64.const 7)))
            ;; no throw: the body's value is the handle's value
            (br $handled_0))
          ;; thrown: run the clause with the thrown value
          (local.set $int_0)
          (global.set $gc_sp (local.get $sp_0))
          (local.get $int_0))))
    (call $vera.print (call $int_to_string (local.get $int_1)))
    (call $vera.print (i32.const 32))
    (call $vera.print
      (call $int_to_string
        (call $geo.shapes.area
          (block (result i32)
            ;; Square: 16 bytes, no pointers
            (local.set $square_0 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $square_0) (i32.const 0))
            (i64.store offset=8 (local.get $square_0) (i64.const 3))
            (local.get $square_0)))))
    (call $vera.print (i32.const 32))
    (local.set $array_result_int_array_int_0
      (block (result i32)
        (local.set $array_5 (call $gc_keep (call $alloc (i32.const 12) (i32.const 0))))
        (i32.store offset=0 (local.get $array_5) (i32.const 1))
        (i32.store offset=8
          (local.get $array_5)
          (block (result i32)
            ;; Err: 8 bytes
            (local.set $err_0 (call $alloc (i32.const 8) (i32.const 0)))
            (i32.store offset=0 (local.get $err_0) (i32.const 1))
            (i32.store offset=4 (local.get $err_0) (i32.const 24 (; the empty array ;)))
            (local.get $err_0)))
        (local.get $array_5)))
    (call $vera.print
      (block (result i32)
        (local.set $scrutinee_0
          (block (result i32)
            (local.set $array_6 (local.get $array_result_int_array_int_0))
            (local.set $index_2 (i64.const 0))
            (if
              (i64.ge_u
                (local.get $index_2)
                (i64.extend_i32_u (i32.load offset=0 (local.get $array_6))))
              (then
                (call $vera.bounds
                  (i32.const 40)
                  (local.get $index_2)
                  (i32.load offset=0 (local.get $array_6)))
                unreachable))
            (i32.load offset=8
              (i32.add
                (local.get $array_6)
                (i32.mul (i32.wrap_i64 (local.get $index_2)) (i32.const 4))))))
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
          (then
            ;; Ok(@Int)   -- line 70
            (local.set $int_2 (i64.load offset=8 (local.get $scrutinee_0)))
            (i32.const 72))
          (else
            ;; Err(@Array<Int>)   -- line 70
            (local.set $array_int_0 (i32.load offset=4 (local.get $scrutinee_0)))
            (i32.const 80)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn three(@T -> @Int)   -- typing_edges.vera:15-21
  (func $three<Int> (param $t_0 i64) (result i64)
    (i64.const 3))

  ;; fn area(@Shape<Int> -> @Int)   -- shapes.vera:10-19
  (func $geo.shapes.area (param $shape_int_0 i32) (result i64)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $int_2 i64)
    (local $result_0 i64)
    (local.set $result_0
      (if (result i64)
        (i32.eq (i32.load offset=0 (local.get $shape_int_0)) (i32.const 0))
        (then
          ;; Square(@Int)   -- line 16
          (local.set $int_0 (i64.load offset=8 (local.get $shape_int_0)))
          (call $geo.shapes.helper (i64.mul (local.get $int_0) (local.get $int_0))))
        (else
          ;; Rect(@Int, @Int)   -- line 17
          (local.set $int_1 (i64.load offset=8 (local.get $shape_int_0)))
          (local.set $int_2 (i64.load offset=16 (local.get $shape_int_0)))
          (call $geo.shapes.helper (i64.mul (local.get $int_2) (local.get $int_1))))))
    ;; ensures(@Int.result >= 0)   -- line 12
    (if
      (i32.eqz (i64.ge_s (local.get $result_0) (i64.const 0)))
      (then (call $vera.fail (i32.const 88)) unreachable))
    (local.get $result_0))

  ;; fn helper(@Int -> @Int)   -- shapes.vera:29-39
  (func $geo.shapes.helper (param $int_0 i64) (result i64)
    (if (result i64)
      (i64.lt_s (local.get $int_0) (i64.const 0))
      (then (i64.sub (i64.const 0) (local.get $int_0)))
      (else (local.get $int_0))))

  ;; structural equality of Option<Nat>
  (func $eq<Option<Nat>> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    ;; Some: compare the fields
    (if
      (i32.eq (i32.load offset=0 (local.get $a)) (i32.const 0))
      (then
        (return
          (if (result i32)
            (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b)))
            (then (i32.const 1))
            (else (i32.const 0))))))
    (i32.const 1))

  ;; structural equality of Array<Int>
  (func $eq<Array<Int>> (param $a i32) (param $b i32) (result i32)
    (local $i i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load offset=0 (local.get $a))))
        (if
          (i32.eqz
            (i64.eq
              (i64.load offset=8 (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const 8))))
              (i64.load offset=8 (i32.add (local.get $b) (i32.mul (local.get $i) (i32.const 8))))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
)
