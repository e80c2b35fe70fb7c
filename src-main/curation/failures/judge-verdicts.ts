// Where the optional LLM judge's verdicts on discovered failures live: one project setting holding a verdict per
// failure pair, tied to the exact response text it judged, so an edited response shows no stale verdict.
import { createHash } from 'node:crypto';
import type { ClassVerdict } from '../../shared/discovery-dto';
import type { ProjectDb } from '../../store/types';

export const JUDGE_SETTINGS_KEY = 'failures.judge';

export interface StoredJudgeVerdict {
  verdict: ClassVerdict;
  /** sha256 of the response judged (first 16 hex digits). */
  response: string;
  /** The endpoint and model that answered, and the template version. */
  endpoint: string;
  model: string;
  promptVersion: number;
  at: string;
}

type Stored = Record<string, StoredJudgeVerdict>;

export function responseHash(response: string): string {
  return createHash('sha256').update(response).digest('hex').slice(0, 16);
}

/** The stored verdict of each row, or null when none was asked for or the response has changed since. */
export function judgeVerdicts(db: ProjectDb, rows: readonly { pairId: number; response: string }[]): (ClassVerdict | null)[] {
  const stored = db.settings.get<Stored>(JUDGE_SETTINGS_KEY) ?? {};
  return rows.map((r) => {
    const v = stored[String(r.pairId)];
    return v !== undefined && v.response === responseHash(r.response) ? v.verdict : null;
  });
}

/** Records verdicts (replacing older ones of the same pairs) in one write. */
export function saveJudgeVerdicts(db: ProjectDb, entries: readonly { pairId: number; verdict: StoredJudgeVerdict }[]): void {
  if (entries.length === 0) return;
  db.transaction(() => {
    const stored = db.settings.get<Stored>(JUDGE_SETTINGS_KEY) ?? {};
    for (const e of entries) stored[String(e.pairId)] = e.verdict;
    db.settings.set(JUDGE_SETTINGS_KEY, stored);
  });
}
