// Flat rows (JSON/JSONL/CSV) with prompt/chosen/rejected columns, aliases or a user mapping; trl-standard adds the implicit prompt.
import type { ColumnMapping } from '../../shared/dto';
import {
  commonPrefixLength,
  getPath,
  parseFlag,
  parseNumber,
  parseSplit,
  requireString,
  topKey,
  type Row,
} from '../fields';
import { finishExtra, keepContainer, splitColumns } from '../layout';
import { RowProblem } from '../row-problem';
import type { FieldRole, SourceLayout } from '../types';
import { ROLES, canonical, findAlias } from './aliases';
import type { FormatResult } from './common';

const AUX = ['tie', 'strength', 'split'] as const;

/** The source field for each role: the mapping where given, else the first alias present. */
function resolveFields(row: Row, mapping: ColumnMapping | undefined): Partial<Record<FieldRole, string>> {
  const fields: Partial<Record<FieldRole, string>> = {};
  for (const role of ROLES) {
    const mapped =
      role === 'prompt' || role === 'chosen' || role === 'rejected' ? mapping?.[role] : undefined;
    const field = mapped ?? findAlias(row, role);
    if (field !== undefined) fields[role] = field;
  }
  return fields;
}

export function parseFlat(
  row: Row,
  mapping: ColumnMapping | undefined,
  implicitPrompt: boolean,
): FormatResult {
  const fields = resolveFields(row, mapping);
  const chosenField = fields.chosen ?? canonical('chosen');
  const rejectedField = fields.rejected ?? canonical('rejected');
  let chosen = requireString(row, chosenField);
  let rejected = requireString(row, rejectedField);
  const layout: SourceLayout = {};
  let prompt = '';
  if (fields.prompt !== undefined) {
    prompt = requireString(row, fields.prompt);
  } else if (implicitPrompt) {
    ({ prompt, chosen, rejected } = splitImplicit(chosen, rejected));
    layout.implicit = true;
  }

  const raw: SourceLayout['raw'] = {};
  for (const role of AUX) {
    const field = fields[role];
    if (field !== undefined) raw[role] = getPath(row, field);
  }
  const tie = fields.tie === undefined ? false : parseFlag(raw.tie, fields.tie);
  const strength = fields.strength === undefined ? null : parseNumber(raw.strength, fields.strength);
  const split = parseSplit(raw.split);

  const used = ROLES.filter(
    (role) => fields[role] !== undefined || role === 'prompt' || role === 'chosen' || role === 'rejected',
  );
  const known = used.map((role) => topKey(row, fields[role] ?? canonical(role)));
  const { extra, keys } = splitColumns(row, known);
  for (const role of used) {
    const field = fields[role];
    if (field !== undefined) keepContainer(row, extra, field);
  }
  const renamed = used.filter((role) => fields[role] !== undefined && fields[role] !== canonical(role));
  if (renamed.length > 0) layout.fields = Object.fromEntries(renamed.map((role) => [role, fields[role]]));
  if (Object.keys(raw).length > 0) layout.raw = raw;
  layout.keys = keys;
  return {
    prompt,
    chosen,
    rejected,
    promptMessages: null,
    tie,
    strength,
    split,
    extra: finishExtra(extra, layout),
  };
}

const SPACE = /\s/;

/**
 * TRL's implicit prompt: the shared prefix of two full texts. The cut backs off to the last
 * whitespace so a response never starts mid-word ("…is gre|en" vs "…is gre|y").
 */
export function splitImplicit(
  chosen: string,
  rejected: string,
): { prompt: string; chosen: string; rejected: string } {
  let cut = commonPrefixLength(chosen, rejected);
  if (cut === chosen.length && cut === rejected.length) return { prompt: '', chosen, rejected };
  while (cut > 0 && !SPACE.test(chosen.charAt(cut - 1))) cut--;
  if (cut === 0) {
    throw new RowProblem(
      'prefix-mismatch',
      null,
      'chosen and rejected share no common prompt text (implicit prompt expected)',
    );
  }
  return { prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) };
}
