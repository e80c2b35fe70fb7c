// Fused GPT-2 elementwise kernels for tfjs's wasm backend, in WebAssembly SIMD (128-bit): gelu_new and LayerNorm,
// each forward in one pass and its gradient in one pass. Built by scripts/build-wasm-kernels.sh into fused-ops.wasm
// (committed; the script checks it byte for byte).
//
// Why: composed from tf ops, gelu_new is 9 kernels forward and ~20 backward, LayerNorm ~10 forward and ~25 backward
// (each broadcast in its gradient adds a Sum), every one a separate single-threaded pass over [N·T, D] activations;
// tfjs's Tanh alone runs the scalar libm tanh at ~170 M values/s. Here each is one pass.
//
// No libc: the caller (wasm-fused-ops.ts) lays out all buffers in this module's memory, starting at __heap_base.
#include <wasm_simd128.h>
#include "simd-lanes.h"

typedef __SIZE_TYPE__ size_t;

// tanh(u) = 1 - 2 / (e^{2u} + 1): absolute error ~1e-7 over the whole line (e^{2u} saturates cleanly at ±1).
static v128_t tanh4(v128_t u) {
  v128_t e = exp4(wasm_f32x4_add(u, u));
  return wasm_f32x4_sub(wasm_f32x4_splat(1.0f), wasm_f32x4_div(wasm_f32x4_splat(2.0f), wasm_f32x4_add(e, wasm_f32x4_splat(1.0f))));
}

#define GELU_C 0.7978845608028654f // √(2/π)
#define GELU_A 0.044715f

/** y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) over n values. */
__attribute__((export_name("gelu_new"))) void gelu_new(const float *x, float *y, int n) {
  for (int i = 0; i < n; i += 4) {
    v128_t v = load4(x + i, n - i);
    v128_t inner = wasm_f32x4_mul(wasm_f32x4_add(v, wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(v, v), v), wasm_f32x4_splat(GELU_A))),
                                  wasm_f32x4_splat(GELU_C));
    v128_t t = tanh4(inner);
    store4(y + i, wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(0.5f)), wasm_f32x4_add(t, wasm_f32x4_splat(1.0f))), n - i);
  }
}

/** dx = dy · gelu_new'(x) = dy · (0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·(1 + 3·0.044715·x²)), t as in the forward. */
__attribute__((export_name("gelu_new_grad"))) void gelu_new_grad(const float *x, const float *dy, float *dx, int n) {
  v128_t half = wasm_f32x4_splat(0.5f), one = wasm_f32x4_splat(1.0f);
  for (int i = 0; i < n; i += 4) {
    v128_t v = load4(x + i, n - i);
    v128_t v2 = wasm_f32x4_mul(v, v);
    v128_t inner = wasm_f32x4_mul(wasm_f32x4_add(v, wasm_f32x4_mul(wasm_f32x4_mul(v2, v), wasm_f32x4_splat(GELU_A))), wasm_f32x4_splat(GELU_C));
    v128_t t = tanh4(inner);
    v128_t dinner = wasm_f32x4_mul(wasm_f32x4_splat(GELU_C), wasm_f32x4_add(one, wasm_f32x4_mul(v2, wasm_f32x4_splat(3.0f * GELU_A))));
    v128_t d = wasm_f32x4_add(wasm_f32x4_mul(half, wasm_f32x4_add(one, t)),
                              wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(half, v), wasm_f32x4_sub(one, wasm_f32x4_mul(t, t))), dinner));
    store4(dx + i, wasm_f32x4_mul(load4(dy + i, n - i), d), n - i);
  }
}

// Mean and 1/√(variance + eps) of one row of d values (two passes, as tf.moments: mean, then mean squared deviation).
static void rowStats(const float *x, int d, float eps, float *mean, float *rstd) {
  float s = 0;
  for (int j = 0; j < d; j++) s += x[j];
  float mu = s / (float)d;
  float q = 0;
  for (int j = 0; j < d; j++) q += (x[j] - mu) * (x[j] - mu);
  *mean = mu;
  *rstd = 1.0f / __builtin_sqrtf(q / (float)d + eps);
}

/** y [rows, d] = (x - mean)·rstd·gamma + beta per row. */
__attribute__((export_name("layer_norm"))) void layer_norm(const float *x, const float *gamma, const float *beta, float *y,
                                                           int rows, int d, float eps) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + (size_t)r * d;
    float *yr = y + (size_t)r * d;
    float mu, rs;
    rowStats(xr, d, eps, &mu, &rs);
    for (int j = 0; j < d; j++) yr[j] = (xr[j] - mu) * rs * gamma[j] + beta[j];
  }
}

/**
 * LayerNorm's gradient from x, gamma and dy [rows, d]: dx = rstd·(g - mean(g) - x̂·mean(g·x̂)) with g = dy·gamma and
 * x̂ = (x - mean)·rstd; dgamma = Σ_rows dy·x̂ and dbeta = Σ_rows dy, accumulated in double so the long column sums
 * over all rows do not drift (tfjs sums them in float; the difference is float rounding).
 */
__attribute__((export_name("layer_norm_grad"))) void layer_norm_grad(const float *x, const float *gamma, const float *dy,
                                                                     float *dx, float *dgamma, float *dbeta, double *acc,
                                                                     int rows, int d, float eps) {
  double *accG = acc, *accB = acc + d;
  for (int j = 0; j < d; j++) accG[j] = accB[j] = 0;
  for (int r = 0; r < rows; r++) {
    const float *xr = x + (size_t)r * d, *dyr = dy + (size_t)r * d;
    float *dxr = dx + (size_t)r * d;
    float mu, rs;
    rowStats(xr, d, eps, &mu, &rs);
    float sg = 0, sgx = 0;
    for (int j = 0; j < d; j++) {
      float xh = (xr[j] - mu) * rs, g = dyr[j] * gamma[j];
      sg += g;
      sgx += g * xh;
      accG[j] += (double)(dyr[j] * xh);
      accB[j] += (double)dyr[j];
    }
    float mg = sg / (float)d, mgx = sgx / (float)d;
    for (int j = 0; j < d; j++) dxr[j] = rs * (dyr[j] * gamma[j] - mg - (xr[j] - mu) * rs * mgx);
  }
  for (int j = 0; j < d; j++) {
    dgamma[j] = (float)accG[j];
    dbeta[j] = (float)accB[j];
  }
}
