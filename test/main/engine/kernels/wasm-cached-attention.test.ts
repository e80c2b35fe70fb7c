// The cached-attention kernel on wasm against attention written out in double precision here: ragged cache lengths,
// rows without a cache, rows of different numbers of new tokens (causal), head sizes with and without SIMD tails;
// installed with our kernels and absent on the old path.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { SeededRng } from '../../../../src-main/engine/model/rng';
import { allocateCacheRegion, cachedAttention, cachedAttentionAvailable } from '../../../../src-main/engine/kernels/wasm-cached-attention';
import { installFastKernels, uninstallFastKernels } from '../../../../src-main/engine/kernels/wasm-kernels';
import { wasmTf } from '../train/fixtures';

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTf();
});
afterEach(() => installFastKernels(tf));

interface Case {
  heads: number;
  dh: number;
  p: number;
  /** Per row: which cache (−1: none), how many of its positions, and how many new tokens. */
  rows: [number, number, number][];
  caches: number;
}

/** Where each row's new tokens start in qkv (rows end to end). */
const firsts = (c: Case): number[] => c.rows.map((_, r) => c.rows.slice(0, r).reduce((a, row) => a + row[2], 0));
const tokens = (c: Case): number => c.rows.reduce((a, row) => a + row[2], 0);

/** softmax(q·scale · [past keys | new keys 0..q]ᵀ) · [past values | new values], per row, head and new token. */
function reference(c: Case, qkv: Float32Array, past: Float32Array, scale: number): Float64Array {
  const d = c.heads * c.dh;
  const out = new Float64Array(tokens(c) * d);
  c.rows.forEach(([cache, len, count], r) => {
    const first = firsts(c)[r] as number;
    for (let h = 0; h < c.heads; h++) {
      for (let q = 0; q < count; q++) {
        const keys: number[] = [];
        const values: number[] = [];
        for (let j = 0; j < (cache >= 0 ? len : 0); j++) {
          keys.push(((cache * 2) * c.heads + h) * c.p * c.dh + j * c.dh);
          values.push(((cache * 2 + 1) * c.heads + h) * c.p * c.dh + j * c.dh);
        }
        const qAt = (first + q) * 3 * d + h * c.dh;
        const scores = keys.map((k) => {
          let x = 0;
          for (let i = 0; i < c.dh; i++) x += (qkv[qAt + i] as number) * scale * (past[k + i] as number);
          return x;
        });
        for (let j = 0; j <= q; j++) {
          const k = (first + j) * 3 * d + d + h * c.dh;
          let x = 0;
          for (let i = 0; i < c.dh; i++) x += (qkv[qAt + i] as number) * scale * (qkv[k + i] as number);
          scores.push(x);
        }
        const max = Math.max(...scores);
        const e = scores.map((x) => Math.exp(x - max));
        const sum = e.reduce((a, b) => a + b, 0);
        const o = (first + q) * d + h * c.dh;
        e.forEach((w, j) => {
          const fromPast = j < keys.length;
          const v = fromPast ? (values[j] as number) : (first + j - keys.length) * 3 * d + 2 * d + h * c.dh;
          const src = fromPast ? past : qkv;
          for (let i = 0; i < c.dh; i++) out[o + i] = (out[o + i] as number) + (w / sum) * (src[v + i] as number);
        });
      }
    }
  });
  return out;
}

function normals(n: number, rng: SeededRng, sd: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * sd);
}

describe('cached-attention kernel on wasm', () => {
  const cases: Case[] = [
    // Decoding: one new token per row, ragged cache lengths (one not a multiple of 4), two rows sharing a cache.
    { heads: 2, dh: 32, p: 23, caches: 3, rows: [[0, 23, 1], [1, 7, 1], [2, 1, 1], [1, 5, 1]] },
    // Candidates of 1 to 3 tokens (causal among themselves), a row with no cache, head size 6 (SIMD tails).
    { heads: 4, dh: 6, p: 9, caches: 2, rows: [[0, 9, 3], [-1, 0, 2], [1, 2, 1], [0, 4, 3]] },
    // A prefill: no caches at all, 37 and 5 new tokens.
    { heads: 2, dh: 16, p: 0, caches: 0, rows: [[-1, 0, 37], [-1, 0, 5]] },
  ];
  for (const c of cases) {
    it(`equals attention in double within 1e-5 (H=${c.heads}, dh=${c.dh}, rows of ${c.rows.map((row) => row[2]).join('/')} new tokens, caches up to ${c.p})`, () => {
      const rng = new SeededRng(c.dh * 31 + tokens(c));
      const d = c.heads * c.dh;
      // Scores of several units: softmax far from uniform, so a wrong key, mask or length would show.
      const qkv = normals(tokens(c) * 3 * d, rng, 1.5);
      const past = normals(Math.max(1, c.caches * 2 * c.heads * c.p * c.dh), rng, 1.5);
      const scale = 1 / Math.sqrt(c.dh);
      const meta = c.rows.flatMap(([cache, len, count], r) => [cache, len, firsts(c)[r] as number, count]);
      // A region allocated before the one holding the caches and freed again: the caches do not start at the first slot.
      const before = allocateCacheRegion(37);
      const region = c.caches > 0 ? allocateCacheRegion(past.length) : null;
      before.free();
      region?.view().set(past);
      const got = tf.tidy(() =>
        cachedAttention(tf, tf.tensor2d(qkv, [tokens(c), 3 * d]), tf.tensor1d(meta, 'int32'), region, c.heads, c.p, scale).dataSync(),
      );
      region?.free();
      const want = reference(c, qkv, past, Math.fround(scale));
      expect(got.length).toBe(want.length);
      let max = 0;
      for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs((got[i] as number) - (want[i] as number)));
      expect(max).toBeLessThan(1e-5);
    });
  }

  it('is installed with our kernels and absent on the old path', () => {
    expect(cachedAttentionAvailable(tf)).toBe(true);
    uninstallFastKernels(tf);
    expect(cachedAttentionAvailable(tf)).toBe(false);
  });
});
