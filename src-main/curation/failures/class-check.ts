// A class check reviewers can lean on: on the built-in demo, its hidden rule says whether a response is good or bad.
import { demoQuality } from '../../demo/generate';
import type { ClassVerdict, PolicyRole } from '../../shared/discovery-dto';
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

/** A class check per source pair: the demo's rule where the pair's data set is the built-in demo. */
export interface ClassCheck {
  /** Whether responses to this source pair's prompt can be checked (its data set has a known rule). */
  knows(sourcePairId: number): boolean;
  /** Whether a response keeps its policy's class; meaningful only where `knows` is true. */
  keeps(sourcePairId: number, role: PolicyRole, response: string): boolean;
}

/**
 * The class check of a project: the demo's rule on pairs of the built-in demo. It lets an attack count REFORM's
 * failures (class consistent, reward inconsistent) apart from outputs guidance pushed out of their class, which the
 * model is right to score on the far side of the reference.
 */
export function classCheckFor(db: ProjectDb): ClassCheck {
  const isDemo = new Map<number, boolean>();
  const demoSource = (sourcePairId: number) => {
    const source = db.pairs.get(sourcePairId);
    if (source === null) return null;
    if (!isDemo.has(source.datasetId)) isDemo.set(source.datasetId, db.datasets.get(source.datasetId)?.format === 'demo');
    return isDemo.get(source.datasetId) === true ? source : null;
  };
  return {
    knows: (sourcePairId) => demoSource(sourcePairId) !== null,
    keeps: (sourcePairId, role, response) => {
      const source = demoSource(sourcePairId);
      return source !== null && keepsClass(role, demoVerdict(source.prompt, response));
    },
  };
}
