// Setup for bench/discover-compare.ts: a project with the demo data or the HH sample, a reward model trained by the
// app's own train job (default preset), and aligned/misaligned in-app policies trained at engine level and registered
// in the project as the policy job will register them. Each step is skipped when the work folder already holds it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { presetConfig } from '../../src-main/engine/model/config';
import { initialPolicyWeights, policyParams } from '../../src-main/engine/decode/policy-model';
import { policyLoss, savePolicy, trainPolicy, type PolicyExample } from '../../src-main/engine/policy/train-policy';
import { buildPrunedTokenizer } from '../../src-main/engine/tokenizer/pruned-bpe';
import type { Tf } from '../../src-main/engine/model/params';
import type { ModelPreset } from '../../src-main/shared/dto';
import type { PolicyRole } from '../../src-main/shared/discovery-dto';
import { openProject } from '../../src-main/store/project';
import { writeHHFiles } from '../mars/compare-data';
import { jobFinished, type Call } from '../studio-calls';


export interface PolicySetup {
  preset: 'tiny';
  nPositions: number;
  steps: number;
  batchSize: number;
  learningRate: number;
}

export interface PolicyInfo {
  role: PolicyRole;
  modelId: number;
  trainLoss: number | null;
  heldOutLoss: number | null;
  seconds: number | null;
}


/** Loads the data once: the demo (its default 4,000 pairs, seed 7) or HH train/validation lines as two imports. */
export async function loadData(call: Call, data: 'demo' | 'hh', dir: string, hh: { train: number; validation: number }): Promise<void> {
  if ((await call('project.stats', {})).pairs > 0) return;
  if (data === 'demo') {
    await jobFinished(call, await call('demo.start', { pairs: 4000, seed: 7 }));
    return;
  }
  const files = writeHHFiles(dir, hh.train, hh.validation);
  for (const split of ['train', 'validation'] as const) {
    await jobFinished(call, await call('import.start', { path: files[split], format: 'hh', split, datasetName: `hh-${split}` }));
  }
}

export interface RewardSetup {
  preset: ModelPreset;
  /** Omitted: the preset's default epochs. */
  epochs?: number;
}

/** The newest ready reward model of this preset (and epochs), trained by the app's train job unless one is there. */
export async function rewardModel(call: Call, setup: RewardSetup): Promise<{ id: number; preset: string; accuracy: number | null; accuracySe: number | null; seconds: number | null }> {
  let seconds: number | null = null;
  // The model DTO carries the preset but not the epochs: the bench names its models after both.
  const name = `${setup.preset}${setup.epochs === undefined ? '' : `-e${setup.epochs}`} (bench)`;
  let model = (await call('models.list', {})).filter((m) => m.kind === 'reward' && m.status === 'ready' && (m.name === name || (setup.epochs === undefined && m.preset === setup.preset))).at(-1);
  if (!model) {
    const started = performance.now();
    const job = await jobFinished(call, await call('train.start', { name, preset: setup.preset, ...(setup.epochs === undefined ? {} : { epochs: setup.epochs }) }));
    seconds = (performance.now() - started) / 1000;
    model = await call('models.get', { id: Number(job.result?.['modelId']) });
  }
  const v = model.metrics?.validation;
  return { id: model.id, preset: setup.preset, accuracy: v?.accuracy ?? null, accuracySe: v?.accuracySe ?? null, seconds };
}

/** Trains (or finds) one policy per role on the train split's originals: prompt → chosen, prompt → rejected. */
export async function policies(tf: Tf, file: string, setup: PolicySetup, log: (line: string) => void): Promise<PolicyInfo[]> {
  const db = openProject(file, { create: false });
  try {
    const out: PolicyInfo[] = [];
    const existing = db.models.list({ kind: 'policy' });
    const train = [...db.pairs.iterate({ split: 'train', origin: 'original' }, 1000)];
    const held = [...db.pairs.iterate({ split: 'validation', origin: 'original' }, 1000)].slice(0, 64);
    let tokenizer: Awaited<ReturnType<typeof buildPrunedTokenizer>>['tokenizer'] | null = null;
    for (const role of ['aligned', 'misaligned'] as const) {
      // Only a policy trained with these steps and batch is reused: the cache can hold several budgets.
      const found = existing.find(
        (m) => m.config.role === role && m.status === 'ready' && m.config.steps === setup.steps && (m.config.batchSize ?? setup.batchSize) === setup.batchSize,
      );
      if (found) {
        out.push({ role, modelId: found.id, trainLoss: Number(found.config.trainLoss ?? NaN), heldOutLoss: Number(found.config.heldOutLoss ?? NaN), seconds: null });
        continue;
      }
      tokenizer ??= (await buildPrunedTokenizer(train.flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]), { minCount: 1, maxVocab: 32_000 })).tokenizer;
      const pick = (p: { prompt: string; chosen: string; rejected: string }): PolicyExample => ({
        prompt: p.prompt,
        response: role === 'aligned' ? p.chosen : p.rejected,
      });
      const config = presetConfig(setup.preset, tokenizer.vocabSize, { n_positions: setup.nPositions, length_feature: false });
      const params = policyParams(tf, initialPolicyWeights(config, role === 'aligned' ? 11 : 12));
      const started = performance.now();
      const { loss: trainLoss } = await trainPolicy({
        tf,
        config,
        params,
        tokenizer,
        examples: train.map(pick),
        steps: setup.steps,
        batchSize: setup.batchSize,
        learningRate: setup.learningRate,
        seed: role === 'aligned' ? 21 : 22,
        onStep: ({ step, loss }) => {
          if (step % 50 === 0) log(`  ${role} policy step ${step}/${setup.steps}: loss ${loss.toFixed(3)}`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const heldOutLoss = policyLoss(tf, config, params, tokenizer, held.map(pick));
      const artifactPath = join('models', `policy-${role}-${setup.steps}x${setup.batchSize}`);
      savePolicy(join(db.info.artifactsDir, artifactPath), config, params, tokenizer, setup.preset, { role, steps: setup.steps });
      params.forEach((v) => v.dispose());
      const record = db.models.create({
        name: `${role} policy (bench)`,
        kind: 'policy',
        status: 'ready',
        artifactPath,
        config: { role, preset: setup.preset, trainLoss, heldOutLoss, steps: setup.steps, batchSize: setup.batchSize, nPositions: setup.nPositions },
      });
      out.push({ role, modelId: record.id, trainLoss, heldOutLoss, seconds });
      log(`  ${role} policy: train loss ${trainLoss.toFixed(3)}, held-out ${heldOutLoss.toFixed(3)} nats/token, ${seconds.toFixed(0)} s`);
    }
    return out;
  } finally {
    db.close();
  }
}

export function projectFile(dir: string, data: string): { file: string; exists: boolean } {
  const file = join(dir, `${data}.prefstudio`);
  return { file, exists: existsSync(file) };
}
