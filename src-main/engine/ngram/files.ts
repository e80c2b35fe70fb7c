// The n-gram reward model on disk: config.json (model_type "prefstudio-ngram"), model.safetensors, features.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors } from '../weights/safetensors';
import type { Tensor } from '../weights/tensor';
import { NgramModel, type NgramConfig, type TopFeatures } from './model';

export const NGRAM_MODEL_TYPE = 'prefstudio-ngram';

/** config.json: everything needed to rebuild φ(y) exactly, spelled out so another implementation can. */
interface NgramConfigJson {
  model_type: typeof NGRAM_MODEL_TYPE;
  tokens: string;
  hash: string;
  hash_bits: number;
  max_n: 1 | 2;
  min_df: number;
  tf: string;
  idf: string;
  norm: string;
  c: number;
  length_feature: boolean;
  prefstudio: { preset: string; head: 'reward' };
}

/** True when `dir` holds an n-gram model (rather than a transformer). */
export function isNgramFolder(dir: string): boolean {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { model_type?: unknown }).model_type === NGRAM_MODEL_TYPE;
  } catch {
    return false;
  }
}

const vector = (data: Float32Array): Tensor => ({ dtype: 'float32', shape: [data.length], data });

export function saveNgramModel(dir: string, model: NgramModel, preset: string, training: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const { config } = model;
  const json: NgramConfigJson = {
    model_type: NGRAM_MODEL_TYPE,
    tokens: 'lower-cased runs of 2+ Unicode letters, digits or underscores',
    hash: 'fnv1a-32 over UTF-16 code units of the n-gram (words joined by one space), masked to hash_bits',
    hash_bits: config.hashBits,
    max_n: config.maxN,
    min_df: config.minDf,
    tf: '1 + ln(count)',
    idf: 'ln((1 + documents) / (1 + df)) + 1, 0 below min_df',
    norm: 'l2',
    c: config.c,
    length_feature: config.lengthFeature,
    prefstudio: { preset, head: 'reward' },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(json, null, 2));
  writeSafetensors(
    join(dir, 'model.safetensors'),
    new Map([
      ['idf', vector(model.idf)],
      ['weight', vector(model.weights)],
      ['length_weight', vector(Float32Array.of(model.lengthWeight))],
    ]),
    { format: 'pt' },
  );
  writeFileSync(join(dir, 'features.json'), JSON.stringify(model.top, null, 2));
  writeFileSync(join(dir, 'prefstudio.json'), JSON.stringify(training, null, 2));
}

export function loadNgramModel(dir: string): { model: NgramModel; preset: string; training: Record<string, unknown> | null } {
  const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as NgramConfigJson;
  if (json.model_type !== NGRAM_MODEL_TYPE) throw new Error(`${dir} does not hold an n-gram model`);
  const config: NgramConfig = {
    hashBits: json.hash_bits,
    maxN: json.max_n,
    minDf: json.min_df,
    c: json.c,
    lengthFeature: json.length_feature,
  };
  const { tensors } = readSafetensors(join(dir, 'model.safetensors'));
  const get = (name: string): Float32Array => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${dir}/model.safetensors has no "${name}" tensor`);
    return t.data;
  };
  const featuresPath = join(dir, 'features.json');
  const top = existsSync(featuresPath) ? (JSON.parse(readFileSync(featuresPath, 'utf8')) as TopFeatures) : undefined;
  const trainingPath = join(dir, 'prefstudio.json');
  const training = existsSync(trainingPath) ? (JSON.parse(readFileSync(trainingPath, 'utf8')) as Record<string, unknown>) : null;
  return {
    model: new NgramModel(config, get('idf'), get('weight'), get('length_weight')[0]!, top),
    preset: json.prefstudio.preset,
    training,
  };
}

/** Checkpoint: every bucket's weight then the length weight, and the L-BFGS iteration reached. */
export function writeNgramCheckpoint(path: string, iteration: number, params: Float64Array): void {
  writeSafetensors(path, new Map([['params', vector(Float32Array.from(params))]]), {
    prefstudio_ngram_checkpoint: JSON.stringify({ iteration }),
  });
}

export function readNgramCheckpoint(path: string): { iteration: number; params: Float64Array } | null {
  const { tensors, metadata } = readSafetensors(path);
  const counters = metadata.prefstudio_ngram_checkpoint;
  const params = tensors.get('params');
  if (!counters || !params) return null;
  return { iteration: (JSON.parse(counters) as { iteration: number }).iteration, params: Float64Array.from(params.data) };
}
