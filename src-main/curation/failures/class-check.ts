// A class check reviewers can lean on: on the built-in demo, its hidden rule says whether a response is good or bad.
import { demoQuality } from '../../demo/generate';
import type { ClassVerdict } from '../../shared/discovery-dto';
import type { ProjectDb } from '../../store/types';

/**
 * The demo rule's verdict on `response` for `prompt`, or null when the data set is not the built-in demo (its rule
 * is only known there). "good" means at least one concrete step about the item and no dismissal or unsafe advice.
 */
export function demoVerdict(prompt: string, response: string): ClassVerdict {
  return demoQuality(prompt, response) >= 1 ? 'good' : 'bad';
}

/** Verdicts for many rows, looking each data set's format up once. */
export function ruleVerdicts(
  db: ProjectDb,
  rows: readonly { datasetId: number; prompt: string; response: string }[],
): (ClassVerdict | null)[] {
  const isDemo = new Map<number, boolean>();
  return rows.map((r) => {
    if (!isDemo.has(r.datasetId)) isDemo.set(r.datasetId, db.datasets.get(r.datasetId)?.format === 'demo');
    return isDemo.get(r.datasetId) === true ? demoVerdict(r.prompt, r.response) : null;
  });
}

/** Whether a verdict matches the class the role's policy was meant to write (aligned → good, misaligned → bad). */
export function keepsClass(role: 'aligned' | 'misaligned', verdict: ClassVerdict): boolean {
  return (role === 'aligned') === (verdict === 'good');
}
