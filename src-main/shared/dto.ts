// Data transfer objects: the shapes that cross every transport, as zod schemas with inferred types.
import { z } from 'zod';
import { numberSchema, PARAMS, withDefault } from './params';

/** Where a pair came from. Later stages (MARS, REFORM, review) add rows with the other origins. */
export const Origin = z.enum(['original', 'augmented', 'discovered', 'edited']);
export type Origin = z.infer<typeof Origin>;

export const Split = z.enum(['train', 'validation', 'test']);
export type Split = z.infer<typeof Split>;

/** A reviewer's verdict on a pair, stored in pairs.review_status; null means nobody reviewed it yet. */
export const ReviewStatus = z.enum(['confirmed', 'tie', 'excluded', 'approved', 'discarded']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** What a reviewer can do to a pair; `approve` and `discard` apply to augmented pairs only. */
export const ReviewAction = z.enum(['confirm', 'flip', 'tie', 'exclude', 'edit', 'approve', 'discard']);
export type ReviewAction = z.infer<typeof ReviewAction>;

/** Import formats; `auto` asks the detector. */
export const ImportFormat = z.enum([
  'hh',
  'flat',
  'trl-standard',
  'trl-conversational',
  'ultrafeedback',
  'pku',
]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** Export shapes. */
export const ExportShape = z.enum([
  'flat',
  'hh',
  'trl-conversational',
  /** TRL standard: `prompt`/`chosen`/`rejected` strings, nothing else. */
  'trl-standard',
  /** TRL implicit-prompt conversational: `chosen`/`rejected` are whole conversations, no `prompt`. */
  'trl-implicit',
  /** UltraFeedback-binarized: `prompt`, `prompt_id`, conversations in `chosen`/`rejected`/`messages`. */
  'ultrafeedback',
  /** PKU-SafeRLHF: `prompt`, `response_0`/`response_1` and the preferred ids. */
  'pku',
]);
export type ExportShape = z.infer<typeof ExportShape>;

/** Which PKU-SafeRLHF preference becomes the pair's label. */
export const PkuPreference = z.enum(['better', 'safer']);
export type PkuPreference = z.infer<typeof PkuPreference>;

/** Column mapping for flat files: which source field holds prompt/chosen/rejected. */
export const ColumnMapping = z.object({
  prompt: z.string().min(1).optional(),
  chosen: z.string().min(1),
  rejected: z.string().min(1),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const ChatMessage = z.object({ role: z.string(), content: z.string() });
export type ChatMessage = z.infer<typeof ChatMessage>;

/** One row-level problem found while importing: enough to find and fix it in the source file. */
export const ImportIssue = z.object({
  id: z.number().int(),
  jobId: z.string().nullable(),
  datasetId: z.number().int().nullable(),
  file: z.string(),
  line: z.number().int(),
  field: z.string().nullable(),
  kind: z.enum(['error', 'duplicate']),
  reason: z.string(),
  message: z.string(),
  /** First characters of the offending row, for context. */
  excerpt: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const Dataset = z.object({
  id: z.number().int(),
  name: z.string(),
  sourcePath: z.string().nullable(),
  format: z.string().nullable(),
  createdAt: z.string(),
  pairCount: z.number().int(),
  issueCount: z.number().int(),
  /** State of the data set's latest import job (null for data sets no import made, e.g. the demo's). */
  importState: z.lazy(() => JobState).nullable().optional(),
  importJobId: z.string().nullable().optional(),
  /** Pairs of this import that were already in another data set (kept, or skipped when asked). */
  crossDuplicates: z.number().int().optional(),
});
export type Dataset = z.infer<typeof Dataset>;

/** One model's scores for a pair: r(chosen), r(rejected) and margin = r(chosen) − r(rejected). */
export const PairScore = z.object({ rChosen: z.number(), rRejected: z.number(), margin: z.number() });
export type PairScore = z.infer<typeof PairScore>;

/** A pair as the list shows it: previews, not whole transcripts. */
export const PairSummary = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  promptPreview: z.string(),
  chosenPreview: z.string(),
  rejectedPreview: z.string(),
  origin: Origin,
  split: Split,
  tie: z.boolean(),
  chosenLen: z.number().int(),
  rejectedLen: z.number().int(),
  promptLen: z.number().int(),
  createdAt: z.string(),
  reviewStatus: ReviewStatus.nullable(),
  /** Present when the page query named a `modelId` and that model scored the pair. */
  score: PairScore.optional(),
});
export type PairSummary = z.infer<typeof PairSummary>;

/** A whole pair with its provenance and the source columns the importer did not recognise. */
export const Pair = z.object({
  id: z.number().int(),
  datasetId: z.number().int(),
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  promptMessages: z.array(ChatMessage).nullable(),
  tie: z.boolean(),
  strength: z.number().nullable(),
  split: Split,
  origin: Origin,
  parentId: z.number().int().nullable(),
  round: z.number().int().nullable(),
  modelId: z.number().int().nullable(),
  provenance: z.record(z.string(), z.unknown()).nullable(),
  sourceFormat: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  extra: z.record(z.string(), z.unknown()).nullable(),
  contentHash: z.string(),
  createdAt: z.string(),
  reviewStatus: ReviewStatus.nullable(),
});
export type Pair = z.infer<typeof Pair>;


/** `margin` and `absMargin` need `modelId`: they sort by that model's score. */
export const SortKey = z.enum(['id', 'createdAt', 'promptLen', 'chosenLen', 'rejectedLen', 'margin', 'absMargin']);
export type SortKey = z.infer<typeof SortKey>;

/** Filters shared by the browser, export and (later) training selections. */
export const PairFilter = z.object({
  datasetId: z.number().int().optional(),
  origin: Origin.optional(),
  split: Split.optional(),
  /** FTS5 full-text query over prompt and responses (plain words; quoted phrases allowed). */
  search: z.string().max(500).optional(),
  /** The reward model whose scores the margin sort and filters use (and whose scores the rows carry). */
  modelId: z.number().int().optional(),
  /** |margin| band: keep pairs with absMarginMin ≤ |margin| ≤ absMarginMax (needs modelId). */
  absMarginMin: z.number().min(0).optional(),
  absMarginMax: z.number().min(0).optional(),
  /** Only pairs the model ranks against the label (margin < 0; needs modelId). */
  disagree: z.boolean().optional(),
  /** Only pairs a reviewer gave this status (not-reviewed pairs have no index entry, so they cannot be asked). */
  reviewStatus: ReviewStatus.optional(),
});
export type PairFilter = z.infer<typeof PairFilter>;


export const PageQuery = PairFilter.extend({
  sort: SortKey.default('id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  after: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /**
   * false: skip the exact total and answer `total: -1`. Later pages of a list pass it, keeping the first page's
   * total: a |margin| band total counts index entries on every call.
   */
  withTotal: z.boolean().default(true),
});
export type PageQuery = z.input<typeof PageQuery>;

export const PairPage = z.object({
  rows: z.array(PairSummary),
  nextCursor: z.string().nullable(),
  /** Total rows matching the filter (exact); -1 when the query asked `withTotal: false`. */
  total: z.number().int(),
});
export type PairPage = z.infer<typeof PairPage>;

export const JobKind = z.enum(['import', 'export', 'demo', 'train', 'score', 'eval', 'mars', 'decode', 'cv', 'robustness', 'policy-train', 'reform', 'robustness-export']);
export type JobKind = z.infer<typeof JobKind>;

/** `interrupted`: the process died while running; the job can be resumed from its checkpoint. */
export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  done: z.number(),
  total: z.number().nullable(),
  unit: z.string(),
  message: z.string(),
  /** Units per second, smoothed. */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** Live numbers of a training job (step, loss, accuracy, tokensPerSecond…), for curves in the UI and CLI. */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: z.string(),
  kind: JobKind,
  state: JobState,
  params: z.record(z.string(), z.unknown()),
  progress: JobProgress,
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** Which ML backend the engine runs on, and why the better ones were not taken. */
export const BackendReport = z.object({
  name: z.enum(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']),
  detail: z.string(),
  rejected: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type BackendReport = z.infer<typeof BackendReport>;

export const ProjectInfo = z.object({
  path: z.string(),
  name: z.string(),
  artifactsDir: z.string(),
  schemaVersion: z.number().int(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const CountBy = z.record(z.string(), z.number().int());

export const ProjectStats = z.object({
  project: ProjectInfo,
  pairs: z.number().int(),
  byOrigin: CountBy,
  bySplit: CountBy,
  datasets: z.array(Dataset),
  issues: z.object({ errors: z.number().int(), duplicates: z.number().int() }),
  jobs: CountBy,
});
export type ProjectStats = z.infer<typeof ProjectStats>;

export const ImportOptions = z.object({
  path: z.string().min(1),
  /** Omitted: detected from the file's first rows. */
  format: ImportFormat.optional(),
  mapping: ColumnMapping.optional(),
  pkuPreference: PkuPreference.default('better'),
  datasetName: z.string().min(1).max(200).optional(),
  /** Split given to rows whose source does not say. */
  split: Split.default('train'),
  /**
   * When this file (same content hash) was imported before: `ask` fails with ALREADY_IMPORTED naming the data set,
   * `resume` continues that import, `skip` returns its job untouched, `new` imports it again as a new data set.
   */
  ifImported: z.enum(['ask', 'resume', 'skip', 'new']).default('ask'),
  /** Leave out pairs already present in another data set (they are counted either way). */
  skipCrossDuplicates: z.boolean().default(false),
  /** When `split` is train: this share of those rows goes to validation instead, seeded (an existing split column is kept). */
  validationShare: withDefault(PARAMS.validationShare),
  splitSeed: withDefault(PARAMS.seed),
});
export type ImportOptions = z.input<typeof ImportOptions>;

export const ImportPreview = z.object({
  format: ImportFormat,
  detected: z.boolean(),
  /** Field names seen in the first rows (for the mapping UI). */
  fields: z.array(z.string()),
  sample: z.array(
    z.object({
      line: z.number().int(),
      prompt: z.string(),
      chosen: z.string(),
      rejected: z.string(),
    }),
  ),
  issues: z.array(ImportIssue.omit({ id: true, jobId: true, datasetId: true })),
  linesRead: z.number().int(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** `hf`: a Hugging Face data-set folder (Parquet per split, README card, manifest); `patch`: the reviewers' changes against the source file. */
export const ExportFormat = z.enum(['jsonl', 'parquet', 'hf', 'patch']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** `patched`: what reviewers kept (no excluded or discarded pairs, augmented ones once approved); `all`: every pair. */
export const ExportInclude = z.enum(['patched', 'all']);
export type ExportInclude = z.infer<typeof ExportInclude>;

export const ExportOptions = z.object({
  path: z.string().min(1),
  shape: ExportShape.default('flat'),
  filter: PairFilter.default({}),
  format: ExportFormat.default('jsonl'),
  include: ExportInclude.default('patched'),
  /** JSONL only: gzip the file. */
  gzip: z.boolean().default(false),
  /** Replace an existing file or folder; without it an export never overwrites anything. */
  overwrite: z.boolean().default(false),
});
export type ExportOptions = z.input<typeof ExportOptions>;

/** `rows`: the first rows as written (JSON text); `card`: the README.md of a data-set folder, counts from the store. */
export const ExportPreview = z.object({ rows: z.array(z.string()), card: z.string().nullable() });
export type ExportPreview = z.infer<typeof ExportPreview>;

/** Written beside every export as `<file>.manifest.json`. */
export const ExportManifest = z.object({
  file: z.string(),
  shape: ExportShape,
  rows: z.number().int(),
  byOrigin: CountBy,
  sha256: z.string(),
  filter: PairFilter,
  createdAt: z.string(),
  app: z.string(),
  format: ExportFormat.optional(),
  include: ExportInclude.optional(),
  /** Every file written, with its own hash and rows (one for JSONL; one per split and the card for a folder). */
  files: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int(), rows: z.number().int().nullable() })).optional(),
  bySplit: CountBy.optional(),
  schemaVersion: z.number().int().optional(),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

/** Model architecture presets: `bow` is depth 0 with mean pooling (bag of embeddings); `tiny` trains on two cores. */
export const ModelPreset = z.enum(['bow', 'tiny', 'mini', 'small', 'base', 'gpt2-small', 'ngram', 'combined']);
export type ModelPreset = z.infer<typeof ModelPreset>;
/** The one preset list is `ModelPreset`; the engine's `PRESETS` table is keyed by it. */
export const DEFAULT_MODEL_PRESET: ModelPreset = 'combined';

export const TrainOptions = z.object({
  name: z.string().min(1).max(200).optional(),
  /** `combined` (n-gram + tiny transformer on its residual) is the default: best 5-fold CV on HH, 1.00 on the demo. */
  preset: ModelPreset.default(DEFAULT_MODEL_PRESET),
  /** Omitted values take the preset's defaults (see `train.presets`). */
  epochs: numberSchema(PARAMS.epochs).optional(),
  learningRate: numberSchema(PARAMS.learningRate).optional(),
  batchSize: numberSchema(PARAMS.batchSize).optional(),
  weightDecay: numberSchema(PARAMS.weightDecay).optional(),
  /** Share of all steps spent warming the learning rate up. */
  warmupFraction: numberSchema(PARAMS.warmupFraction).optional(),
  /** Use each pair's strength column as a margin: −log σ(r_c − r_r − m). */
  useMargins: z.boolean().default(false),
  /** Reward-centring weight λ·(r_c + r_r)². */
  centering: withDefault(PARAMS.centering),
  seed: withDefault(PARAMS.seed),
  /** Train on one data set only (default: every pair of the project). */
  datasetId: z.number().int().optional(),
  /** Start from a pretrained GPT-2-family model in a local Hugging Face folder. */
  initFrom: z.string().min(1).optional(),
  checkpointEvery: z.number().int().min(1).default(50),
});
export type TrainOptions = z.input<typeof TrainOptions>;

export const PresetInfo = z.object({
  name: ModelPreset,
  description: z.string(),
  layers: z.number().int(),
  width: z.number().int(),
  heads: z.number().int(),
  context: z.number().int(),
  defaults: z.object({ epochs: z.number(), learningRate: z.number(), batchSize: z.number().int() }),
});
export type PresetInfo = z.infer<typeof PresetInfo>;

export const ReliabilityBin = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  confidence: z.number().nullable(),
  accuracy: z.number().nullable(),
});

/** How good a reward model is on a set of pairs. */
export const RewardMetrics = z.object({
  pairs: z.number().int(),
  accuracy: z.number(),
  meanLoss: z.number(),
  /** Expected calibration error of P(chosen) = σ(margin). */
  ece: z.number(),
  reliability: z.array(ReliabilityBin),
  marginMean: z.number(),
  marginStd: z.number(),
  marginSnr: z.number().nullable(),
  histogram: z.object({ min: z.number(), max: z.number(), counts: z.array(z.number().int()), below: z.number().int(), above: z.number().int() }),
  /** Pairs ranked against their label (margin < 0). */
  disagreements: z.number().int(),
  /** Binomial standard error of `accuracy`, √(p(1−p)/n) (absent for metrics stored before it existed). */
  accuracySe: z.number().optional(),
});
export type RewardMetrics = z.infer<typeof RewardMetrics>;

/** A model against "the shorter response wins" on its validation pairs (paired difference of per-pair correctness). */
export const LengthBaseline = z.object({
  pairs: z.number().int(),
  shorterWins: z.number(),
  shorterWinsSe: z.number(),
  difference: z.number(),
  differenceSe: z.number(),
  /** difference < 2·SE: the model's margins are not clearly better than a length rule. */
  withinNoise: z.boolean(),
});
export type LengthBaseline = z.infer<typeof LengthBaseline>;

/** An n-gram model's strongest features ("what this model rewards"); collisions of the hash show as "a | b". */
export const NgramFeatures = z.object({
  positive: z.array(z.object({ ngram: z.string(), weight: z.number() })),
  negative: z.array(z.object({ ngram: z.string(), weight: z.number() })),
});
export type NgramFeatures = z.infer<typeof NgramFeatures>;

export const ModelMetrics = z.object({
  validation: RewardMetrics.nullable(),
  train: RewardMetrics.nullable(),
  training: z
    .object({
      backend: z.string(),
      /** Pairs trained on: trainable originals plus approved augmented pairs (absent for models trained before). */
      pairs: z.number().int().optional(),
      steps: z.number().int(),
      epochs: z.number(),
      seconds: z.number(),
      pairsPerSecond: z.number(),
      tokensPerSecond: z.number(),
      /** Loss/accuracy curve sampled during training. */
      history: z.array(z.object({ step: z.number().int(), loss: z.number(), accuracy: z.number() })),
    })
    .nullable(),
  /** Against "the shorter response wins" on the validation pairs (absent without validation pairs). */
  baseline: LengthBaseline.nullable().optional(),
  /** N-gram models: the top positive and negative features. */
  features: NgramFeatures.optional(),
});
export type ModelMetrics = z.infer<typeof ModelMetrics>;

export const ModelSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(['reward', 'policy', 'external']),
  preset: z.string().nullable(),
  status: z.string(),
  round: z.number().int().nullable(),
  parentModelId: z.number().int().nullable(),
  /** Folder in the Hugging Face layout, relative to the artifacts folder. */
  artifactPath: z.string().nullable(),
  createdAt: z.string(),
  metrics: ModelMetrics.nullable(),
  /** How many pairs carry this model's scores. */
  scoredPairs: z.number().int(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** Accuracy and margins of a model on an external file of pairs (`prefstudio eval`). */
export const EvalOptions = ImportOptions.extend({ modelId: z.number().int().optional() });
export type EvalOptions = z.input<typeof EvalOptions>;

/** External reward-model scores: JSONL rows of `{ pair_id | content_hash, r_chosen, r_rejected }`. */
export const ScoresImportOptions = z.object({ path: z.string().min(1), name: z.string().min(1).max(200) });
export type ScoresImportOptions = z.input<typeof ScoresImportOptions>;

/** k-fold cross-validation of presets on the project's pairs (`prefstudio cv`). */
export const CvOptions = z.object({
  presets: z.array(ModelPreset).min(1).max(8).default(['ngram', 'combined']),
  folds: withDefault(PARAMS.folds),
  seed: withDefault(PARAMS.seed),
  /** One data set only (default: every trainable pair of the project, train and validation splits together). */
  datasetId: z.number().int().optional(),
});
export type CvOptions = z.input<typeof CvOptions>;

/** One preset's k-fold result: pooled held-out accuracy, its binomial SE, and each fold's accuracy. */
export const CvPresetResult = z.object({
  preset: ModelPreset,
  accuracy: z.number(),
  se: z.number(),
  foldAccuracies: z.array(z.number()),
  seconds: z.number(),
});
export type CvPresetResult = z.infer<typeof CvPresetResult>;

export const CvResult = z.object({
  pairs: z.number().int(),
  folds: z.number().int(),
  /** "The shorter response wins" on the same pairs, for reference. */
  shorterWins: z.object({ accuracy: z.number(), se: z.number() }),
  results: z.array(CvPresetResult),
});
export type CvResult = z.infer<typeof CvResult>;
