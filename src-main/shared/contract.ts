// The one contract: every method the app offers, with request/response schemas, and the events it emits.
// Electron IPC, the HTTP/WebSocket server and the CLI all serve exactly this table.
import { z } from 'zod';
import {
  BackendReport,
  Dataset,
  EvalOptions,
  ModelSummary,
  PresetInfo,
  ScoresImportOptions,
  TrainOptions,
  ExportOptions,
  ExportPreview,
  ImportIssue,
  ImportOptions,
  ImportPreview,
  Job,
  PageQuery,
  Pair,
  PairPage,
  ProjectInfo,
  ProjectStats,
  ReviewAction,
  CvOptions,
} from './dto';
import { ReviewEdit, ReviewEntry } from './review-dto';
import { LlmEndpointConfig } from './llm-config';
import { discoveryMethods } from './discovery-contract';
import { policyMethods } from './policy-contract';
import { reformMethods } from './reform-contract';
import { AugmentRequest, AugmentResult, LlmSettingsView, MarginPoint, MarsOptions, MarsRound, MarsRun } from './mars-dto';
import { PARAMS, withDefault } from './params';
import { RobustnessExportOptions, RobustnessOptions, RobustnessResult } from './robustness-dto';

const Empty = z.object({}).strict();
const Id = z.object({ id: z.number().int().positive() }).strict();
const JobId = z.object({ id: z.string().min(1) }).strict();
const Reviewer = z.string().min(1).max(200).default('local');
const Reviewed = z.object({ entry: ReviewEntry, pair: Pair });

const ReviewApply = z
  .object({ pairId: z.number().int().positive(), action: ReviewAction, reviewer: Reviewer, edit: ReviewEdit.optional() })
  .strict()
  .refine((r) => (r.action === 'edit') === (r.edit !== undefined), {
    message: 'edit texts are required with action "edit" and only with it',
    path: ['edit'],
  });

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) {
  return { input, output, doc };
}

/** Every method of the contract. Keys are the wire names used by IPC, HTTP (`POST /api/<name>`) and the CLI. */
export const methods = {
  /** App version, the ML backend chosen at start and the open project, if any. */
  'app.info': method(
    Empty,
    z.object({ version: z.string(), backend: BackendReport, project: ProjectInfo.nullable() }),
    'App version, ML backend and the open project.',
  ),
  /** Opens (or, with `create`, creates) a project file; closes the one open before. */
  'project.open': method(
    z.object({ path: z.string().min(1), create: z.boolean().default(false) }).strict(),
    ProjectInfo,
    'Open or create a project.',
  ),
  /** Counts by origin, split and data set, import issues and jobs. */
  'project.stats': method(Empty, ProjectStats, 'Project statistics.'),
  'datasets.list': method(Empty, z.array(Dataset), 'All data sets of the project.'),
  /** Parses the first rows of a file without writing anything: detected format, fields, sample pairs, issues. */
  'import.preview': method(ImportOptions, ImportPreview, 'Preview an import.'),
  /** Starts an import job; progress arrives as `job` events. */
  'import.start': method(ImportOptions, Job, 'Start an import job.'),
  /** Rejected and duplicate rows, by job or data set, keyset-paged by id. */
  'import.issues': method(
    z
      .object({
        jobId: z.string().optional(),
        datasetId: z.number().int().optional(),
        after: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.object({ rows: z.array(ImportIssue), nextAfter: z.number().int().nullable(), total: z.number().int() }),
    'Rows an import rejected or found duplicated.',
  ),
  /** One page of pairs: filters, full-text search, sort and keyset cursor. */
  'pairs.page': method(PageQuery, PairPage, 'A page of pairs.'),
  'pairs.get': method(Id, Pair, 'One pair in full.'),
  /** Starts an export job writing JSONL plus `<file>.manifest.json`. */
  'export.start': method(ExportOptions, Job, 'Start an export job.'),
  /** The first rows as the export would write them, and (for a data-set folder) its card. */
  'export.preview': method(ExportOptions, ExportPreview, 'Preview the first rows and the card of an export.'),
  /** Starts a job that generates the built-in demo data set into the open project. */
  'demo.start': method(
    z
      .object({
        pairs: withDefault(PARAMS.demoPairs),
        seed: withDefault(PARAMS.demoSeed),
        /** Share of training pairs whose label is swapped (annotator noise for the ambiguous-pairs queue to find). */
        labelNoise: withDefault(PARAMS.labelNoise),
      })
      .strict(),
    Job,
    'Generate the built-in demo data set.',
  ),
  /** Architecture presets with their default hyper-parameters. */
  'train.presets': method(Empty, z.array(PresetInfo), 'Model presets.'),
  /** Trains a Bradley–Terry reward model in a child process; scores every pair when done. */
  'train.start': method(TrainOptions, Job, 'Train a reward model.'),
  /** (Re)scores every pair with a model: r(chosen), r(rejected), margin. */
  'score.start': method(z.object({ modelId: z.number().int() }).strict(), Job, 'Score all pairs.'),
  /** Accuracy, calibration and margins of a model on an external file (any importable format); result in the job. */
  'eval.start': method(EvalOptions, Job, 'Evaluate a model on a file.'),
  /** Imports scores from an external reward model as a model of kind `external`. */
  'scores.import': method(ScoresImportOptions, Job, 'Import external scores.'),
  'models.list': method(Empty, z.array(ModelSummary), 'Models, newest first.'),
  'models.get': method(Id, ModelSummary, 'One model with its metrics.'),
  /** k-fold cross-validation of presets on the project's pairs; the job's result is a CvResult. */
  'cv.start': method(CvOptions, Job, 'Cross-validate presets.'),
  'jobs.list': method(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), z.array(Job), 'Recent jobs.'),
  'jobs.get': method(JobId, Job, 'One job.'),
  /** Soft cancel: the job stops after its current batch, keeping every committed batch. */
  'jobs.cancel': method(JobId, Job, 'Cancel a job.'),
  /** Restarts a cancelled or interrupted job from its last checkpoint. */
  'jobs.resume': method(JobId, Job, 'Resume a job.'),
  /** Confirms, flips, ties, excludes, edits, approves or discards a pair; the change and its log entry commit together. */
  'review.apply': method(ReviewApply, Reviewed, 'Apply a review action to a pair.'),
  /** Reverts one entry (not an undo, not undone yet) if the pair is still as that entry left it. */
  'review.undo': method(
    z.object({ entryId: z.number().int().positive(), reviewer: Reviewer }).strict(),
    Reviewed,
    'Undo a review action.',
  ),
  /** The review log, oldest first, of one pair or the whole project; `after` is the last entry id already seen. */
  'review.log': method(
    z
      .object({
        pairId: z.number().int().optional(),
        after: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.array(ReviewEntry),
    'Review log entries.',
  ),
  /** Starts a MARS refinement run: score → select → augment → (approve) → retrain → rescore, round after round. */
  'mars.start': method(MarsOptions, Job, 'Start a margin-aware refinement run.'),
  /** Continues a run that waits for approval, or was cancelled or interrupted, from its ledger. */
  'mars.continue': method(z.object({ runId: z.number().int().positive() }).strict(), Job, 'Continue a MARS run.'),
  'mars.runs': method(Empty, z.array(MarsRun), 'MARS runs, newest first.'),
  /** The per-round ledger of one run, oldest round first. */
  'mars.rounds': method(z.object({ runId: z.number().int().positive() }).strict(), z.array(MarsRound), 'Rounds of a MARS run.'),
  /** A pair's margin under every model that scored it, oldest model first. */
  'pairs.margins': method(z.object({ pairId: z.number().int().positive() }).strict(), z.array(MarginPoint), 'Margin history of a pair.'),
  /** Pairs generated from one pair by augmentation, oldest first. */
  'pairs.variants': method(z.object({ pairId: z.number().int().positive() }).strict(), z.array(Pair), 'Augmented variants of a pair.'),
  /** Generates variants of one pair now, unapproved, with an undoable review-log entry. */
  'pairs.augment': method(AugmentRequest, AugmentResult, 'Augment one pair.'),
  'settings.llm': method(Empty, LlmSettingsView, 'The LLM endpoint settings (never the key).'),
  /** Saves (or, with null, clears) the OpenAI-compatible endpoint used by the `llm` operator and semantic layer. */
  'settings.setLlm': method(
    z
      .object({
        config: LlmEndpointConfig.nullable(),
        /** A config without `apiKey` keeps the stored key (the key is never sent back to be re-entered). */
        keepApiKey: z.boolean().default(true),
      })
      .strict(),
    LlmSettingsView,
    'Configure the LLM endpoint.',
  ),
  ...discoveryMethods,
  ...policyMethods,
  /** Perturbs the held-out pairs by family and scores them with each model; the job result holds the comparison. */
  'robustness.start': method(RobustnessOptions, Job, 'Run the robustness suite.'),
  /** The latest robustness result of every model that has one, in model order. */
  'robustness.results': method(Empty, z.array(RobustnessResult), 'Stored robustness results per model.'),
  /** Writes the perturbed pairs per family as JSONL (for scoring an external model; see docs/robustness.md). */
  'robustness.exportPerturbed': method(RobustnessExportOptions, Job, 'Write the perturbed pairs per family (a robustness-export job).'),
  ...reformMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller sends (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Events pushed to every connected client. */
export const StudioEvent = z.discriminatedUnion('type', [
  /** A job changed state or made progress (throttled to a few per second). */
  z.object({ type: z.literal('job'), job: Job }),
  /** A project was opened; data views should reload. */
  z.object({ type: z.literal('project'), project: ProjectInfo.nullable() }),
  /** Pairs were added or changed in bulk (after an import commit, for example). */
  z.object({ type: z.literal('pairs-changed'), datasetId: z.number().int().nullable() }),
]);
export type StudioEvent = z.infer<typeof StudioEvent>;

/** The typed client every transport offers the renderer and scripts: `call('pairs.page', {...})`. */
export interface StudioClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
}
