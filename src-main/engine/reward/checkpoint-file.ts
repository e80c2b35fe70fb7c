// Training checkpoints on disk: weights and AdamW moments in one safetensors file, counters in its metadata.
// writeSafetensors writes to a temporary file and renames, so a crash mid-write leaves the previous checkpoint.
import type { WeightMap } from '../model/params';
import type { TrainCheckpoint } from '../train/types';
import { readSafetensors, writeSafetensors } from '../weights/safetensors';
import type { Tensor } from '../weights/tensor';

const GROUPS = { weights: 'w/', m: 'm/', v: 'v/' } as const;

function add(into: Map<string, Tensor>, prefix: string, map: WeightMap): void {
  for (const [name, w] of map) into.set(prefix + name, { dtype: 'float32', shape: w.shape, data: w.data });
}

export function writeCheckpoint(path: string, cp: TrainCheckpoint): void {
  const tensors = new Map<string, Tensor>();
  add(tensors, GROUPS.weights, cp.weights);
  add(tensors, GROUPS.m, cp.optimizer.m);
  add(tensors, GROUPS.v, cp.optimizer.v);
  const counters = { step: cp.step, epoch: cp.epoch, batchInEpoch: cp.batchInEpoch, epochRngState: cp.epochRngState, seed: cp.seed, optimizerStep: cp.optimizer.step };
  writeSafetensors(path, tensors, { prefstudio_checkpoint: JSON.stringify(counters) });
}

export function readCheckpoint(path: string): TrainCheckpoint {
  const { tensors, metadata } = readSafetensors(path);
  const counters = JSON.parse(metadata.prefstudio_checkpoint ?? 'null') as {
    step: number;
    epoch: number;
    batchInEpoch: number;
    epochRngState: number;
    seed: number;
    optimizerStep: number;
  } | null;
  if (!counters) throw new Error(`${path} is not a Preference Studio training checkpoint (no counters in its metadata)`);
  const group = (prefix: string): WeightMap => {
    const out: WeightMap = new Map();
    for (const [name, t] of tensors) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), { data: t.data, shape: t.shape });
    return out;
  };
  return {
    step: counters.step,
    epoch: counters.epoch,
    batchInEpoch: counters.batchInEpoch,
    epochRngState: counters.epochRngState,
    seed: counters.seed,
    weights: group(GROUPS.weights),
    optimizer: { step: counters.optimizerStep, m: group(GROUPS.m), v: group(GROUPS.v) },
  };
}
