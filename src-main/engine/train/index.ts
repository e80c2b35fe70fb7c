// Public surface of reward-model training and scoring, for the job runner.
export { trainRewardModel, validate, type TrainOptions } from './trainer';
export { scorePairs, type PairScore, type ScoreOptions } from './score';
export { DEFAULT_HYPER, type TrainCheckpoint, type TrainHyper, type TrainProgress, type TrainResult, type ValidationResult } from './types';
export type { AdamWState, ScheduleKind } from './adamw';
