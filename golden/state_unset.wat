;; ---- SOURCE tests/programs/state_unset.vera
;; -- A public function may declare State<T> of a data type without handling it;
;; -- run directly, nothing has given the cell a value, so reading it stops the
;; -- program with a message naming the function (a number or String cell would
;; -- start at 0 or "").
;; -- fn: peek
;; -- exit: 1
;; -- stderr: State<List> read in peek before any value was set
;; private data List {
;;   Nil,
;;   Cons(Int, List)
;; }
;; 
;; public fn peek(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<State<List>>)
;; {
;;   match get(()) {
;;     Nil -> 0,
;;     Cons(@Int, @List) -> @Int.0
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Host functions (see src/runtime.rs)
  (import "vera" "fail" (func $vera.fail (param i32)))

  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "c\00\00\00State<List> read in peek before any value was set: no handle[State<List>] gives it an initial value"  ;; 8 = "State<List> read in peek before any valu"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 112))

  ;; State<T> cells (a heap value in a cell is a root)
  (global $state<List> (mut i32) (i32.const 0))

  ;; ---- The program ----

  ;; fn peek(@Unit -> @Int)   -- state_unset.vera:13-22
  (func $peek (export "peek") (result i64)
    (local $scrutinee_0 i32)
    (local $int_0 i64)
    (local $list_0 i32)
    (local.set $scrutinee_0
      (block (result i32)
        (if (i32.eqz (global.get $state<List>)) (then (call $vera.fail (i32.const 8)) unreachable))
        (global.get $state<List>)))
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $scrutinee_0)) (i32.const 0))
      (then
        ;; Nil   -- line 19
        (i64.const 0))
      (else
        ;; Cons(@Int, @List)   -- line 20
        (local.set $int_0 (i64.load offset=8 (local.get $scrutinee_0)))
        (local.set $list_0 (i32.load offset=16 (local.get $scrutinee_0)))
        (local.get $int_0))))
)
