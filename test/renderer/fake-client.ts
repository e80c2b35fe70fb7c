// A fake RendererClient over in-memory pairs, so stores and components run without a backend.
import type { MethodInput, MethodName, MethodOutput, StudioEvent } from '@shared/contract';
import type { ModelSummary, Pair, PairScore, PairSummary, PresetInfo, SortKey } from '@shared/dto';
import { ErrorCode, StudioError } from '@shared/errors';
import type { RendererClient } from '../../src-renderer/src/api';
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
  readonly dialogs = null;
  readonly calls: RecordedCall[] = [];
  readonly listeners = new Set<(event: StudioEvent) => void>();
  pairs: Pair[];
  presets: PresetInfo[] = PRESETS;
  /** Every listed model scores every pair with `fakeMargin`. */
  models: ModelSummary[] = [];
  /** Per-method overrides, e.g. to fail or to delay one answer. */
  readonly handlers = new Map<MethodName, Handler>();

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

  onConnection(listener: (connected: boolean) => void): () => void {
    listener(true);
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
      case 'models.get': {
        const { id } = input as { id: number };
        const model = this.models.find((m) => m.id === id);
        if (model === undefined) throw new StudioError(ErrorCode.NotFound, `No model #${id}.`);
        return model;
      }
      case 'jobs.list':
        return [];
      default:
        throw new StudioError(ErrorCode.UnknownMethod, `The fake client does not serve ${method}.`);
    }
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
        (q.disagree !== true || margin(p) < 0),
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

/** A promise plus its resolver, to hold one backend answer back. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
