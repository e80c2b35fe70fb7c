// Test and bench fixtures: a wasm-backed tf, the app's text → token ids path, the HH sample split into pairs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { guardWasmHeap } from '../../../../src-main/engine/kernels/wasm-heap-guard';
import { installFastKernels } from '../../../../src-main/engine/kernels/wasm-kernels';
import type { TokPair } from '../../../../src-main/engine/model/pair-batch';
import { fastEncoder } from '../../../../src-main/engine/tokenizer/fast-encoder';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';

const require = createRequire(import.meta.url);

/** tf on the WASM backend (SIMD, single-threaded under Node) with the heap guard and the app's own wasm kernels (SIMD batch-matmul, fused gelu_new/LayerNorm, row copies), as the app runs it. */
export async function wasmTf(): Promise<typeof tf> {
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  await tf.ready();
  guardWasmHeap(tf.backend());
  installFastKernels(tf);
  return tf;
}

export interface TextPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** The app's tokenisation (train job): GPT-2 BPE pruned to the training texts (minCount 1), fast exact encoder. */
export interface AppVocab {
  size: number;
  pairs(pairs: readonly TextPair[]): TokPair[];
}

export async function appVocab(trainTexts: Iterable<string>): Promise<AppVocab> {
  const { tokenizer } = await buildPrunedTokenizer(trainTexts, { minCount: 1, maxVocab: 32_000 });
  const encode = await fastEncoder(tokenizer);
  return {
    size: tokenizer.vocabSize,
    pairs: (pairs) => pairs.map((p) => ({ prompt: encode(p.prompt), chosen: encode(p.chosen), rejected: encode(p.rejected) })),
  };
}

export const HH_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz');

/** The HH sample as (prompt, chosen, rejected): prompt = shared prefix up to the last "\n\nAssistant:". */
export function loadHH(): TextPair[] | null {
  if (!existsSync(HH_PATH)) return null;
  const lines = gunzipSync(readFileSync(HH_PATH)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const { chosen, rejected } = JSON.parse(line) as { chosen: string; rejected: string };
    const marker = '\n\nAssistant:';
    let cut = chosen.lastIndexOf(marker) + marker.length;
    // A few pairs differ before the last marker; fall back to their longest common prefix at a turn boundary.
    if (rejected.slice(0, cut) !== chosen.slice(0, cut)) {
      let i = 0;
      while (i < chosen.length && chosen[i] === rejected[i]) i++;
      cut = Math.max(0, chosen.lastIndexOf(marker, i) + marker.length);
    }
    return { prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) };
  });
}
