;; Engram's similarity kernel: for each listed row of a row-major f32 matrix, the dot product with a query.
;; dots(matrix, dims, rows, count, query, out): out[i] = Σ_j matrix[rows[i] * dims + j] · query[j]
;; (all pointers are byte offsets into the exported memory; rows holds i32 row numbers).
;; Built with wabt's wat2wasm (--enable-simd) by scripts/build-dot-kernel.mjs into dot-kernel-bytes.ts.
(module
  (memory (export "memory") 1)
  (func (export "dots")
    (param $matrix i32) (param $dims i32) (param $rows i32) (param $count i32) (param $query i32) (param $out i32)
    (local $i i32) (local $j i32) (local $base i32) (local $stride i32) (local $end8 i32)
    (local $a v128) (local $b v128) (local $sum f32)
    (local.set $stride (i32.shl (local.get $dims) (i32.const 2)))
    (local.set $end8 (i32.and (local.get $dims) (i32.const -8)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $base
          (i32.add (local.get $matrix)
            (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        ;; eight lanes per step in two accumulators
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_u (local.get $j) (local.get $end8)))
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul
                (v128.load (i32.add (local.get $base) (i32.shl (local.get $j) (i32.const 2))))
                (v128.load (i32.add (local.get $query) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $b (f32x4.add (local.get $b)
              (f32x4.mul
                (v128.load offset=16 (i32.add (local.get $base) (i32.shl (local.get $j) (i32.const 2))))
                (v128.load offset=16 (i32.add (local.get $query) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $wide)))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (local.set $sum
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        ;; the remaining (dims mod 8) components one by one
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $dims)))
            (local.set $sum (f32.add (local.get $sum)
              (f32.mul
                (f32.load (i32.add (local.get $base) (i32.shl (local.get $j) (i32.const 2))))
                (f32.load (i32.add (local.get $query) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))))
