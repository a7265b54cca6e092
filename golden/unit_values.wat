;; ---- SOURCE tests/programs/unit_values.vera
;; -- Unit values in lets, parameters and fields; a generic closure; Byte patterns.
;; -- expect: 5\n8
;; private data Box<T> {
;;   B(T)
;; }
;; 
;; private forall<T> fn wrap(@T -> @Box<T>)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   B(@T.0)
;; }
;; 
;; private forall<T> fn twice(@T -> @fn(Unit -> T) effects(pure))
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Unit -> @T) effects(pure) { @T.0 }
;; }
;; 
;; private fn side(@Unit, @Int -> @Unit)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   IO.print(int_to_string(@Int.0))
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<IO>)
;; {
;;   let @Unit = side((), 5);
;;   let @Box<Unit> = wrap(());
;;   let @Option<Unit> = Some(());
;;   let @fn(Unit -> Int) effects(pure) = twice(7);
;;   let @Int = apply_fn(@fn(Unit -> Int) effects(pure).0, ());
;;   let @Byte = 200;
;;   match @Option<Unit>.0 {
;;     Some(@Unit) -> @Int.0 + match @Byte.0 { 200 -> 1, _ -> 0 },
;;     None -> 0
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "print" (func $vera.print (param i32)))
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))
  (import "vera" "bounds" (func $vera.bounds (param i32 i64 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn->i64 (func (param i32) (result i64)))

  ;; Linear memory: [0, 8) unused | static data | mark stack | heap -> ... | object bitmap | shadow stack ]
  (memory (export "memory") 4)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 8))

  ;; ---- prelude/prelude.wat, sections: gc, strings
  ;; Roots held in globals: heap-valued state cells and installed handlers.
  (func $gc_mark_globals)

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 1 funcref)
  (elem (i32.const 0) func $twice<Int>.lambda)

  ;; ---- The program ----

  ;; fn side(@Unit, @Int -> @Unit)   -- unit_values.vera:23-29
  (func $side (param $int_0 i64)
    (local $frame_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $vera.print (call $int_to_string (local.get $int_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- unit_values.vera:31-46
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $box_unit_0 i32)
    (local $some_0 i32)
    (local $option_unit_0 i32)
    (local $fn_unit_int_effects_pure_0 i32)
    (local $closure_0 i32)
    (local $int_0 i64)
    (local $byte_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $side (i64.const 5))
    (local.set $box_unit_0 (call $gc_keep (call $wrap<Unit>)))
    (local.set $option_unit_0
      (block (result i32)
        ;; Some: 8 bytes, no pointers
        (local.set $some_0 (call $gc_keep (call $alloc (i32.const 8) (i32.const 1))))
        (i32.store offset=0 (local.get $some_0) (i32.const 0))
        (local.get $some_0)))
    (local.set $fn_unit_int_effects_pure_0 (call $gc_keep (call $twice<Int> (i64.const 7))))
    (local.set $int_0
      (block (result i64)
        (local.set $closure_0 (local.get $fn_unit_int_effects_pure_0))
        (call_indirect (type $fn->i64)
          (local.get $closure_0)
          (i32.load offset=0 (local.get $closure_0)))))
    (local.set $byte_0 (i32.const 200))
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $option_unit_0)) (i32.const 0))
      (then
        ;; Some(@Unit)   -- line 43
        (i64.add
          (local.get $int_0)
          (if (result i64)
            (i32.eq (local.get $byte_0) (i32.const 200))
            (then
              ;; 200   -- line 43
              (i64.const 1))
            (else
              ;; _   -- line 43
              (i64.const 0)))))
      (else
        ;; None   -- line 44
        (i64.const 0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn wrap(@T -> @Box<T>)   -- unit_values.vera:7-13
  (func $wrap<Unit> (result i32)
    (local $frame_0 i32)
    (local $b_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; B: 8 bytes, no pointers
      (local.set $b_0 (call $alloc (i32.const 8) (i32.const 1)))
      (i32.store offset=0 (local.get $b_0) (i32.const 0))
      (local.get $b_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn twice(@T -> @fn(Unit -> T) effects(pure))   -- unit_values.vera:15-21
  (func $twice<Int> (param $t_0 i64) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; closure of $twice<Int>.lambda (1 captured)
      (local.set $closure_0 (call $alloc (i32.const 16) (i32.const 1)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 0))
      (i64.store offset=8 (local.get $closure_0) (local.get $t_0))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in twice   -- unit_values.vera:20
  (func $twice<Int>.lambda (param $env i32) (result i64)
    (local $t_0 i64)
    (local.set $t_0 (i64.load offset=8 (local.get $env)))
    (local.get $t_0))
)
