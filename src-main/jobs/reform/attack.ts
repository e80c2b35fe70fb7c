// Attack success rate: the share of attacked prompts on which the policy found at least one failure of the reward
// model, measured from a discovery run's outputs (the model it attacked) or by decoding again against another model.
import { classifyOutput } from '../../engine/failures/classify';
import type { DiscoverConfig, PolicyRole } from '../../shared/discovery-dto';
import type { AttackRate, ShareEstimate } from '../../shared/reform-dto';
import type { DiscoveryOutput } from '../../store/discovery-types';
import type { JobContext } from '../context';
import { callSeed, CHUNK, type OpenForRole } from '../discover/discover-run';

/** A share with its binomial standard error. */
export function share(hits: number, n: number): ShareEstimate {
  const value = n === 0 ? 0 : hits / n;
  return { value, se: n === 0 ? 0 : Math.sqrt((value * (1 - value)) / n), n };
}

/** A prompt counts as attacked successfully when any of its outputs, of any role, is a failure. */
export function attackRate(promptIds: readonly number[], roles: readonly PolicyRole[], failed: ReadonlySet<string>): AttackRate {
  const byRole: Record<string, ShareEstimate> = {};
  for (const role of roles) byRole[role] = share(promptIds.filter((id) => failed.has(`${role}:${id}`)).length, promptIds.length);
  const any = promptIds.filter((id) => roles.some((role) => failed.has(`${role}:${id}`))).length;
  return { overall: share(any, promptIds.length), byRole };
}

/** The rate of the model a discovery run attacked, from the outputs it stored. */
export function attackFromOutputs(outputs: readonly DiscoveryOutput[], promptIds: readonly number[], roles: readonly PolicyRole[]): AttackRate {
  const failed = new Set(outputs.filter((o) => o.isFailure).map((o) => `${o.role}:${o.sourcePairId}`));
  return attackRate(promptIds, roles, failed);
}

/**
 * Decodes the same prompts with the same policies, parameters and per-call seeds as the discovery loop (chunks of
 * `CHUNK` in prompt order) against the model `openFor` loads, and classifies every output against that model's
 * scores of the references. Nothing is written: this is a measurement.
 */
export async function measureAttack(
  ctx: JobContext,
  openFor: OpenForRole,
  promptIds: readonly number[],
  config: DiscoverConfig,
  roles: readonly PolicyRole[],
  label: string,
): Promise<AttackRate> {
  const failed = new Set<string>();
  const total = promptIds.length * roles.length;
  let done = 0;
  for (const role of roles) {
    const { decoder, scorer } = await openFor(role);
    try {
      for (let at = 0; at < promptIds.length; at += CHUNK) {
        ctx.signal.throwIfAborted();
        const sources = promptIds
          .slice(at, at + CHUNK)
          .map((id) => ctx.db.pairs.get(id))
          .filter((p) => p !== null);
        const refs = new Map<number, { rChosen: number; rRejected: number }>();
        for (const s of sources) {
          const [rChosen = 0, rRejected = 0] = await scorer.score(s.prompt, [s.chosen, s.rejected]);
          refs.set(s.id, { rChosen, rRejected });
        }
        const seed = callSeed(config.seed, role, sources[0]?.id ?? 0);
        const params = { mode: config.mode, role, k: config.k, temperature: config.temperature, maxNewTokens: config.maxNewTokens, samplesPerPrompt: config.samples, seed };
        const outputs = await decoder.decode(
          sources.map((s) => ({ key: s.id, prompt: s.prompt })),
          params,
          { signal: ctx.signal },
        );
        for (const out of outputs) {
          const ref = refs.get(out.key) ?? { rChosen: 0, rRejected: 0 };
          if (classifyOutput(role, out.reward, ref).isFailure) failed.add(`${role}:${out.key}`);
        }
        done += sources.length;
        ctx.progress({ done, total, unit: 'prompts', message: `${label}attacking the retrained model (${done} of ${total})` });
      }
    } finally {
      decoder.dispose();
    }
  }
  return attackRate(promptIds, roles, failed);
}
