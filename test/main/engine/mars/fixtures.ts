// Real text for the MARS operator tests: the HH-RLHF sample (split at the last assistant turn) and demo pairs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const HH_PATH = fileURLToPath(
  new URL('../../../../../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz', import.meta.url),
);

export const HH_SKIP = existsSync(HH_PATH)
  ? ''
  : ' (SKIPPED: ../shared/data/hh-rlhf/harmless-base-test-sample.jsonl.gz is absent)';

export interface HHPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** The first `limit` HH pairs, prompt = transcript up to and including the last "\n\nAssistant:". */
export function loadHH(limit: number): HHPair[] {
  if (!existsSync(HH_PATH)) return [];
  const lines = gunzipSync(readFileSync(HH_PATH))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.slice(0, limit).flatMap((line) => {
    const { chosen, rejected } = JSON.parse(line) as { chosen: string; rejected: string };
    const cut = chosen.lastIndexOf('\n\nAssistant:') + '\n\nAssistant:'.length;
    if (rejected.slice(0, cut) !== chosen.slice(0, cut)) return [];
    return [{ prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) }];
  });
}
