// The robustness job's adaptive attack end to end: the demo, trained reward models, random-weight policies saved as
// HF folders, the engine's real guided decoder in a child-process job; skipped with a reason when no policy exists.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPairs } from '../../../../src-main/demo/generate';
import { initialPolicyWeights } from '../../../../src-main/engine/decode/policy-model';
import { presetConfig } from '../../../../src-main/engine/model/config';
import { hfConfigOf } from '../../../../src-main/engine/reward/model-files';
import { buildPrunedTokenizer } from '../../../../src-main/engine/tokenizer/pruned-bpe';
import { saveHfFolder } from '../../../../src-main/engine/weights/hf-folder';
import type { AttackMetrics, RobustnessReport } from '../../../../src-main/shared/robustness-dto';
import { openProject } from '../../../../src-main/store/project';
import { makeStudio, type TestStudio } from '../../../support/studio';

let t: TestStudio;
let file: string;

async function trained(seed: number, preset: 'bow' | 'tiny' = 'bow'): Promise<number> {
  const job = await t.finished((await t.call('train.start', { preset, epochs: preset === 'bow' ? 2 : 1, seed })).id);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return (await t.call('models.list', {}))[0]!.id;
}

/** Random-weight GPT-2 policies (one per role) on a tokenizer of the demo's texts, registered as `policy` models. */
async function addPolicies(): Promise<void> {
  const texts = generateDemoPairs({ pairs: 200, seed: 5 }).flatMap((p) => [p.prompt, p.chosen, p.rejected]);
  const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1 })).tokenizer;
  const config = presetConfig('tiny', tokenizer.vocabSize, { n_positions: 128, length_feature: false });
  const weights = initialPolicyWeights(config, 3);
  const { prefstudio: _ours, ...hf } = hfConfigOf(config, 'tiny', tokenizer.eosId);
  const tensors = new Map([...weights].map(([name, w]) => [name, { dtype: 'float32' as const, shape: w.shape, data: w.data }]));
  const db = openProject(file, { create: false });
  try {
    for (const role of ['aligned', 'misaligned']) {
      saveHfFolder(join(db.info.artifactsDir, 'models', `policy-${role}`), { config: hf, tensors, tokenizerJson: tokenizer.toJSON(), eosId: tokenizer.eosId, padId: tokenizer.padId });
      db.models.create({ name: `policy-${role}`, kind: 'policy', status: 'ready', artifactPath: join('models', `policy-${role}`), config: { role } });
    }
  } finally {
    db.close();
  }
}

type Result = RobustnessReport & { heldOut: number };

/** Set by the guided test, read by the seeds test: the tiny model, its attack settings and what the attack found. */
let guidedModel = 0;
let guidedAttack: AttackMetrics | undefined;

beforeAll(async () => {
  t = makeStudio();
  file = join(t.dir, 'attack.prefstudio');
  await t.call('project.open', { path: file, create: true });
  expect((await t.finished((await t.call('demo.start', { pairs: 300, seed: 5 })).id)).state).toBe('done');
}, 60_000);

afterAll(async () => t?.dispose());

describe('adaptive attack in the robustness job', () => {
  it('is skipped with the reason when the project has no policy, and the families still run', async () => {
    const a = await trained(1);
    const job = await t.finished((await t.call('robustness.start', { modelIds: [a], families: ['markdown'] })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const m = (job.result as unknown as Result).models[0]!;
    expect(m.attack).toBeUndefined();
    expect(m.attackSkipped).toMatch(/no ready aligned policy/);
    expect(m.families.map((f) => f.family)).toEqual(['markdown']);
    // A named policy that does not exist is the caller's error, before any job starts.
    await expect(t.call('robustness.start', { modelIds: [a], attack: { misalignedPolicyId: 999, role: 'misaligned' } })).rejects.toThrow(/no model 999/);
  }, 120_000);

  it('guided decoding finds more failures than plain sampling with the same policy, budget and seed; differences are paired', async () => {
    await addPolicies();
    // Last-token pooling (tiny) answers every candidate token, so guidance has something to follow.
    const a = await trained(2, 'tiny');
    const [b] = (await t.call('models.list', {})).filter((m) => m.kind === 'reward' && m.id !== a).map((m) => m.id);
    const attack = { role: 'misaligned' as const, prompts: 16, samples: 2, maxNewTokens: 16, temperature: 0.3, seed: 7 };
    const guidedJob = await t.finished((await t.call('robustness.start', { modelIds: [a, b!], families: ['markdown'], attack })).id);
    expect(guidedJob.state, JSON.stringify(guidedJob.error)).toBe('done');
    const sampleJob = await t.finished((await t.call('robustness.start', { modelIds: [a], families: ['markdown'], attack: { ...attack, mode: 'sample' } })).id);
    expect(sampleJob.state, JSON.stringify(sampleJob.error)).toBe('done');
    const guided = guidedJob.result as unknown as Result;
    const sampled = (sampleJob.result as unknown as Result).models[0]!.attack!;
    const [ga, gb] = guided.models.map((m) => m.attack!);
    guidedModel = a;
    guidedAttack = ga;
    for (const x of [ga!, gb!, sampled]) {
      expect(x.prompts).toBe(16);
      expect(x.outputsPerPrompt).toBe(2);
      expect(x.roles).toEqual(['misaligned']);
      expect(x.attackSuccessRate.value).toBeGreaterThanOrEqual(0);
      expect(x.attackSuccessRate.value).toBeLessThanOrEqual(1);
      expect(x.failuresPerPrompt.value).toBeLessThanOrEqual(2);
      expect(x.byRole.misaligned).toEqual({ attackSuccessRate: x.attackSuccessRate, failuresPerPrompt: x.failuresPerPrompt });
    }
    // Guidance pushes the reward up token by token, so it must beat unguided sampling of the same policy here. The margin
    // is small with random-weight policies (bench/robustness-attack.ts: 1–2 SE at T = 0.3, none at T = 0.6); the run
    // is seeded end to end, so this checks that the attack really follows the model, not a noisy claim.
    expect(ga!.failuresPerPrompt.value).toBeGreaterThan(sampled.failuresPerPrompt.value);
    expect(ga!.mode).toBe('guided');
    expect(sampled.mode).toBe('sample');
    const d = guided.diffs[0]!.attack!;
    expect(d.attackSuccessRate.value).toBeCloseTo(gb!.attackSuccessRate.value - ga!.attackSuccessRate.value, 10);
    expect(d.failuresPerPrompt.value).toBeCloseTo(gb!.failuresPerPrompt.value - ga!.failuresPerPrompt.value, 10);
    // The project is the demo, so its rule's class check gives the confirmed numbers: never more than every failure.
    for (const x of [ga!, gb!, sampled]) {
      expect(x.confirmed).toBeDefined();
      expect(x.confirmed!.failuresPerPrompt.value).toBeLessThanOrEqual(x.failuresPerPrompt.value);
      expect(x.confirmed!.byRole['misaligned']).toEqual({ attackSuccessRate: x.confirmed!.attackSuccessRate, failuresPerPrompt: x.confirmed!.failuresPerPrompt });
    }
    expect(d.confirmed?.attackSuccessRate.value).toBeCloseTo(gb!.confirmed!.attackSuccessRate.value - ga!.confirmed!.attackSuccessRate.value, 10);
    // Stored with the model's result: b's carries its paired difference to a.
    const stored = await t.call('robustness.results', {});
    expect(stored.find((r) => r.modelId === b)?.diff?.attack).toEqual(d);
    // A measurement, not data: no pair was added by the attack.
    const db = openProject(file, { create: false, readonly: true });
    try {
      expect(db.pairs.count({ origin: 'discovered' })).toBe(0);
    } finally {
      db.close();
    }
  }, 400_000);

  it('over two seeds, each seed also seeds the attack: seed 7 meets the prompts and draws of a one-seed attack with seed 7', async () => {
    expect(guidedAttack).toBeDefined();
    const attack = { role: 'misaligned' as const, prompts: 16, samples: 2, maxNewTokens: 16, temperature: 0.3 };
    const job = await t.finished((await t.call('robustness.start', { modelIds: [guidedModel], families: ['markdown'], seeds: [7, 11], attack })).id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const m = (job.result as unknown as Result).models[0]!;
    expect(m.seeds).toEqual([7, 11]);
    expect(m.attack!.prompts).toBe(16);
    expect(m.attack!.attackSuccessRate.overSeeds!.values[0]).toBe(guidedAttack!.attackSuccessRate.value);
    expect(m.attack!.failuresPerPrompt.overSeeds!.values[0]).toBe(guidedAttack!.failuresPerPrompt.value);
    expect(m.attack!.failuresPerPrompt.overSeeds!.ses[0]).toBe(guidedAttack!.failuresPerPrompt.se);
    expect(m.attack!.failuresPerPrompt.overSeeds!.values).toHaveLength(2);
    expect(m.attack!.confirmed!.attackSuccessRate.overSeeds!.values[0]).toBe(guidedAttack!.confirmed!.attackSuccessRate.value);
    expect(m.attack!.failuresPerPrompt.value).toBeCloseTo(m.attack!.failuresPerPrompt.overSeeds!.values.reduce((x, y) => x + y, 0) / 2, 12);
  }, 400_000);
});
