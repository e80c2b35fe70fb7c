// A fake RendererClient over in-memory pairs, so stores and components run without a backend.
import type { MethodInput, MethodName, MethodOutput, StudioEvent } from '@shared/contract';
import type {
  ModelSummary,
  Pair,
  PairScore,
  PairSummary,
  PresetInfo,
  ReviewAction,
  SortKey,
} from '@shared/dto';
import type { LlmSettingsView, MarsRound, MarsRun } from '@shared/mars-dto';
import type { ReformRound, ReformRun } from '@shared/reform-dto';
import type { ReviewEntry } from '@shared/review-dto';
import type { PolicySummary } from '@shared/policy-dto';
import { ErrorCode, StudioError } from '@shared/errors';
import type { RendererClient } from '../../src-renderer/src/api';
import type { ConnectionState, NativeDialogs } from '../../src-renderer/src/api/types';
import { fakeMargin, PRESETS } from './model-fixtures';

export interface RecordedCall {
  method: MethodName;
  input: unknown;
}

type Handler = (input: never) => unknown;

export function makePair(id: number, datasetId = 1): Pair {
  return {
    id,
    datasetId,
    prompt: `Question ${id}: how do I water a ${id % 2 === 0 ? 'cactus' : 'fern'}?`,
    chosen: `Water the plant ${id} sparingly and let the soil dry.`,
    rejected: `Water the plant ${id} every hour forever.`,
    promptMessages: null,
    tie: false,
    strength: null,
    split: id % 5 === 0 ? 'test' : 'train',
    origin: 'original',
    parentId: null,
    round: null,
    modelId: null,
    provenance: null,
    sourceFormat: 'hh',
    sourceLine: id,
    extra: { annotator: `a${id % 3}` },
    contentHash: `hash${id}`.padEnd(20, '0'),
    createdAt: '2025-01-01T00:00:00.000Z',
    reviewStatus: null,
  };
}

function summarize(p: Pair, score: PairScore | undefined): PairSummary {
  return {
    ...(score === undefined ? {} : { score }),
    id: p.id,
    datasetId: p.datasetId,
    promptPreview: p.prompt.slice(0, 80),
    chosenPreview: p.chosen.slice(0, 80),
    rejectedPreview: p.rejected.slice(0, 80),
    origin: p.origin,
    split: p.split,
    tie: p.tie,
    chosenLen: p.chosen.length,
    rejectedLen: p.rejected.length,
    promptLen: p.prompt.length,
    createdAt: p.createdAt,
    reviewStatus: p.reviewStatus,
  };
}

/**
 * Serves `pairs.page` with filters, search (substring), sort and an offset cursor, like the real keyset API,
 * plus presets and models (`models`) whose scores appear on pages that name them.
 */
export class FakeClient implements RendererClient {
  readonly mode = 'http' as const;
  /** Null as in the browser; a test of the desktop app's pickers sets its own. */
  dialogs: NativeDialogs | null = null;
  readonly calls: RecordedCall[] = [];
  readonly listeners = new Set<(event: StudioEvent) => void>();
  pairs: Pair[];
  presets: PresetInfo[] = PRESETS;
  /** Every listed model scores every pair with `fakeMargin`. */
  models: ModelSummary[] = [];
  /** What `policy.list` answers (policy tests install handlers for the rest of policy.*). */
  policies: PolicySummary[] = [];
  /** Per-method overrides, e.g. to fail or to delay one answer. */
  readonly handlers = new Map<MethodName, Handler>();
  /** The review log `review.apply`, `review.undo` and `pairs.augment` append to. */
  readonly reviewLog: ReviewEntry[] = [];
  /** What `review.undo` restores: the pair as each entry found it. */
  private readonly before = new Map<number, Pair>();
  marsRuns: MarsRun[] = [];
  marsRounds: Record<number, MarsRound[]> = {};
  reformRuns: ReformRun[] = [];
  reformRounds: Record<number, ReformRound[]> = {};
  llm: LlmSettingsView = {
    configured: false,
    baseUrl: null,
    model: null,
    hasApiKey: false,
    maxConcurrency: null,
    requestsPerMinute: null,
    timeoutMs: null,
    warnings: [],
  };

  constructor(pairCount = 0) {
    this.pairs = Array.from({ length: pairCount }, (_, i) => makePair(i + 1, i < pairCount / 2 ? 1 : 2));
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const override = this.handlers.get(method);
    if (override !== undefined) return (await override(input as never)) as MethodOutput<M>;
    return this.builtIn(method, input) as MethodOutput<M>;
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async stageFile(file: File): Promise<string> {
    return `/staged/${file.name}`;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    listener('live');
    return () => undefined;
  }

  private builtIn(method: MethodName, input: unknown): unknown {
    switch (method) {
      case 'pairs.page':
        return this.page(input as MethodInput<'pairs.page'>);
      case 'pairs.get': {
        const { id } = input as { id: number };
        const pair = this.pairs.find((p) => p.id === id);
        if (pair === undefined) throw new StudioError(ErrorCode.NotFound, `No pair #${id}.`);
        return pair;
      }
      case 'app.info':
        return {
          version: '0.1.0',
          backend: {
            name: 'wasm',
            detail: 'tfjs-backend-wasm, SIMD',
            rejected: [{ name: 'tensorflow-gpu', reason: 'no CUDA' }],
          },
          project: {
            path: '/p/demo.prefstudio',
            name: 'demo',
            artifactsDir: '/p/demo.artifacts',
            schemaVersion: 1,
          },
        };
      case 'datasets.list':
        return [];
      case 'train.presets':
        return this.presets;
      case 'models.list':
        return this.models;
      case 'policy.list':
        return this.policies;
      case 'models.get': {
        const { id } = input as { id: number };
        const model = this.models.find((m) => m.id === id);
        if (model === undefined) throw new StudioError(ErrorCode.NotFound, `No model #${id}.`);
        return model;
      }
      case 'jobs.list':
        return [];
      case 'review.apply':
        return this.review(input as MethodInput<'review.apply'>);
      case 'review.undo':
        return this.undo((input as { entryId: number }).entryId);
      case 'pairs.variants': {
        const { pairId } = input as { pairId: number };
        return this.pairs.filter((p) => p.parentId === pairId);
      }
      case 'pairs.margins': {
        const { pairId } = input as { pairId: number };
        const pair = this.pairs.find((p) => p.id === pairId);
        // Oldest model first, as the contract orders them; `models` is newest first.
        return [...this.models].reverse().flatMap((m) => {
          const score = pair === undefined ? undefined : this.score(m.id, pair);
          return score === undefined
            ? []
            : [{ modelId: m.id, modelName: m.name, round: m.round, margin: score.margin }];
        });
      }
      case 'pairs.augment':
        return this.augment(input as MethodInput<'pairs.augment'>);
      case 'mars.runs':
        return this.marsRuns;
      case 'mars.rounds':
        return this.marsRounds[(input as { runId: number }).runId] ?? [];
      case 'settings.llm':
        return this.llm;
      case 'reform.runs':
        return this.reformRuns;
      case 'reform.rounds':
        return this.reformRounds[(input as { runId: number }).runId] ?? [];
      default:
        throw new StudioError(ErrorCode.UnknownMethod, `The fake client does not serve ${method}.`);
    }
  }

  private log(action: string, pairId: number, undoes: number | null, before: Pair): ReviewEntry {
    const entry: ReviewEntry = {
      id: this.reviewLog.length + 1,
      ts: '2025-01-02T00:00:00.000Z',
      reviewer: 'local',
      action,
      pairId,
      payload: {},
      undoes,
    };
    this.reviewLog.push(entry);
    this.before.set(entry.id, before);
    return entry;
  }

  private replace(pair: Pair): void {
    this.pairs = this.pairs.map((p) => (p.id === pair.id ? pair : p));
  }

  private review(input: MethodInput<'review.apply'>): { entry: ReviewEntry; pair: Pair } {
    const pair = this.pairs.find((p) => p.id === input.pairId);
    if (pair === undefined) throw new StudioError(ErrorCode.NotFound, `no pair with id ${input.pairId}`);
    if ((input.action === 'approve' || input.action === 'discard') && pair.origin !== 'augmented')
      throw new StudioError(ErrorCode.InvalidRequest, `pair ${pair.id} is ${pair.origin}, not augmented`);
    const next = reviewed(pair, input.action, input.edit);
    this.replace(next);
    return { entry: this.log(input.action, pair.id, null, pair), pair: next };
  }

  /** Restores the pair an entry changed; an augment entry removes the variants it made. */
  private undo(entryId: number): { entry: ReviewEntry; pair: Pair } {
    const target = this.reviewLog.find((e) => e.id === entryId);
    const before = this.before.get(entryId);
    if (target === undefined || target.pairId === null || before === undefined)
      throw new StudioError(ErrorCode.NotFound, `no review log entry ${entryId}`);
    if (target.action === 'augment') {
      const made = new Set(target.payload.variantIds as number[]);
      this.pairs = this.pairs.filter((p) => !made.has(p.id));
    } else {
      this.replace(before);
    }
    const pair = this.pairs.find((p) => p.id === target.pairId) as Pair;
    return { entry: this.log('undo', pair.id, entryId, pair), pair };
  }

  /** Two variants per call: the chosen text reworded by `synonym`, the rejected one cut by `span-delete`. */
  private augment(input: MethodInput<'pairs.augment'>): MethodOutput<'pairs.augment'> {
    const parent = this.pairs.find((p) => p.id === input.pairId);
    if (parent === undefined) throw new StudioError(ErrorCode.NotFound, `no pair with id ${input.pairId}`);
    const nextId = Math.max(0, ...this.pairs.map((p) => p.id)) + 1;
    const variant = (id: number, operator: string, patch: Partial<Pair>): Pair => ({
      ...parent,
      ...patch,
      id,
      origin: 'augmented',
      parentId: parent.id,
      reviewStatus: null,
      contentHash: `hash${id}`.padEnd(20, '0'),
      provenance: { method: 'mars', sourcePairId: parent.id, operators: [operator] },
    });
    const variants = [
      variant(nextId, 'synonym', { chosen: parent.chosen.replace('sparingly', 'lightly') }),
      variant(nextId + 1, 'span-delete', { rejected: parent.rejected.replace(' forever', '') }),
    ];
    this.pairs = this.pairs.concat(variants);
    const entry = this.log('augment', parent.id, null, parent);
    entry.payload = { variantIds: variants.map((v) => v.id) };
    return { variants, poolSize: 8, logEntryId: entry.id };
  }

  score(modelId: number | undefined, p: Pair): PairScore | undefined {
    if (modelId === undefined || !this.models.some((m) => m.id === modelId)) return undefined;
    const margin = fakeMargin(modelId, p.id);
    return { rChosen: margin / 2, rRejected: -margin / 2, margin };
  }

  private page(q: MethodInput<'pairs.page'>): MethodOutput<'pairs.page'> {
    const search = q.search?.toLowerCase();
    const margin = (p: Pair) => this.score(q.modelId, p)?.margin ?? 0;
    const matching = this.pairs.filter(
      (p) =>
        (q.datasetId === undefined || p.datasetId === q.datasetId) &&
        (q.origin === undefined || p.origin === q.origin) &&
        (q.split === undefined || p.split === q.split) &&
        (search === undefined || `${p.prompt} ${p.chosen} ${p.rejected}`.toLowerCase().includes(search)) &&
        (q.absMarginMin === undefined || Math.abs(margin(p)) >= q.absMarginMin) &&
        (q.absMarginMax === undefined || Math.abs(margin(p)) <= q.absMarginMax) &&
        (q.disagree !== true || margin(p) < 0) &&
        (q.reviewStatus === undefined || p.reviewStatus === q.reviewStatus),
    );
    const key: SortKey = q.sort ?? 'id';
    const value = (p: Pair): number | string =>
      key === 'margin'
        ? margin(p)
        : key === 'absMargin'
          ? Math.abs(margin(p))
          : key === 'promptLen'
            ? p.prompt.length
            : key === 'chosenLen'
              ? p.chosen.length
              : key === 'rejectedLen'
                ? p.rejected.length
                : key === 'createdAt'
                  ? p.createdAt
                  : p.id;
    const sign = q.dir === 'desc' ? -1 : 1;
    const sorted = [...matching].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : a.id - b.id) * sign;
    });
    const offset = q.after === undefined ? 0 : Number(q.after);
    const limit = q.limit ?? 50;
    const rows = sorted.slice(offset, offset + limit).map((p) => summarize(p, this.score(q.modelId, p)));
    const next = offset + limit < sorted.length ? String(offset + limit) : null;
    return { rows, nextCursor: next, total: matching.length };
  }
}

/** What a review action makes of a pair, as the backend's review repo does it. */
function reviewed(p: Pair, action: ReviewAction, edit: MethodInput<'review.apply'>['edit']): Pair {
  switch (action) {
    case 'flip':
      return { ...p, chosen: p.rejected, rejected: p.chosen, reviewStatus: 'confirmed' };
    case 'tie':
      return { ...p, tie: true, reviewStatus: 'tie' };
    case 'edit':
      return { ...p, ...edit, reviewStatus: 'confirmed' };
    default: {
      const status = {
        confirm: 'confirmed',
        exclude: 'excluded',
        approve: 'approved',
        discard: 'discarded',
      } as const;
      return { ...p, reviewStatus: status[action] };
    }
  }
}

/** A promise plus its resolver, to hold one backend answer back. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
