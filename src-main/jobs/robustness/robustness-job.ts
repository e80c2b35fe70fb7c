// Job (child process): perturbs the held-out pairs by family, scores them with every model, attacks each model, once
// per suite seed; combines the seeds and stores each model's result.
import { jobParams, type JobParams } from '../../shared/job-params';
import type { FamilySet } from '../../engine/robustness/perturb';
import { robustnessReport, type ModelMargins } from '../../engine/robustness/report';
import { combineSeeds } from '../../engine/robustness/seeds';
import type { OpenGuidedDecoder } from '../../engine/decode/types';
import type { AttackOutcome } from '../../engine/robustness/attack';
import { DiscoverOptions } from '../../shared/discovery-dto';
import type { RobustnessResult } from '../../shared/robustness-dto';
import type { JobRunner } from '../context';
import { policySource } from '../discover/discover-job';
import { selectPrompts } from '../discover/select';
import type { TextPair } from '../reward/pairs-data';
import { loadTextScorer } from '../reward/scorer';
import { classCheckFor } from '../../curation/failures/class-check';
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

/** One suite seed's perturbed pairs and attack plan; with several seeds each seed also seeds the attack. */
interface SeedRun {
  seed: number;
  sets: FamilySet[];
  plan: AttackPlan | { skipped: string } | null;
  margins: ModelMargins[];
}

function seedRuns(ctx: Parameters<JobRunner<'robustness'>>[0], held: HeldOut, p: JobParams<'robustness'>): SeedRun[] {
  const seeds = p.seeds ?? [p.seed];
  return seeds.map((seed) => {
    const attack: AttackParam =
      seeds.length > 1 && p.attack !== false && !('skipped' in p.attack) ? { ...p.attack, config: { ...p.attack.config, seed } } : p.attack;
    return { seed, sets: suiteSets(held, seed, p.families), plan: attackPlan(ctx, held, attack), margins: [] };
  });
}

export const robustnessJobRunner = (open: OpenGuidedDecoder): JobRunner<'robustness'> => async (ctx) => {
  const p = jobParams('robustness', ctx.params);
  const { tf } = await ctx.backend();
  const held = heldOutPairs(ctx.db);
  const runs = seedRuns(ctx, held, p);
  const multi = runs.length > 1;
  // Scores files are read first: a malformed line fails the run before minutes of scoring. The handler allows them
  // only in a one-seed run (a folder holds one seed's perturbations).
  const externals = p.externals.map((x) => ({ modelId: x.id, ...readExternalMargins(x.dir, p.seed, held.pairs, runs[0]!.sets, (line) => ctx.log(line)) }));
  for (const run of runs) {
    const tag = multi ? `seed ${run.seed}: ` : '';
    for (const s of run.sets) ctx.log(`${tag}${s.family}: ${s.pairs.length} perturbed pairs, ${s.skipped} skipped`);
    if (run.plan && 'skipped' in run.plan) ctx.log(`${tag}adaptive attack skipped: ${run.plan.skipped}`);
  }
  const attackUnits = (run: SeedRun) => (run.plan && !('skipped' in run.plan) ? run.plan.prompts.length * run.plan.policies.length : 0);
  const perModel = held.pairs.length + runs.reduce((a, r) => a + r.sets.reduce((b, s) => b + s.pairs.length, 0) + attackUnits(r), 0);
  const total = perModel * p.models.length;
  let done = 0;
  // On the built-in demo its rule tells REFORM's failures (the output keeps its policy's class) from the rest.
  const check = classCheckFor(ctx.db);
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
      // The unperturbed held-out pairs are the same in every seed: scored once.
      const heldOut = await score(asText(held.pairs), 'held-out pairs');
      for (const run of runs) {
        const families: Array<ModelMargins['families'][number]> = [];
        for (const s of run.sets) {
          if (ctx.signal.aborted) break;
          families.push({ family: s.family, margins: await score(asText(s.pairs), multi ? `seed ${run.seed}, ${s.family}` : s.family) });
        }
        run.margins.push({ modelId: m.id, heldOut, families });
      }
    } finally {
      scorer.dispose();
    }
    if (ctx.signal.aborted) return { cancelled: true };
    for (const run of runs) {
      const entry = run.margins[run.margins.length - 1]!;
      if (run.plan && 'skipped' in run.plan) entry.attackSkipped = run.plan.skipped;
      else if (run.plan) {
        let attacked = 0;
        const units = attackUnits(run);
        const outcome: AttackOutcome | null = await attackModel(ctx, tf, open, m.dir, run.plan, () => {
          attacked++;
          done++;
          const what = `adaptive attack${multi ? `, seed ${run.seed}` : ''}`;
          ctx.progress({ done, total, unit: 'steps', message: `model ${m.id}: ${what} (${attacked} of ${units} prompts × roles)` });
        }, check);
        if (outcome === null) return { cancelled: true };
        entry.attack = outcome;
      }
    }
  }
  runs[0]!.margins.push(...externals);
  const report = combineSeeds(
    runs.map((r) => r.seed),
    runs.map((r) => robustnessReport(r.margins)),
  );
  const createdAt = new Date().toISOString();
  ctx.db.transaction(() => {
    for (const r of report.models) {
      const diff = report.diffs.find((d) => d.modelId === r.modelId);
      const stored: RobustnessResult = { ...r, seed: runs[0]!.seed, jobId: ctx.jobId, createdAt, ...(diff ? { diff } : {}) };
      ctx.db.settings.set(resultKey(r.modelId), stored);
    }
  });
  ctx.progress({ done: total, total, unit: 'steps', message: 'robustness measured' }, true);
  // Perturbed pairs per family: the mean over seeds, as each family's `n` in the report.
  const perturbed = Object.fromEntries(
    runs[0]!.sets.map((s) => [s.family, Math.round(runs.reduce((a, r) => a + (r.sets.find((x) => x.family === s.family)?.pairs.length ?? 0), 0) / runs.length)]),
  );
  return { ...report, heldOut: held.pairs.length, perturbed };
};
