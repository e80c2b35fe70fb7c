// Hyper-parameters, progress, checkpoint and result types of reward-model training.
import type { PairScore } from './score';
import type { ScheduleKind, AdamWState } from './adamw';
import type { WeightMap } from '../model/params';
import { DEFAULT_BUCKETS } from './buckets';
import { PARAMS } from '../../shared/params';

export interface TrainHyper {
  epochs: number;
  /** Pairs per batch at most (long buckets may take fewer, see tokenBudget). */
  batchSize: number;
  /** Padded tokens per batch at most, B·(Lp + 2·Lr). */
  tokenBudget: number;
  learningRate: number;
  schedule: ScheduleKind;
  /** Share of all steps spent warming up linearly. */
  warmupFraction: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Global gradient-norm clip; 0 turns clipping off. */
  clipNorm: number;
  /** Positions per pair (≤ n_positions); longer pairs lose prompt tokens from the left. */
  maxLength: number;
  /** When true, each pair's `margin` (default 0) is subtracted inside the Bradley-Terry loss. */
  useMargins: boolean;
  /** λ of the reward-centring term λ·mean((r_c + r_r)²); 0 turns it off. */
  centering: number;
  /** Report progress every N steps (and on the last step). */
  progressEvery: number;
  /** Call onCheckpoint every N steps; 0 = never. */
  checkpointEvery: number;
  bucketBoundaries: readonly number[];
}

export const DEFAULT_HYPER: TrainHyper = {
  epochs: 3,
  batchSize: 16,
  tokenBudget: 16384,
  learningRate: 1e-3,
  schedule: 'cosine',
  warmupFraction: PARAMS.warmupFraction.default,
  weightDecay: PARAMS.weightDecay.default,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  clipNorm: 1,
  maxLength: 256,
  useMargins: false,
  centering: PARAMS.centering.default,
  progressEvery: 10,
  checkpointEvery: 0,
  bucketBoundaries: DEFAULT_BUCKETS,
};

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  /** Mean loss and accuracy (r_c > r_r) over the steps since the previous report. */
  loss: number;
  accuracy: number;
  learningRate: number;
  /** Real (unpadded) tokens and pairs per second since training (or the resume) started. */
  tokensPerSec: number;
  pairsPerSec: number;
  etaSec: number;
  elapsedSec: number;
}

/** Everything needed to continue a run exactly: resuming gives the same later losses as never stopping. */
export interface TrainCheckpoint {
  /** Steps completed. */
  step: number;
  epoch: number;
  /** Batches of `epoch` already done. */
  batchInEpoch: number;
  /** Shuffle-RNG state at the start of `epoch` (its batch plan is rebuilt from it). */
  epochRngState: number;
  seed: number;
  weights: WeightMap;
  optimizer: AdamWState;
}

export interface ValidationResult {
  pairs: number;
  accuracy: number;
  loss: number;
  scores: PairScore[];
}

export interface TrainResult {
  /** Steps completed in total (including those before a resume). */
  steps: number;
  totalSteps: number;
  cancelled: boolean;
  /** Loss of every step run by this call, in order. */
  losses: number[];
  validation: ValidationResult | null;
}
