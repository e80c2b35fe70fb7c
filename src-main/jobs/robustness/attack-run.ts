// The adaptive attack of the robustness job: guided decoding against one model under test on held-out prompts with
// fixed policies, budget and seed, each output classified as discovery classifies it. Nothing is stored as a pair.
import type * as TF from '@tensorflow/tfjs';
import type { ClassCheck } from '../../curation/failures/class-check';
import type { AttackOutcome, AttackRole } from '../../engine/robustness/attack';
import type { OpenGuidedDecoder, PolicySource } from '../../engine/decode/types';
import { classifyOutput } from '../../engine/failures/classify';
import type { AttackConfig } from '../../shared/robustness-dto';
import type { JobContext } from '../context';

/** What the handler resolved: the attack's settings, its prompts' texts and the policy of each role. */
export interface AttackPlan {
  config: AttackConfig;
  prompts: Array<{ id: number; prompt: string; chosen: string; rejected: string }>;
  policies: Array<{ role: AttackRole; id: number; source: PolicySource }>;
}

/** Prompts decoded per call: the decoder batches them; small enough that a cancel loses little. */
const CHUNK = 4;

/**
 * One seed per decode call from the attack seed, the role and the chunk's first prompt, independent of the model:
 * every model under test meets the same sampling draws, which is what makes differences paired.
 */
function callSeed(seed: number, role: AttackRole, firstPromptId: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 31) + firstPromptId * 2 + (role === 'aligned' ? 0 : 1)) >>> 0;
}

/**
 * Attacks the model in `rewardModelDir`; `onPrompt` is told after each prompt of each role. Null when cancelled.
 * Where `check` knows the class of every prompt's responses (the demo), failures that keep their class are counted
 * apart as well.
 */
export async function attackModel(
  ctx: JobContext,
  tf: typeof TF,
  open: OpenGuidedDecoder,
  rewardModelDir: string,
  plan: AttackPlan,
  onPrompt: () => void,
  check?: ClassCheck,
): Promise<AttackOutcome | null> {
  const { config } = plan;
  const failures = new Map<number, Partial<Record<AttackRole, number>>>(plan.prompts.map((p) => [p.id, {}]));
  const known = check !== undefined && plan.prompts.every((p) => check.knows(p.id));
  const confirmed = new Map<number, Partial<Record<AttackRole, number>>>(plan.prompts.map((p) => [p.id, {}]));
  for (const { role, source } of plan.policies) {
    const { decoder, scorer } = await open({ tf, policy: source, rewardModelDir });
    try {
      for (let at = 0; at < plan.prompts.length; at += CHUNK) {
        if (ctx.signal.aborted) return null;
        const chunk = plan.prompts.slice(at, at + CHUNK);
        const refs = new Map<number, { rChosen: number; rRejected: number }>();
        for (const p of chunk) {
          const [rChosen = 0, rRejected = 0] = await scorer.score(p.prompt, [p.chosen, p.rejected]);
          refs.set(p.id, { rChosen, rRejected });
        }
        const params = {
          mode: config.mode,
          role,
          k: config.k,
          temperature: config.temperature,
          maxNewTokens: config.maxNewTokens,
          samplesPerPrompt: config.samples,
          seed: callSeed(config.seed, role, chunk[0]!.id),
        };
        const seen = new Map<number, number>();
        const onOutput = (out: { key: number; reward: number; response: string }) => {
          const ref = refs.get(out.key);
          if (ref === undefined) return;
          const failed = classifyOutput(role, out.reward, ref).isFailure;
          const entry = failures.get(out.key) ?? {};
          entry[role] = (entry[role] ?? 0) + (failed ? 1 : 0);
          failures.set(out.key, entry);
          if (known) {
            const kept = confirmed.get(out.key) ?? {};
            kept[role] = (kept[role] ?? 0) + (failed && check.keeps(out.key, role, out.response) ? 1 : 0);
            confirmed.set(out.key, kept);
          }
          const n = (seen.get(out.key) ?? 0) + 1;
          seen.set(out.key, n);
          if (n === config.samples) onPrompt();
        };
        try {
          await decoder.decode(
            chunk.map((p) => ({ key: p.id, prompt: p.prompt })),
            params,
            { signal: ctx.signal, onOutput },
          );
        } catch (err) {
          if (ctx.signal.aborted) return null;
          throw err;
        }
      }
    } finally {
      decoder.dispose();
    }
  }
  return {
    roles: plan.policies.map((p) => p.role),
    policies: Object.fromEntries(plan.policies.map((p) => [p.role, p.id])),
    mode: config.mode,
    seed: config.seed,
    samples: config.samples,
    failures,
    ...(known ? { confirmed } : {}),
  };
}
