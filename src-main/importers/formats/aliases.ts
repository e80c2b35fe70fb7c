// Column names the flat importer recognises for each role, canonical name first; shared by parsing and detection.
import { getPath, type Row } from '../fields';
import type { FieldRole } from '../types';

export const ALIASES: Record<FieldRole, readonly string[]> = {
  prompt: ['prompt', 'question', 'instruction', 'input', 'query', 'context'],
  chosen: [
    'chosen',
    'response_chosen',
    'chosen_response',
    'preferred',
    'preferred_response',
    'better_response',
    'winner',
  ],
  rejected: [
    'rejected',
    'response_rejected',
    'rejected_response',
    'dispreferred',
    'dispreferred_response',
    'worse_response',
    'loser',
  ],
  tie: ['tie', 'is_tie'],
  strength: ['margin', 'strength', 'score_diff', 'preference_strength'],
  split: ['split'],
};

export const ROLES: readonly FieldRole[] = ['prompt', 'chosen', 'rejected', 'tie', 'strength', 'split'];

export function canonical(role: FieldRole): string {
  return ALIASES[role][0] ?? role;
}

/** The first alias the row actually has for a role. */
export function findAlias(row: Row, role: FieldRole): string | undefined {
  return ALIASES[role].find((name) => getPath(row, name) !== undefined);
}
