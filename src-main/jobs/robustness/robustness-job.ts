// Job (child process): perturbs the held-out pairs by family, scores them with every model, attacks each model,
// stores each model's result.
import { jobParams, type JobParams } from '../../shared/job-params';
import { robustnessReport, type ModelMargins } from '../../engine/robustness/report';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import type { AttackOutcome } from '../../engine/robustness/attack';
import { DiscoverOptions } from '../../shared/discovery-dto';
import type { RobustnessResult } from '../../shared/robustness-dto';
import type { JobRunner } from '../context';
import { policySource } from '../discover/discover-job';
import { selectPrompts } from '../discover/select';
import type { TextPair } from '../reward/pairs-data';
import { loadTextScorer } from '../reward/scorer';
import { attackModel, type AttackPlan } from './attack-run';
import { heldOutPairs, resultKey, suiteSets, type HeldOut } from './held-out';
import { readExternalMargins } from './scores-dir';

type AttackParam = JobParams<'robustness'>['attack'];

/** The attack plan on this project's held-out prompts, or why there is none. */
function attackPlan(ctx: Parameters<JobRunner<'robustness'>>[0], held: HeldOut, attack: AttackParam): AttackPlan | { skipped: string } | null {
  if (attack === false) return null;
  if ('skipped' in attack) return attack;
  const ids = selectPrompts(ctx.db, DiscoverOptions.parse({ split: 'validation', prompts: attack.config.prompts, seed: attack.config.seed }));
  const byId = new Map(held.pairs.map((p) => [p.id, p]));
  const prompts = ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [p] : [];
  });
  if (prompts.length < 2) return { skipped: `the attack needs at least 2 held-out prompts; this project has ${prompts.length}` };
  // An endpoint policy's key was left out of the stored params: it comes from the secrets the host handed this job.
  const policies = attack.policies.map((p) => {
    const model = ctx.db.models.get(p.id);
    return model && p.source.kind === 'endpoint' ? { ...p, source: policySource(ctx.db, model, ctx.secrets) } : p;
  });
  return { config: attack.config, prompts, policies };
}

function asText(pairs: ReadonlyArray<{ pairId?: number; id?: number; prompt: string; chosen: string; rejected: string }>): TextPair[] {
  return pairs.map((p, i) => ({ id: p.pairId ?? p.id ?? i, split: 'validation', prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, strength: null }));
}

export const robustnessJobRunner = (open: OpenGuidedDecoder): JobRunner<'robustness'> => async (ctx) => {
  const p = jobParams('robustness', ctx.params);
  const { tf } = await ctx.backend();
  const held = heldOutPairs(ctx.db);
  const sets = suiteSets(held, p.seed, p.families);
  // Scores files are read first: a malformed line fails the run before minutes of scoring.
  const externals = p.externals.map((x) => ({ modelId: x.id, ...readExternalMargins(x.dir, p.seed, held.pairs, sets, (line) => ctx.log(line)) }));
  for (const s of sets) ctx.log(`${s.family}: ${s.pairs.length} perturbed pairs, ${s.skipped} skipped`);
  const plan = attackPlan(ctx, held, p.attack);
  if (plan && 'skipped' in plan) ctx.log(`adaptive attack skipped: ${plan.skipped}`);
  const attackUnits = plan && !('skipped' in plan) ? plan.prompts.length * plan.policies.length : 0;
  const perModel = held.pairs.length + sets.reduce((a, s) => a + s.pairs.length, 0) + attackUnits;
  const total = perModel * p.models.length;
  let done = 0;
  const margins: ModelMargins[] = [];
  for (const m of p.models) {
    // The project's scorer reads any model folder: a transformer, an n-gram model, or both summed (`combined`).
    const scorer = await loadTextScorer(m.dir, async () => tf);
    try {
      const score = async (pairs: TextPair[], label: string): Promise<Map<number, number>> => {
        const scores = await scorer.score(pairs, ctx.signal, (n) =>
          ctx.progress({ done: done + n, total, unit: 'steps', message: `model ${m.id}: ${label} (${n} of ${pairs.length})` }),
        );
        done += pairs.length;
        return new Map(pairs.map((q, i) => [q.id, scores[i]!.margin]));
      };
      const heldOut = await score(asText(held.pairs), 'held-out pairs');
      const families: Array<ModelMargins['families'][number]> = [];
      for (const s of sets) {
        if (ctx.signal.aborted) break;
        families.push({ family: s.family, margins: await score(asText(s.pairs), s.family) });
      }
      margins.push({ modelId: m.id, heldOut, families });
    } finally {
      scorer.dispose();
    }
    if (ctx.signal.aborted) return { cancelled: true };
    const entry = margins[margins.length - 1]!;
    if (plan && 'skipped' in plan) entry.attackSkipped = plan.skipped;
    else if (plan) {
      let attacked = 0;
      const outcome: AttackOutcome | null = await attackModel(ctx, tf, open, m.dir, plan, () => {
        attacked++;
        done++;
        ctx.progress({ done, total, unit: 'steps', message: `model ${m.id}: adaptive attack (${attacked} of ${attackUnits} prompts × roles)` });
      });
      if (outcome === null) return { cancelled: true };
      entry.attack = outcome;
    }
  }
  margins.push(...externals);
  const report = robustnessReport(margins);
  const createdAt = new Date().toISOString();
  ctx.db.transaction(() => {
    for (const r of report.models) {
      const diff = report.diffs.find((d) => d.modelId === r.modelId);
      const stored: RobustnessResult = { ...r, seed: p.seed, jobId: ctx.jobId, createdAt, ...(diff ? { diff } : {}) };
      ctx.db.settings.set(resultKey(r.modelId), stored);
    }
  });
  ctx.progress({ done: total, total, unit: 'steps', message: 'robustness measured' }, true);
  return { ...report, heldOut: held.pairs.length, perturbed: Object.fromEntries(sets.map((s) => [s.family, s.pairs.length])) };
};
