// Attack success rate: the share of attacked prompts on which the policy found at least one failure of the reward
// model, measured from a discovery run's outputs (the model it attacked) or by decoding again against another model.
import type { ClassCheck } from '../../curation/failures/class-check';
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
function shares(promptIds: readonly number[], roles: readonly PolicyRole[], failed: ReadonlySet<string>): Omit<AttackRate, 'confirmed'> {
  const byRole: Record<string, ShareEstimate> = {};
  for (const role of roles) byRole[role] = share(promptIds.filter((id) => failed.has(`${role}:${id}`)).length, promptIds.length);
  const any = promptIds.filter((id) => roles.some((role) => failed.has(`${role}:${id}`))).length;
  return { overall: share(any, promptIds.length), byRole };
}

/** Failing outputs as `role:prompt` keys, every one and those the class check confirmed. */
class FailureTally {
  private readonly failed = new Set<string>();
  private readonly confirmed = new Set<string>();

  constructor(private readonly check?: ClassCheck) {}

  add(role: PolicyRole, sourcePairId: number, response: string): void {
    const key = `${role}:${sourcePairId}`;
    this.failed.add(key);
    if (this.check?.knows(sourcePairId) === true && this.check.keeps(sourcePairId, role, response)) this.confirmed.add(key);
  }

  /** The confirmed shares only where the check knows the class for every attacked prompt: no mixed counts. */
  rate(promptIds: readonly number[], roles: readonly PolicyRole[]): AttackRate {
    const all = shares(promptIds, roles, this.failed);
    const check = this.check;
    const known = check !== undefined && promptIds.length > 0 && promptIds.every((id) => check.knows(id));
    return known ? { ...all, confirmed: shares(promptIds, roles, this.confirmed) } : all;
  }
}

/** The rate of the model a discovery run attacked, from the outputs it stored. */
export function attackFromOutputs(
  outputs: readonly DiscoveryOutput[],
  promptIds: readonly number[],
  roles: readonly PolicyRole[],
  check?: ClassCheck,
): AttackRate {
  const tally = new FailureTally(check);
  for (const o of outputs) if (o.isFailure) tally.add(o.role, o.sourcePairId, o.response);
  return tally.rate(promptIds, roles);
}

/**
 * Decodes the same prompts with the same policies, parameters and per-call seeds as the discovery loop (chunks of
 * `CHUNK` in prompt order) against the model `openFor` loads, and classifies every output against that model's
 * scores of the references. Nothing is written: this is a measurement. With a class check the rate also counts the
 * confirmed failures apart.
 */
export async function measureAttack(
  ctx: JobContext,
  openFor: OpenForRole,
  promptIds: readonly number[],
  config: DiscoverConfig,
  roles: readonly PolicyRole[],
  label: string,
  check?: ClassCheck,
): Promise<AttackRate> {
  const tally = new FailureTally(check);
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
          if (classifyOutput(role, out.reward, ref).isFailure) tally.add(role, out.key, out.response);
        }
        done += sources.length;
        ctx.progress({ done, total, unit: 'prompts', message: `${label}attacking the retrained model (${done} of ${total})` });
      }
    } finally {
      decoder.dispose();
    }
  }
  return tally.rate(promptIds, roles);
}
