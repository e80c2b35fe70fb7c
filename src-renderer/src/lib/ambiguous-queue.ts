// The ambiguous-pairs queue's paging: each sort mode as one or two chained keyset queries over `pairs.page`.
import type { ModelSummary, PageQuery, Pair, PairPage, PairScore, PairSummary } from '@shared/dto';
import { formatMargin } from './metrics-format';

/** `signed`: most mis-ranked first; `abs`: nearest the boundary first; `misranked`: mis-ranked pairs, then the rest. */
export type QueueSort = 'signed' | 'abs' | 'misranked';

export const QUEUE_SORTS: readonly { value: QueueSort; label: string }[] = [
  { value: 'signed', label: 'signed Δ' },
  { value: 'abs', label: '|Δ|' },
  { value: 'misranked', label: 'mis-ranked first' },
];

/** What the queue's buttons and keys ask for. */
export type QueueAction = 'confirm' | 'flip' | 'tie' | 'exclude' | 'edit' | 'augment' | 'undo' | 'refresh';

export interface QueueScope {
  modelId: number;
  datasetId?: number;
  /** Off: only original pairs, the ones a reviewer labels; on: every origin. */
  includeAugmented: boolean;
}

/** Mirrors the backend's summary previews so a row rebuilt from a full pair looks like a fetched one. */
const PREVIEW_CHARS = 200;

/** How many chained queries a sort mode walks through. */
export function phaseCount(sort: QueueSort): number {
  return sort === 'misranked' ? 2 : 1;
}

/** The filter and order of one phase, without paging. */
export function phaseQuery(sort: QueueSort, phase: number, scope: QueueScope): PageQuery {
  const query: PageQuery = { modelId: scope.modelId };
  if (scope.datasetId !== undefined) query.datasetId = scope.datasetId;
  if (!scope.includeAugmented) query.origin = 'original';
  if (sort === 'signed') return { ...query, sort: 'margin', dir: 'asc' };
  // Phase 0 of `misranked` keeps the pairs the model ranks against their label, the most mis-ranked (most
  // negative Δ) first: those are the likely swapped labels. Phase 1 walks everything by |Δ|.
  if (sort === 'misranked' && phase === 0) return { ...query, disagree: true, sort: 'margin', dir: 'asc' };
  return { ...query, sort: 'absMargin', dir: 'asc' };
}

export type FetchPage = (query: PageQuery) => Promise<PairPage>;

/**
 * Walks the phases of one sort mode page by page. Rows a previous phase already listed are skipped (the second
 * `misranked` query sees the mis-ranked pairs again); a page left empty by that is followed at once, so every
 * call that can still add rows adds some.
 */
export class QueuePager {
  private phase = 0;
  private cursor: string | null = null;
  private readonly seen = new Set<number>();
  /** Exact totals of each phase's first page. */
  readonly totals: number[] = [];
  done = false;

  constructor(
    private readonly sort: QueueSort,
    private readonly scope: QueueScope,
    private readonly fetchPage: FetchPage,
    private readonly limit: number,
  ) {}

  async next(): Promise<PairSummary[]> {
    while (!this.done) {
      const first = this.cursor === null;
      const page = await this.fetchPage({
        ...phaseQuery(this.sort, this.phase, this.scope),
        limit: this.limit,
        ...(first ? {} : { after: this.cursor ?? undefined, withTotal: false }),
      });
      if (first) this.totals[this.phase] = page.total;
      const fresh = page.rows.filter((r) => !this.seen.has(r.id));
      for (const r of fresh) this.seen.add(r.id);
      this.cursor = page.nextCursor;
      if (this.cursor === null) {
        if (this.phase + 1 < phaseCount(this.sort)) this.phase++;
        else this.done = true;
      }
      if (fresh.length > 0) return fresh;
    }
    return [];
  }

  /** Rows in the whole queue: the last phase's total covers the earlier ones (it is the wider filter). */
  get total(): number | null {
    return this.totals[phaseCount(this.sort) - 1] ?? this.totals[0] ?? null;
  }
}

/** The model's view of a flipped pair: its old r(rejected) now belongs to the chosen text. */
export function flippedScore(score: PairScore): PairScore {
  return { rChosen: score.rRejected, rRejected: score.rChosen, margin: -score.margin };
}

/** A list row rebuilt from the full pair a review action returned, keeping the row's score. */
export function summaryFromPair(pair: Pair, score: PairScore | undefined): PairSummary {
  return {
    ...(score === undefined ? {} : { score }),
    id: pair.id,
    datasetId: pair.datasetId,
    promptPreview: pair.prompt.slice(0, PREVIEW_CHARS),
    chosenPreview: pair.chosen.slice(0, PREVIEW_CHARS),
    rejectedPreview: pair.rejected.slice(0, PREVIEW_CHARS),
    origin: pair.origin,
    split: pair.split,
    tie: pair.tie,
    chosenLen: pair.chosen.length,
    rejectedLen: pair.rejected.length,
    promptLen: pair.prompt.length,
    createdAt: pair.createdAt,
    reviewStatus: pair.reviewStatus,
  };
}

/** The operators that made an augmented pair, from its provenance (`operators`, or a single `operator`). */
export function provenanceOperators(pair: Pair): string[] {
  const p = pair.provenance;
  if (p === null) return [];
  if (Array.isArray(p.operators)) return p.operators.filter((o): o is string => typeof o === 'string');
  return typeof p.operator === 'string' ? [p.operator] : [];
}

/** One undoable step of this session: the log entry to revert and what to say when it is. */
export interface UndoStep {
  entryId: number;
  action: string;
  pairId: number;
  /** `queue`: a listed pair; `variant`: an augmented child; `augment`: variants were generated. */
  target: 'queue' | 'variant' | 'augment';
}

/** The model a reviewer most likely wants: the newest ready reward model, else the newest with scores. */
export function defaultQueueModel(models: readonly ModelSummary[]): ModelSummary | null {
  return (
    models.find((m) => m.kind === 'reward' && m.status === 'ready' && m.scoredPairs > 0) ??
    models.find((m) => m.scoredPairs > 0) ??
    null
  );
}

const DONE_WORD: Record<string, string> = {
  confirm: 'confirmed',
  flip: 'flipped',
  tie: 'marked a tie',
  exclude: 'excluded',
  edit: 'edited',
};

/**
 * What the toast says after a review action: the action, the pair's new state and, for a flip, how its margin
 * turned (a flipped pair is also "confirmed"; the status alone would hide that its label was swapped).
 */
export function describeReview(
  action: string,
  pair: Pick<Pair, 'id' | 'reviewStatus'>,
  before: PairScore | undefined,
  after: PairScore | undefined,
): string {
  const parts = [`Pair #${pair.id} ${DONE_WORD[action] ?? action}`];
  if (action === 'flip') parts[0] += ': chosen and rejected swapped';
  if (pair.reviewStatus !== null && DONE_WORD[action] !== pair.reviewStatus)
    parts.push(`now ${pair.reviewStatus}`);
  if (action === 'flip' && before !== undefined && after !== undefined)
    parts.push(`margin ${formatMargin(before.margin)} → ${formatMargin(after.margin)}`);
  return parts.join(', ') + '.';
}

/** The badge of a row: its review status, prefixed with the action when the status alone would mislead. */
export function reviewBadge(status: string | null, action: string | undefined): string | null {
  if (status === null) return null;
  return action === 'flip' ? `flipped · ${status}` : status;
}
