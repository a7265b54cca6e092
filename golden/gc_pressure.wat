;; ---- SOURCE examples/gc_pressure.vera
;; -- Garbage-collector pressure: 30 rounds, each building a balanced tree of 1..100,
;; -- copying it mirrored and totalling the copy, leaving 200 dead nodes per round
;; -- (~190 KB in all, well past one 64 KiB page). 30 * (1 + ... + 100) = 151500.
;; -- expect: 151500
;; private data Tree {
;;   Tip,
;;   Node(Tree, Int, Tree)
;; }
;; 
;; -- A balanced tree holding the @Nat.0 consecutive integers that start at @Int.0.
;; private fn span(@Int, @Nat -> @Tree)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 then {
;;     Tip
;;   } else {
;;     let @Nat = @Nat.0 / 2;
;;     Node(span(@Int.0, @Nat.0), @Int.0 + @Nat.0, span(@Int.0 + @Nat.0 + 1, @Nat.1 - @Nat.0 - 1))
;;   }
;; }
;; 
;; private fn mirror(@Tree -> @Tree)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Tree.0)
;;   effects(pure)
;; {
;;   match @Tree.0 {
;;     Tip -> Tip,
;;     Node(@Tree, @Int, @Tree) -> Node(mirror(@Tree.0), @Int.0, mirror(@Tree.1))
;;   }
;; }
;; 
;; private fn total(@Tree -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Tree.0)
;;   effects(pure)
;; {
;;   match @Tree.0 {
;;     Tip -> 0,
;;     Node(@Tree, @Int, @Tree) -> total(@Tree.1) + @Int.0 + total(@Tree.0)
;;   }
;; }
;; 
;; -- @Nat.0 rounds still to run; @Int.0 is the running sum.
;; private fn rounds(@Nat, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Nat.0)
;;   effects(pure)
;; {
;;   if @Nat.0 == 0 then {
;;     @Int.0
;;   } else {
;;     rounds(@Nat.0 - 1, @Int.0 + total(mirror(span(1, 100))))
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   rounds(30, 0)
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

  ;; fn span(@Int, @Nat -> @Tree)   -- gc_pressure.vera:11-23
  (func $span (param $int_0 i64) (param $nat_0 i64) (result i32)
    (local $frame_0 i32)
    (local $dividend_0 i64)
    (local $divisor_0 i64)
    (local $nat_1 i64)
    (local $node_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i32)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (i32.const 8 (; Tip ;)))
      (else
        (local.set $nat_1
          (block (result i64)
            (local.set $dividend_0 (local.get $nat_0))
            (local.set $divisor_0 (i64.const 2))
            ;; x / -1 is -x, which wraps for -2^63 instead of trapping
            (if (result i64)
              (i64.eq (local.get $divisor_0) (i64.const -1))
              (then (i64.sub (i64.const 0) (local.get $dividend_0)))
              (else (i64.div_s (local.get $dividend_0) (local.get $divisor_0))))))
        (block (result i32)
          ;; Node: 24 bytes
          (local.set $node_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
          (i32.store offset=0 (local.get $node_0) (i32.const 1))
          (i32.store offset=4
            (local.get $node_0)
            (call $span (local.get $int_0) (local.get $nat_1)))
          (i64.store offset=8 (local.get $node_0) (i64.add (local.get $int_0) (local.get $nat_1)))
          (i32.store offset=16
            (local.get $node_0)
            (call $span
              (i64.add (i64.add (local.get $int_0) (local.get $nat_1)) (i64.const 1))
              (i64.sub (i64.sub (local.get $nat_0) (local.get $nat_1)) (i64.const 1))))
          (local.get $node_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn mirror(@Tree -> @Tree)   -- gc_pressure.vera:25-35
  (func $mirror (param $tree_0 i32) (result i32)
    (local $frame_0 i32)
    (local $tree_1 i32)
    (local $int_0 i64)
    (local $tree_2 i32)
    (local $node_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $tree_0))
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $tree_0)) (i32.const 0))
      (then
        ;; Tip   -- line 32
        (i32.const 8 (; Tip ;)))
      (else
        ;; Node(@Tree, @Int, @Tree)   -- line 33
        (local.set $tree_1 (i32.load offset=4 (local.get $tree_0)))
        (local.set $int_0 (i64.load offset=8 (local.get $tree_0)))
        (local.set $tree_2 (i32.load offset=16 (local.get $tree_0)))
        (block (result i32)
          ;; Node: 24 bytes
          (local.set $node_0 (call $gc_keep (call $alloc (i32.const 24) (i32.const 0))))
          (i32.store offset=0 (local.get $node_0) (i32.const 1))
          (i32.store offset=4 (local.get $node_0) (call $mirror (local.get $tree_2)))
          (i64.store offset=8 (local.get $node_0) (local.get $int_0))
          (i32.store offset=16 (local.get $node_0) (call $mirror (local.get $tree_1)))
          (local.get $node_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn total(@Tree -> @Int)   -- gc_pressure.vera:37-47
  (func $total (param $tree_0 i32) (result i64)
    (local $tree_1 i32)
    (local $int_0 i64)
    (local $tree_2 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $tree_0)) (i32.const 0))
      (then
        ;; Tip   -- line 44
        (i64.const 0))
      (else
        ;; Node(@Tree, @Int, @Tree)   -- line 45
        (local.set $tree_1 (i32.load offset=4 (local.get $tree_0)))
        (local.set $int_0 (i64.load offset=8 (local.get $tree_0)))
        (local.set $tree_2 (i32.load offset=16 (local.get $tree_0)))
        (i64.add
          (i64.add (call $total (local.get $tree_1)) (local.get $int_0))
          (call $total (local.get $tree_2))))))

  ;; fn rounds(@Nat, @Int -> @Int)   -- gc_pressure.vera:50-61
  (func $rounds (param $nat_0 i64) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i64)
      (i64.eq (local.get $nat_0) (i64.const 0))
      (then (local.get $int_0))
      (else
        (return_call $rounds
          (i64.sub (local.get $nat_0) (i64.const 1))
          (i64.add
            (local.get $int_0)
            (call $total (call $mirror (call $span (i64.const 1) (i64.const 100)))))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- gc_pressure.vera:63-69
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (return_call $rounds (i64.const 30) (i64.const 0) (global.set $gc_sp (local.get $frame_0)))
    (global.set $gc_sp (local.get $frame_0)))
)
