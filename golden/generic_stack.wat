;; ---- SOURCE examples/generic_stack.vera
;; -- Generics with forall: depth, top_or, swap and second used at Stack<Int>,
;; -- Stack<String> and Pair<Int, Bool>. depth [7, 8, 9] = 3, depth ["only"] = 1,
;; -- top of [7, 8, 9] = 7, top of an empty stack = fallback 42, and
;; -- second(swap(MkPair(5, true))) = 5: (3 + 1) + 7 + 42 + 5 = 58.
;; -- expect: 58
;; private data Stack<T> {
;;   Empty,
;;   Push(T, Stack<T>)
;; }
;; 
;; private data Pair<A, B> {
;;   MkPair(A, B)
;; }
;; 
;; private forall<T> fn depth(@Stack<T> -> @Nat)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Stack<T>.0)
;;   effects(pure)
;; {
;;   match @Stack<T>.0 {
;;     Empty -> 0,
;;     Push(@T, @Stack<T>) -> 1 + depth(@Stack<T>.0)
;;   }
;; }
;; 
;; private forall<T> fn top_or(@Stack<T>, @T -> @T)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Stack<T>.0 {
;;     Empty -> @T.0,
;;     Push(@T, @Stack<T>) -> @T.0
;;   }
;; }
;; 
;; private forall<A, B> fn swap(@Pair<A, B> -> @Pair<B, A>)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Pair<A, B>.0 {
;;     MkPair(@A, @B) -> MkPair(@B.0, @A.0)
;;   }
;; }
;; 
;; private forall<A, B> fn second(@Pair<A, B> -> @B)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Pair<A, B>.0 {
;;     MkPair(@A, @B) -> @B.0
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Stack<Int> = Push(7, Push(8, Push(9, Empty)));
;;   let @Stack<String> = Push("only", Empty);
;;   let @Stack<Int> = Empty;
;;   let @Pair<Bool, Int> = swap(MkPair(5, true));
;;   let @Int = depth(@Stack<Int>.1) + depth(@Stack<String>.0);
;;   @Int.0 + top_or(@Stack<Int>.1, 0) + top_or(@Stack<Int>.0, 42) + second(@Pair<Bool, Int>.0)
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
    "\04\00\00\00only"  ;; 16 = "only"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 24))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn main(@Unit -> @Int)   -- generic_stack.vera:58-69
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $push_0 i32)
    (local $push_1 i32)
    (local $push_2 i32)
    (local $stack_int_0 i32)
    (local $push_3 i32)
    (local $stack_string_0 i32)
    (local $stack_int_1 i32)
    (local $mkpair_0 i32)
    (local $pair_bool_int_0 i32)
    (local $int_0 i64)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $stack_int_0
      (block (result i32)
        ;; Push: 24 bytes
        (local.set $push_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
        (i32.store offset=0 (local.get $push_0) (i32.const 1))
        (i64.store offset=8 (local.get $push_0) (i64.const 7))
        (i32.store offset=16
          (local.get $push_0)
          (block (result i32)
            ;; Push: 24 bytes
            (local.set $push_1 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
            (i32.store offset=0 (local.get $push_1) (i32.const 1))
            (i64.store offset=8 (local.get $push_1) (i64.const 8))
            (i32.store offset=16
              (local.get $push_1)
              (block (result i32)
                ;; Push: 24 bytes
                (local.set $push_2 (call $alloc (i32.const 24) (i32.const 0)))
                (i32.store offset=0 (local.get $push_2) (i32.const 1))
                (i64.store offset=8 (local.get $push_2) (i64.const 9))
                (i32.store offset=16 (local.get $push_2) (i32.const 8 (; Empty ;)))
                (local.get $push_2)))
            (local.get $push_1)))
        (local.get $push_0)))
    (local.set $stack_string_0
      (block (result i32)
        ;; Push: 16 bytes
        (local.set $push_3 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $push_3) (i32.const 1))
        (i32.store offset=4 (local.get $push_3) (i32.const 16))
        (i32.store offset=8 (local.get $push_3) (i32.const 8 (; Empty ;)))
        (local.get $push_3)))
    (local.set $stack_int_1 (i32.const 8 (; Empty ;)))
    (local.set $pair_bool_int_0
      (call $gc_keep
        (call $swap<Int|Bool>
          (block (result i32)
            ;; MkPair: 24 bytes, no pointers
            (local.set $mkpair_0 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $mkpair_0) (i32.const 0))
            (i64.store offset=8 (local.get $mkpair_0) (i64.const 5))
            (i32.store offset=16 (local.get $mkpair_0) (i32.const 1))
            (local.get $mkpair_0)))))
    (local.set $int_0
      (i64.add
        (call $depth<Int> (local.get $stack_int_0))
        (call $depth<String> (local.get $stack_string_0))))
    (i64.add
      (i64.add
        (i64.add (local.get $int_0) (call $top_or<Int> (local.get $stack_int_0) (i64.const 0)))
        (call $top_or<Int> (local.get $stack_int_1) (i64.const 42)))
      (call $second<Bool|Int> (local.get $pair_bool_int_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn swap(@Pair<A, B> -> @Pair<B, A>)   -- generic_stack.vera:38-46
  (func $swap<Int|Bool> (param $pair_a_b_0 i32) (result i32)
    (local $frame_0 i32)
    (local $a_0 i64)
    (local $b_0 i32)
    (local $mkpair_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $pair_a_b_0))
    ;; MkPair(@A, @B)   -- line 44
    (local.set $a_0 (i64.load offset=8 (local.get $pair_a_b_0)))
    (local.set $b_0 (i32.load offset=16 (local.get $pair_a_b_0)))
    (block (result i32)
      ;; MkPair: 16 bytes, no pointers
      (local.set $mkpair_0 (call $alloc (i32.const 16) (i32.const 1)))
      (i32.store offset=0 (local.get $mkpair_0) (i32.const 0))
      (i32.store offset=4 (local.get $mkpair_0) (local.get $b_0))
      (i64.store offset=8 (local.get $mkpair_0) (local.get $a_0))
      (local.get $mkpair_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn depth(@Stack<T> -> @Nat)   -- generic_stack.vera:15-25
  (func $depth<Int> (param $stack_t_0 i32) (result i64)
    (local $t_0 i64)
    (local $stack_t_1 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $stack_t_0)) (i32.const 0))
      (then
        ;; Empty   -- line 22
        (i64.const 0))
      (else
        ;; Push(@T, @Stack<T>)   -- line 23
        (local.set $t_0 (i64.load offset=8 (local.get $stack_t_0)))
        (local.set $stack_t_1 (i32.load offset=16 (local.get $stack_t_0)))
        (i64.add (i64.const 1) (call $depth<Int> (local.get $stack_t_1))))))

  ;; fn depth(@Stack<T> -> @Nat)   -- generic_stack.vera:15-25
  (func $depth<String> (param $stack_t_0 i32) (result i64)
    (local $t_0 i32)
    (local $stack_t_1 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $stack_t_0)) (i32.const 0))
      (then
        ;; Empty   -- line 22
        (i64.const 0))
      (else
        ;; Push(@T, @Stack<T>)   -- line 23
        (local.set $t_0 (i32.load offset=4 (local.get $stack_t_0)))
        (local.set $stack_t_1 (i32.load offset=8 (local.get $stack_t_0)))
        (i64.add (i64.const 1) (call $depth<String> (local.get $stack_t_1))))))

  ;; fn top_or(@Stack<T>, @T -> @T)   -- generic_stack.vera:27-36
  (func $top_or<Int> (param $stack_t_0 i32) (param $t_0 i64) (result i64)
    (local $t_1 i64)
    (local $stack_t_1 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $stack_t_0)) (i32.const 0))
      (then
        ;; Empty   -- line 33
        (local.get $t_0))
      (else
        ;; Push(@T, @Stack<T>)   -- line 34
        (local.set $t_1 (i64.load offset=8 (local.get $stack_t_0)))
        (local.set $stack_t_1 (i32.load offset=16 (local.get $stack_t_0)))
        (local.get $t_1))))

  ;; fn second(@Pair<A, B> -> @B)   -- generic_stack.vera:48-56
  (func $second<Bool|Int> (param $pair_a_b_0 i32) (result i64)
    (local $a_0 i32)
    (local $b_0 i64)
    ;; MkPair(@A, @B)   -- line 54
    (local.set $a_0 (i32.load offset=4 (local.get $pair_a_b_0)))
    (local.set $b_0 (i64.load offset=8 (local.get $pair_a_b_0)))
    (local.get $b_0))
)
