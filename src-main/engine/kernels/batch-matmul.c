// Batched float32 matrix product for tfjs-backend-wasm's BatchMatMul, in WebAssembly SIMD (128-bit).
// Built by scripts/build-wasm-kernels.sh into batch-matmul.wasm (committed; the script checks it byte for byte).
//
// Why: tfjs-backend-wasm hands only unbatched, untransposed products to XNNPACK; every batched or transposed one
// (attention QKᵀ and PV, and all of their gradients) runs a scalar loop at ~1 GFLOP/s. This kernel packs each
// operand into the untransposed layout, pads the columns of B to a multiple of 8, and runs a 4×8 register-tiled
// SIMD micro-kernel. Each output element is summed over k in order 0..k-1 (one multiply, one add per term), so it
// differs from the scalar loop only by float rounding.
//
// No libc: the caller (batch-matmul-wasm.ts) lays out all buffers in this module's memory, starting at __heap_base.
#include <wasm_simd128.h>

typedef __SIZE_TYPE__ size_t;

// Writes src [rows, cols] transposed into dst [cols, rows].
static void transpose(const float *src, float *dst, int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
}

// Copies B into bp [k, np] with columns n..np-1 zeroed; B is [k, n], or [n, k] when transB.
static void packB(const float *b, float *bp, int k, int n, int np, int transB) {
  for (int p = 0; p < k; p++) {
    float *row = bp + (size_t)p * np;
    if (transB)
      for (int j = 0; j < n; j++) row[j] = b[(size_t)j * k + p];
    else
      for (int j = 0; j < n; j++) row[j] = b[(size_t)p * n + j];
    for (int j = n; j < np; j++) row[j] = 0.0f;
  }
}

// Stores 8 lanes of one output row, only the first `valid` of them.
static void storeRow(float *c, v128_t lo, v128_t hi, int valid) {
  if (valid >= 8) {
    wasm_v128_store(c, lo);
    wasm_v128_store(c + 4, hi);
    return;
  }
  float tmp[8];
  wasm_v128_store(tmp, lo);
  wasm_v128_store(tmp + 4, hi);
  for (int j = 0; j < valid; j++) c[j] = tmp[j];
}

// c [m, n] = a [m, k] · bp [k, np] (np a multiple of 8, padded with zeros).
static void gemm(const float *a, const float *bp, float *c, int m, int k, int n, int np) {
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    const float *a0 = a + (size_t)i * k, *a1 = a0 + k, *a2 = a1 + k, *a3 = a2 + k;
    for (int j = 0; j < np; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float *bj = bp + j;
      for (int p = 0; p < k; p++, bj += np) {
        v128_t b0 = wasm_v128_load(bj), b1 = wasm_v128_load(bj + 4);
        v128_t x = wasm_f32x4_splat(a0[p]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x, b0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a1[p]);
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x, b0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a2[p]);
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x, b0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a3[p]);
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x, b0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x, b1));
      }
      int valid = n - j;
      float *ci = c + (size_t)i * n + j;
      storeRow(ci, c00, c01, valid);
      storeRow(ci + n, c10, c11, valid);
      storeRow(ci + 2 * n, c20, c21, valid);
      storeRow(ci + 3 * n, c30, c31, valid);
    }
  }
  for (; i < m; i++) {
    const float *ai = a + (size_t)i * k;
    for (int j = 0; j < np; j += 8) {
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0;
      const float *bj = bp + j;
      for (int p = 0; p < k; p++, bj += np) {
        v128_t x = wasm_f32x4_splat(ai[p]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(bj)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(bj + 4)));
      }
      storeRow(c + (size_t)i * n + j, c0, c1, n - j);
    }
  }
}

/**
 * out [batch, m, n] = op(a) · op(b) per batch entry. a holds batchA matrices ([m, k], or [k, m] when transA),
 * b holds batchB ([k, n], or [n, k] when transB); a batch count of 1 broadcasts, otherwise entry i uses i % count
 * (as the tfjs kernels do). scratch must hold m·k + k·np floats, np = n rounded up to a multiple of 8.
 */
__attribute__((export_name("batch_matmul"))) void batch_matmul(const float *a, const float *b, float *out,
                                                               float *scratch, int batch, int batchA, int batchB,
                                                               int m, int k, int n, int transA, int transB) {
  int np = (n + 7) & ~7;
  float *ap = scratch, *bp = scratch + (size_t)m * k;
  int packedA = -1, packedB = -1;
  for (int bi = 0; bi < batch; bi++) {
    int ia = bi % batchA, ib = bi % batchB;
    const float *ai = a + (size_t)ia * m * k;
    if (transA) {
      if (ia != packedA) transpose(ai, ap, k, m);
      packedA = ia;
      ai = ap;
    }
    if (ib != packedB) packB(b + (size_t)ib * k * n, bp, k, n, np, transB);
    packedB = ib;
    gemm(ai, bp, out + (size_t)bi * m * n, m, k, n, np);
  }
}
