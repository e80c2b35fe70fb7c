// 4-lane helpers in WebAssembly SIMD shared by the kernel modules (fused-ops.c, cached-attention.c): tail-safe loads
// and stores, and e^x.
#ifndef PREFSTUDIO_SIMD_LANES_H
#define PREFSTUDIO_SIMD_LANES_H
#include <wasm_simd128.h>

// Loads 4 floats from p, or the first `valid` of them (others 0) at the tail.
static v128_t load4(const float *p, int valid) {
  if (valid >= 4) return wasm_v128_load(p);
  float t[4] = {0, 0, 0, 0};
  for (int j = 0; j < valid; j++) t[j] = p[j];
  return wasm_v128_load(t);
}

static void store4(float *p, v128_t v, int valid) {
  if (valid >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  float t[4];
  wasm_v128_store(t, v);
  for (int j = 0; j < valid; j++) p[j] = t[j];
}

// e^x for 4 lanes, Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial): within 2 ulp.
static v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  v128_t n = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, wasm_f32x4_mul(x, x)), x), wasm_f32x4_splat(1.0f));
  // 2^n by building the float's exponent field directly.
  v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, pow2n);
}

#endif
