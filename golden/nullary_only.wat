;; ---- SOURCE tests/programs/nullary_only.vera
;; -- A program whose only heap-typed values are nullary constructors: they are
;; -- static words in the data segment, so the module needs a memory even though
;; -- it never allocates.
;; -- expect: 2
;; private data Light {
;;   Red,
;;   Amber,
;;   Green
;; }
;; 
;; private fn after(@Light -> @Light)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   match @Light.0 {
;;     Red -> Green,
;;     Amber -> Red,
;;     Green -> Amber
;;   }
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(pure)
;; {
;;   -- after(Red) is Green and after(Green) is Amber, which equals itself: 2.
;;   let @Light = after(after(Red));
;;   match @Light.0 {
;;     Red -> 0,
;;     Amber -> if @Light.0 == Amber then { 2 } else { 1 },
;;     Green -> 3
;;   }
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\00\00\00\00\01\00\00\00\02\00\00\00"  ;; 8 = the tags 0..2
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 24))

  ;; ---- The program ----

  ;; fn after(@Light -> @Light)   -- nullary_only.vera:11-21
  (func $after (param $light_0 i32) (result i32)
    (if (result i32)
      (i32.eq (i32.load offset=0 (local.get $light_0)) (i32.const 0))
      (then
        ;; Red   -- line 17
        (i32.const 16 (; Green ;)))
      (else
        (if (result i32)
          (i32.eq (i32.load offset=0 (local.get $light_0)) (i32.const 1))
          (then
            ;; Amber   -- line 18
            (i32.const 8 (; Red ;)))
          (else
            ;; Green   -- line 19
            (i32.const 12 (; Amber ;)))))))

  ;; fn main(@Unit -> @Int)   -- nullary_only.vera:23-35
  (func $main (export "main") (result i64)
    (local $light_0 i32)
    (local.set $light_0 (call $after (call $after (i32.const 8 (; Red ;)))))
    (if (result i64)
      (i32.eq (i32.load offset=0 (local.get $light_0)) (i32.const 0))
      (then
        ;; Red   -- line 31
        (i64.const 0))
      (else
        (if (result i64)
          (i32.eq (i32.load offset=0 (local.get $light_0)) (i32.const 1))
          (then
            ;; Amber   -- line 32
            (if (result i64)
              (call $eq<Light> (local.get $light_0) (i32.const 12 (; Amber ;)))
              (then (i64.const 2))
              (else (i64.const 1))))
          (else
            ;; Green   -- line 33
            (i64.const 3))))))

  ;; structural equality of Light
  (func $eq<Light> (param $a i32) (param $b i32) (result i32)
    (if
      (i32.ne (i32.load offset=0 (local.get $a)) (i32.load offset=0 (local.get $b)))
      (then (return (i32.const 0))))
    (i32.const 1))
)
