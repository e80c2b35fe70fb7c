// Builds a patch from a data set's pairs and the review log: what reviewers removed, flipped, tied or edited, and what was added.
import type { Pair } from '../../shared/dto';
import type { ReviewLogEntry } from '../../store/types';
import { keptByReview } from '../patched-set';
import { stateOf, type PairState, type PatchChange, type ReviewNote } from './patch-file';

/** Entries by pair, undone ones (and the undos) left out: what the pair's state now rests on. */
export function liveEntries(log: Iterable<ReviewLogEntry>): Map<number, ReviewLogEntry[]> {
  const all: ReviewLogEntry[] = [];
  const undone = new Set<number>();
  for (const e of log) {
    if (e.undoes !== null) undone.add(e.undoes);
    else all.push(e);
  }
  const byPair = new Map<number, ReviewLogEntry[]>();
  for (const e of all) {
    if (e.pairId === null || undone.has(e.id) || e.action === 'undo') continue;
    byPair.set(e.pairId, [...(byPair.get(e.pairId) ?? []), e]);
  }
  return byPair;
}

/** The pair as imported: each field from the earliest live entry that changed it, else as it is now. */
function sourceState(pair: Pair, entries: ReviewLogEntry[]): PairState {
  const state = stateOf(pair);
  const seen = new Set<string>();
  const first = (key: string, b: Record<string, unknown>): boolean => Object.hasOwn(b, key) && !seen.has(key) && seen.add(key) !== undefined;
  for (const e of entries) {
    const b = e.payload.before;
    if (typeof b !== 'object' || b === null) continue;
    const before = b as Record<string, unknown>;
    for (const key of ['prompt', 'chosen', 'rejected'] as const) {
      const value = before[key];
      if (typeof value === 'string' && first(key, before)) state[key] = value;
    }
    if (typeof before.tie === 'boolean' && first('tie', before)) state.tie = before.tie;
    const strength = before.strength;
    if ((strength === null || typeof strength === 'number') && first('strength', before)) state.strength = strength;
  }
  return state;
}

function opsOf(before: PairState, after: PairState): string[] {
  const ops: string[] = [];
  const swapped = after.chosen === before.rejected && after.rejected === before.chosen;
  if (swapped) ops.push('flip');
  if (after.tie !== before.tie) ops.push('tie');
  if (after.prompt !== before.prompt || (!swapped && (after.chosen !== before.chosen || after.rejected !== before.rejected))) ops.push('edit');
  return ops;
}

const notes = (entries: ReviewLogEntry[] | undefined): ReviewNote[] =>
  (entries ?? []).map((e) => ({ action: e.action, reviewer: e.reviewer, ts: e.ts }));

export function changeOf(pair: Pair, entries: ReviewLogEntry[] | undefined): PatchChange | null {
  const original = pair.origin === 'original' && pair.sourceLine !== null;
  if (!original) return keptByReview(pair) ? { type: 'add', origin: pair.origin, pair, reason: pair.provenance, history: notes(entries) } : null;
  const line = pair.sourceLine ?? 0;
  const before = sourceState(pair, entries ?? []);
  if (!keptByReview(pair)) return { type: 'remove', line, contentHash: pair.contentHash, history: notes(entries) };
  const after = stateOf(pair);
  const ops = opsOf(before, after);
  if (ops.length === 0 && after.strength === before.strength) return null;
  return { type: 'modify', line, contentHash: pair.contentHash, ops, before, after, history: notes(entries) };
}
