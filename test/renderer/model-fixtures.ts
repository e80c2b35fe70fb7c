// Fixtures for the model views: presets, metrics with known bins, models, policies and jobs.
import type { Job, ModelSummary, PresetInfo, RewardMetrics } from '@shared/dto';
import type { PolicySummary } from '@shared/policy-dto';

export const PRESETS: PresetInfo[] = [
  {
    name: 'bow',
    description: 'Bag of embeddings',
    layers: 0,
    width: 64,
    heads: 1,
    context: 256,
    defaults: { epochs: 4, learningRate: 0.005, batchSize: 64 },
  },
  {
    name: 'tiny',
    description: 'Two-layer transformer',
    layers: 2,
    width: 128,
    heads: 4,
    context: 256,
    defaults: { epochs: 2, learningRate: 0.001, batchSize: 16 },
  },
];

export function makeMetrics(patch: Partial<RewardMetrics> = {}): RewardMetrics {
  return {
    pairs: 200,
    accuracy: 0.735,
    meanLoss: 0.5214,
    ece: 0.0421,
    reliability: [
      { lower: 0.5, upper: 0.6, count: 40, confidence: 0.55, accuracy: 0.5 },
      { lower: 0.6, upper: 0.7, count: 0, confidence: null, accuracy: null },
      { lower: 0.7, upper: 0.8, count: 100, confidence: 0.75, accuracy: 0.8 },
      { lower: 0.8, upper: 0.9, count: 10, confidence: 0.85, accuracy: 0.9 },
    ],
    marginMean: 0.8,
    marginStd: 1.6,
    marginSnr: 0.5,
    histogram: { min: -2, max: 2, counts: [5, 20, 60, 15], below: 3, above: 7 },
    disagreements: 53,
    ...patch,
  };
}

export function makeModel(id: number, patch: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id,
    name: `rm-${id}`,
    kind: 'reward',
    preset: 'tiny',
    status: 'ready',
    round: null,
    parentModelId: null,
    artifactPath: `models/${id}`,
    createdAt: `2025-01-0${id}T10:00:00.000Z`,
    metrics: {
      validation: makeMetrics(),
      train: makeMetrics({ accuracy: 0.9 }),
      training: {
        backend: 'wasm',
        steps: 120,
        epochs: 2,
        seconds: 30.5,
        pairsPerSecond: 63.2,
        tokensPerSecond: 12345.6,
        history: [
          { step: 10, loss: 0.69, accuracy: 0.5 },
          { step: 60, loss: 0.6, accuracy: 0.65 },
          { step: 120, loss: 0.52, accuracy: 0.74 },
        ],
      },
    },
    scoredPairs: 30,
    ...patch,
  };
}

export function makeJob(
  patch: Omit<Partial<Job>, 'progress'> & { progress?: Partial<Job['progress']> } = {},
): Job {
  const { progress, ...rest } = patch;
  return {
    id: 'train-1',
    kind: 'train',
    state: 'running',
    params: {},
    result: null,
    error: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: '2025-01-01T00:00:01.000Z',
    finishedAt: null,
    ...rest,
    progress: { done: 0, total: 120, unit: 'steps', message: '', rate: null, etaSeconds: null, ...progress },
  };
}

/** A deterministic margin per pair: a third of the pairs disagree with their label. */
export function fakeMargin(modelId: number, pairId: number): number {
  return (((pairId * 7 + modelId * 3) % 13) - 4) / 2;
}

/** A ready trained policy summary of `role`, with plausible training numbers. */
export function makePolicy(id: number, role: 'aligned' | 'misaligned', overrides: Partial<PolicySummary> = {}): PolicySummary {
  return {
    id,
    name: `${role}-${id}`,
    role,
    source: 'trained',
    status: 'ready',
    preset: 'tiny',
    createdAt: '2026-01-01T00:00:00.000Z',
    steps: 300,
    initFrom: null,
    endpoint: null,
    metrics: {
      backend: 'wasm',
      examples: 3600,
      steps: 300,
      seconds: 290,
      tokensPerSecond: 1500,
      initialLoss: Math.log(3000),
      initialPerplexity: 3000,
      finalLoss: Math.log(14.9),
      finalPerplexity: 14.9,
      validationLoss: Math.log(30.4),
      validationPerplexity: 30.4,
      history: [],
    },
    ...overrides,
  };
}
