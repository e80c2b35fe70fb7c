// Causal multi-head attention of a step's new tokens against each row's cached keys/values, in one call, for
// cached decoding on tfjs's wasm backend, in WebAssembly SIMD (128-bit). Built by scripts/build-wasm-kernels.sh into
// cached-attention.wasm (committed; the script checks it byte for byte).
//
// Why: composed from tf ops, one layer of a cached decoding step is ~40 small kernels (split q/k/v, scale, three
// head reshapes, per-row pads and a concat of every cached row, QKᵀ, mask add, softmax, PV, transposes back) and
// each cached row is re-padded and re-concatenated at every step. Here the c_attn output goes in and the merged
// heads come out; rows read their own cache length and bring their own number of new tokens, so nothing is padded
// and no mask is built.
//
// No libc: the caller (wasm-cached-attention.ts) lays out all buffers in this module's memory, from __heap_base.
#include <wasm_simd128.h>
#include "simd-lanes.h"

typedef __SIZE_TYPE__ size_t;

static float dot(const float *a, const float *b, int n) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < n; i += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(load4(a + i, n - i), load4(b + i, n - i)));
  return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) +
         wasm_f32x4_extract_lane(acc, 3);
}

// w[j] = q·keys[j] for j < n (key j at keys + j·stride, dh floats). Four keys at a time when dh is a multiple of
// 4: four running sums, then one transpose-and-add gives the four scores in one vector.
static void scores(const float *q, const float *keys, size_t stride, int n, int dh, float *w) {
  int j = 0;
  if ((dh & 3) == 0) {
    for (; j + 4 <= n; j += 4) {
      const float *k0 = keys + (size_t)j * stride, *k1 = k0 + stride, *k2 = k1 + stride, *k3 = k2 + stride;
      v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
      for (int i = 0; i < dh; i += 4) {
        v128_t qv = wasm_v128_load(q + i);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(qv, wasm_v128_load(k0 + i)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(qv, wasm_v128_load(k1 + i)));
        a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(qv, wasm_v128_load(k2 + i)));
        a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(qv, wasm_v128_load(k3 + i)));
      }
      v128_t t0 = wasm_f32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7));
      v128_t t1 = wasm_f32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7));
      wasm_v128_store(w + j, wasm_f32x4_add(wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5), wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7)));
    }
  }
  for (; j < n; j++) w[j] = dot(q, keys + (size_t)j * stride, dh);
}

// o[0..dh) += Σ_j w[j]·values[j] for j < n (value j at values + j·stride). When dh is a multiple of 16, 16 outputs
// at a time stay in registers over all n values; otherwise one pass over o per value.
static void weighted(const float *w, const float *values, size_t stride, int n, int dh, float *o) {
  if ((dh & 15) == 0) {
    for (int c = 0; c < dh; c += 16) {
      v128_t o0 = wasm_v128_load(o + c), o1 = wasm_v128_load(o + c + 4), o2 = wasm_v128_load(o + c + 8), o3 = wasm_v128_load(o + c + 12);
      for (int j = 0; j < n; j++) {
        const float *v = values + (size_t)j * stride + c;
        v128_t wj = wasm_f32x4_splat(w[j]);
        o0 = wasm_f32x4_add(o0, wasm_f32x4_mul(wj, wasm_v128_load(v)));
        o1 = wasm_f32x4_add(o1, wasm_f32x4_mul(wj, wasm_v128_load(v + 4)));
        o2 = wasm_f32x4_add(o2, wasm_f32x4_mul(wj, wasm_v128_load(v + 8)));
        o3 = wasm_f32x4_add(o3, wasm_f32x4_mul(wj, wasm_v128_load(v + 12)));
      }
      wasm_v128_store(o + c, o0);
      wasm_v128_store(o + c + 4, o1);
      wasm_v128_store(o + c + 8, o2);
      wasm_v128_store(o + c + 12, o3);
    }
    return;
  }
  for (int j = 0; j < n; j++) {
    v128_t wj = wasm_f32x4_splat(w[j]);
    const float *v = values + (size_t)j * stride;
    for (int i = 0; i < dh; i += 4) store4(o + i, wasm_f32x4_add(load4(o + i, dh - i), wasm_f32x4_mul(wj, load4(v + i, dh - i))), dh - i);
  }
}

/**
 * qkv [tokens, 3·d]: the c_attn output of every row's new tokens, rows one after another (q | k | v, heads of dh side
 * by side, as GPT-2). past [u, 2, heads, p, dh]: keys then values of the u caches the rows continue. meta [rows, 4]:
 * per row, which cache (−1: none), how many of its positions to attend, and where its new tokens start in qkv and how
 * many there are (rows need not be padded to one length). New token q of a row attends the cache's first positions,
 * then the row's new tokens 0..q (causal). q is scaled before the products, as the composed path does.
 * out [tokens, d]: the heads' weighted values, merged back side by side. scratch: p + (longest row) + dh floats.
 */
__attribute__((export_name("cached_attention"))) void cached_attention(const float *qkv, const float *past, const int *meta,
                                                                       float *out, float *scratch, int rows, int heads,
                                                                       int dh, int p, float scale) {
  int d = heads * dh;
  size_t stride = (size_t)3 * d;
  float *qs = scratch, *w = scratch + dh;
  for (int r = 0; r < rows; r++) {
    int cache = meta[4 * r], len = cache >= 0 ? meta[4 * r + 1] : 0, first = meta[4 * r + 2], count = meta[4 * r + 3];
    for (int h = 0; h < heads; h++) {
      const float *keys = cache >= 0 ? past + (((size_t)cache * 2) * heads + h) * p * dh : 0;
      const float *values = cache >= 0 ? past + (((size_t)cache * 2 + 1) * heads + h) * p * dh : 0;
      const float *fresh = qkv + (size_t)first * stride + h * dh;
      for (int q = 0; q < count; q++) {
        const float *qrow = fresh + (size_t)q * stride;
        for (int j = 0; j < dh; j++) qs[j] = qrow[j] * scale;
        int n = len + q + 1;
        if (len > 0) scores(qs, keys, dh, len, dh, w);
        scores(qs, fresh + d, stride, q + 1, dh, w + len);
        float max = w[0];
        for (int j = 1; j < n; j++) max = w[j] > max ? w[j] : max;
        v128_t sum4 = wasm_f32x4_splat(0.0f), m = wasm_f32x4_splat(max);
        for (int j = 0; j < n; j += 4) {
          // Lanes past n are exp(−max) garbage and are neither summed nor stored.
          v128_t e = exp4(wasm_f32x4_sub(load4(w + j, n - j), m));
          if (n - j < 4) {
            float t[4];
            wasm_v128_store(t, e);
            for (int l = n - j; l < 4; l++) t[l] = 0.0f;
            e = wasm_v128_load(t);
          }
          sum4 = wasm_f32x4_add(sum4, e);
          store4(w + j, e, n - j);
        }
        v128_t inv = wasm_f32x4_splat(1.0f / (wasm_f32x4_extract_lane(sum4, 0) + wasm_f32x4_extract_lane(sum4, 1) +
                                              wasm_f32x4_extract_lane(sum4, 2) + wasm_f32x4_extract_lane(sum4, 3)));
        for (int j = 0; j < n; j += 4) store4(w + j, wasm_f32x4_mul(load4(w + j, n - j), inv), n - j);
        float *o = out + ((size_t)first + q) * d + h * dh;
        for (int j = 0; j < dh; j++) o[j] = 0.0f;
        if (len > 0) weighted(w, values, dh, len, dh, o);
        weighted(w + len, fresh + 2 * d, stride, q + 1, dh, o);
      }
    }
  }
}
