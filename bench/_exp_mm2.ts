import { wasmTf } from '../test/main/engine/train/fixtures';
const tf = await wasmTf();
function bench(name: string, f: () => any, flops: number) { tf.tidy(() => f().dataSync()); const t0 = performance.now(); for (let i = 0; i < 5; i++) tf.tidy(() => f().dataSync()); const ms = (performance.now() - t0) / 5; console.log(name, ms.toFixed(2), 'ms', (flops / ms / 1e6).toFixed(1), 'GFLOP/s'); }
const B = 128, T = 48, S = 64, dh = 32;
const q = tf.randomNormal([B, T, dh]), kT = tf.randomNormal([B, dh, S]);
const F = 2 * B * T * S * dh;
bench('batched naive', () => tf.matMul(q, kT), F);
bench('unstack loop', () => { const qs = tf.unstack(q), ks = tf.unstack(kT); return tf.stack(qs.map((x, i) => tf.matMul(x as any, ks[i] as any))); }, F);
const big = tf.randomNormal([B * T, dh]);
bench('transpose [B,T,dh]->[B,dh,T]', () => tf.transpose(q, [0, 2, 1]), 1);
// Broadcast mul+sum
bench('bcast mul sum', () => tf.sum(tf.mul(q.reshape([B, T, 1, dh]), kT.transpose([0, 2, 1]).reshape([B, 1, S, dh])), 3), F);
void big;
