;; ---- SOURCE examples/expr_eval.vera
;; -- Nested patterns: eval looks two levels into an expression tree
;; -- (Neg(Neg(e)), Mul(Num(0), _), Add(Num(a), Num(b))) before falling back to the
;; -- general arms, and Sub checks that pattern fields bind left to right.
;; -- e1 = 3*4 + -(-(5+6)) = 23, e2 = 0*99 + -(4) = -4, e3 = 2*10 - 7 = 13;
;; -- main returns 23*100 + (-4)*10 + 13 = 2273.
;; -- expect: 2273
;; private data Expr {
;;   Num(Int),
;;   Neg(Expr),
;;   Add(Expr, Expr),
;;   Sub(Expr, Expr),
;;   Mul(Expr, Expr)
;; }
;; 
;; private fn eval(@Expr -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Expr.0)
;;   effects(pure)
;; {
;;   match @Expr.0 {
;;     Num(@Int) -> @Int.0,
;;     Neg(Neg(@Expr)) -> eval(@Expr.0),
;;     Neg(@Expr) -> 0 - eval(@Expr.0),
;;     Mul(Num(0), _) -> 0,
;;     Mul(@Expr, @Expr) -> eval(@Expr.1) * eval(@Expr.0),
;;     Add(Num(@Int), Num(@Int)) -> @Int.1 + @Int.0,
;;     Add(@Expr, @Expr) -> eval(@Expr.1) + eval(@Expr.0),
;;     Sub(@Expr, @Expr) -> eval(@Expr.1) - eval(@Expr.0)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Expr = Add(Mul(Num(3), Num(4)), Neg(Neg(Add(Num(5), Num(6)))));
;;   let @Expr = Add(Mul(Num(0), Num(99)), Neg(Num(4)));
;;   let @Expr = Sub(Mul(Num(2), Num(10)), Num(7));
;;   eval(@Expr.2) * 100 + eval(@Expr.1) * 10 + eval(@Expr.0)
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
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 8))

  ;; ---- prelude/prelude.wat, sections: gc
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn eval(@Expr -> @Int)   -- expr_eval.vera:15-31
  (func $eval (param $expr_0 i32) (result i64)
    (local $int_0 i64)
    (local $expr_1 i32)
    (local $expr_2 i32)
    (local $expr_3 i32)
    (local $expr_4 i32)
    (local $int_1 i64)
    (local $int_2 i64)
    (local $expr_5 i32)
    (local $expr_6 i32)
    (local $expr_7 i32)
    (local $expr_8 i32)
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 0))
      (then
        ;; Num(@Int)   -- line 22
        (local.set $int_0 (i64.load offset=8 (local.get $expr_0)))
        (local.get $int_0))
      (else
        (if (result i64)
          (if (result i32)
            (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 1))
            (then
              (i32.eq (i32.load offset=0 (i32.load offset=4 (local.get $expr_0))) (i32.const 1)))
            (else (i32.const 0)))
          (then
            ;; Neg(Neg(@Expr))   -- line 23
            (local.set $expr_1 (i32.load offset=4 (i32.load offset=4 (local.get $expr_0))))
            (return_call $eval (local.get $expr_1)))
          (else
            (if (result i64)
              (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 1))
              (then
                ;; Neg(@Expr)   -- line 24
                (local.set $expr_2 (i32.load offset=4 (local.get $expr_0)))
                (i64.sub (i64.const 0) (call $eval (local.get $expr_2))))
              (else
                (if (result i64)
                  (if (result i32)
                    (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 4))
                    (then
                      (if (result i32)
                        (i32.eq
                          (i32.load offset=0 (i32.load offset=4 (local.get $expr_0)))
                          (i32.const 0))
                        (then
                          (i64.eq
                            (i64.load offset=8 (i32.load offset=4 (local.get $expr_0)))
                            (i64.const 0)))
                        (else (i32.const 0))))
                    (else (i32.const 0)))
                  (then
                    ;; Mul(Num(0), _)   -- line 25
                    (i64.const 0))
                  (else
                    (if (result i64)
                      (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 4))
                      (then
                        ;; Mul(@Expr, @Expr)   -- line 26
                        (local.set $expr_3 (i32.load offset=4 (local.get $expr_0)))
                        (local.set $expr_4 (i32.load offset=8 (local.get $expr_0)))
                        (i64.mul (call $eval (local.get $expr_3)) (call $eval (local.get $expr_4))))
                      (else
                        (if (result i64)
                          (if (result i32)
                            (if (result i32)
                              (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 2))
                              (then
                                (i32.eq
                                  (i32.load offset=0 (i32.load offset=8 (local.get $expr_0)))
                                  (i32.const 0)))
                              (else (i32.const 0)))
                            (then
                              (i32.eq
                                (i32.load offset=0 (i32.load offset=4 (local.get $expr_0)))
                                (i32.const 0)))
                            (else (i32.const 0)))
                          (then
                            ;; Add(Num(@Int), Num(@Int))   -- line 27
                            (local.set $int_1
                              (i64.load offset=8 (i32.load offset=4 (local.get $expr_0))))
                            (local.set $int_2
                              (i64.load offset=8 (i32.load offset=8 (local.get $expr_0))))
                            (i64.add (local.get $int_1) (local.get $int_2)))
                          (else
                            (if (result i64)
                              (i32.eq (i32.load offset=0 (local.get $expr_0)) (i32.const 2))
                              (then
                                ;; Add(@Expr, @Expr)   -- line 28
                                (local.set $expr_5 (i32.load offset=4 (local.get $expr_0)))
                                (local.set $expr_6 (i32.load offset=8 (local.get $expr_0)))
                                (i64.add
                                  (call $eval (local.get $expr_5))
                                  (call $eval (local.get $expr_6))))
                              (else
                                ;; Sub(@Expr, @Expr)   -- line 29
                                (local.set $expr_7 (i32.load offset=4 (local.get $expr_0)))
                                (local.set $expr_8 (i32.load offset=8 (local.get $expr_0)))
                                (i64.sub
                                  (call $eval (local.get $expr_7))
                                  (call $eval (local.get $expr_8))))))))))))))))))

  ;; fn main(@Unit -> @Int)   -- expr_eval.vera:33-42
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $add_0 i32)
    (local $mul_0 i32)
    (local $num_0 i32)
    (local $num_1 i32)
    (local $neg_0 i32)
    (local $neg_1 i32)
    (local $add_1 i32)
    (local $num_2 i32)
    (local $num_3 i32)
    (local $expr_0 i32)
    (local $add_2 i32)
    (local $mul_1 i32)
    (local $num_4 i32)
    (local $num_5 i32)
    (local $neg_2 i32)
    (local $num_6 i32)
    (local $expr_1 i32)
    (local $sub_0 i32)
    (local $mul_2 i32)
    (local $num_7 i32)
    (local $num_8 i32)
    (local $num_9 i32)
    (local $expr_2 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $expr_0
      (block (result i32)
        ;; Add: 16 bytes
        (local.set $add_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $add_0) (i32.const 2))
        (i32.store offset=4
          (local.get $add_0)
          (block (result i32)
            ;; Mul: 16 bytes
            (local.set $mul_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $mul_0) (i32.const 4))
            (i32.store offset=4
              (local.get $mul_0)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_0 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_0) (i32.const 0))
                (i64.store offset=8 (local.get $num_0) (i64.const 3))
                (local.get $num_0)))
            (i32.store offset=8
              (local.get $mul_0)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_1 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_1) (i32.const 0))
                (i64.store offset=8 (local.get $num_1) (i64.const 4))
                (local.get $num_1)))
            (local.get $mul_0)))
        (i32.store offset=8
          (local.get $add_0)
          (block (result i32)
            ;; Neg: 8 bytes
            (local.set $neg_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
            (i32.store offset=0 (local.get $neg_0) (i32.const 1))
            (i32.store offset=4
              (local.get $neg_0)
              (block (result i32)
                ;; Neg: 8 bytes
                (local.set $neg_1 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
                (i32.store offset=0 (local.get $neg_1) (i32.const 1))
                (i32.store offset=4
                  (local.get $neg_1)
                  (block (result i32)
                    ;; Add: 16 bytes
                    (local.set $add_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
                    (i32.store offset=0 (local.get $add_1) (i32.const 2))
                    (i32.store offset=4
                      (local.get $add_1)
                      (block (result i32)
                        ;; Num: 16 bytes, no pointers
                        (local.set $num_2 (call $alloc (i32.const 16) (i32.const 1)))
                        (i32.store offset=0 (local.get $num_2) (i32.const 0))
                        (i64.store offset=8 (local.get $num_2) (i64.const 5))
                        (local.get $num_2)))
                    (i32.store offset=8
                      (local.get $add_1)
                      (block (result i32)
                        ;; Num: 16 bytes, no pointers
                        (local.set $num_3 (call $alloc (i32.const 16) (i32.const 1)))
                        (i32.store offset=0 (local.get $num_3) (i32.const 0))
                        (i64.store offset=8 (local.get $num_3) (i64.const 6))
                        (local.get $num_3)))
                    (local.get $add_1)))
                (local.get $neg_1)))
            (local.get $neg_0)))
        (local.get $add_0)))
    (local.set $expr_1
      (block (result i32)
        ;; Add: 16 bytes
        (local.set $add_2 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $add_2) (i32.const 2))
        (i32.store offset=4
          (local.get $add_2)
          (block (result i32)
            ;; Mul: 16 bytes
            (local.set $mul_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $mul_1) (i32.const 4))
            (i32.store offset=4
              (local.get $mul_1)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_4 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_4) (i32.const 0))
                (i64.store offset=8 (local.get $num_4) (i64.const 0))
                (local.get $num_4)))
            (i32.store offset=8
              (local.get $mul_1)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_5 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_5) (i32.const 0))
                (i64.store offset=8 (local.get $num_5) (i64.const 99))
                (local.get $num_5)))
            (local.get $mul_1)))
        (i32.store offset=8
          (local.get $add_2)
          (block (result i32)
            ;; Neg: 8 bytes
            (local.set $neg_2 (call $gc_keep (call $alloc (i32.const 8) (i32.const 0))))
            (i32.store offset=0 (local.get $neg_2) (i32.const 1))
            (i32.store offset=4
              (local.get $neg_2)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_6 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_6) (i32.const 0))
                (i64.store offset=8 (local.get $num_6) (i64.const 4))
                (local.get $num_6)))
            (local.get $neg_2)))
        (local.get $add_2)))
    (local.set $expr_2
      (block (result i32)
        ;; Sub: 16 bytes
        (local.set $sub_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $sub_0) (i32.const 3))
        (i32.store offset=4
          (local.get $sub_0)
          (block (result i32)
            ;; Mul: 16 bytes
            (local.set $mul_2 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $mul_2) (i32.const 4))
            (i32.store offset=4
              (local.get $mul_2)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_7 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_7) (i32.const 0))
                (i64.store offset=8 (local.get $num_7) (i64.const 2))
                (local.get $num_7)))
            (i32.store offset=8
              (local.get $mul_2)
              (block (result i32)
                ;; Num: 16 bytes, no pointers
                (local.set $num_8 (call $alloc (i32.const 16) (i32.const 1)))
                (i32.store offset=0 (local.get $num_8) (i32.const 0))
                (i64.store offset=8 (local.get $num_8) (i64.const 10))
                (local.get $num_8)))
            (local.get $mul_2)))
        (i32.store offset=8
          (local.get $sub_0)
          (block (result i32)
            ;; Num: 16 bytes, no pointers
            (local.set $num_9 (call $alloc (i32.const 16) (i32.const 1)))
            (i32.store offset=0 (local.get $num_9) (i32.const 0))
            (i64.store offset=8 (local.get $num_9) (i64.const 7))
            (local.get $num_9)))
        (local.get $sub_0)))
    (i64.add
      (i64.add
        (i64.mul (call $eval (local.get $expr_0)) (i64.const 100))
        (i64.mul (call $eval (local.get $expr_1)) (i64.const 10)))
      (call $eval (local.get $expr_2)))
    (global.set $gc_sp (local.get $frame_0)))
)
