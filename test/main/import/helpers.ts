// Test helpers for the importers: fixture and HH sample locations, and a collector that drains a parsed file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFile, type ParseFileOptions } from '../../../src-main/importers/parse-file';
import type { PairDraft, ParseOptions, RowIssue } from '../../../src-main/importers/types';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));

/** The real HH-RLHF sample lives beside the repository, never inside it. */
export const HH_SAMPLE = fileURLToPath(
  new URL('../../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz', import.meta.url),
);
export const hasHhSample = existsSync(HH_SAMPLE);
export const HH_SKIP_NOTE = hasHhSample
  ? ''
  : ' (SKIPPED: ../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz is absent)';

export interface Collected {
  pairs: PairDraft[];
  issues: RowIssue[];
}

export async function collect(
  path: string,
  options: Partial<ParseOptions> & Pick<ParseOptions, 'format'>,
  opts?: ParseFileOptions,
): Promise<Collected> {
  const out: Collected = { pairs: [], issues: [] };
  for await (const row of parseFile(path, { pkuPreference: 'better', ...options }, opts)) {
    if (row.ok) out.pairs.push(row.pair);
    else out.issues.push(row.issue);
  }
  return out;
}

export function reasonsByLine(issues: RowIssue[]): Record<number, string> {
  return Object.fromEntries(issues.map((i) => [i.line, i.reason]));
}
