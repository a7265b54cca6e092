;; ---- SOURCE tests/programs/generics_many.vera
;; -- One generic function used at several types (one WASM function per type),
;; -- and the built-in Option and Result.
;; -- expect: 3|abc|true|7
;; private forall<T> fn first(@Array<T>, @T -> @T)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   if length(@Array<T>.0) > 0 then {
;;     @Array<T>.0[0]
;;   } else {
;;     @T.0
;;   }
;; }
;; 
;; private forall<A> fn or_else(@Option<A>, @A -> @A)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Option<A>.0 {
;;     Some(@A) -> @A.0,
;;     None -> @A.0
;;   }
;; }
;; 
;; private fn safe(@Int -> @Result<Int, String>)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   if @Int.0 < 0 then {
;;     Err("negative")
;;   } else {
;;     Ok(@Int.0 + 1)
;;   }
;; }
;; 
;; public fn main(@Unit -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(int_to_string(first([3, 4], 9)));
;;   IO.print("|");
;;   IO.print(first(["abc"], "none"));
;;   IO.print("|");
;;   IO.print(bool_to_string(or_else(None, true)));
;;   IO.print("|");
;;   IO.print(match safe(6) { Ok(@Int) -> int_to_string(@Int.0), Err(@String) -> @String.0 })
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
    "\08\00\00\00negative"  ;; 8 = "negative"
    "\01\00\00\00|\00\00\00"  ;; 20 = "|"
    "\03\00\00\00abc\00"  ;; 28 = "abc"
    "\04\00\00\00none"  ;; 36 = "none"
    "\00\00\00\00\01\00\00\00"  ;; 44 = the tags 0..1
    "\05\00\00\00first"  ;; 52 = "first"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 64))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; ---- The program ----

  ;; fn safe(@Int -> @Result<Int, String>)   -- generics_many.vera:27-37
  (func $safe (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $err_0 i32)
    (local $ok_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (if (result i32)
      (i64.lt_s (local.get $int_0) (i64.const 0))
      (then
        (block (result i32)
          ;; Err: 8 bytes
          (local.set $err_0 (call $alloc (i32.const 8) (i32.const 0)))
          (i32.store offset=0 (local.get $err_0) (i32.const 1))
          (i32.store offset=4 (local.get $err_0) (i32.const 8))
          (local.get $err_0)))
      (else
        (block (result i32)
          ;; Ok: 16 bytes, no pointers
          (local.set $ok_0 (call $alloc (i32.const 16) (i32.const 1)))
          (i32.store offset=0 (local.get $ok_0) (i32.const 0))
          (i64.store offset=8 (local.get $ok_0) (i64.add (local.get $int_0) (i64.const 1)))
          (local.get $ok_0))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Unit)   -- generics_many.vera:39-51
  (func $main (export "main")
    (local $frame_0 i32)
    (local $array_0 i32)
    (local $array_1 i32)
    (local $scrutinee_0 i32)
    (local $int_0 i64)
    (local $string_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print
      (call $int_to_string
        (call $first<Int>
          (block (result i32)
            (local.set $array_0 (call $alloc (i32.const 24) (i32.const 1)))
            (i32.store offset=0 (local.get $array_0) (i32.const 2))
            (i64.store offset=8 (local.get $array_0) (i64.const 3))
            (i64.store offset=16 (local.get $array_0) (i64.const 4))
            (local.get $array_0))
          (i64.const 9))))
    (call $vera.print (i32.const 20))
    (call $vera.print
      (call $first<String>
        (block (result i32)
          (local.set $array_1 (call $alloc (i32.const 12) (i32.const 0)))
          (i32.store offset=0 (local.get $array_1) (i32.const 1))
          (i32.store offset=8 (local.get $array_1) (i32.const 28))
          (local.get $array_1))
        (i32.const 36)))
    (call $vera.print (i32.const 20))
    (call $vera.print
      (call $bool_to_string (call $or_else<Bool> (i32.const 48 (; None ;)) (i32.const 1))))
    (call $vera.print (i32.const 20))
    (call $vera.print
      (block (result i32)
        (local.set $scrutinee_0 (call $gc_keep (call $safe (i64.const 6))))
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
          (then
            ;; Ok(@Int)   -- line 50
            (local.set $int_0 (i64.load offset=8 (local.get $scrutinee_0)))
            (call $int_to_string (local.get $int_0)))
          (else
            ;; Err(@String)   -- line 50
            (local.set $string_0 (i32.load offset=4 (local.get $scrutinee_0)))
            (local.get $string_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn first(@Array<T>, @T -> @T)   -- generics_many.vera:4-14
  (func $first<Int> (param $array_t_0 i32) (param $t_0 i64) (result i64)
    (local $array_0 i32)
    (local $index_0 i64)
    (if (result i64)
      (i64.gt_s (i64.extend_i32_u (i32.load offset=0 (local.get $array_t_0))) (i64.const 0))
      (then
        (local.set $array_0 (local.get $array_t_0))
        (local.set $index_0 (i64.const 0))
        (if
          (i64.ge_u
            (local.get $index_0)
            (i64.extend_i32_u (i32.load offset=0 (local.get $array_0))))
          (then
            (call $vera.bounds
              (i32.const 52)
              (local.get $index_0)
              (i32.load offset=0 (local.get $array_0)))
            unreachable))
        (i64.load offset=8
          (i32.add (local.get $array_0) (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 8)))))
      (else (local.get $t_0))))

  ;; fn first(@Array<T>, @T -> @T)   -- generics_many.vera:4-14
  (func $first<String> (param $array_t_0 i32) (param $t_0 i32) (result i32)
    (local $array_0 i32)
    (local $index_0 i64)
    (if (result i32)
      (i64.gt_s (i64.extend_i32_u (i32.load offset=0 (local.get $array_t_0))) (i64.const 0))
      (then
        (local.set $array_0 (local.get $array_t_0))
        (local.set $index_0 (i64.const 0))
        (if
          (i64.ge_u
            (local.get $index_0)
            (i64.extend_i32_u (i32.load offset=0 (local.get $array_0))))
          (then
            (call $vera.bounds
              (i32.const 52)
              (local.get $index_0)
              (i32.load offset=0 (local.get $array_0)))
            unreachable))
        (i32.load offset=8
          (i32.add (local.get $array_0) (i32.mul (i32.wrap_i64 (local.get $index_0)) (i32.const 4)))))
      (else (local.get $t_0))))

  ;; fn or_else(@Option<A>, @A -> @A)   -- generics_many.vera:16-25
  (func $or_else<Bool> (param $option_a_0 i32) (param $a_0 i32) (result i32)
    (local $a_1 i32)
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $option_a_0)) (i32.const 0))
      (then
        ;; Some(@A)   -- line 22
        (local.set $a_1 (i32.load offset=4 (local.get $option_a_0)))
        (local.get $a_1))
      (else
        ;; None   -- line 23
        (local.get $a_0))))
)
