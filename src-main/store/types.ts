// The store's public surface: what services and jobs may ask of a project database.
import type {
  Dataset,
  ImportIssue,
  Job,
  JobKind,
  JobProgress,
  JobState,
  Origin,
  Pair,
  PageQuery,
  PairFilter,
  PairPage,
  ProjectInfo,
  ReviewAction,
  ReviewStatus,
  Split,
  ChatMessage,
} from '../shared/dto';
import type { ReviewEdit } from '../shared/review-dto';
import type { JobOwner, LiveJob } from './job-owner';
import type { DiscoveryRepo } from './discovery-types';
import type { ReformRepo } from './reform-types';
import type { MarginPoint, MarsConfig, MarsRound, MarsRun, MarsRunStatus } from '../shared/mars-dto';

/** A pair ready to insert; the store computes hash and lengths. */
export interface NewPair {
  datasetId: number;
  prompt: string;
  chosen: string;
  rejected: string;
  promptMessages?: ChatMessage[] | null;
  tie?: boolean;
  strength?: number | null;
  split: Split;
  origin: Origin;
  parentId?: number | null;
  round?: number | null;
  modelId?: number | null;
  provenance?: Record<string, unknown> | null;
  sourceFormat?: string | null;
  sourceLine?: number | null;
  extra?: Record<string, unknown> | null;
}

export type NewImportIssue = Omit<ImportIssue, 'id'>;

export interface DatasetsRepo {
  create(input: {
    name: string;
    sourcePath: string | null;
    format: string | null;
    options?: Record<string, unknown>;
    /** sha256 of the source file's bytes, to recognise a second import of the same file. */
    sourceHash?: string;
  }): Dataset;
  get(id: number): Dataset | null;
  findByName(name: string): Dataset | null;
  /** The newest data set imported from a file with this content hash. */
  findBySourceHash(hash: string): Dataset | null;
  list(): Dataset[];
}

export interface PairsRepo {
  /** Inserts in the caller's transaction; returns the new ids in order. */
  insertMany(pairs: NewPair[]): number[];
  get(id: number): Pair | null;
  /**
   * With `modelId`, rows carry that model's score: every pair under an id or length sort (unscored ones without
   * `score`), only scored pairs under a margin sort or margin filter, and `total` counts what is listed.
   */
  page(query: PageQuery): PairPage;
  /** Exact; margin filters count scored pairs only. */
  count(filter: PairFilter): number;
  countBy(column: 'origin' | 'split', filter?: PairFilter): Record<string, number>;
  /** Streams every pair matching the filter in id order, in chunks, without loading all. */
  iterate(filter: PairFilter, chunkSize?: number): IterableIterator<Pair>;
  /** Content hashes already present in a data set (for duplicate detection across resumed batches). */
  hashesIn(datasetId: number): Set<string>;
  /**
   * The pairs holding each content hash, in any data set, ids ascending (for scores keyed by content hash).
   * Hashes no pair holds are absent from the map.
   */
  idsByHash(hashes: string[]): Map<string, number[]>;
  /** Pairs made from this one by augmentation, ids ascending. */
  children(parentId: number): Pair[];
  /** Sets the review status of many pairs at once, without log entries (the caller logs the batch). */
  setReviewStatus(ids: readonly number[], status: ReviewStatus | null): void;
}

export interface IssuesRepo {
  insertMany(issues: NewImportIssue[]): void;
  page(q: { jobId?: string; datasetId?: number; after?: number; limit: number }): {
    rows: ImportIssue[];
    nextAfter: number | null;
    total: number;
  };
  countByKind(): { errors: number; duplicates: number };
}

export interface JobsRepo {
  create(input: { id: string; kind: JobKind; params: Record<string, unknown> }): Job;
  get(id: string): Job | null;
  list(limit: number): Job[];
  setState(
    id: string,
    state: JobState,
    extra?: { error?: { code: string; message: string } | null; result?: Record<string, unknown> | null },
  ): Job;
  setProgress(id: string, progress: JobProgress): void;
  /** Checkpoint written in the same transaction as the batch it describes. */
  setCheckpoint(id: string, checkpoint: Record<string, unknown>): void;
  getCheckpoint(id: string): Record<string, unknown> | null;
  countByState(): Record<string, number>;
}

/** Which process runs each live job (migration 5); see job-owner.ts for when an owner counts as gone. */
export interface JobOwnersRepo {
  live(): LiveJob[];
  /** Records this process as the job's owner, with a fresh heartbeat. */
  claim(jobId: string, owner: JobOwner, nowMs?: number): void;
  /** Refreshes the heartbeat of every live job the token owns; returns how many. */
  heartbeat(token: string, nowMs?: number): number;
  /** On open: only jobs whose owner is gone become `interrupted`; a live process's jobs are left alone. */
  interruptOrphans(nowMs?: number): number;
  /** Throws PROJECT_BUSY naming the process when another live process runs a writing job. */
  assertNoOtherWriter(self: JobOwner, kind: string, nowMs?: number): void;
}

export interface ReviewLogEntry {
  id: number;
  ts: string;
  reviewer: string;
  action: string;
  pairId: number | null;
  payload: Record<string, unknown>;
  undoes: number | null;
}

export interface ReviewLogRepo {
  /** Append-only: rows are never updated or deleted (enforced by triggers). */
  append(entry: Omit<ReviewLogEntry, 'id' | 'ts'>): ReviewLogEntry;
  list(q: { pairId?: number; after?: number; limit: number }): ReviewLogEntry[];
}

export interface ReviewInput {
  pairId: number;
  action: ReviewAction;
  reviewer: string;
  /** Required by `edit` only. */
  edit?: ReviewEdit;
}

export interface ReviewResult {
  entry: ReviewLogEntry;
  pair: Pair;
}

/** The columns a review action sets on a pair. */
export interface ReviewStateRow {
  id: number;
  tie: boolean;
  strength: number | null;
  reviewStatus: ReviewStatus | null;
}

/** A review-log row as stored (payload still JSON text). */
export interface ReviewLogRow {
  id: number;
  pairId: number | null;
  payload: string;
  undoes: number | null;
}

/** Row-level writes behind review actions; the rules that decide them live in src-main/curation. */
export interface ReviewWrites {
  setState(row: ReviewStateRow): void;
  setTexts(row: { id: number; prompt: string; chosen: string; rejected: string; hash: string }): void;
  /** Swaps r_chosen and r_rejected of every model's score of the pair (a flip keeps scores exact). */
  swapScores(pairId: number): void;
  logRow(entryId: number): ReviewLogRow | undefined;
  /** The id of the entry that undid `entryId` on this pair, if any. */
  undoneBy(pairId: number, entryId: number): number | undefined;
}

/** Reviewers' actions on pairs: the pair's change and its log entry always commit together. */
export interface ReviewRepo {
  apply(input: ReviewInput): ReviewResult;
  /** Reverts an entry if the pair is still as it left it; refuses undos and entries already undone. */
  undo(entryId: number, reviewer: string): ReviewResult;
}

export type ModelKind = 'reward' | 'policy' | 'external';

/** A trained (or imported) model: its artifacts live below the project's artifacts folder. */
export interface ModelRecord {
  id: number;
  name: string;
  kind: ModelKind;
  /** Named training preset, e.g. `tiny`. */
  preset: string | null;
  config: Record<string, unknown>;
  /** Relative to the artifacts folder. */
  artifactPath: string | null;
  /** The model this one was refined from (MARS rounds). */
  parentModelId: number | null;
  round: number | null;
  /** Free-form lifecycle, e.g. `created`, `training`, `ready`, `failed`. */
  status: string;
  metrics: Record<string, unknown> | null;
  createdAt: string;
}

export interface NewModel {
  name: string;
  kind: ModelKind;
  preset?: string | null;
  config?: Record<string, unknown>;
  artifactPath?: string | null;
  parentModelId?: number | null;
  round?: number | null;
  status?: string;
}

export interface ModelsRepo {
  create(input: NewModel): ModelRecord;
  get(id: number): ModelRecord | null;
  /** Newest first. */
  list(filter?: { kind?: ModelKind }): ModelRecord[];
  updateMetrics(id: number, metrics: Record<string, unknown>): ModelRecord;
  setStatus(id: number, status: string, artifactPath?: string | null): ModelRecord;
}

/** A reward model's scores for one pair, as the engine writes them. */
export interface ScoreInput {
  pairId: number;
  rChosen: number;
  rRejected: number;
}

/** A stored score; `margin` is `rChosen - rRejected` (computed by the database). */
export interface Score extends ScoreInput {
  modelId: number;
  margin: number;
}

export interface ScoresRepo {
  /** Inserts or replaces one model's scores in the caller's transaction. */
  upsertMany(modelId: number, rows: ScoreInput[]): void;
  get(modelId: number, pairId: number): Score | null;
  /**
   * One model's scores ordered by margin (then pair id), keyset-paged: pass the previous page's `next`.
   * `maxMargin` keeps only pairs the model finds hard (margin below it), as MARS selects them.
   */
  byMargin(
    modelId: number,
    q: {
      dir?: 'asc' | 'desc';
      after?: { margin: number; pairId: number } | null;
      limit: number;
      maxMargin?: number;
    },
  ): { rows: Score[]; next: { margin: number; pairId: number } | null };
  /** Count, mean margin and the share of pairs ranked correctly (margin > 0). */
  summary(modelId: number): { count: number; meanMargin: number | null; accuracy: number | null };
  deleteForModel(modelId: number): number;
  /** One pair's margin under every model that scored it, oldest model first. */
  history(pairId: number): MarginPoint[];
}

export interface NewMarsRound {
  runId: number;
  round: number;
  sourceModelId: number;
  selected: number;
  budget: number;
  spent: number;
  operatorBudget: Record<string, number>;
  rejected: Record<string, number>;
  semantic: MarsRound['semantic'];
}

/** MARS runs and their ledger; a round's row is the run's checkpoint (see migration 004). */
export interface MarsRepo {
  createRun(input: {
    name: string;
    config: MarsConfig;
    baseModelId: number | null;
    jobId: string | null;
  }): MarsRun;
  getRun(id: number): MarsRun | null;
  /** Newest first. */
  listRuns(): MarsRun[];
  setRun(
    id: number,
    change: { status?: MarsRunStatus; baseModelId?: number; roundsDone?: number; jobId?: string },
  ): MarsRun;
  /** Call in the transaction that inserts the round's augmented pairs. */
  addRound(input: NewMarsRound): MarsRound;
  rounds(runId: number): MarsRound[];
  setRoundModel(runId: number, round: number, modelId: number): MarsRound;
  finish(
    runId: number,
    round: number,
    result: Pick<MarsRound, 'validation' | 'train' | 'crossed'>,
  ): MarsRound;
  /** On open: runs a dead process left `running` become `interrupted`, as their jobs do. */
  markInterrupted(): number;
}

/** Project-level preferences, JSON values by key. */
export interface SettingsRepo {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** One open project: the SQLite file plus its artifacts folder. */
export interface ProjectDb {
  readonly info: ProjectInfo;
  readonly datasets: DatasetsRepo;
  readonly pairs: PairsRepo;
  readonly issues: IssuesRepo;
  readonly jobs: JobsRepo;
  readonly owners: JobOwnersRepo;
  readonly reviewLog: ReviewLogRepo;
  readonly reviewWrites: ReviewWrites;
  readonly models: ModelsRepo;
  readonly scores: ScoresRepo;
  readonly mars: MarsRepo;
  readonly settings: SettingsRepo;
  readonly discovery: DiscoveryRepo;
  readonly reform: ReformRepo;
  /** Runs fn in one write transaction (better-sqlite3 `transaction`). */
  transaction<T>(fn: () => T): T;
  close(): void;
}
