// The reward-model training loop: bucketed shared-prompt batches, Bradley-Terry loss, AdamW, checkpoints, soft cancel.
import type * as TF from '@tensorflow/tfjs';
import { buildPairTensors, disposePairTensors, type TokPair } from '../model/pair-batch';
import { SeededRng } from '../model/rng';
import type { RewardModel } from '../model/reward-model';
import { AdamW, learningRateAt } from './adamw';
import { fitPairs, planBatches, type PlannedBatch } from './buckets';
import { pairwiseLoss, pairwiseLossValue } from './loss';
import { scorePairs } from './score';
import { DEFAULT_HYPER, type TrainCheckpoint, type TrainHyper, type TrainProgress, type TrainResult, type ValidationResult } from './types';

export interface TrainOptions {
  model: RewardModel;
  train: readonly TokPair[];
  validation?: readonly TokPair[];
  hyper?: Partial<TrainHyper>;
  /** Seeds the shuffles (the model's own init seed is set when it is created). */
  seed: number;
  /** Soft cancel: checked between steps; the run stops after the step in flight and reports `cancelled`. */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  /** Receives a full checkpoint every `hyper.checkpointEvery` steps (and may persist it before training goes on). */
  onCheckpoint?: (checkpoint: TrainCheckpoint) => void | Promise<void>;
  resumeFrom?: TrainCheckpoint;
}

/** Lets the event loop run (cancel messages, IPC) between steps. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function realTokens(pairs: readonly TokPair[]): number {
  return pairs.reduce((n, p) => n + p.prompt.length + p.chosen.length + p.rejected.length, 0);
}

/** One optimisation step on one batch; returns loss and how many pairs were ranked correctly. */
async function trainStep(model: RewardModel, optimizer: AdamW, pairs: TokPair[], batch: PlannedBatch, lr: number, hyper: TrainHyper) {
  const { tf, config, params } = model;
  const tensors = buildPairTensors(tf, config, pairs, batch.promptLen, batch.responseLen);
  const names = [...params.keys()];
  const vars = names.map((n) => params.get(n) as TF.Variable);
  let rewards: TF.Tensor1D | null = null;
  const loss = tf.tidy(() => {
    const margins = hyper.useMargins ? tf.tensor1d(pairs.map((p) => p.margin ?? 0)) : null;
    const { value, grads } = tf.variableGrads(() => {
      const r = model.rewardPairs(tensors);
      rewards = tf.keep(r);
      return pairwiseLoss(tf, r, margins, hyper.centering);
    }, vars);
    const byName = new Map(names.map((n, i) => [n, grads[(vars[i] as TF.Variable).name] as TF.Tensor]));
    optimizer.apply(byName, lr, hyper.clipNorm);
    return value;
  });
  // data(), not dataSync(): webgpu reads back asynchronously only (dataSync needs a browser canvas there).
  const lossValue = (await loss.data())[0] as number;
  const r = (await (rewards as TF.Tensor1D | null)?.data()) ?? new Float32Array();
  loss.dispose();
  (rewards as TF.Tensor1D | null)?.dispose();
  disposePairTensors(tensors);
  const b = pairs.length;
  let correct = 0;
  for (let i = 0; i < b; i++) if ((r[i] as number) > (r[b + i] as number)) correct += 1;
  return { loss: lossValue, correct };
}

/** Scores the validation pairs and summarises accuracy and mean Bradley-Terry loss. */
export async function validate(model: RewardModel, pairs: readonly TokPair[], hyper: TrainHyper, signal?: AbortSignal): Promise<ValidationResult> {
  const scores = await scorePairs({
    model,
    pairs,
    batchSize: hyper.batchSize * 2,
    tokenBudget: hyper.tokenBudget * 2,
    maxLength: hyper.maxLength,
    bucketBoundaries: hyper.bucketBoundaries,
    ...(signal ? { signal } : {}),
  });
  const n = Math.max(1, scores.length);
  const accuracy = scores.filter((s) => s.margin > 0).length / n;
  const loss = scores.reduce((acc, s) => acc + pairwiseLossValue(s.chosen, s.rejected), 0) / n;
  return { pairs: scores.length, accuracy, loss, scores };
}

/**
 * Trains `model` in place on token-id pairs. Every step runs inside tf.tidy (tensor count stays flat); between
 * steps it yields to the event loop, honours `signal`, reports progress and emits checkpoints.
 */
export async function trainRewardModel(options: TrainOptions): Promise<TrainResult> {
  const { model, signal, onProgress, onCheckpoint, resumeFrom } = options;
  const hyper: TrainHyper = { ...DEFAULT_HYPER, ...options.hyper };
  const context = Math.min(hyper.maxLength, model.config.n_positions);
  const train = fitPairs(options.train, context);
  const batching = { batchSize: hyper.batchSize, tokenBudget: hyper.tokenBudget, context, boundaries: hyper.bucketBoundaries };
  const perEpoch = planBatches(train, batching).length;
  const totalSteps = perEpoch * hyper.epochs;
  const warmup = Math.round(totalSteps * hyper.warmupFraction);
  const optimizer = new AdamW(model.tf, model.params, hyper);
  const rng = new SeededRng(options.seed);
  let step = 0;
  let startEpoch = 0;
  let skip = 0;
  if (resumeFrom) {
    model.setWeights(resumeFrom.weights);
    optimizer.setState(resumeFrom.optimizer);
    rng.state = resumeFrom.epochRngState;
    ({ step, epoch: startEpoch, batchInEpoch: skip } = resumeFrom);
  }
  const losses: number[] = [];
  const started = performance.now();
  let tokens = 0;
  let pairsDone = 0;
  let window = { loss: 0, correct: 0, pairs: 0, steps: 0 };
  let cancelled = false;
  try {
    for (let epoch = startEpoch; epoch < hyper.epochs && !cancelled; epoch++) {
      const epochRngState = rng.state;
      const plan = planBatches(train, batching, rng);
      for (let bi = epoch === startEpoch ? skip : 0; bi < plan.length; bi++) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        const batch = plan[bi] as PlannedBatch;
        const members = batch.indices.map((i) => train[i] as TokPair);
        const lr = learningRateAt(step, totalSteps, hyper.learningRate, warmup, hyper.schedule);
        const { loss, correct } = await trainStep(model, optimizer, members, batch, lr, hyper);
        if (!Number.isFinite(loss)) throw new RangeError(`training diverged at step ${step + 1}: loss is ${loss}`);
        step += 1;
        losses.push(loss);
        tokens += realTokens(members);
        pairsDone += members.length;
        window = { loss: window.loss + loss, correct: window.correct + correct, pairs: window.pairs + members.length, steps: window.steps + 1 };
        if (onProgress && (step % hyper.progressEvery === 0 || step === totalSteps)) {
          const elapsedSec = (performance.now() - started) / 1000;
          const stepsRun = losses.length;
          onProgress({
            step,
            totalSteps,
            epoch,
            loss: window.loss / window.steps,
            accuracy: window.correct / Math.max(1, window.pairs),
            learningRate: lr,
            tokensPerSec: tokens / elapsedSec,
            pairsPerSec: pairsDone / elapsedSec,
            etaSec: (elapsedSec / stepsRun) * (totalSteps - step),
            elapsedSec,
          });
          window = { loss: 0, correct: 0, pairs: 0, steps: 0 };
        }
        if (onCheckpoint && hyper.checkpointEvery > 0 && step % hyper.checkpointEvery === 0) {
          await onCheckpoint({
            step,
            epoch: bi + 1 === plan.length ? epoch + 1 : epoch,
            batchInEpoch: bi + 1 === plan.length ? 0 : bi + 1,
            epochRngState: bi + 1 === plan.length ? rng.state : epochRngState,
            seed: options.seed,
            weights: await model.getWeights(),
            optimizer: await optimizer.getState(),
          });
        }
        await yieldToLoop();
      }
    }
  } finally {
    optimizer.dispose();
  }
  const validation = !cancelled && options.validation?.length ? await validate(model, options.validation, hyper, signal) : null;
  return { steps: step, totalSteps, cancelled, losses, validation };
}
