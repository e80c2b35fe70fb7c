// Reviewers' actions on pairs: each change and its audit-log entry commit in one transaction, and can be undone.
import type { Pair, ReviewAction, ReviewStatus } from '../shared/dto';
import { ErrorCode, StudioError } from '../shared/errors';
import type { ReviewEdit } from '../shared/review-dto';
import { contentHash } from '../store/pairs-repo';
import type { ProjectDb, ReviewInput, ReviewLogEntry, ReviewRepo, ReviewResult } from '../store/types';

/**
 * The fields an action changed, as they were (`before`) or became (`after`). Only changed fields are kept, so a
 * status change does not copy transcripts into the log; texts appear only for flips and edits.
 */
export interface ReviewState {
  prompt?: string;
  chosen?: string;
  rejected?: string;
  tie?: boolean;
  strength?: number | null;
  reviewStatus: ReviewStatus | null;
}

const TEXTS = ['prompt', 'chosen', 'rejected'] as const;

/** Actions only generated pairs (augmented or discovered) can take: a reviewer accepts or drops the pair. */
const AUGMENTED_ONLY: ReadonlySet<ReviewAction> = new Set(['approve', 'discard']);
const GENERATED: ReadonlySet<Pair['origin']> = new Set(['augmented', 'discovered']);

function stateOf(pair: Pair, keys: readonly (keyof ReviewState)[]): ReviewState {
  const state: ReviewState = { reviewStatus: pair.reviewStatus };
  for (const key of keys) Object.assign(state, { [key]: pair[key] });
  return state;
}

/** What `action` makes of `pair`; throws InvalidRequest for an action the pair cannot take. */
export function afterState(pair: Pair, action: ReviewAction, edit?: ReviewEdit): ReviewState {
  if (AUGMENTED_ONLY.has(action) && !GENERATED.has(pair.origin)) {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      `pair ${pair.id} is ${pair.origin}, not augmented or discovered: only those can be approved or discarded`,
      { pairId: pair.id, field: 'action' },
    );
  }
  switch (action) {
    case 'confirm':
      return { reviewStatus: 'confirmed' };
    case 'flip':
      return {
        chosen: pair.rejected,
        rejected: pair.chosen,
        strength: pair.strength === null ? null : -pair.strength,
        reviewStatus: 'confirmed',
      };
    case 'tie':
      return { tie: true, reviewStatus: 'tie' };
    case 'exclude':
      return { reviewStatus: 'excluded' };
    case 'approve':
      return { reviewStatus: 'approved' };
    case 'discard':
      return { reviewStatus: 'discarded' };
    case 'edit':
      return editState(pair, edit);
  }
}

function editState(pair: Pair, edit: ReviewEdit | undefined): ReviewState {
  const texts = TEXTS.filter((key) => edit?.[key] !== undefined);
  if (edit === undefined || texts.length === 0) {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      `an edit of pair ${pair.id} must give prompt, chosen or rejected`,
      {
        pairId: pair.id,
        field: 'edit',
      },
    );
  }
  const after: ReviewState = { reviewStatus: 'confirmed' };
  for (const key of texts) after[key] = edit[key];
  if ((after.chosen ?? pair.chosen) === (after.rejected ?? pair.rejected)) {
    throw new StudioError(
      ErrorCode.InvalidRequest,
      `the edit would make pair ${pair.id}'s chosen and rejected identical`,
      {
        pairId: pair.id,
        field: 'edit',
      },
    );
  }
  return after;
}

/** The first field whose current value differs from `state`, or null when the pair is in that state. */
function mismatch(pair: Pair, state: ReviewState): string | null {
  for (const [key, value] of Object.entries(state)) {
    if (pair[key as keyof ReviewState] !== value) return key;
  }
  return null;
}

function isState(value: unknown): value is ReviewState {
  return typeof value === 'object' && value !== null && 'reviewStatus' in value;
}

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

function invalid(message: string, details: Record<string, unknown>): StudioError {
  return new StudioError(ErrorCode.InvalidRequest, message, details);
}

/** Applies and undoes reviewers' actions on one open project; each change commits with its log entry. */
export class Reviewer implements ReviewRepo {
  constructor(private readonly project: ProjectDb) {}

  apply(input: ReviewInput): ReviewResult {
    return this.project.transaction((): ReviewResult => {
      const pair = this.pair(input.pairId);
      const after = afterState(pair, input.action, input.edit);
      const before = stateOf(pair, Object.keys(after) as (keyof ReviewState)[]);
      return this.write(pair, input.reviewer, input.action, { before, after }, null);
    });
  }

  undo(entryId: number, reviewer: string): ReviewResult {
    return this.project.transaction((): ReviewResult => {
      const row = this.project.reviewWrites.logRow(entryId);
      if (row === undefined) throw new StudioError(ErrorCode.NotFound, `no review log entry ${entryId}`);
      if (row.undoes !== null) {
        throw invalid(`entry ${entryId} is itself the undo of entry ${row.undoes}; an undo cannot be undone`, {
          entryId,
        });
      }
      const payload = JSON.parse(row.payload) as { before?: unknown; after?: unknown; created?: unknown };
      if (row.pairId !== null && isIdList(payload.created))
        return this.undoAugment(row.pairId, entryId, payload.created, reviewer);
      if (row.pairId === null || !isState(payload.before) || !isState(payload.after)) {
        throw invalid(`entry ${entryId} is not a review action on a pair, so it cannot be undone`, { entryId });
      }
      this.refuseUndoneTwice(row.pairId, entryId);
      const pair = this.pair(row.pairId);
      const changed = mismatch(pair, payload.after);
      if (changed !== null) {
        throw invalid(
          `pair ${pair.id} changed since entry ${entryId} (its ${changed} differs): undo the later entries first`,
          { entryId, pairId: pair.id, field: changed },
        );
      }
      return this.write(pair, reviewer, 'undo', { before: payload.after, after: payload.before }, entryId);
    });
  }

  private refuseUndoneTwice(pairId: number, entryId: number): void {
    const undone = this.project.reviewWrites.undoneBy(pairId, entryId);
    if (undone !== undefined) {
      throw invalid(`entry ${entryId} was already undone by entry ${undone}`, { entryId, undoneBy: undone });
    }
  }

  /**
   * Undoing "send to augmentation" discards the variants it made, provided no reviewer has judged any of them
   * since (their verdicts would otherwise be silently overridden): the pairs stay, as the log refers to them.
   */
  private undoAugment(pairId: number, entryId: number, created: number[], reviewer: string): ReviewResult {
    this.refuseUndoneTwice(pairId, entryId);
    for (const id of created) {
      const variant = this.project.pairs.get(id);
      if (variant !== null && variant.reviewStatus !== null) {
        throw invalid(`variant ${id} was already ${variant.reviewStatus}: undo that first`, { entryId, pairId: id });
      }
    }
    this.project.pairs.setReviewStatus(created, 'discarded');
    const entry = this.project.reviewLog.append({
      reviewer,
      action: 'undo',
      pairId,
      payload: { discarded: created },
      undoes: entryId,
    });
    return { entry, pair: this.pair(pairId) };
  }

  private pair(id: number): Pair {
    const pair = this.project.pairs.get(id);
    if (pair === null) throw new StudioError(ErrorCode.NotFound, `no pair with id ${id}`, { pairId: id });
    return pair;
  }

  /** Puts the pair in `change.after` and logs the change; runs inside the caller's transaction. */
  private write(
    pair: Pair,
    reviewer: string,
    action: string,
    change: { before: ReviewState; after: ReviewState },
    undoes: number | null,
  ): ReviewResult {
    const next = { ...pair, ...change.after };
    const rows = this.project.reviewWrites;
    rows.setState({ id: pair.id, tie: next.tie, strength: next.strength, reviewStatus: next.reviewStatus });
    // A flip (or its undo) swaps the responses: every model's scores swap with them and stay exact. Other edits
    // leave the scores of the old texts until the pair is scored again.
    if (next.chosen === pair.rejected && next.rejected === pair.chosen && pair.chosen !== pair.rejected) {
      rows.swapScores(pair.id);
    }
    if (TEXTS.some((key) => next[key] !== pair[key])) {
      rows.setTexts({
        id: pair.id,
        prompt: next.prompt,
        chosen: next.chosen,
        rejected: next.rejected,
        hash: contentHash(next.prompt, next.chosen, next.rejected),
      });
    }
    const entry: ReviewLogEntry = this.project.reviewLog.append({ reviewer, action, pairId: pair.id, payload: { ...change }, undoes });
    return { entry, pair: this.pair(pair.id) };
  }
}
