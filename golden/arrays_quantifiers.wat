;; ---- SOURCE tests/programs/arrays_quantifiers.vera
;; -- Arrays of Ints, Bools, strings and ADTs; length; forall/exists loops.
;; -- expect: 4 true false two 30
;; private data Pair {
;;   P(Int, Int)
;; }
;; 
;; private fn all_even(@Array<Int> -> @Bool)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   forall(@Int, length(@Array<Int>.0), fn(@Int -> @Bool) effects(pure) { @Array<Int>.0[@Int.0] % 2 == 0 })
;; }
;; 
;; private fn any_big(@Array<Int> -> @Bool)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   exists(@Int, length(@Array<Int>.0), fn(@Int -> @Bool) effects(pure) { @Array<Int>.0[@Int.0] > 100 })
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Array<Int> = [2, 4, 6, 8];
;;   let @Array<String> = ["one", "two"];
;;   let @Array<Pair> = [P(1, 2), P(10, 20)];
;;   let @Array<Array<Bool>> = [[true], [false, true]];
;;   IO.print(int_to_string(length(@Array<Int>.0)));
;;   IO.print(" ");
;;   IO.print(bool_to_string(all_even(@Array<Int>.0) && @Array<Array<Bool>>.0[1][1]));
;;   IO.print(" ");
;;   IO.print(bool_to_string(any_big(@Array<Int>.0)));
;;   IO.print(" ");
;;   IO.print(@Array<String>.0[1]);
;;   IO.print(" ");
;;   IO.print(int_to_string(match @Array<Pair>.0[1] { P(@Int, @Int) -> @Int.0 + @Int.1 }))
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
    "\08\00\00\00all_even"  ;; 8 = "all_even"
    "\07\00\00\00any_big\00"  ;; 20 = "any_big"
    "\03\00\00\00one\00"  ;; 32 = "one"
    "\03\00\00\00two\00"  ;; 40 = "two"
    "\01\00\00\00 \00\00\00"  ;; 48 = " "
    "\04\00\00\00main"  ;; 56 = "main"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 64))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn all_even(@Array<Int> -> @Bool)   -- arrays_quantifiers.vera:7-13
  (func $all_even (param $array_int_0 i32) (result i32)
    (local $bound_0 i64)
    (local $int_0 i64)
    (local $forall_0 i32)
    (local $array_0 i32)
    (local $index_0 i64)
    (block (result i32)
      ;; forall over [0, bound)
      (local.set $bound_0 (i64.extend_i32_u (i32.load offset=0 (local.get $array_int_0))))
      (local.set $int_0 (i64.const 0))
      (local.set $forall_0 (i32.const 1))
      (block $done_0
        (loop $next_0
          (br_if $done_0 (i64.ge_s (local.get $int_0) (local.get $bound_0)))
          (if
            (i32.eqz
              (i64.eq
                (i64.rem_s
                  (block (result i64)
                    (local.set $array_0 (local.get $array_int_0))
                    (local.set $index_0 (local.get $int_0))
                    (if
                      (i64.ge_u
                        (local.get $index_0)
                        (i64.extend_i32_u (i32.load offset=0 (local.get $array_0))))
                      (then
                        (call $vera.bounds
                          (i32.const 8)
                          (local.get $index_0)
                          (i32.load offset=0 (local.get $array_0)))
                        unreachable))
                    (i64.load offset=8
                      (i32.add
                        (local.get $array_0)
                        (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 8)))))
                  (i64.const 2))
                (i64.const 0)))
            (then (local.set $forall_0 (i32.const 0)) (br $done_0)))
          (local.set $int_0 (i64.add (local.get $int_0) (i64.const 1)))
          (br $next_0)))
      (local.get $forall_0)))

  ;; fn any_big(@Array<Int> -> @Bool)   -- arrays_quantifiers.vera:15-21
  (func $any_big (param $array_int_0 i32) (result i32)
    (local $bound_0 i64)
    (local $int_0 i64)
    (local $exists_0 i32)
    (local $array_0 i32)
    (local $index_0 i64)
    (block (result i32)
      ;; exists over [0, bound)
      (local.set $bound_0 (i64.extend_i32_u (i32.load offset=0 (local.get $array_int_0))))
      (local.set $int_0 (i64.const 0))
      (local.set $exists_0 (i32.const 0))
      (block $done_0
        (loop $next_0
          (br_if $done_0 (i64.ge_s (local.get $int_0) (local.get $bound_0)))
          (if
            (i64.gt_s
              (block (result i64)
                (local.set $array_0 (local.get $array_int_0))
                (local.set $index_0 (local.get $int_0))
                (if
                  (i64.ge_u
                    (local.get $index_0)
                    (i64.extend_i32_u (i32.load offset=0 (local.get $array_0))))
                  (then
                    (call $vera.bounds
                      (i32.const 20)
                      (local.get $index_0)
                      (i32.load offset=0 (local.get $array_0)))
                    unreachable))
                (i64.load offset=8
                  (i32.add
                    (local.get $array_0)
                    (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 8)))))
              (i64.const 100))
            (then (local.set $exists_0 (i32.const 1)) (br $done_0)))
          (local.set $int_0 (i64.add (local.get $int_0) (i64.const 1)))
          (br $next_0)))
      (local.get $exists_0)))

  ;; fn main(@Unit -> @Unit)   -- arrays_quantifiers.vera:23-41
  (func $main (export "main")
    (local $frame_0 i32)
    (local $array_0 i32)
    (local $array_int_0 i32)
    (local $array_1 i32)
    (local $array_string_0 i32)
    (local $array_2 i32)
    (local $p_0 i32)
    (local $p_1 i32)
    (local $array_pair_0 i32)
    (local $array_3 i32)
    (local $array_4 i32)
    (local $array_5 i32)
    (local $array_array_bool_0 i32)
    (local $array_6 i32)
    (local $index_0 i64)
    (local $array_7 i32)
    (local $index_1 i64)
    (local $array_8 i32)
    (local $index_2 i64)
    (local $scrutinee_0 i32)
    (local $array_9 i32)
    (local $index_3 i64)
    (local $int_0 i64)
    (local $int_1 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $array_int_0
      (block (result i32)
        (local.set $array_0 (call $gc_keep (call $alloc (i32.const 40) (i32.const 1))))
        (i32.store offset=0 (local.get $array_0) (i32.const 4))
        (i64.store offset=8 (local.get $array_0) (i64.const 2))
        (i64.store offset=16 (local.get $array_0) (i64.const 4))
        (i64.store offset=24 (local.get $array_0) (i64.const 6))
        (i64.store offset=32 (local.get $array_0) (i64.const 8))
        (local.get $array_0)))
    (local.set $array_string_0
      (block (result i32)
        (local.set $array_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $array_1) (i32.const 2))
        (i32.store offset=8 (local.get $array_1) (i32.const 32))
        (i32.store offset=12 (local.get $array_1) (i32.const 40))
        (local.get $array_1)))
    (local.set $array_pair_0
      (block (result i32)
        (local.set $array_2 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $array_2) (i32.const 2))
        (i32.store offset=8
          (local.get $array_2)
          (block (result i32)
            ;; P: 24 bytes, no pointers
            (local.set $p_0 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $p_0) (i32.const 0))
            (i64.store offset=8 (local.get $p_0) (i64.const 1))
            (i64.store offset=16 (local.get $p_0) (i64.const 2))
            (local.get $p_0)))
        (i32.store offset=12
          (local.get $array_2)
          (block (result i32)
            ;; P: 24 bytes, no pointers
            (local.set $p_1 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $p_1) (i32.const 0))
            (i64.store offset=8 (local.get $p_1) (i64.const 10))
            (i64.store offset=16 (local.get $p_1) (i64.const 20))
            (local.get $p_1)))
        (local.get $array_2)))
    (local.set $array_array_bool_0
      (block (result i32)
        (local.set $array_3 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $array_3) (i32.const 2))
        (i32.store offset=8
          (local.get $array_3)
          (block (result i32)
            (local.set $array_4 (call $alloc (i32.const 12) (i32.const 1)))
            (i32.store offset=0 (local.get $array_4) (i32.const 1))
            (i32.store offset=8 (local.get $array_4) (i32.const 1))
            (local.get $array_4)))
        (i32.store offset=12
          (local.get $array_3)
          (block (result i32)
            (local.set $array_5 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $array_5) (i32.const 2))
            (i32.store offset=8 (local.get $array_5) (i32.const 0))
            (i32.store offset=12 (local.get $array_5) (i32.const 1))
            (local.get $array_5)))
        (local.get $array_3)))
    (call $vera.print
      (call $int_to_string (i64.extend_i32_u (i32.load offset=0 (local.get $array_int_0)))))
    (call $vera.print (i32.const 48))
    (call $vera.print
      (call $bool_to_string
        (if (result i32)
          (call $all_even (local.get $array_int_0))
          (then
            (block (result i32)
              (local.set $array_6
                (block (result i32)
                  (local.set $array_7 (local.get $array_array_bool_0))
                  (local.set $index_1 (i64.const 1))
                  (if
                    (i64.ge_u
                      (local.get $index_1)
                      (i64.extend_i32_u (i32.load offset=0 (local.get $array_7))))
                    (then
                      (call $vera.bounds
                        (i32.const 56)
                        (local.get $index_1)
                        (i32.load offset=0 (local.get $array_7)))
                      unreachable))
                  (i32.load offset=8
                    (i32.add
                      (local.get $array_7)
                      (i32.mul (i32.wrap_i64 (local.get $index_1)) (i32.const 4))))))
              (local.set $index_0 (i64.const 1))
              (if
                (i64.ge_u
                  (local.get $index_0)
                  (i64.extend_i32_u (i32.load offset=0 (local.get $array_6))))
                (then
                  (call $vera.bounds
                    (i32.const 56)
                    (local.get $index_0)
                    (i32.load offset=0 (local.get $array_6)))
                  unreachable))
              (i32.load offset=8
                (i32.add
                  (local.get $array_6)
                  (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 4))))))
          (else (i32.const 0)))))
    (call $vera.print (i32.const 48))
    (call $vera.print (call $bool_to_string (call $any_big (local.get $array_int_0))))
    (call $vera.print (i32.const 48))
    (call $vera.print
      (block (result i32)
        (local.set $array_8 (local.get $array_string_0))
        (local.set $index_2 (i64.const 1))
        (if
          (i64.ge_u
            (local.get $index_2)
            (i64.extend_i32_u (i32.load offset=0 (local.get $array_8))))
          (then
            (call $vera.bounds
              (i32.const 56)
              (local.get $index_2)
              (i32.load offset=0 (local.get $array_8)))
            unreachable))
        (i32.load offset=8
          (i32.add (local.get $array_8) (i32.mul (i32.wrap_i64 (local.get $index_2)) (i32.const 4))))))
    (call $vera.print (i32.const 48))
    (call $vera.print
      (call $int_to_string
        (block (result i64)
          (local.set $scrutinee_0
            (block (result i32)
              (local.set $array_9 (local.get $array_pair_0))
              (local.set $index_3 (i64.const 1))
              (if
                (i64.ge_u
                  (local.get $index_3)
                  (i64.extend_i32_u (i32.load offset=0 (local.get $array_9))))
                (then
                  (call $vera.bounds
                    (i32.const 56)
                    (local.get $index_3)
                    (i32.load offset=0 (local.get $array_9)))
                  unreachable))
              (i32.load offset=8
                (i32.add
                  (local.get $array_9)
                  (i32.mul (i32.wrap_i64 (local.get $index_3)) (i32.const 4))))))
          ;; P(@Int, @Int)   -- line 40
          (local.set $int_0 (i64.load offset=8 (local.get $scrutinee_0)))
          (local.set $int_1 (i64.load offset=16 (local.get $scrutinee_0)))
          (i64.add (local.get $int_1) (local.get $int_0)))))
    (global.set $gc_sp (local.get $frame_0)))
)
