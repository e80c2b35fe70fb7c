// What a reviewer may do to discovered failures: confirm (a real failure that kept its class), reject (the policy
// drifted out of its class), edit the response; in bulk, through the audit log, and undoable.
import type { Pair, ReviewAction } from '../../shared/dto';
import type { FailureAction, PolicyRole } from '../../shared/discovery-dto';
import { ErrorCode, StudioError } from '../../shared/errors';
import type { ReviewLogEntry, ProjectDb } from '../../store/types';
import { Reviewer } from '../review-actions';

/** Confirm keeps the pair (it trains from now on); reject discards it; an edit also confirms. */
const ACTION: Record<FailureAction, ReviewAction> = { confirm: 'confirm', reject: 'discard', edit: 'edit' };

/** The role a discovered pair was found with, from its provenance. */
export function roleOf(pair: Pair): PolicyRole {
  const role = pair.provenance?.role;
  if (pair.origin !== 'discovered' || (role !== 'aligned' && role !== 'misaligned')) {
    throw new StudioError(ErrorCode.InvalidRequest, `pair ${pair.id} is not a discovered failure`, { pairId: pair.id });
  }
  return role;
}

export interface FailureReviewInput {
  pairIds: readonly number[];
  action: FailureAction;
  /** The new response for `edit`: it replaces y on the side its role put it (chosen if aligned, rejected if not). */
  response?: string | undefined;
  reviewer: string;
}

/** Applies one action to every failure in one transaction: all of them change, or none (the first refusal throws). */
export function reviewFailures(db: ProjectDb, input: FailureReviewInput): { entries: ReviewLogEntry[]; pairs: Pair[] } {
  const reviewer = new Reviewer(db);
  return db.transaction(() => {
    const entries: ReviewLogEntry[] = [];
    const pairs: Pair[] = [];
    for (const pairId of input.pairIds) {
      const pair = db.pairs.get(pairId);
      if (pair === null) throw new StudioError(ErrorCode.NotFound, `no pair with id ${pairId}`, { pairId });
      const role = roleOf(pair);
      if (input.action === 'edit' && input.response === undefined) {
        throw new StudioError(ErrorCode.InvalidRequest, 'an edit needs the new response', { field: 'edit' });
      }
      const edit = input.action === 'edit' ? { [role === 'aligned' ? 'chosen' : 'rejected']: input.response } : undefined;
      const result = reviewer.apply({ pairId, action: ACTION[input.action], reviewer: input.reviewer, edit });
      entries.push(result.entry);
      pairs.push(result.pair);
    }
    return { entries, pairs };
  });
}

/** Undoes a bulk review, latest entry first, in one transaction (each entry must still be undoable). */
export function undoFailureReview(
  db: ProjectDb,
  entryIds: readonly number[],
  reviewer: string,
): { entries: ReviewLogEntry[]; pairs: Pair[] } {
  const undoer = new Reviewer(db);
  return db.transaction(() => {
    const entries: ReviewLogEntry[] = [];
    const pairs: Pair[] = [];
    for (const entryId of [...entryIds].sort((a, b) => b - a)) {
      const result = undoer.undo(entryId, reviewer);
      entries.push(result.entry);
      pairs.push(result.pair);
    }
    return { entries, pairs };
  });
}
