;; ---- SOURCE tests/programs/closures_stored.vera
;; -- Closures returned from functions, stored in a list, and applied later.
;; -- expect: 135
;; type IntFn = fn(Int -> Int) effects(pure);
;; 
;; private data Fns {
;;   Done,
;;   More(IntFn, Fns)
;; }
;; 
;; private fn adder(@Int -> @IntFn)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Int -> @Int) effects(pure) { @Int.0 + @Int.1 }
;; }
;; 
;; private fn scaler(@Int -> @IntFn)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   fn(@Int -> @Int) effects(pure) { @Int.0 * @Int.1 }
;; }
;; 
;; private fn run_all(@Fns, @Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   decreases(@Fns.0)
;;   effects(pure)
;; {
;;   match @Fns.0 {
;;     Done -> @Int.0,
;;     More(@IntFn, @Fns) -> run_all(@Fns.0, apply_fn(@IntFn.0, @Int.0))
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   let @Fns = More(adder(5), More(scaler(10), More(adder(35), Done)));
;;   run_all(@Fns.0, 5)
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fatal" (func $vera.fatal (param i32 i32)))

  ;; Signatures of closures and clauses: the environment pointer, then the parameters
  (type $fn_i64->i64 (func (param i32 i64) (result i64)))

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

  ;; Lifted functions (lambdas, clauses), called through the table by index
  (table 2 funcref)
  (elem (i32.const 0) func $adder.lambda $scaler.lambda)

  ;; ---- The program ----

  ;; fn adder(@Int -> @IntFn)   -- closures_stored.vera:10-16
  (func $adder (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; closure of $adder.lambda (1 captured)
      (local.set $closure_0 (call $alloc (i32.const 16) (i32.const 1)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 0))
      (i64.store offset=8 (local.get $closure_0) (local.get $int_0))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn scaler(@Int -> @IntFn)   -- closures_stored.vera:18-24
  (func $scaler (param $int_0 i64) (result i32)
    (local $frame_0 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (block (result i32)
      ;; closure of $scaler.lambda (1 captured)
      (local.set $closure_0 (call $alloc (i32.const 16) (i32.const 1)))
      (i32.store offset=0 (local.get $closure_0) (i32.const 1))
      (i64.store offset=8 (local.get $closure_0) (local.get $int_0))
      (local.get $closure_0))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn run_all(@Fns, @Int -> @Int)   -- closures_stored.vera:26-36
  (func $run_all (param $fns_0 i32) (param $int_0 i64) (result i64)
    (local $frame_0 i32)
    (local $intfn_0 i32)
    (local $fns_1 i32)
    (local $closure_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (call $gc_push (local.get $fns_0))
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $fns_0)) (i32.const 0))
      (then
        ;; Done   -- line 33
        (local.get $int_0))
      (else
        ;; More(@IntFn, @Fns)   -- line 34
        (local.set $intfn_0 (i32.load offset=4 (local.get $fns_0)))
        (local.set $fns_1 (i32.load offset=8 (local.get $fns_0)))
        (return_call $run_all
          (local.get $fns_1)
          (block (result i64)
            (local.set $closure_0 (local.get $intfn_0))
            (call_indirect (type $fn_i64->i64)
              (local.get $closure_0)
              (local.get $int_0)
              (i32.load offset=0 (local.get $closure_0))))
          (global.set $gc_sp (local.get $frame_0)))))
    (global.set $gc_sp (local.get $frame_0)))

  ;; fn main(@Unit -> @Int)   -- closures_stored.vera:38-45
  (func $main (export "main") (result i64)
    (local $frame_0 i32)
    (local $more_0 i32)
    (local $more_1 i32)
    (local $more_2 i32)
    (local $fns_0 i32)
    (local.set $frame_0 (global.get $gc_sp))
    (local.set $fns_0
      (block (result i32)
        ;; More: 16 bytes
        (local.set $more_0 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
        (i32.store offset=0 (local.get $more_0) (i32.const 1))
        (i32.store offset=4 (local.get $more_0) (call $adder (i64.const 5)))
        (i32.store offset=8
          (local.get $more_0)
          (block (result i32)
            ;; More: 16 bytes
            (local.set $more_1 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
            (i32.store offset=0 (local.get $more_1) (i32.const 1))
            (i32.store offset=4 (local.get $more_1) (call $scaler (i64.const 10)))
            (i32.store offset=8
              (local.get $more_1)
              (block (result i32)
                ;; More: 16 bytes
                (local.set $more_2 (call $gc_keep (call $alloc (i32.const 16) (i32.const 0))))
                (i32.store offset=0 (local.get $more_2) (i32.const 1))
                (i32.store offset=4 (local.get $more_2) (call $adder (i64.const 35)))
                (i32.store offset=8 (local.get $more_2) (i32.const 8 (; Done ;)))
                (local.get $more_2)))
            (local.get $more_1)))
        (local.get $more_0)))
    (return_call $run_all (local.get $fns_0) (i64.const 5) (global.set $gc_sp (local.get $frame_0)))
    (global.set $gc_sp (local.get $frame_0)))

  ;; anonymous function in adder   -- closures_stored.vera:15
  (func $adder.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $int_1 i64)
    (local.set $int_1 (i64.load offset=8 (local.get $env)))
    (i64.add (local.get $int_0) (local.get $int_1)))

  ;; anonymous function in scaler   -- closures_stored.vera:23
  (func $scaler.lambda (param $env i32) (param $int_0 i64) (result i64)
    (local $int_1 i64)
    (local.set $int_1 (i64.load offset=8 (local.get $env)))
    (i64.mul (local.get $int_0) (local.get $int_1)))
)
