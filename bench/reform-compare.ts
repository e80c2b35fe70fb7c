// REFORM against the other ways of spending N added pairs, one round each from the same base model per seed, each
// arm on its own copy of a demo project: retrain only, uniform augmentation, MARS |Δ| and signed, REFORM, and
// MARS |Δ| + REFORM (N/2 each). Reports held-out accuracy ± SE, the perturbation families' robustness score and flip
// rates, and the attack success rate on held-out prompts (same policies, seed and prompts for every model);
// bench/reform-summary.ts prints the tables and checks the bar (≥ 35% lower attack success, ≤ 1 point
// accuracy loss).
// Policies: an aligned and a misaligned tiny GPT-2 trained once (policy.train jobs) on the demo's training split and
// used for every arm and seed; `--policy-cache DIR` keeps that project (demo + policies) so reruns skip the training.
// `--data hh` runs the same arms on the HH-RLHF sample (../shared/data/hh-rlhf) with policies trained on its training
// split (bench/hh-policies.ts); HH has no rule to check classes or review with, so there every failure counts and
// rounds approve automatically.
// Usage: PREFSTUDIO_BACKEND=wasm nice -n 10 npx tsx bench/reform-compare.ts [--seeds 1,2] [--data demo|hh] [--demo-pairs 600]
//          [--budget 24] [--prompts 32] [--heldout 32] [--preset bow] [--max-tokens 12] [--policy-steps 300]
//          [--policy-cache /tmp/reform-policies] [--arms retrain,reform] [--epochs E] [--lr X] [--review auto|rule]
//          [--out name.json]
// --epochs / --lr set the retraining of every arm alike (default: the preset's), so retrain-only stays the control.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseBackend, preferredFromEnv } from '../src-main/engine/backend';
import type { JobContext } from '../src-main/jobs/context';
import { selectPrompts } from '../src-main/jobs/discover/select';
import { openGuidedDecoder } from '../src-main/jobs/policy/open-decoder';
import { MemorySecretStore } from '../src-main/llm/secret-store';
import { measureAttack } from '../src-main/jobs/reform/attack';
import { classCheckFor, keepsClass } from '../src-main/curation/failures/class-check';
import { DiscoverOptions } from '../src-main/shared/discovery-dto';
import { ModelPreset } from '../src-main/shared/dto';
import type { AttackRate } from '../src-main/shared/reform-dto';
import { openProject } from '../src-main/store/project';
import { demoQuality } from '../src-main/demo/generate';
import { hhPolicyProject } from './hh-policies';
import { benchStudio } from './studio-calls';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1' },
    data: { type: 'string', default: 'demo' },
    'demo-pairs': { type: 'string', default: '600' },
    budget: { type: 'string', default: '24' },
    prompts: { type: 'string', default: '32' },
    heldout: { type: 'string', default: '32' },
    preset: { type: 'string', default: 'bow' },
    'max-tokens': { type: 'string', default: '12' },
    'policy-steps': { type: 'string', default: '300' },
    'policy-cache': { type: 'string' },
    arms: { type: 'string', default: 'retrain,uniform,mars-abs,reform,mars+reform' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    out: { type: 'string', default: 'reform-compare.json' },
    review: { type: 'string', default: 'auto' },
  },
});
const seeds = String(values.seeds).split(',').map(Number);
const N = Number(values.budget);
const preset = ModelPreset.parse(values.preset);
const decode = { k: 5, temperature: 0.6, maxNewTokens: Number(values['max-tokens']), samples: 1, mode: 'guided' as const };
const ALL_ARMS = ['retrain', 'uniform', 'mars-abs', 'mars-signed', 'reform', 'mars+reform'] as const;
type Arm = (typeof ALL_ARMS)[number];
const ARMS = String(values.arms).split(',').map((a) => {
  const arm = ALL_ARMS.find((x) => x === a);
  if (!arm) throw new Error(`unknown arm ${a} (expected ${ALL_ARMS.join(', ')})`);
  return arm;
});
/**
 * Who approves discovered failures in the REFORM arms: `auto` (the round takes every capped failure) or `rule` (a
 * simulated reviewer: the demo's hidden rule confirms, largest gap first, the failures that keep their policy's class
 * until the budget is spent, and rejects the other candidates, as the app's reviewer would in the Failures queue).
 */
const review = String(values.review);
if (review !== 'auto' && review !== 'rule') throw new Error(`--review must be auto or rule, not ${review}`);
const data = String(values.data);
if (data !== 'demo' && data !== 'hh') throw new Error(`--data must be demo or hh, not ${data}`);
if (data === 'hh' && review === 'rule') throw new Error('--review rule needs the demo: HH has no rule to review with');
/** The retraining every arm does, alike; empty: the preset's epochs and learning rate. */
const retrain = {
  ...(values.epochs === undefined ? {} : { epochs: Number(values.epochs) }),
  ...(values.lr === undefined ? {} : { learningRate: Number(values.lr) }),
};

process.env['PREFSTUDIO_BACKEND'] ??= 'wasm';
const { call, finished, close } = benchStudio();
const dir = mkdtempSync(join(tmpdir(), 'reform-compare-'));

function copyProject(from: string, to: string): void {
  cpSync(from, to);
  const artifacts = from.replace(/\.prefstudio$/, '.artifacts');
  if (existsSync(artifacts)) cpSync(artifacts, to.replace(/\.prefstudio$/, '.artifacts'), { recursive: true });
}

/** The demo rule's reading of the discovered pairs that trained: a patch pair with the wrong label teaches the error. */
function addedLabels(path: string): { agree: number; tie: number; against: number } {
  const db = openProject(path, { create: false });
  try {
    const counts = { agree: 0, tie: 0, against: 0 };
    for (const p of db.pairs.iterate({ origin: 'discovered' })) {
      if (p.reviewStatus !== 'approved' && p.reviewStatus !== 'confirmed') continue;
      const d = demoQuality(p.prompt, p.chosen) - demoQuality(p.prompt, p.rejected);
      counts[d > 0 ? 'agree' : d === 0 ? 'tie' : 'against'] += 1;
    }
    return counts;
  } finally {
    db.close();
  }
}

/**
 * The attack on held-out prompts (validation originals, fixed seed): the same for every model of a seed. The rate
 * counts every output the model scores on the wrong side of its reference, and apart (`confirmed`) only those the
 * demo's rule says keep their policy's class — REFORM's failures. An aligned output the guidance pushed into bad
 * text that the model then scores low is the model being right, not a failure.
 */
async function heldOutAttack(path: string, modelId: number): Promise<AttackRate> {
  const db = openProject(path, { create: false });
  try {
    const chosen = await chooseBackend(preferredFromEnv(process.env));
    const { tf } = chosen;
    const config = DiscoverOptions.parse({ ...decode, split: 'validation', prompts: Number(values.heldout), seed: 99 });
    const promptIds = selectPrompts(db, config);
    const model = db.models.get(modelId);
    const policies = new Map(db.models.list({ kind: 'policy' }).map((m) => [String(m.config.role), m]));
    const openFor = (role: 'aligned' | 'misaligned') =>
      openGuidedDecoder({
        tf,
        policy: { kind: 'local', dir: join(db.info.artifactsDir, policies.get(role)?.artifactPath ?? '') },
        rewardModelDir: join(db.info.artifactsDir, model?.artifactPath ?? ''),
      });
    // A measurement outside any job: nothing to report progress to.
    const ctx: JobContext = { db, jobId: 'bench', params: {}, backend: async () => chosen, secrets: new MemorySecretStore(), signal: new AbortController().signal, progress: () => undefined, changed: () => undefined, log: () => undefined };
    return await measureAttack(ctx, openFor, promptIds, config, ['aligned', 'misaligned'], '', classCheckFor(db));
  } finally {
    db.close();
  }
}

/** The robustness suite's perturbation families on a model's held-out pairs (the attack is measured apart, above). */
interface Suite {
  /** The robustness score: mean accuracy over the families' perturbed pairs (docs/robustness.md). */
  score: number;
  flipRate: Record<string, number>;
}

/** Runs the perturbation families on `modelId` in the open project; no attack (measured with the rule's check above). */
async function perturbationSuite(modelId: number): Promise<Suite> {
  await finished(await call('robustness.start', { modelIds: [modelId], attack: false }));
  const r = (await call('robustness.results', {})).find((x) => x.modelId === modelId);
  return { score: r?.score.value ?? NaN, flipRate: Object.fromEntries((r?.families ?? []).map((f) => [f.family, f.flipRate.value])) };
}

interface ArmResult {
  arm: Arm;
  seed: number;
  modelId: number;
  added: number;
  /** REFORM arms: discovered failures added per policy role (which failure mode the patch targets). */
  addedByRole?: Record<string, number>;
  /** REFORM arms: of the discovered pairs that trained, how many the demo's hidden rule ranks as labelled. */
  addedLabels?: { agree: number; tie: number; against: number };
  accuracy: number;
  accuracySe: number;
  attack: AttackRate;
  suite: Suite;
  /** REFORM arms: the ledger's attack success on the round's own training prompts, before → after. */
  trainingPrompts?: { before: number | null; after: number | null };
  seconds: number;
}

/** Every failure of a discovery run, through the paged queue the Failures view reads. */
async function allFailures(runId: number) {
  const rows = [];
  for (let after = 0; ; ) {
    const page = await call('failures.page', { runId, after, limit: 1000 });
    rows.push(...page.rows);
    if (page.nextAfter === null) return rows;
    after = page.nextAfter;
  }
}

/**
 * The simulated reviewer of `--review rule`: in the order of the queue's largest gaps, confirms failures the demo's
 * rule says keep their policy's class (set-aside ones too: a reviewer may confirm past the cap) until `budget` are
 * confirmed, and rejects every other candidate of the round.
 */
async function ruleReview(runId: number, budget: number): Promise<void> {
  const [round] = await call('reform.rounds', { runId });
  const rows = (await allFailures(round?.discoveryRunId ?? 0)).sort((a, b) => b.gap - a.gap || a.pairId - b.pairId);
  const keep = rows.filter((r) => r.ruleVerdict !== null && keepsClass(r.role, r.ruleVerdict)).slice(0, budget);
  const kept = new Set(keep.map((r) => r.pairId));
  const reject = (round?.candidates ?? []).filter((id) => !kept.has(id));
  if (keep.length > 0) await call('failures.review', { pairIds: [...kept], action: 'confirm', reviewer: 'rule' });
  if (reject.length > 0) await call('failures.review', { pairIds: reject, action: 'reject', reviewer: 'rule' });
}

/** Confirmed failures of a discovery run per role: what trains after a reviewed round. */
async function confirmedByRole(discoveryRunId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await allFailures(discoveryRunId)) if (r.reviewStatus === 'confirmed') out[r.role] = (out[r.role] ?? 0) + 1;
  return out;
}

async function runArm(arm: Arm, seed: number, base: { path: string; modelId: number }, scratch: string): Promise<ArmResult> {
  const path = join(dir, `${arm.replace('+', '-')}-${seed}.prefstudio`);
  await call('project.open', { path: scratch, create: false });
  copyProject(base.path, path);
  await call('project.open', { path, create: false });
  const t0 = performance.now();
  let modelId = base.modelId;
  let added = 0;
  let trainingPrompts: ArmResult['trainingPrompts'];
  const addedByRole: Record<string, number> = {};
  const mars = async (budget: number, weighting: 'uniform' | 'abs' | 'signed') => {
    const job = await finished(await call('mars.start', { ...retrain, rounds: 1, budget, weighting, baseModelId: modelId, seed }));
    const [round] = await call('mars.rounds', { runId: Number(job.result?.['runId']) });
    modelId = round?.modelId ?? modelId;
    added += round?.spent ?? 0;
  };
  const reform = async (budget: number) => {
    const job = await finished(
      await call('reform.start', { ...decode, ...retrain, rounds: 1, budget, approve: review === 'rule' ? 'manual' : 'auto', prompts: Number(values.prompts), baseModelId: modelId, seed }),
    );
    const runId = Number(job.result?.['runId']);
    if (review === 'rule') {
      await ruleReview(runId, budget);
      await finished(await call('reform.continue', { runId }));
    }
    const [round] = await call('reform.rounds', { runId });
    modelId = round?.modelId ?? modelId;
    const byRole = review === 'rule' ? await confirmedByRole(round?.discoveryRunId ?? 0) : (round?.added ?? {});
    added += Object.values(byRole).reduce((a, b) => a + b, 0);
    for (const [role, n] of Object.entries(byRole)) addedByRole[role] = (addedByRole[role] ?? 0) + n;
    trainingPrompts = { before: round?.attackBefore?.overall.value ?? null, after: round?.attackAfter?.overall.value ?? null };
  };
  if (arm === 'retrain') await mars(0, 'uniform');
  if (arm === 'uniform') await mars(N, 'uniform');
  if (arm === 'mars-abs') await mars(N, 'abs');
  if (arm === 'mars-signed') await mars(N, 'signed');
  if (arm === 'reform') await reform(N);
  if (arm === 'mars+reform') {
    await mars(Math.floor(N / 2), 'abs');
    await reform(N - Math.floor(N / 2));
  }
  const seconds = (performance.now() - t0) / 1000;
  const v = (await call('models.get', { id: modelId })).metrics?.validation;
  const suite = await perturbationSuite(modelId);
  await call('project.open', { path: scratch, create: false });
  const attack = await heldOutAttack(path, modelId);
  const labels = trainingPrompts && data === 'demo' ? { addedLabels: addedLabels(path) } : {};
  return {
    ...labels, arm, seed, modelId, added, accuracy: v?.accuracy ?? NaN, accuracySe: v?.accuracySe ?? NaN, attack, suite, seconds, ...(trainingPrompts ? { trainingPrompts, addedByRole } : {}) };
}

/**
 * The demo (or, with `--data hh`, the HH sample) project with both policies trained on its training split: built
 * once, or taken from the cache folder. The demo is generated with a fixed seed (7), so one such project serves
 * every seed's reward model.
 */
async function policyProject(scratch: string): Promise<string> {
  const cache = values['policy-cache'] ?? join(dir, 'policies');
  if (data === 'hh') return hhPolicyProject(cache, { steps: Number(values['policy-steps']) });
  mkdirSync(cache, { recursive: true });
  const key = `demo${values['demo-pairs']}-steps${values['policy-steps']}`;
  const path = join(cache, `${key}.prefstudio`);
  const marker = join(cache, `${key}.json`);
  if (existsSync(marker)) {
    console.log(`policies from ${path}`);
    return path;
  }
  rmSync(path, { force: true });
  rmSync(path.replace(/\.prefstudio$/, '.artifacts'), { recursive: true, force: true });
  await call('project.open', { path, create: true });
  await finished(await call('demo.start', { pairs: Number(values['demo-pairs']), seed: 7 }));
  const metrics: Record<string, unknown> = {};
  for (const role of ['aligned', 'misaligned'] as const) {
    const t0 = performance.now();
    const job = await finished(await call('policy.train', { role, steps: Number(values['policy-steps']), seed: 1 }));
    const policy = (await call('policy.list', {})).find((p) => p.role === role);
    const { history: _curve, ...m } = policy?.metrics ?? { history: [] };
    metrics[role] = { jobId: job.id, ...m };
    console.log(`policy ${role}: ${((performance.now() - t0) / 1000).toFixed(0)} s, ${JSON.stringify(m)}`);
  }
  await call('project.open', { path: scratch, create: false });
  writeFileSync(marker, JSON.stringify(metrics, null, 2));
  return path;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const scratch = join(dir, 'scratch.prefstudio');
  await call('project.open', { path: scratch, create: true });
  const policies = await policyProject(scratch);
  const results: Array<ArmResult | (Omit<ArmResult, 'arm'> & { arm: 'base' })> = [];
  for (const seed of seeds) {
    const basePath = join(dir, `base-${seed}.prefstudio`);
    copyProject(policies, basePath);
    await call('project.open', { path: basePath, create: false });
    const trained = await finished(await call('train.start', { preset, seed }));
    const modelId = Number(trained.result?.['modelId']);
    const v = (await call('models.get', { id: modelId })).metrics?.validation;
    const suite = await perturbationSuite(modelId);
    await call('project.open', { path: scratch, create: false });
    const baseAttack = await heldOutAttack(basePath, modelId);
    results.push({ arm: 'base', seed, modelId, added: 0, accuracy: v?.accuracy ?? NaN, accuracySe: v?.accuracySe ?? NaN, attack: baseAttack, suite, seconds: 0 });
    console.log(`seed ${seed} base: acc ${pct(v?.accuracy ?? NaN)} attack ${pct(baseAttack.overall.value)} ± ${pct(baseAttack.overall.se)}, confirmed ${pct(baseAttack.confirmed?.overall.value ?? NaN)}`);
    for (const arm of ARMS) {
      const r = await runArm(arm, seed, { path: basePath, modelId }, scratch);
      results.push(r);
      const rel = baseAttack.overall.value > 0 ? (r.attack.overall.value / baseAttack.overall.value - 1) * 100 : NaN;
      console.log(
        `seed ${seed} ${arm}: added ${r.added}, acc ${pct(r.accuracy)} ± ${pct(r.accuracySe)} (Δ ${((r.accuracy - (v?.accuracy ?? NaN)) * 100).toFixed(1)} pt), ` +
          `attack ${pct(r.attack.overall.value)} ± ${pct(r.attack.overall.se)} (${rel.toFixed(0)}% relative), confirmed ${pct(r.attack.confirmed?.overall.value ?? NaN)} ` +
          `(base ${pct(baseAttack.confirmed?.overall.value ?? NaN)}), ${r.seconds.toFixed(0)} s` +
          (r.trainingPrompts
            ? `; on the round's training prompts ${pct(r.trainingPrompts.before ?? NaN)} → ${pct(r.trainingPrompts.after ?? NaN)}, added by role ${JSON.stringify(r.addedByRole)}, hidden rule on them ${JSON.stringify(r.addedLabels)}`
            : ''),
      );
    }
  }
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  // Seeds or arms run separately (a seed takes minutes) add up in one file: earlier results of other arms or seeds
  // are kept; base rows are deterministic per seed, so a rerun's replaces the earlier one.
  const file = join(out, String(values.out));
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: typeof results }).results : [];
  const fresh = new Set(results.map((r) => `${r.arm}:${r.seed}`));
  const merged = [...earlier.filter((r) => !fresh.has(`${r.arm}:${r.seed}`)), ...results].sort((a, b) => a.seed - b.seed);
  writeFileSync(file, JSON.stringify({ command: values, decode, budget: N, retrain, results: merged }, null, 2));
  console.log(`wrote ${file}`);
}

try {
  await main();
} finally {
  await close();
  rmSync(dir, { recursive: true, force: true });
}
