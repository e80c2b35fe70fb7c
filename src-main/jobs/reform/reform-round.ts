// The ledger-writing steps of one REFORM round: start its discovery run, keep the failures the budget allows, and
// add the confirmed ones as training pairs; each step commits with the pair changes it makes.
import { DiscoverOptions, type DiscoverConfig, type PolicyRole } from '../../shared/discovery-dto';
import type { ReformConfig, ReformRound, ReformRun } from '../../shared/reform-dto';
import type { ProjectDb } from '../../store/types';

/** Enough for every failure of one discovery run. */
const ALL = 1_000_000;

/**
 * The round's discovery options: the run's decoding parameters on the training originals, against the model the
 * round starts from. Each round draws its own prompts (seed + round − 1). Failures always start unreviewed: the
 * round itself approves them (auto) once the budget cap is applied, so nothing over the cap ever trains.
 */
export function discoveryConfig(run: ReformRun, round: number, sourceModelId: number): DiscoverConfig {
  const c = run.config as ReformConfig;
  return DiscoverOptions.parse({
    modelId: sourceModelId,
    role: c.role,
    mode: c.mode,
    split: 'train',
    prompts: c.prompts,
    samples: c.samples,
    k: c.k,
    temperature: c.temperature,
    maxNewTokens: c.maxNewTokens,
    seed: c.seed + round - 1,
    approve: 'manual',
    ...(run.policies['aligned'] !== undefined ? { alignedPolicyId: run.policies['aligned'] } : {}),
    ...(run.policies['misaligned'] !== undefined ? { misalignedPolicyId: run.policies['misaligned'] } : {}),
    ...(c.datasetId !== undefined ? { datasetId: c.datasetId } : {}),
  });
}

/** Creates the round's discovery run and its ledger row together: a resumed round finds the run it started. */
export function startRound(db: ProjectDb, run: ReformRun, round: number, sourceModelId: number): ReformRound {
  const config = discoveryConfig(run, round, sourceModelId);
  const roles: PolicyRole[] = config.role === 'both' ? ['aligned', 'misaligned'] : [config.role];
  const policies: Partial<Record<PolicyRole, number>> = {};
  for (const role of roles) policies[role] = run.policies[role];
  return db.transaction(() => {
    const discovery = db.discovery.createRun({ config, rewardModelId: sourceModelId, policies });
    return db.reform.addRound({
      runId: run.id,
      round,
      sourceModelId,
      discoveryRunId: discovery.id,
      prompts: config.prompts,
      budget: (run.config as ReformConfig).budget,
    });
  });
}

/**
 * Keeps the `budget` failures with the largest reward gaps and sets the rest aside (review status `excluded`, one
 * review-log entry), in one transaction with the ledger's `discovered` phase. Why the largest gaps: the gap is how
 * far the model ranked the failure on the wrong side of its reference, so these pairs carry the largest
 * Bradley–Terry loss and gradient, and a small added set spends its budget where the model is most wrong.
 */
export function capFailures(db: ProjectDb, run: ReformRun, ledger: ReformRound, manual: boolean): ReformRound {
  const rows = db.discovery.failures({ runId: ledger.discoveryRunId }, 0, ALL).rows;
  const found: Record<string, number> = {};
  for (const r of rows) found[r.role] = (found[r.role] ?? 0) + 1;
  const ranked = [...rows].sort((a, b) => b.gap - a.gap || a.pairId - b.pairId);
  const candidates = ranked.slice(0, ledger.budget).map((r) => r.pairId);
  const aside = ranked.slice(ledger.budget).map((r) => r.pairId);
  return db.transaction(() => {
    if (aside.length > 0) {
      db.pairs.setReviewStatus(aside, 'excluded');
      db.reviewLog.append({
        reviewer: 'reform',
        action: 'reform.over-budget',
        pairId: null,
        payload: { runId: run.id, round: ledger.round, budget: ledger.budget, pairIds: aside },
        undoes: null,
      });
    }
    if (manual) db.reform.setRun(run.id, { status: 'awaiting-review' });
    return db.reform.setDiscovered(run.id, ledger.round, { found, candidates, setAside: aside.length });
  });
}

/**
 * Adds the round's candidates as training pairs. A discovered pair already holds its texts in the patch direction
 * (fixed by the role when it was found), so adding is approving: `auto` approves every candidate no reviewer
 * rejected; `manual` adds the ones a reviewer confirmed (or edited). Unreviewed ones stay out of training. A
 * set-aside failure a reviewer confirmed anyway trains too (a reviewer's choice the budget does not override), so
 * the ledger's `added` counts every failure of the round that trains from now on, per role.
 */
export function addFailures(db: ProjectDb, run: ReformRun, ledger: ReformRound): ReformRound {
  const auto = (run.config as ReformConfig).approve === 'auto';
  const toApprove = auto ? (ledger.candidates ?? []).filter((id) => db.pairs.get(id)?.reviewStatus === null) : [];
  return db.transaction(() => {
    if (toApprove.length > 0) {
      db.pairs.setReviewStatus(toApprove, 'approved');
      db.reviewLog.append({
        reviewer: 'reform',
        action: 'reform.auto-approve',
        pairId: null,
        payload: { runId: run.id, round: ledger.round, pairIds: toApprove },
        undoes: null,
      });
    }
    const trains = db.discovery
      .failures({ runId: ledger.discoveryRunId }, 0, ALL)
      .rows.filter((r) => r.reviewStatus === 'confirmed' || r.reviewStatus === 'approved');
    const added: Record<string, number> = {};
    for (const r of trains) added[r.role] = (added[r.role] ?? 0) + 1;
    return db.reform.setAdded(run.id, ledger.round, { confirmed: trains.length, added });
  });
}
