;; Engram's similarity kernels: for each listed row of a row-major matrix, the dot product with a query.
;; dots(matrix, dims, rows, count, query, out): f32 rows and query, out[i] = Σ_j matrix[rows[i] * dims + j] · query[j]
;; dots_i8(matrix, stride, rows, count, query, out): i8 rows of `stride` bytes (a multiple of 64, zero-padded),
;;   an i16 query of `stride` values, i32 out[i] = Σ_j matrix[rows[i] * stride + j] · query[j] (the caller keeps
;;   |sum| below 2^31 by its choice of query scale)
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
        (br $row))))
  (func (export "dots_i8")
    (param $matrix i32) (param $stride i32) (param $rows i32) (param $count i32) (param $query i32) (param $out i32)
    (local $i i32) (local $j i32) (local $base i32) (local $a v128) (local $b v128) (local $v v128) (local $q i32)
    (local $p i32)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $base
          (i32.add (local.get $matrix)
            (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $a (v128.const i32x4 0 0 0 0))
        (local.set $b (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        ;; 64 i8 components per step (stride is a multiple of 64), widened to i16 and multiplied pairwise into
        ;; i32 lanes, in two accumulators
        (block $columns_done
          (loop $columns
            (br_if $columns_done (i32.ge_u (local.get $j) (local.get $stride)))
            (local.set $p (i32.add (local.get $base) (local.get $j)))
            (local.set $q (i32.add (local.get $query) (i32.shl (local.get $j) (i32.const 1))))
            (local.set $v (v128.load (local.get $p)))
            (local.set $a (i32x4.add (local.get $a)
              (i32x4.add
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load (local.get $q)))
                (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=16 (local.get $q))))))
            (local.set $v (v128.load offset=16 (local.get $p)))
            (local.set $b (i32x4.add (local.get $b)
              (i32x4.add
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=32 (local.get $q)))
                (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=48 (local.get $q))))))
            (local.set $v (v128.load offset=32 (local.get $p)))
            (local.set $a (i32x4.add (local.get $a)
              (i32x4.add
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=64 (local.get $q)))
                (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=80 (local.get $q))))))
            (local.set $v (v128.load offset=48 (local.get $p)))
            (local.set $b (i32x4.add (local.get $b)
              (i32x4.add
                (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=96 (local.get $q)))
                (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=112 (local.get $q))))))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $columns)))
        (local.set $a (i32x4.add (local.get $a) (local.get $b)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 1 (local.get $a)))
            (i32.add (i32x4.extract_lane 2 (local.get $a)) (i32x4.extract_lane 3 (local.get $a)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))))
