// Anthropic HH-RLHF rows: {"chosen": transcript, "rejected": transcript}, split at their shared last assistant turn.
import { requireString, type Row } from '../fields';
import { finishExtra, splitColumns } from '../layout';
import { splitTranscripts, transcriptToMessages } from '../transcript';
import type { FormatResult } from './common';

export const HH_KEYS = ['chosen', 'rejected'];

export function parseHH(row: Row): FormatResult {
  const split = splitTranscripts(requireString(row, 'chosen'), requireString(row, 'rejected'));
  const { extra, keys } = splitColumns(row, HH_KEYS);
  return {
    ...split,
    promptMessages: transcriptToMessages(split.prompt),
    tie: false,
    strength: null,
    split: null,
    extra: finishExtra(extra, { keys }),
  };
}
