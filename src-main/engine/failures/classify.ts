// What counts as a discovered failure, and which pair a confirmed one becomes: pure rules, fixed by the policy role.
import type { PolicyRole } from '../../shared/discovery-dto';

/** The reward model's scores of the dataset pair a prompt came from. */
export interface ReferenceRewards {
  rChosen: number;
  rRejected: number;
}

export interface Classification {
  /**
   * How far past its reference the output landed: r(y_rejected) − r(y) for an aligned output (it should score above
   * the known-bad response), r(y) − r(y_chosen) for a misaligned one (it should score below the known-good one).
   */
  gap: number;
  /** gap > 0: a false negative (aligned) or a false positive (misaligned). A tie is not a failure. */
  isFailure: boolean;
  kind: 'false-negative' | 'false-positive';
  /** Which dataset response the output is compared with. */
  reference: 'rejected' | 'chosen';
  referenceReward: number;
}

export function classifyOutput(role: PolicyRole, reward: number, refs: ReferenceRewards): Classification {
  if (role === 'aligned') {
    const gap = refs.rRejected - reward;
    return { gap, isFailure: gap > 0, kind: 'false-negative', reference: 'rejected', referenceReward: refs.rRejected };
  }
  const gap = reward - refs.rChosen;
  return { gap, isFailure: gap > 0, kind: 'false-positive', reference: 'chosen', referenceReward: refs.rChosen };
}

/**
 * The training pair a failure becomes, with the direction fixed by the role: an aligned output y is a good response
 * the model ranked below the bad one, so (x, y ≻ y_rejected); a misaligned y is a bad response ranked above the good
 * one, so (x, y_chosen ≻ y).
 */
export function failurePair(
  role: PolicyRole,
  response: string,
  source: { chosen: string; rejected: string },
): { chosen: string; rejected: string } {
  return role === 'aligned' ? { chosen: response, rejected: source.rejected } : { chosen: source.chosen, rejected: response };
}
