// A patch: the changes reviewers made against one imported source file, as JSONL — a header, then one line per changed pair.
import type { ExportShape, ImportFormat, Pair, PkuPreference, ColumnMapping, Split } from '../../shared/dto';

/** The texts and flags a review can change; what a patched row takes from its `after`. */
export interface PairState {
  prompt: string;
  chosen: string;
  rejected: string;
  tie: boolean;
  strength: number | null;
}

export interface PatchHeader {
  type: 'header';
  version: 1;
  /** How the source file was read, so `patch apply` parses it exactly as the import did. */
  source: { file: string | null; format: ImportFormat; mapping?: ColumnMapping; pkuPreference: PkuPreference; split: Split };
  /** The shape a direct export of the same filter writes, which `patch apply` reproduces byte for byte. */
  shape: ExportShape;
  app: string;
}

export interface ReviewNote {
  action: string;
  reviewer: string;
  ts: string;
}

/** `remove`: excluded; `modify`: flip, tie or edit (named in `ops`); `add`: a kept pair with no source row. */
export type PatchChange =
  | { type: 'remove'; line: number; contentHash: string; history: ReviewNote[] }
  | { type: 'modify'; line: number; contentHash: string; ops: string[]; before: PairState; after: PairState; history: ReviewNote[] }
  | { type: 'add'; origin: string; pair: Pair; reason: Record<string, unknown> | null; history: ReviewNote[] };

export function stateOf(p: PairState): PairState {
  return { prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, tie: p.tie, strength: p.strength };
}
