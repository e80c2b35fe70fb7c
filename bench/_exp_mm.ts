import { wasmTf } from '../test/main/engine/train/fixtures';
const tf = await wasmTf();
function bench(name: string, f: () => any, flops: number) { f().dataSync(); const t0 = performance.now(); for (let i = 0; i < 5; i++) { const r = f(); r.dataSync(); r.dispose(); } const ms = (performance.now() - t0) / 5; console.log(name, ms.toFixed(2), 'ms', (flops / ms / 1e6).toFixed(1), 'GFLOP/s'); }
const M = 1792, K = 128, N = 384;
const a = tf.randomNormal([M, K]), b = tf.randomNormal([K, N]), bt = tf.randomNormal([N, K]), at = tf.randomNormal([K, M]);
const F = 2 * M * K * N;
bench('NN', () => tf.matMul(a, b), F);
bench('NT', () => tf.matMul(a, bt, false, true), F);
bench('TN', () => tf.matMul(at, b, true, false), F);
const g = tf.randomNormal([M, N]);
bench('dW = aT g (TN big-K)', () => tf.matMul(a, g, true, false), F);
bench('dX = g bT (NT)', () => tf.matMul(g, b, false, true), F);
const q = tf.randomNormal([128, 48, 32]), k = tf.randomNormal([128, 64, 32]);
bench('attn q kT batched', () => tf.matMul(q, k, false, true), 2 * 128 * 48 * 64 * 32);
const kk = tf.randomNormal([128, 32, 64]);
bench('attn q k batched NN', () => tf.matMul(q, kk), 2 * 128 * 48 * 64 * 32);
