(module
  ;; ==========================================================================
  ;; prelude.wat — the Vera runtime, in WebAssembly text
  ;;
  ;; The code generator copies the sections a program needs into its module,
  ;; after its own static data and the global $data_end. Read top to bottom:
  ;;
  ;;   section gc       $gc_init      lay out the collector's areas (start function)
  ;;                    $alloc        (size, leaf) -> payload; may collect or grow
  ;;                    $gc_collect   mark from the roots, then sweep
  ;;                    $gc_push      push a root on the shadow stack
  ;;                    $gc_keep      push a root and return it
  ;;                    (the program supplies $gc_mark_globals: roots in globals)
  ;;   section strings  $string_eq, $string_compare, $string_concat,
  ;;                    $string_slice, $char_code, $int_to_string,
  ;;                    $bool_to_string, $byte_to_string, $strip,
  ;;                    $parse_nat (the number, or -1)
  ;;
  ;; Memory map (addresses grow to the right):
  ;;
  ;;   0     8            data_end   +64          +64+4096
  ;;   | --- | static data | free lists | mark stack | heap blocks -> ... | bitmap | shadow stack |
  ;;                                                ^heap_start  ^heap_top  ^heap_limit        ^memory end
  ;;
  ;; A heap block: an 8-byte header, then an 8-byte-aligned payload. Pointers
  ;; to objects always point at the payload.
  ;;
  ;;   payload-8  kind   0 = scan the payload for pointers, 1 = leaf (no pointers);
  ;;                     in a free block: the next free payload (0 ends the list)
  ;;   payload-4  size   (payload bytes << 1) | mark bit
  ;;   payload    ...    the object (a multiple of 8 bytes, at least 8)
  ;;
  ;; The object bitmap has one bit per 8 heap bytes: bit (p - heap_start) / 8 is
  ;; set exactly when p is the payload of an allocated block. The collector is
  ;; conservative — any payload word may be a pointer — and the bitmap is what
  ;; makes that safe: a word is followed only if it is an allocated payload.
  ;;
  ;; Invariants:
  ;;  - every block in [heap_start, heap_top) is allocated or free, and blocks
  ;;    tile that range exactly, so the heap can be walked block by block;
  ;;  - outside a collection, no mark bit is set;
  ;;  - only objects are ever marked (marking checks the bitmap first), so in
  ;;    the sweep a set mark bit alone means "live object";
  ;;  - the shadow stack holds every root: generated code pushes pointer
  ;;    parameters and each fresh pointer that must survive an allocation, and
  ;;    pops its entries on return; $gc_sp is an offset, so the stack can move;
  ;;  - memory only grows; the bitmap and shadow stack move up with its end.
  ;; ==========================================================================

  ;;;; section gc

  ;; ---- Layout constants ----------------------------------------------------
  (global $SIZE_CLASSES i32 (i32.const 16))     ;; free lists for payloads 8, 16, ..., 128
  (global $SMALL_MAX i32 (i32.const 128))       ;; larger payloads use the general list
  (global $MARK_CAP i32 (i32.const 4096))       ;; bytes of mark stack (1024 entries)

  ;; ---- Where things are (set by $gc_init, moved by $grow_memory) -----------
  (global $free_table (mut i32) (i32.const 0))  ;; 16 list heads, one per size class
  (global $large_free (mut i32) (i32.const 0))  ;; first-fit list of large blocks
  (global $mark_base (mut i32) (i32.const 0))
  (global $mark_sp (mut i32) (i32.const 0))     ;; bytes used in the mark stack
  (global $mark_overflow (mut i32) (i32.const 0))
  (global $heap_start (mut i32) (i32.const 0))
  (global $heap_top (mut i32) (i32.const 0))    ;; bump pointer: the next block starts here
  (global $heap_limit (mut i32) (i32.const 0))  ;; = the bitmap's address
  (global $shadow (mut i32) (i32.const 0))      ;; shadow stack base address
  (global $shadow_cap (mut i32) (i32.const 0))  ;; its size in bytes
  (global $gc_sp (export "gc_sp") (mut i32) (i32.const 0))  ;; bytes in use (an offset: the stack may move)

  ;; ---- Statistics, read by `vera run --gc-stats`; stress mode set by the host
  (global $gc_collections (export "gc_collections") (mut i32) (i32.const 0))
  (global $gc_allocated (export "gc_allocated") (mut i64) (i64.const 0))
  (global $gc_peak (export "gc_peak") (mut i32) (i32.const 0))
  (global $gc_overflows (export "gc_overflows") (mut i32) (i32.const 0))  ;; mark-stack overflows
  (global $gc_stress (export "gc_stress") (mut i32) (i32.const 0))  ;; collect every N allocations (0: off)
  (global $gc_countdown (mut i32) (i32.const 0))                    ;; allocations until the next stress collection
  (global $gc_verify (export "gc_verify") (mut i32) (i32.const 0))   ;; check the heap after each collection

  (start $gc_init)

  ;; Lay out the collector's areas after the static data; the bitmap and the
  ;; shadow stack sit at the end of memory.
  (func $gc_init
    (global.set $free_table (global.get $data_end))
    (global.set $mark_base (i32.add (global.get $free_table) (i32.const 64)))
    (global.set $heap_start (i32.add (global.get $mark_base) (global.get $MARK_CAP)))
    (global.set $heap_top (global.get $heap_start))
    (global.set $shadow_cap (i32.const 4096))
    (call $place_top_areas (i32.const 0) (i32.const 0)))

  ;; Put the shadow stack at the end of memory and the bitmap below it, moving
  ;; their old contents (`old_bitmap_bytes` bytes of bitmap at the old place).
  (func $place_top_areas (param $old_shadow i32) (param $old_bitmap_bytes i32)
    (local $end i32) (local $new_shadow i32) (local $bitmap_bytes i32) (local $bitmap i32)
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    (local.set $new_shadow (i32.sub (local.get $end) (global.get $shadow_cap)))
    (if (local.get $old_shadow)
      (then (memory.copy (local.get $new_shadow) (global.get $shadow) (global.get $gc_sp))))
    (global.set $shadow (local.get $new_shadow))
    ;; One bit per 8 bytes of [heap_start, bitmap): about 1/65 of the space.
    (local.set $bitmap_bytes
      (i32.and
        (i32.add (i32.div_u (i32.sub (local.get $new_shadow) (global.get $heap_start)) (i32.const 65)) (i32.const 15))
        (i32.const -8)))
    (local.set $bitmap (i32.sub (local.get $new_shadow) (local.get $bitmap_bytes)))
    (if (local.get $old_bitmap_bytes)
      (then (memory.copy (local.get $bitmap) (global.get $heap_limit) (local.get $old_bitmap_bytes))))
    (memory.fill
      (i32.add (local.get $bitmap) (local.get $old_bitmap_bytes))
      (i32.const 0)
      (i32.sub (local.get $bitmap_bytes) (local.get $old_bitmap_bytes)))
    (global.set $heap_limit (local.get $bitmap)))

  ;; Grow memory by enough pages for `bytes` more bytes (and the bitmap's share
  ;; of them). With `double`, grow by at least the current size, so that
  ;; collections stay rare as the live set grows; the shadow stack grows by just
  ;; what it needs. Returns 0 when memory cannot grow.
  (func $grow_memory (param $bytes i32) (param $double i32) (result i32)
    (local $needed i32) (local $pages i32) (local $old_bitmap_bytes i32)
    (local.set $needed
      (i32.add (i32.div_u (i32.add (local.get $bytes) (i32.shr_u (local.get $bytes) (i32.const 5))) (i32.const 65536))
               (i32.const 2)))
    (local.set $pages (local.get $needed))
    (if (i32.and (local.get $double) (i32.lt_u (local.get $pages) (memory.size)))
      (then (local.set $pages (memory.size))))
    (local.set $old_bitmap_bytes (i32.sub (global.get $shadow) (global.get $heap_limit)))
    (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
      (then
        ;; Doubling failed: try just what is needed.
        (if (i32.eq (memory.grow (local.get $needed)) (i32.const -1))
          (then (return (i32.const 0))))))
    (call $place_top_areas (i32.const 1) (local.get $old_bitmap_bytes))
    (i32.const 1))

  ;; ---- The object bitmap ---------------------------------------------------
  (func $bit_addr (param $p i32) (result i32)
    (i32.add (global.get $heap_limit)
      (i32.shr_u (i32.sub (local.get $p) (global.get $heap_start)) (i32.const 6))))

  (func $bit_mask (param $p i32) (result i32)
    (i32.shl (i32.const 1)
      (i32.and (i32.shr_u (i32.sub (local.get $p) (global.get $heap_start)) (i32.const 3)) (i32.const 7))))

  ;; 1 when `p` is the payload of an allocated block, else 0.
  (func $is_object (param $p i32) (result i32)
    (i32.ne (i32.and (i32.load8_u (call $bit_addr (local.get $p))) (call $bit_mask (local.get $p))) (i32.const 0)))

  ;; ---- Allocation ----------------------------------------------------------

  ;; Allocate an object of `size` bytes; `leaf` = 1 when it holds no pointers.
  ;; Returns its payload address, 8-byte aligned. The two common cases — a block
  ;; from a small size class, or bump allocation — are handled inline; the rest
  ;; (large blocks, collection, growth) is in $alloc_slow.
  (func $alloc (export "alloc") (param $size i32) (param $leaf i32) (result i32)
    (local $p i32) (local $head i32) (local $bit i32)
    (local.set $size (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8)))
    (if (i32.eqz (local.get $size)) (then (local.set $size (i32.const 8))))
    (global.set $gc_allocated (i64.add (global.get $gc_allocated) (i64.extend_i32_u (local.get $size))))
    (if (global.get $gc_stress)
      (then
        (global.set $gc_countdown (i32.sub (global.get $gc_countdown) (i32.const 1)))
        (if (i32.le_s (global.get $gc_countdown) (i32.const 0))
          (then
            (global.set $gc_countdown (global.get $gc_stress))
            (call $gc_collect)))))
    (block $got
      ;; 1. The free list of the size class, if the size is small.
      (if (i32.le_u (local.get $size) (global.get $SMALL_MAX))
        (then
          (local.set $head (i32.add (global.get $free_table) (i32.sub (i32.shr_u (local.get $size) (i32.const 1)) (i32.const 4))))
          (local.set $p (i32.load (local.get $head)))
          (if (local.get $p)
            (then
              (i32.store (local.get $head) (i32.load (i32.sub (local.get $p) (i32.const 8))))
              (br $got)))))
      ;; 2. The bump region: header and payload fit below the limit (compared
      ;; as size + 8 <= limit - top, so that no sum of addresses can wrap).
      (local.set $p (i32.add (global.get $heap_top) (i32.const 8)))
      (if (i32.le_u (i32.add (local.get $size) (i32.const 8)) (i32.sub (global.get $heap_limit) (global.get $heap_top)))
        (then
          (i32.store (i32.sub (local.get $p) (i32.const 4)) (i32.shl (local.get $size) (i32.const 1)))
          (global.set $heap_top (i32.add (local.get $p) (local.get $size)))
          (if (i32.gt_u (i32.sub (global.get $heap_top) (global.get $heap_start)) (global.get $gc_peak))
            (then (global.set $gc_peak (i32.sub (global.get $heap_top) (global.get $heap_start)))))
          (br $got)))
      ;; 3. Everything else.
      (local.set $p (call $alloc_slow (local.get $size))))
    (i32.store (i32.sub (local.get $p) (i32.const 8)) (local.get $leaf))
    ;; Set the object's bit in the bitmap (see $is_object).
    (local.set $bit (i32.shr_u (i32.sub (local.get $p) (global.get $heap_start)) (i32.const 3)))
    (local.set $head (i32.add (global.get $heap_limit) (i32.shr_u (local.get $bit) (i32.const 3))))
    (i32.store8 (local.get $head)
      (i32.or (i32.load8_u (local.get $head)) (i32.shl (i32.const 1) (i32.and (local.get $bit) (i32.const 7)))))
    (local.get $p))

  ;; A block of `size` bytes when neither its size class nor the bump region has
  ;; one: a large free block, else collect (growing memory if that freed less
  ;; than half the heap), else grow, else stop: out of memory.
  (func $alloc_slow (param $size i32) (result i32)
    (local $p i32)
    ;; No object reaches 2 GiB: a 32-bit memory could never hold it with the heap.
    (if (i32.ge_u (local.get $size) (i32.const 0x7fff0000))
      (then (call $out_of_memory (local.get $size)) (unreachable)))
    (local.set $p (call $take_free (local.get $size)))
    (if (local.get $p) (then (return (local.get $p))))
    (call $gc_collect)
    (if (i32.lt_u (call $free_bytes) (i32.shr_u (i32.sub (global.get $heap_limit) (global.get $heap_start)) (i32.const 1)))
      (then (drop (call $grow_memory (local.get $size) (i32.const 1)))))
    (local.set $p (call $take_free (local.get $size)))
    (if (i32.eqz (local.get $p)) (then (local.set $p (call $bump (local.get $size)))))
    (if (i32.eqz (local.get $p))
      (then
        (if (call $grow_memory (i32.add (local.get $size) (i32.const 8)) (i32.const 1))
          (then (local.set $p (call $bump (local.get $size)))))))
    (if (i32.eqz (local.get $p))
      (then (call $out_of_memory (local.get $size)) (unreachable)))
    (local.get $p))

  ;; Take a block of exactly `size` bytes from the bump region, or return 0.
  (func $bump (param $size i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (i32.add (local.get $size) (i32.const 8)) (i32.sub (global.get $heap_limit) (global.get $heap_top)))
      (then (return (i32.const 0))))
    (local.set $p (i32.add (global.get $heap_top) (i32.const 8)))
    (i32.store (i32.sub (local.get $p) (i32.const 4)) (i32.shl (local.get $size) (i32.const 1)))
    (global.set $heap_top (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (i32.sub (global.get $heap_top) (global.get $heap_start)) (global.get $gc_peak))
      (then (global.set $gc_peak (i32.sub (global.get $heap_top) (global.get $heap_start)))))
    (local.get $p))

  (func $size_of (param $p i32) (result i32)
    (i32.shr_u (i32.load (i32.sub (local.get $p) (i32.const 4))) (i32.const 1)))

  (func $class_head (param $size i32) (result i32)
    (i32.add (global.get $free_table) (i32.shl (i32.sub (i32.shr_u (local.get $size) (i32.const 3)) (i32.const 1)) (i32.const 2))))

  ;; Put the free block `p` on the list for its size.
  (func $add_free (param $p i32)
    (local $head i32)
    (if (i32.le_u (call $size_of (local.get $p)) (global.get $SMALL_MAX))
      (then
        (local.set $head (call $class_head (call $size_of (local.get $p))))
        (i32.store (i32.sub (local.get $p) (i32.const 8)) (i32.load (local.get $head)))
        (i32.store (local.get $head) (local.get $p)))
      (else
        (i32.store (i32.sub (local.get $p) (i32.const 8)) (global.get $large_free))
        (global.set $large_free (local.get $p)))))

  ;; A free block of at least `size` bytes, split to fit, or 0.
  (func $take_free (param $size i32) (result i32)
    (local $head i32) (local $p i32) (local $prev i32) (local $rest i32)
    (if (i32.le_u (local.get $size) (global.get $SMALL_MAX))
      (then
        (local.set $head (call $class_head (local.get $size)))
        (local.set $p (i32.load (local.get $head)))
        (if (local.get $p)
          (then
            (i32.store (local.get $head) (i32.load (i32.sub (local.get $p) (i32.const 8))))
            (return (local.get $p))))))
    ;; First fit in the general list.
    (local.set $p (global.get $large_free))
    (block $found
      (loop $next
        (br_if $found (i32.eqz (local.get $p)))
        (br_if $found (i32.ge_u (call $size_of (local.get $p)) (local.get $size)))
        (local.set $prev (local.get $p))
        (local.set $p (i32.load (i32.sub (local.get $p) (i32.const 8))))
        (br $next)))
    (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
    (if (local.get $prev)
      (then (i32.store (i32.sub (local.get $prev) (i32.const 8)) (i32.load (i32.sub (local.get $p) (i32.const 8)))))
      (else (global.set $large_free (i32.load (i32.sub (local.get $p) (i32.const 8))))))
    ;; Split off the rest when it can hold a block of its own.
    (local.set $rest (i32.sub (call $size_of (local.get $p)) (local.get $size)))
    (if (i32.ge_u (local.get $rest) (i32.const 16))
      (then
        (i32.store (i32.sub (local.get $p) (i32.const 4)) (i32.shl (local.get $size) (i32.const 1)))
        (i32.store (i32.add (local.get $p) (i32.add (local.get $size) (i32.const 4)))
          (i32.shl (i32.sub (local.get $rest) (i32.const 8)) (i32.const 1)))
        (call $add_free (i32.add (local.get $p) (i32.add (local.get $size) (i32.const 8))))))
    (local.get $p))

  ;; Bytes available without growing: free blocks plus the bump region.
  (func $free_bytes (result i32)
    (local $total i32) (local $p i32) (local $i i32)
    (local.set $total (i32.sub (global.get $heap_limit) (global.get $heap_top)))
    (block $done
      (loop $class
        (br_if $done (i32.ge_u (local.get $i) (global.get $SIZE_CLASSES)))
        (local.set $p (i32.load (i32.add (global.get $free_table) (i32.shl (local.get $i) (i32.const 2)))))
        (block $end
          (loop $next
            (br_if $end (i32.eqz (local.get $p)))
            (local.set $total (i32.add (local.get $total) (call $size_of (local.get $p))))
            (local.set $p (i32.load (i32.sub (local.get $p) (i32.const 8))))
            (br $next)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $class)))
    (local.set $p (global.get $large_free))
    (block $end
      (loop $next
        (br_if $end (i32.eqz (local.get $p)))
        (local.set $total (i32.add (local.get $total) (call $size_of (local.get $p))))
        (local.set $p (i32.load (i32.sub (local.get $p) (i32.const 8))))
        (br $next)))
    (local.get $total))

  ;; ---- Roots: the shadow stack --------------------------------------------

  ;; Push a root. A full shadow stack doubles (moving to the end of memory).
  (func $gc_push (export "gc_push") (param $p i32)
    (if (i32.gt_u (i32.add (global.get $gc_sp) (i32.const 4)) (global.get $shadow_cap))
      (then
        ;; Double the capacity: memory grows by the old capacity (and a little).
        (global.set $shadow_cap (i32.shl (global.get $shadow_cap) (i32.const 1)))
        (if (i32.eqz (call $grow_memory (i32.shr_u (global.get $shadow_cap) (i32.const 1)) (i32.const 0)))
          (then (call $shadow_overflow) (unreachable)))))
    (i32.store (i32.add (global.get $shadow) (global.get $gc_sp)) (local.get $p))
    (global.set $gc_sp (i32.add (global.get $gc_sp) (i32.const 4))))

  ;; Push a fresh pointer and hand it back: `(call $gc_keep (call $alloc ...))`.
  ;; The same as $gc_push, written out: it runs for most allocations.
  (func $gc_keep (param $p i32) (result i32)
    (if (i32.gt_u (i32.add (global.get $gc_sp) (i32.const 4)) (global.get $shadow_cap))
      (then (call $gc_push (local.get $p)) (return (local.get $p))))
    (i32.store (i32.add (global.get $shadow) (global.get $gc_sp)) (local.get $p))
    (global.set $gc_sp (i32.add (global.get $gc_sp) (i32.const 4)))
    (local.get $p))

  ;; ---- Collection: mark, then sweep -----------------------------------------

  (func $gc_collect (export "gc_collect")
    (local $i i32)
    (global.set $gc_collections (i32.add (global.get $gc_collections) (i32.const 1)))
    ;; 1. Mark everything reachable from the shadow stack.
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $gc_sp)))
        (call $mark (i32.load (i32.add (global.get $shadow) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next)))
    (call $gc_mark_globals)   ;; generated per program: roots held in globals
    (call $drain)
    ;; 2. If the mark stack overflowed, some marked objects were not scanned:
    ;;    rescan the heap until no overflow happens.
    (block $settled
      (loop $again
        (br_if $settled (i32.eqz (global.get $mark_overflow)))
        (global.set $mark_overflow (i32.const 0))
        (call $rescan_marked)
        (br $again)))
    ;; 3. Free what was not marked.
    (call $sweep)
    (if (global.get $gc_verify) (then (call $verify_heap))))

  ;; Mark `p` if it is an unmarked object; queue it for scanning unless a leaf.
  (func $mark (param $p i32)
    (local $header i32) (local $bit i32)
    (if (i32.lt_u (local.get $p) (i32.add (global.get $heap_start) (i32.const 8))) (then (return)))
    (if (i32.ge_u (local.get $p) (global.get $heap_top)) (then (return)))
    (if (i32.and (local.get $p) (i32.const 7)) (then (return)))
    ;; $is_object, inline: this runs for every candidate word.
    (local.set $bit (i32.shr_u (i32.sub (local.get $p) (global.get $heap_start)) (i32.const 3)))
    (if (i32.eqz (i32.and (i32.load8_u (i32.add (global.get $heap_limit) (i32.shr_u (local.get $bit) (i32.const 3))))
                          (i32.shl (i32.const 1) (i32.and (local.get $bit) (i32.const 7)))))
      (then (return)))
    (local.set $header (i32.load (i32.sub (local.get $p) (i32.const 4))))
    (if (i32.and (local.get $header) (i32.const 1)) (then (return)))
    (i32.store (i32.sub (local.get $p) (i32.const 4)) (i32.or (local.get $header) (i32.const 1)))
    (if (i32.load (i32.sub (local.get $p) (i32.const 8))) (then (return)))
    (if (i32.ge_u (global.get $mark_sp) (global.get $MARK_CAP))
      (then
        (global.set $mark_overflow (i32.const 1))
        (global.set $gc_overflows (i32.add (global.get $gc_overflows) (i32.const 1)))
        (return)))
    (i32.store (i32.add (global.get $mark_base) (global.get $mark_sp)) (local.get $p))
    (global.set $mark_sp (i32.add (global.get $mark_sp) (i32.const 4))))

  ;; Scan queued objects until the mark stack is empty.
  (func $drain
    (local $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (global.get $mark_sp)))
        (global.set $mark_sp (i32.sub (global.get $mark_sp) (i32.const 4)))
        (local.set $p (i32.load (i32.add (global.get $mark_base) (global.get $mark_sp))))
        (call $scan (local.get $p))
        (br $next))))

  ;; Conservatively mark every word of an object's payload.
  (func $scan (param $p i32)
    (local $a i32) (local $end i32) (local $w i32)
    (local.set $a (local.get $p))
    (local.set $end (i32.add (local.get $p) (call $size_of (local.get $p))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $w (i32.load (local.get $a)))
        ;; Most words (numbers, small tags) fail this range test without a call.
        (if (i32.and (i32.ge_u (local.get $w) (global.get $heap_start)) (i32.lt_u (local.get $w) (global.get $heap_top)))
          (then (call $mark (local.get $w))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $next))))

  ;; After a mark-stack overflow: scan every marked object again.
  (func $rescan_marked
    (local $p i32)
    (local.set $p (i32.add (global.get $heap_start) (i32.const 8)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (global.get $heap_top)))
        (if (i32.and (call $is_object (local.get $p))
                     (i32.and (i32.load (i32.sub (local.get $p) (i32.const 4))) (i32.const 1)))
          (then
            (if (i32.eqz (i32.load (i32.sub (local.get $p) (i32.const 8))))
              (then (call $scan (local.get $p)) (call $drain)))))
        (local.set $p (i32.add (local.get $p) (i32.add (call $size_of (local.get $p)) (i32.const 8))))
        (br $next))))

  ;; Walk the heap: clear marks of live objects, free the rest, merge
  ;; neighbouring free blocks, and rebuild the free lists. A free run at the
  ;; top of the heap goes back to the bump region.
  ;;
  ;; Only objects are ever marked (marking checks the bitmap), so a set mark bit
  ;; alone means "live object". The bitmap is rebuilt rather than edited: it is
  ;; cleared first, and the bit of each live object is set again.
  (func $sweep
    (local $p i32) (local $run i32) (local $header i32) (local $bit i32) (local $byte i32)
    (memory.fill (global.get $free_table) (i32.const 0) (i32.const 64))
    (global.set $large_free (i32.const 0))
    (memory.fill (global.get $heap_limit) (i32.const 0)
      (i32.add (i32.shr_u (i32.sub (global.get $heap_top) (global.get $heap_start)) (i32.const 6)) (i32.const 1)))
    (local.set $p (i32.add (global.get $heap_start) (i32.const 8)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (global.get $heap_top)))
        (local.set $header (i32.load (i32.sub (local.get $p) (i32.const 4))))
        (if (i32.and (local.get $header) (i32.const 1))
          (then
            ;; Live: unmark, set its bit again, and close the free run before it.
            (i32.store (i32.sub (local.get $p) (i32.const 4)) (i32.xor (local.get $header) (i32.const 1)))
            (local.set $bit (i32.shr_u (i32.sub (local.get $p) (global.get $heap_start)) (i32.const 3)))
            (local.set $byte (i32.add (global.get $heap_limit) (i32.shr_u (local.get $bit) (i32.const 3))))
            (i32.store8 (local.get $byte)
              (i32.or (i32.load8_u (local.get $byte)) (i32.shl (i32.const 1) (i32.and (local.get $bit) (i32.const 7)))))
            (if (local.get $run) (then (call $close_run (local.get $run) (local.get $p))))
            (local.set $run (i32.const 0)))
          (else
            ;; Dead or already free: it joins the current run.
            (if (i32.eqz (local.get $run)) (then (local.set $run (local.get $p))))))
        (local.set $p (i32.add (local.get $p) (i32.add (i32.shr_u (local.get $header) (i32.const 1)) (i32.const 8))))
        (br $next)))
    (if (local.get $run)
      (then (global.set $heap_top (i32.sub (local.get $run) (i32.const 8))))))

  ;; The free run from payload `run` up to the block whose payload is `next`
  ;; becomes one free block.
  (func $close_run (param $run i32) (param $next i32)
    (i32.store (i32.sub (local.get $run) (i32.const 4))
      (i32.shl (i32.sub (i32.sub (local.get $next) (local.get $run)) (i32.const 8)) (i32.const 1)))
    (call $add_free (local.get $run)))

  ;; ---- Self-check (vera run --gc-verify) ----------------------------------------
  ;; After a collection: blocks tile [heap_start, heap_top) exactly, no mark bit
  ;; is left set, and every block on a free list is a block start with its
  ;; object bit clear. A violation stops the program: the heap is corrupt.
  (func $verify_heap
    (local $p i32) (local $size i32) (local $i i32) (local $q i32)
    (local.set $p (i32.add (global.get $heap_start) (i32.const 8)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.add (global.get $heap_top) (i32.const 8))))
        (local.set $size (i32.shr_u (i32.load (i32.sub (local.get $p) (i32.const 4))) (i32.const 1)))
        (if (i32.or (i32.or (i32.eqz (local.get $size)) (i32.and (local.get $size) (i32.const 7)))
                    (i32.and (i32.load (i32.sub (local.get $p) (i32.const 4))) (i32.const 1)))
          (then (call $heap_corrupt (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.add (local.get $size) (i32.const 8))))
        (br $next)))
    (if (i32.ne (local.get $p) (i32.add (global.get $heap_top) (i32.const 8)))
      (then (call $heap_corrupt (local.get $p))))
    ;; Every free block: inside the heap, aligned, not an object.
    (block $lists
      (loop $class
        (br_if $lists (i32.gt_u (local.get $i) (global.get $SIZE_CLASSES)))
        (local.set $q
          (if (result i32) (i32.eq (local.get $i) (global.get $SIZE_CLASSES))
            (then (global.get $large_free))
            (else (i32.load (i32.add (global.get $free_table) (i32.shl (local.get $i) (i32.const 2)))))))
        (block $end
          (loop $next
            (br_if $end (i32.eqz (local.get $q)))
            (if (i32.or (i32.or (i32.lt_u (local.get $q) (global.get $heap_start))
                                (i32.ge_u (local.get $q) (global.get $heap_top)))
                        (i32.or (i32.and (local.get $q) (i32.const 7)) (call $is_object (local.get $q))))
              (then (call $heap_corrupt (local.get $q))))
            (local.set $q (i32.load (i32.sub (local.get $q) (i32.const 8))))
            (br $next)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $class))))

  ;; ---- Fatal errors: the host's $vera.fatal(kind, value) stops the program ---
  ;; kind 0: no memory for an object of `value` bytes (unsigned);
  ;; kind 1: the shadow stack cannot grow; kind 2: the heap is corrupt at `value`.
  (func $out_of_memory (param $size i32)
    (call $vera.fatal (i32.const 0) (local.get $size)))

  (func $shadow_overflow
    (call $vera.fatal (i32.const 1) (i32.const 0)))

  (func $heap_corrupt (param $at i32)
    (call $vera.fatal (i32.const 2) (local.get $at)))

  ;;;; section strings

  ;; ---- Strings: an i32 byte length, then UTF-8 bytes ------------------------

  (func $string_eq (param $a i32) (param $b i32) (result i32)
    (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b))) (then (return (i32.const 0))))
    (i32.eqz (call $string_compare (local.get $a) (local.get $b))))

  ;; -1, 0 or 1, comparing bytes lexicographically.
  (func $string_compare (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $n i32) (local $x i32) (local $y i32)
    (local.set $n (i32.load (local.get $a)))
    (if (i32.lt_u (i32.load (local.get $b)) (local.get $n)) (then (local.set $n (i32.load (local.get $b)))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.load8_u offset=4 (i32.add (local.get $a) (local.get $i))))
        (local.set $y (i32.load8_u offset=4 (i32.add (local.get $b) (local.get $i))))
        (if (i32.ne (local.get $x) (local.get $y))
          (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.sub (i32.gt_u (i32.load (local.get $a)) (i32.load (local.get $b)))
             (i32.lt_u (i32.load (local.get $a)) (i32.load (local.get $b)))))

  ;; A new string of `len` bytes copied from address `from`.
  (func $string_from (param $from i32) (param $len i32) (result i32)
    (local $s i32)
    (local.set $s (call $alloc (i32.add (local.get $len) (i32.const 4)) (i32.const 1)))
    (i32.store (local.get $s) (local.get $len))
    (memory.copy (i32.add (local.get $s) (i32.const 4)) (local.get $from) (local.get $len))
    (local.get $s))

  (func $string_concat (param $a i32) (param $b i32) (result i32)
    (local $s i32) (local $la i32) (local $lb i32)
    (local.set $la (i32.load (local.get $a)))
    (local.set $lb (i32.load (local.get $b)))
    (local.set $s (call $alloc (i32.add (i32.add (local.get $la) (local.get $lb)) (i32.const 4)) (i32.const 1)))
    (i32.store (local.get $s) (i32.add (local.get $la) (local.get $lb)))
    (memory.copy (i32.add (local.get $s) (i32.const 4)) (i32.add (local.get $a) (i32.const 4)) (local.get $la))
    (memory.copy (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $la)) (i32.add (local.get $b) (i32.const 4)) (local.get $lb))
    (local.get $s))

  ;; Bytes [start, end) of `s`; `fname` names the caller for the error message.
  (func $string_slice (param $s i32) (param $start i64) (param $end i64) (param $fname i32) (result i32)
    (if (i32.or (i64.gt_u (local.get $start) (local.get $end))
                (i64.gt_u (local.get $end) (i64.extend_i32_u (i32.load (local.get $s)))))
      (then
        (call $vera.bounds (local.get $fname) (local.get $end) (i32.load (local.get $s)))
        (unreachable)))
    (call $string_from
      (i32.add (i32.add (local.get $s) (i32.const 4)) (i32.wrap_i64 (local.get $start)))
      (i32.wrap_i64 (i64.sub (local.get $end) (local.get $start)))))

  (func $char_code (param $s i32) (param $i i64) (param $fname i32) (result i64)
    (if (i64.ge_u (local.get $i) (i64.extend_i32_u (i32.load (local.get $s))))
      (then (call $vera.bounds (local.get $fname) (local.get $i) (i32.load (local.get $s))) (unreachable)))
    (i64.extend_i32_u (i32.load8_u offset=4 (i32.add (local.get $s) (i32.wrap_i64 (local.get $i))))))

  ;; Decimal text of a signed 64-bit integer.
  (func $int_to_string (param $v i64) (result i32)
    (local $mag i64) (local $digits i32) (local $neg i32) (local $s i32) (local $at i32) (local $t i64)
    (local.set $neg (i64.lt_s (local.get $v) (i64.const 0)))
    (local.set $mag (select (i64.sub (i64.const 0) (local.get $v)) (local.get $v) (local.get $neg)))
    (local.set $t (local.get $mag))
    (loop $count
      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
      (local.set $t (i64.div_u (local.get $t) (i64.const 10)))
      (br_if $count (i64.ne (local.get $t) (i64.const 0))))
    (local.set $s (call $alloc (i32.add (i32.add (local.get $digits) (local.get $neg)) (i32.const 4)) (i32.const 1)))
    (i32.store (local.get $s) (i32.add (local.get $digits) (local.get $neg)))
    (if (local.get $neg) (then (i32.store8 offset=4 (local.get $s) (i32.const 45))))
    (local.set $at (i32.add (i32.add (local.get $s) (i32.const 4)) (i32.add (local.get $digits) (local.get $neg))))
    (loop $write
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $mag) (i64.const 10)))))
      (local.set $mag (i64.div_u (local.get $mag) (i64.const 10)))
      (br_if $write (i64.ne (local.get $mag) (i64.const 0))))
    (local.get $s))

  (func $bool_to_string (param $b i32) (result i32)
    (local $s i32)
    (if (result i32) (local.get $b)
      (then
        (local.set $s (call $alloc (i32.const 8) (i32.const 1)))
        (i32.store (local.get $s) (i32.const 4))
        (i32.store offset=4 (local.get $s) (i32.const 0x65757274))  ;; "true"
        (local.get $s))
      (else
        (local.set $s (call $alloc (i32.const 9) (i32.const 1)))
        (i32.store (local.get $s) (i32.const 5))
        (i32.store offset=4 (local.get $s) (i32.const 0x736c6166))  ;; "fals"
        (i32.store8 offset=8 (local.get $s) (i32.const 0x65))       ;; "e"
        (local.get $s))))

  (func $byte_to_string (param $b i32) (result i32)
    (local $s i32)
    (local.set $s (call $alloc (i32.const 5) (i32.const 1)))
    (i32.store (local.get $s) (i32.const 1))
    (i32.store8 offset=4 (local.get $s) (local.get $b))
    (local.get $s))

  ;; White space as chapter 8 counts it: space, tab, newline, carriage return.
  (func $is_space (param $c i32) (result i32)
    (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
            (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))

  ;; `s` without leading and trailing white space.
  (func $strip (param $s i32) (result i32)
    (local $start i32) (local $end i32)
    (local.set $end (i32.load (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
        (br_if $done (i32.eqz (call $is_space (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $start))))))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (br $next)))
    (block $done
      (loop $next
        (br_if $done (i32.le_u (local.get $end) (local.get $start)))
        (br_if $done (i32.eqz (call $is_space (i32.load8_u offset=3 (i32.add (local.get $s) (local.get $end))))))
        (local.set $end (i32.sub (local.get $end) (i32.const 1)))
        (br $next)))
    (call $string_from (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $start)) (i32.sub (local.get $end) (local.get $start))))

  ;; The Nat that `s` spells in decimal digits, optionally surrounded by white
  ;; space, or -1 when it is not one (or is above 2^63 - 1). The code generator
  ;; builds the Ok/Err value from it.
  (func $parse_nat (param $s i32) (result i64)
    (local $i i32) (local $n i32) (local $v i64) (local $c i32)
    (local.set $n (i32.load (local.get $s)))
    ;; Skip white space at both ends.
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $done (i32.eqz (call $is_space (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (block $done
      (loop $next
        (br_if $done (i32.le_u (local.get $n) (local.get $i)))
        (br_if $done (i32.eqz (call $is_space (i32.load8_u offset=3 (i32.add (local.get $s) (local.get $n))))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i64.const -1))))
    (loop $next
      (local.set $c (i32.sub (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))) (i32.const 48)))
      (if (i32.gt_u (local.get $c) (i32.const 9)) (then (return (i64.const -1))))
      ;; v * 10 + c must stay at most 2^63 - 1: v <= 922337203685477580 keeps
      ;; v * 10 + c below 2^64, and a result above 2^63 - 1 reads as negative.
      (if (i64.gt_u (local.get $v) (i64.const 922337203685477580)) (then (return (i64.const -1))))
      (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
      (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (i64.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $v))
)
