;; ---- SOURCE tests/programs/generic_cycles.vera
;; -- Recursion through generic code that needs finitely many instances is
;; -- accepted (spec 2.8): ping<A> calls pong<Option<A>>, which calls ping<Int>,
;; -- so the types stop growing; Alt<A, B> swaps its parameters in its recursive
;; -- field, and len<A, B> calls len<B, A>: two instances of each.
;; -- By hand: ping(true, 5) -> pong(Some(true), 4) -> ping(5, 3) -> pong(Some(5), 2)
;; -- -> ping(5, 1) -> pong(Some(5), 0) = 1. len of Go(1, Go(true, Go(2, Stop))) = 3.
;; -- 1 + 3 = 4.
;; -- expect: 4
;; private data Alt<A, B> {
;;   Stop,
;;   Go(A, Alt<B, A>)
;; }
;; 
;; private forall<A> fn ping(@A, @Nat -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 then {
;;     0
;;   } else {
;;     pong(Some(@A.0), @Nat.0 - 1)
;;   }
;; }
;; 
;; private forall<B> fn pong(@B, @Nat -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 then {
;;     1
;;   } else {
;;     ping(5, @Nat.0 - 1)
;;   }
;; }
;; 
;; private forall<A, B> fn len(@Alt<A, B> -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Diverge>)
;; {
;;   match @Alt<A, B>.0 {
;;     Stop -> 0,
;;     Go(_, @Alt<B, A>) -> 1 + len(@Alt<B, A>.0)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Diverge>)
;; {
;;   ping(true, 5) + len(Go(1, Go(true, Go(2, Stop))))
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

  ;; fn main(@Unit -> @Int)   -- generic_cycles.vera:51-57
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $go_0 i32)
    (local $go_1 i32)
    (local $go_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (i64.add
      (call $ping<Bool> (i32.const 1) (i64.const 5))
      (call $len<Int|Bool>
        (block (result i32)
          ;; Go: 24 bytes
          (local.set $go_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
          (i32.store offset=0 (local.get $go_0) (i32.const 1))
          (i64.store offset=8 (local.get $go_0) (i64.const 1))
          (i32.store offset=16
            (local.get $go_0)
            (block (result i32)
              ;; Go: 16 bytes
              (local.set $go_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
              (i32.store offset=0 (local.get $go_1) (i32.const 1))
              (i32.store offset=4 (local.get $go_1) (i32.const 1))
              (i32.store offset=8
                (local.get $go_1)
                (block (result i32)
                  ;; Go: 24 bytes
                  (local.set $go_2 (call $alloc (i32.const 24) (i32.const 0)))
                  (i32.store offset=0 (local.get $go_2) (i32.const 1))
                  (i64.store offset=8 (local.get $go_2) (i64.const 2))
                  (i32.store offset=16 (local.get $go_2) (i32.const 8 (; Stop ;)))
                  (local.get $go_2)))
              (local.get $go_1)))
          (local.get $go_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn ping(@A, @Nat -> @Int)   -- generic_cycles.vera:14-25
  (func $ping<Bool> (param $a_0 i32) (param $nat_0 i64) (result i64)
    (local $frame_0 i32)
    (local $some_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (i64.const 0))
      (else
        (return_call $pong<Option<Bool>>
          (block (result i32)
            ;; Some: 8 bytes, no pointers
            (local.set $some_0 (call $alloc (i32.const 8) (i32.const 1)))
            (i32.store offset=0 (local.get $some_0) (i32.const 0))
            (i32.store offset=4 (local.get $some_0) (local.get $a_0))
            (local.get $some_0))
          (i64.sub (local.get $nat_0) (i64.const 1))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn len(@Alt<A, B> -> @Int)   -- generic_cycles.vera:40-49
  (func $len<Int|Bool> (param $alt_a_b_0 i32) (result i64)
    (local $alt_b_a_0 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $alt_a_b_0)) (i32.const 0))
      (then
        ;; Stop   -- line 46
        (i64.const 0))
      (else
        ;; Go(_, @Alt<B, A>)   -- line 47
        (local.set $alt_b_a_0 (i32.load offset=16 (local.get $alt_a_b_0)))
        (i64.add (i64.const 1) (call $len<Bool|Int> (local.get $alt_b_a_0))))))

  ;; fn pong(@B, @Nat -> @Int)   -- generic_cycles.vera:27-38
  (func $pong<Option<Bool>> (param $b_0 i32) (param $nat_0 i64) (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $b_0))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (i64.const 1))
      (else
        (return_call $ping<Int>
          (i64.const 5)
          (i64.sub (local.get $nat_0) (i64.const 1))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn len(@Alt<A, B> -> @Int)   -- generic_cycles.vera:40-49
  (func $len<Bool|Int> (param $alt_a_b_0 i32) (result i64)
    (local $alt_b_a_0 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $alt_a_b_0)) (i32.const 0))
      (then
        ;; Stop   -- line 46
        (i64.const 0))
      (else
        ;; Go(_, @Alt<B, A>)   -- line 47
        (local.set $alt_b_a_0 (i32.load offset=8 (local.get $alt_a_b_0)))
        (i64.add (i64.const 1) (call $len<Int|Bool> (local.get $alt_b_a_0))))))

  ;; fn ping(@A, @Nat -> @Int)   -- generic_cycles.vera:14-25
  (func $ping<Int> (param $a_0 i64) (param $nat_0 i64) (result i64)
    (local $frame_0 i32)
    (local $some_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (i64.const 0))
      (else
        (return_call $pong<Option<Int>>
          (block (result i32)
            ;; Some: 16 bytes, no pointers
            (local.set $some_0 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $some_0) (i32.const 0))
            (i64.store offset=8 (local.get $some_0) (local.get $a_0))
            (local.get $some_0))
          (i64.sub (local.get $nat_0) (i64.const 1))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn pong(@B, @Nat -> @Int)   -- generic_cycles.vera:27-38
  (func $pong<Option<Int>> (param $b_0 i32) (param $nat_0 i64) (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $b_0))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (i64.const 1))
      (else
        (return_call $ping<Int>
          (i64.const 5)
          (i64.sub (local.get $nat_0) (i64.const 1))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))
)
