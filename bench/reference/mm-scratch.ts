import { wasmTf } from '../../test/main/engine/train/fixtures';
const tf = await wasmTf();
const [n, m, k, p] = [64, 96, 32, 224];
const a = tf.randomNormal([n, m, k]) as any; const bT = tf.randomNormal([n, p, k]) as any; const b = tf.randomNormal([n, k, p]) as any;
function nt(A: Float32Array, B: Float32Array, C: Float32Array) {
  for (let s = 0; s < n; s++) { const ao = s * m * k, bo = s * p * k, co = s * m * p;
    for (let i = 0; i < m; i++) { const ai = ao + i * k; for (let j = 0; j < p; j++) { const bj = bo + j * k; let acc = 0; for (let l = 0; l < k; l++) acc += A[ai + l]! * B[bj + l]!; C[co + i * p + j] = acc; } } }
}
function nn(A: Float32Array, B: Float32Array, C: Float32Array) {
  C.fill(0);
  for (let s = 0; s < n; s++) { const ao = s * m * k, bo = s * k * p, co = s * m * p;
    for (let i = 0; i < m; i++) { const ci = co + i * p; for (let l = 0; l < k; l++) { const x = A[ao + i * k + l]!; const bl = bo + l * p; for (let j = 0; j < p; j++) C[ci + j] += x * B[bl + j]!; } } }
}
const flops = 2 * n * m * k * p;
for (const [name, f] of [['tf NT', () => tf.matMul(a, bT, false, true)], ['tf NN', () => tf.matMul(a, b)]] as const) {
  f().dispose(); const t0 = performance.now(); for (let r = 0; r < 5; r++) { const o = f(); o.dataSync(); o.dispose(); } const ms = (performance.now() - t0) / 5; console.log(name, ms.toFixed(1), 'ms', (flops / ms / 1e6).toFixed(2), 'GFLOP/s');
}
const A = a.dataSync(), BT = bT.dataSync(), B = b.dataSync(); const C = new Float32Array(n * m * p);
for (const [name, f] of [['js NT', () => nt(A, BT, C)], ['js NN', () => nn(A, B, C)]] as const) {
  f(); const t0 = performance.now(); for (let r = 0; r < 5; r++) f(); const ms = (performance.now() - t0) / 5; console.log(name, ms.toFixed(1), 'ms', (flops / ms / 1e6).toFixed(2), 'GFLOP/s');
}
const loop = () => tf.tidy(() => { const as = tf.unstack(a); const bs = tf.unstack(b); return tf.stack(as.map((x, i) => tf.matMul(x as any, bs[i] as any))); });
// block trick: one big plain matmul [n*m, k] x [k, n*p] then gather the diagonal blocks — wasteful by n
for (const [name, f] of [['loop NN', loop]] as const) {
  f().dispose(); const t0 = performance.now(); for (let r = 0; r < 5; r++) { const o = f(); o.dataSync(); o.dispose(); } const ms = (performance.now() - t0) / 5; console.log(name, ms.toFixed(1), 'ms', (flops / ms / 1e6).toFixed(2), 'GFLOP/s');
}
const big = () => tf.matMul(tf.reshape(a, [n * m, k]) as any, tf.reshape(tf.transpose(b, [1, 0, 2]), [k, n * p]) as any);
{ big().dispose(); const t0 = performance.now(); for (let r = 0; r < 5; r++) { const o = big(); o.dataSync(); o.dispose(); } const ms = (performance.now() - t0) / 5; console.log('2d single (no batching) equiv', ms.toFixed(1), 'ms'); }
