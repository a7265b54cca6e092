;; ---- SOURCE tests/programs/uncaught_exception.vera
;; -- An exception that no handler catches (the entry function declares Exn<E>)
;; -- stops the program with the runtime's message, not the engine's: wasmtime
;; -- ends the call with ThrownException, a browser with a WebAssembly.Exception
;; -- (vera run also names the function, boom; a browser keeps no stack for it).
;; -- exit: 1
;; -- stderr: an exception was thrown and no handler caught it
;; private fn boom(@Int -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<String>>)
;; {
;;   throw("bad")
;; }
;; 
;; public fn main(@Unit -> @Int)
;;   requires(true)
;;   ensures(true)
;;   effects(<Exn<String>>)
;; {
;;   boom(1) + 1
;; }
;; ---- WAT (the prelude's text is elided: it is reviewed as prelude/prelude.wat)
(module
  ;; Exception tags, one per thrown type of Exn<E>
  (tag $exn<String> (param i32))

  ;; Linear memory: [0, 8) unused | static data | ]
  (memory (export "memory") 1)

  ;; Static data: string literals (an i32 byte length, then the UTF-8 bytes),
  ;; the words holding the tags of nullary constructors, the empty array.
  (data (i32.const 8)
    "\03\00\00\00bad"  ;; 8 = "bad"
  )

  ;; The end of the static data: the collector's areas start here.
  (global $data_end i32 (i32.const 16))

  ;; ---- The program ----

  ;; fn boom(@Int -> @Int)   -- uncaught_exception.vera:7-13
  (func $boom (param $int_0 i64) (result i64)
    (throw $exn<String> (i32.const 8)))

  ;; fn main(@Unit -> @Int)   -- uncaught_exception.vera:15-21
  (func $main (export "main") (result i64)
    (i64.add (call $boom (i64.const 1)) (i64.const 1)))
)
