// Job (child process, kind `policy-train`): trains the policy of one role on the project's train split (prompt →
// chosen for aligned, prompt → rejected for misaligned), from scratch or from a local GPT-2 folder, with progress,
// checkpoints and resume, and saves it in the Hugging Face layout with its loss/perplexity numbers.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { initialPolicyWeights, policyParams } from '../../engine/decode/policy-model';
import { presetConfig } from '../../engine/model/config';
import { SeededRng } from '../../engine/model/rng';
import { loadPolicyFolder } from '../../engine/policy/policy-files';
import { policyLoss, savePolicy, trainPolicy, type PolicyExample } from '../../engine/policy/train-policy';
import { readCheckpoint, writeCheckpoint } from '../../engine/reward/checkpoint-file';
import { buildPrunedTokenizer } from '../../engine/tokenizer/pruned-bpe';
import { ErrorCode, StudioError } from '../../shared/errors';
import { jobParams } from '../../shared/job-params';
import { PolicyMetrics } from '../../shared/policy-dto';
import type { JobContext, JobRunner } from '../context';
import { loadTextPairs, type TextPair } from '../reward/pairs-data';

/** Examples measured before and after training: enough for a stable perplexity, few enough to take seconds. */
const EVAL_EXAMPLES = 64;
const HISTORY_POINTS = 400;
const DEFAULT_BATCH = 8;

/** What the job keeps beside the weights file, so a resumed run reports the numbers of the whole run. */
const PolicyCheckpoint = z.object({
  step: z.number().int(),
  file: z.string(),
  initialLoss: z.number(),
  seconds: z.number(),
  history: PolicyMetrics.shape.history,
});
type PolicyCheckpoint = z.infer<typeof PolicyCheckpoint>;

function examplesOf(pairs: readonly TextPair[], role: 'aligned' | 'misaligned'): PolicyExample[] {
  return pairs.map((p) => ({ prompt: p.prompt, response: role === 'aligned' ? p.chosen : p.rejected }));
}

/** A seeded sample, the same on every run of the job, so "before" and "after" measure the same examples. */
function sample(examples: readonly PolicyExample[], seed: number): PolicyExample[] {
  return new SeededRng(seed).shuffle([...examples]).slice(0, EVAL_EXAMPLES);
}

function storedCheckpoint(ctx: JobContext): PolicyCheckpoint | null {
  const cp = PolicyCheckpoint.safeParse(ctx.db.jobs.getCheckpoint(ctx.jobId));
  return cp.success && existsSync(cp.data.file) ? cp.data : null;
}

function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const stride = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * stride)] as T);
}

export const runPolicyTrainJob: JobRunner<'policy-train'> = async (ctx) => {
  const p = jobParams('policy-train', ctx.params);
  const { db } = ctx;
  db.models.setStatus(p.modelId, 'training');
  try {
    const data = loadTextPairs(db, p.datasetId === undefined ? {} : { datasetId: p.datasetId });
    const examples = examplesOf(data.train, p.role);
    if (examples.length === 0) {
      throw new StudioError(ErrorCode.InvalidRequest, 'no training pairs: the selection has no non-tie pairs in the train split');
    }
    const { tf, report } = await ctx.backend();
    ctx.progress({ done: 0, total: p.steps, unit: 'steps', message: `${p.role} policy: ${examples.length} examples` }, true);
    // From scratch the vocabulary is built from the training texts alone, deterministically, so a resumed run
    // rebuilds the same ids; a pretrained folder brings its own tokenizer and shape.
    const start = p.initFrom
      ? loadPolicyFolder(p.initFrom)
      : await (async () => {
          const texts = data.train.flatMap((t) => [t.prompt, t.chosen, t.rejected]);
          const tokenizer = (await buildPrunedTokenizer(texts, { minCount: 1, maxVocab: 32_000 })).tokenizer;
          const config = presetConfig(p.preset, tokenizer.vocabSize, { length_feature: false });
          return { config, weights: initialPolicyWeights(config, p.seed), tokenizer, preset: p.preset as string };
        })();
    const { config, tokenizer, preset } = start;
    const params = policyParams(tf, start.weights);
    const trainSample = sample(examples, p.seed);
    const heldOut = sample(examplesOf(data.validation, p.role), p.seed);
    mkdirSync(p.modelDir, { recursive: true });
    const checkpointFile = join(p.modelDir, 'checkpoint.safetensors');
    const resumed = storedCheckpoint(ctx);
    if (resumed) ctx.log(`resuming the ${p.role} policy from step ${resumed.step}`);
    const initialLoss = resumed?.initialLoss ?? policyLoss(tf, config, params, tokenizer, trainSample);
    const history = [...(resumed?.history ?? [])];
    const began = Date.now() - (resumed?.seconds ?? 0) * 1000;
    const learningRate = p.learningRate ?? (p.initFrom ? 3e-4 : 3e-3);
    const batchSize = p.batchSize ?? DEFAULT_BATCH;
    let tokensPerSecond = 0;
    const outcome = await trainPolicy({
      tf,
      config,
      params,
      tokenizer,
      examples,
      steps: p.steps,
      batchSize,
      learningRate,
      seed: p.seed,
      signal: ctx.signal,
      checkpointEvery: p.checkpointEvery,
      ...(resumed ? { resumeFrom: readCheckpoint(resumed.file) } : {}),
      onCheckpoint: (cp) => {
        writeCheckpoint(checkpointFile, cp);
        const stored: PolicyCheckpoint = { step: cp.step, file: checkpointFile, initialLoss, seconds: (Date.now() - began) / 1000, history };
        db.jobs.setCheckpoint(ctx.jobId, { ...stored });
      },
      onStep: (s) => {
        history.push({ step: s.step, loss: s.loss, perplexity: s.perplexity });
        tokensPerSecond = tokensPerSecond === 0 ? s.tokensPerSecond : 0.9 * tokensPerSecond + 0.1 * s.tokensPerSecond;
        ctx.progress({
          done: s.step,
          total: p.steps,
          unit: 'steps',
          message: `${p.role} policy · loss ${s.loss.toFixed(3)} · perplexity ${s.perplexity.toFixed(1)} · ${Math.round(tokensPerSecond)} tokens/s`,
          metrics: { step: s.step, totalSteps: p.steps, loss: s.loss, perplexity: s.perplexity, learningRate, tokensPerSecond },
        });
      },
    });
    if (outcome.cancelled) {
      params.forEach((v) => v.dispose());
      db.models.setStatus(p.modelId, 'cancelled');
      return { modelId: p.modelId, cancelled: true, steps: outcome.steps };
    }
    const finalLoss = policyLoss(tf, config, params, tokenizer, trainSample);
    const validationLoss = heldOut.length > 0 ? policyLoss(tf, config, params, tokenizer, heldOut) : null;
    const seconds = (Date.now() - began) / 1000;
    savePolicy(p.modelDir, config, params, tokenizer, preset, {
      role: p.role,
      preset,
      steps: outcome.steps,
      seed: p.seed,
      learningRate,
      batchSize,
      backend: report.name,
      ...(p.initFrom ? { initFrom: p.initFrom } : {}),
    });
    params.forEach((v) => v.dispose());
    const metrics: PolicyMetrics = {
      backend: report.name,
      examples: examples.length,
      steps: outcome.steps,
      seconds,
      tokensPerSecond,
      initialLoss,
      initialPerplexity: Math.exp(initialLoss),
      finalLoss,
      finalPerplexity: Math.exp(finalLoss),
      validationLoss,
      validationPerplexity: validationLoss === null ? null : Math.exp(validationLoss),
      history: downsample(history, HISTORY_POINTS),
    };
    // `policy` beside the reward-model fields left null, so the models list (ModelMetrics) reads a policy row too.
    db.models.updateMetrics(p.modelId, { validation: null, train: null, training: null, policy: metrics });
    db.models.setStatus(p.modelId, 'ready');
    return {
      modelId: p.modelId,
      role: p.role,
      steps: outcome.steps,
      initialPerplexity: metrics.initialPerplexity,
      finalPerplexity: metrics.finalPerplexity,
      validationPerplexity: metrics.validationPerplexity,
      seconds,
    };
  } catch (err) {
    db.models.setStatus(p.modelId, 'failed');
    throw err;
  }
};
