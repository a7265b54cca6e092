;; ---- SOURCE tests/programs/tuple_patterns.vera
;; -- Tuple(...) is a pattern too (spec 4.9.1, 4.11.1): it matches a tuple when
;; -- its parts match, nested and beside literals, in any match arm (upstream's
;; -- conformance programs ch02_tuple_basic and ch02_adt_tuple_recursive use it).
;; -- By hand: swap(Tuple(10, 20)) = 20 - 10 = 10; classify of (0, true) is 1,
;; -- (0, false) is 2, (5, true) is 3, (5, false) is 5 + 100 = 105; depth of
;; -- Some(Tuple(Some(Tuple(None, 1)), 2)) takes the third arm, binding 1 then 2,
;; -- so @Int.1 = 1 and @Int.0 = 2: 1 * 10 + 2 = 12.
;; -- Total 10 + 1 + 2 + 3 + 105 + 12 = 133.
;; -- expect: 133
;; private fn swap(@Tuple<Int, Int> -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Tuple<Int, Int>.0 {
;;     Tuple(@Int, @Int) -> @Int.0 - @Int.1
;;   }
;; }
;; 
;; private fn classify(@Int, @Bool -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match Tuple(@Int.0, @Bool.0) {
;;     Tuple(0, true) -> 1,
;;     Tuple(0, false) -> 2,
;;     Tuple(_, true) -> 3,
;;     Tuple(@Int, false) -> @Int.0 + 100
;;   }
;; }
;; 
;; private fn depth(@Option<Tuple<Option<Tuple<Option<Int>, Int>>, Int>> -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Option<Tuple<Option<Tuple<Option<Int>, Int>>, Int>>.0 {
;;     None -> 0,
;;     Some(Tuple(None, @Int)) -> @Int.0,
;;     Some(Tuple(Some(Tuple(_, @Int)), @Int)) -> @Int.1 * 10 + @Int.0
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Int = swap(Tuple(10, 20));
;;   let @Int = classify(0, true) + classify(0, false) + classify(5, true) + classify(5, false);
;;   let @Int = depth(Some(Tuple(Some(Tuple(None, 1)), 2)));
;;   @Int.0 + @Int.1 + @Int.2
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\00\00\00\00\01\00\00\00"  ;; 8 = the tags 0..1
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 16))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn swap(@Tuple<Int, Int> -> @Int)   -- tuple_patterns.vera:10-18
  (func $swap (param $tuple_int_int_0 i32) (result i64)
    (local $int_0 i64)
    (local $int_1 i64)
    ;; Tuple(@Int, @Int)   -- line 16
    (local.set $int_0 (i64.load offset=0 (local.get $tuple_int_int_0)))
    (local.set $int_1 (i64.load offset=8 (local.get $tuple_int_int_0)))
    (i64.sub (local.get $int_1) (local.get $int_0)))

  ;; fn classify(@Int, @Bool -> @Int)   -- tuple_patterns.vera:20-31
  (func $classify (param $int_0 i64) (param $bool_0 i32) (result i64)
    (local $frame_0 i32)
    (local $scrutinee_0 i32)
    (local $tuple_0 i32)
    (local $int_1 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $scrutinee_0
      (block (result i32)
        (local.set $tuple_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 1))))
        (i64.store offset=0 (local.get $tuple_0) (local.get $int_0))
        (i32.store offset=8 (local.get $tuple_0) (local.get $bool_0))
        (local.get $tuple_0)))
    (if (result i64)
      (if (result i32)
        (i64.eq (i64.load offset=0 (local.get $scrutinee_0)) (i64.const 0))
        (then (i32.load offset=8 (local.get $scrutinee_0)))
        (else (i32.const 0)))
      (then
        ;; Tuple(0, true)   -- line 26
        (i64.const 1))
      (else
        (if (result i64)
          (if (result i32)
            (i64.eq (i64.load offset=0 (local.get $scrutinee_0)) (i64.const 0))
            (then (i32.eqz (i32.load offset=8 (local.get $scrutinee_0))))
            (else (i32.const 0)))
          (then
            ;; Tuple(0, false)   -- line 27
            (i64.const 2))
          (else
            (if (result i64)
              (i32.load offset=8 (local.get $scrutinee_0))
              (then
                ;; Tuple(_, true)   -- line 28
                (i64.const 3))
              (else
                ;; Tuple(@Int, false)   -- line 29
                (local.set $int_1 (i64.load offset=0 (local.get $scrutinee_0)))
                (i64.add (local.get $int_1) (i64.const 100))))))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn depth(@Option<Tuple<Option<Tuple<Option<Int>, Int>>, Int>> -> @Int)   -- tuple_patterns.vera:33-43
  (func $depth (param $option_tuple_option_tuple_option_int_int_int_0 i32) (result i64)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $int_2 i64)
    (if (result i64)
      (i32.eq
        (i32.load offset=0 (local.get $option_tuple_option_tuple_option_int_int_int_0))
        (i32.const 1))
      (then
        ;; None   -- line 39
        (i64.const 0))
      (else
        (if (result i64)
          (if (result i32)
            (i32.eq
              (i32.load offset=0 (local.get $option_tuple_option_tuple_option_int_int_int_0))
              (i32.const 0))
            (then
              (i32.eq
                (i32.load offset=0
                  (i32.load offset=0
                    (i32.load offset=4 (local.get $option_tuple_option_tuple_option_int_int_int_0))))
                (i32.const 1)))
            (else (i32.const 0)))
          (then
            ;; Some(Tuple(None, @Int))   -- line 40
            (local.set $int_0
              (i64.load offset=8
                (i32.load offset=4 (local.get $option_tuple_option_tuple_option_int_int_int_0))))
            (local.get $int_0))
          (else
            ;; Some(Tuple(Some(Tuple(_, @Int)), @Int))   -- line 41
            (local.set $int_1
              (i64.load offset=8
                (i32.load offset=4
                  (i32.load offset=0
                    (i32.load offset=4 (local.get $option_tuple_option_tuple_option_int_int_int_0))))))
            (local.set $int_2
              (i64.load offset=8
                (i32.load offset=4 (local.get $option_tuple_option_tuple_option_int_int_int_0))))
            (i64.add (i64.mul (local.get $int_1) (i64.const 10)) (local.get $int_2)))))))

  ;; fn main(@Unit -> @Int)   -- tuple_patterns.vera:45-54
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $tuple_0 i32)
    (local $int_0 i64)
    (local $int_1 i64)
    (local $some_0 i32)
    (local $tuple_1 i32)
    (local $some_1 i32)
    (local $tuple_2 i32)
    (local $int_2 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $int_0
      (call $swap
        (block (result i32)
          (local.set $tuple_0 (call $alloc (i32.const 16) (i32.const 1)))
          (i64.store offset=0 (local.get $tuple_0) (i64.const 10))
          (i64.store offset=8 (local.get $tuple_0) (i64.const 20))
          (local.get $tuple_0))))
    (local.set $int_1
      (i64.add
        (i64.add
          (i64.add
            (call $classify (i64.const 0) (i32.const 1))
            (call $classify (i64.const 0) (i32.const 0)))
          (call $classify (i64.const 5) (i32.const 1)))
        (call $classify (i64.const 5) (i32.const 0))))
    (local.set $int_2
      (call $depth
        (block (result i32)
          ;; Some: 8 bytes
          (local.set $some_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
          (i32.store offset=0 (local.get $some_0) (i32.const 0))
          (i32.store offset=4
            (local.get $some_0)
            (block (result i32)
              (local.set $tuple_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
              (i32.store offset=0
                (local.get $tuple_1)
                (block (result i32)
                  ;; Some: 8 bytes
                  (local.set $some_1 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
                  (i32.store offset=0 (local.get $some_1) (i32.const 0))
                  (i32.store offset=4
                    (local.get $some_1)
                    (block (result i32)
                      (local.set $tuple_2 (call $alloc (i32.const 16) (i32.const 0)))
                      (i32.store offset=0 (local.get $tuple_2) (i32.const 12 (; None ;)))
                      (i64.store offset=8 (local.get $tuple_2) (i64.const 1))
                      (local.get $tuple_2)))
                  (local.get $some_1)))
              (i64.store offset=8 (local.get $tuple_1) (i64.const 2))
              (local.get $tuple_1)))
          (local.get $some_0))))
    (i64.add (i64.add (local.get $int_2) (local.get $int_1)) (local.get $int_0))
    (global.set $gc_sp (local.get $frame_0)))
)
