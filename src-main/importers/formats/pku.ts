// PKU-SafeRLHF / BeaverTails rows: two responses and per-criterion preferred ids; the user picks which criterion labels the pair.
import type { PkuPreference } from '../../shared/dto';
import { requireString, type Row } from '../fields';
import { finishExtra, splitColumns } from '../layout';
import { RowProblem } from '../row-problem';
import type { FormatResult } from './common';

export const PKU_KEYS = ['prompt', 'response_0', 'response_1'];

export function pkuIdField(preference: PkuPreference): string {
  return preference === 'better' ? 'better_response_id' : 'safer_response_id';
}

export function parsePku(row: Row, preference: PkuPreference): FormatResult {
  const prompt = requireString(row, 'prompt');
  const responses = [requireString(row, 'response_0'), requireString(row, 'response_1')] as const;
  const idField = pkuIdField(preference);
  const id = row[idField];
  if (id === undefined || id === null)
    throw new RowProblem('missing-field', idField, `missing field "${idField}"`);
  const index = id === 0 || id === '0' ? 0 : id === 1 || id === '1' ? 1 : null;
  if (index === null) {
    throw new RowProblem(
      'wrong-type',
      idField,
      `field "${idField}" must be 0 or 1, got ${JSON.stringify(id)}`,
    );
  }
  // Every other column (both ids, safety flags, severity…) stays in extra, so either label can be re-derived later.
  const { extra, keys } = splitColumns(row, PKU_KEYS);
  return {
    prompt,
    chosen: responses[index],
    rejected: responses[index === 0 ? 1 : 0],
    promptMessages: [{ role: 'user', content: prompt }],
    tie: false,
    strength: null,
    split: null,
    extra: finishExtra(extra, { keys, chosenIndex: index === 1 ? 1 : undefined }),
  };
}
