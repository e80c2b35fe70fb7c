// Turns an importer draft into the Pair the store would hand back (JSON columns round-tripped through text, as SQLite stores them).
import { contentHash } from '../../../src-main/importers/duplicates';
import type { PairDraft } from '../../../src-main/importers/types';
import type { Origin, Pair } from '../../../src-main/shared/dto';

export function storedPair(draft: PairDraft, id = draft.line, origin: Origin = 'original'): Pair {
  const viaText = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return {
    id,
    datasetId: 1,
    prompt: draft.prompt,
    chosen: draft.chosen,
    rejected: draft.rejected,
    promptMessages: viaText(draft.promptMessages),
    tie: draft.tie,
    strength: draft.strength,
    split: draft.split ?? 'train',
    origin,
    parentId: null,
    round: null,
    modelId: null,
    provenance: null,
    sourceFormat: draft.sourceFormat,
    sourceLine: draft.line,
    extra: viaText(draft.extra),
    contentHash: contentHash(draft.prompt, draft.chosen, draft.rejected),
    createdAt: '2025-01-01T00:00:00.000Z',
    reviewStatus: null,
  };
}
