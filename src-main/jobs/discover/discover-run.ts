// The discovery loop: for each role, decode the run's prompts in small batches, classify every output against the
// source pair's references, and commit a prompt's outputs with the failure pairs they made in one transaction.
import type { DecodedResponse, OpenedDecoder } from '../../engine/decode/types';
import { classifyOutput, failurePair, type ReferenceRewards } from '../../engine/failures/classify';
import { DiscoverOptions, type DiscoverConfig, type DiscoveryRun, type PolicyRole } from '../../shared/discovery-dto';
import type { Pair } from '../../shared/dto';
import type { NewDiscoveryOutput } from '../../store/discovery-types';
import type { JobContext } from '../context';
import { selectPrompts } from './select';

/** Prompts decoded per call: the decoder batches them; small enough that a cancel loses little. */
export const CHUNK = 4;

export interface DiscoveryTotals {
  promptsDone: number;
  promptsTotal: number;
  generated: number;
  failures: number;
  tokens: number;
  seconds: number;
}

/** Opens the decoder (policy of that role + the run's reward model); the loop disposes it. */
export type OpenForRole = (role: PolicyRole) => Promise<OpenedDecoder>;

export function rolesOf(config: DiscoverConfig): PolicyRole[] {
  return config.role === 'both' ? ['aligned', 'misaligned'] : [config.role];
}

/** One seed per decode call, from the run seed, the role and the batch's first pair: a resumed batch redraws alike. */
export function callSeed(seed: number, role: PolicyRole, firstPairId: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 31) + firstPairId * 2 + (role === 'aligned' ? 0 : 1)) >>> 0;
}

function provenance(run: DiscoveryRun, config: DiscoverConfig, role: PolicyRole, seed: number, out: DecodedResponse, refs: ReferenceRewards) {
  const c = classifyOutput(role, out.reward, refs);
  return {
    discoveryRunId: run.id,
    policyModelId: run.policies[role] ?? null,
    role,
    mode: config.mode,
    k: config.k,
    temperature: config.temperature,
    maxNewTokens: config.maxNewTokens,
    seed,
    sample: out.sample,
    rewardModelId: run.rewardModelId,
    reward: out.reward,
    rChosen: refs.rChosen,
    rRejected: refs.rRejected,
    failure: c.kind,
    reference: c.reference,
    referenceReward: c.referenceReward,
    gap: c.gap,
  };
}

/** Writes one prompt's outputs (and the failure pairs) atomically: the resume checkpoint is the outputs table. */
function commitPrompt(
  ctx: JobContext,
  run: DiscoveryRun,
  config: DiscoverConfig,
  role: PolicyRole,
  seed: number,
  source: Pair,
  refs: ReferenceRewards,
  outputs: readonly DecodedResponse[],
): number {
  const { db } = ctx;
  let failures = 0;
  db.transaction(() => {
    const rows: NewDiscoveryOutput[] = outputs.map((out) => {
      const c = classifyOutput(role, out.reward, refs);
      let failurePairId: number | null = null;
      if (c.isFailure) {
        failures++;
        const texts = failurePair(role, out.response, source);
        const [id] = db.pairs.insertMany([
          {
            datasetId: source.datasetId,
            prompt: source.prompt,
            promptMessages: source.promptMessages,
            ...texts,
            split: source.split,
            origin: 'discovered',
            parentId: source.id,
            modelId: run.rewardModelId,
            provenance: provenance(run, config, role, seed, out, refs),
          },
        ]);
        failurePairId = id ?? null;
        // Nothing trains on a discovered pair until a reviewer confirms it, unless the run was told to approve.
        if (config.approve === 'auto' && id !== undefined) db.pairs.setReviewStatus([id], 'approved');
      }
      return {
        runId: run.id,
        sourcePairId: source.id,
        role,
        mode: config.mode,
        sample: out.sample,
        response: out.response,
        reward: out.reward,
        rChosen: refs.rChosen,
        rRejected: refs.rRejected,
        gap: c.gap,
        isFailure: c.isFailure,
        tokens: out.tokens,
        failurePairId,
      };
    });
    db.discovery.insertOutputs(rows);
  });
  return failures;
}

/** Runs (or resumes) a discovery run; returns its totals. A cancel ends after the prompts already committed. */
export async function runDiscovery(ctx: JobContext, runId: number, openFor: OpenForRole): Promise<DiscoveryTotals> {
  const { db } = ctx;
  const stored = db.discovery.getRun(runId);
  if (stored === null) throw new Error(`no discovery run ${runId}`);
  const config = DiscoverOptions.parse(stored.config);
  const run = stored.promptIds.length > 0 ? stored : db.discovery.setRun(runId, { promptIds: selectPrompts(db, config) });
  const roles = rolesOf(config);
  const done = db.discovery.doneCounts(runId);
  const isDone = (role: PolicyRole, id: number) => (done.get(`${role}:${id}`) ?? 0) >= config.samples;
  const totals: DiscoveryTotals = {
    promptsDone: roles.reduce((n, role) => n + run.promptIds.filter((id) => isDone(role, id)).length, 0),
    promptsTotal: run.promptIds.length * roles.length,
    generated: 0,
    failures: 0,
    tokens: 0,
    seconds: 0,
  };
  const report = (force = false) =>
    ctx.progress(
      {
        done: totals.promptsDone,
        total: totals.promptsTotal,
        unit: 'prompts',
        message: `${totals.failures} failures in ${totals.generated} outputs`,
        metrics: {
          promptsDone: totals.promptsDone,
          generated: totals.generated,
          failures: totals.failures,
          tokensPerSecond: totals.seconds > 0 ? totals.tokens / totals.seconds : 0,
        },
      },
      force,
    );
  report(true);
  for (const role of roles) {
    const todo = run.promptIds.filter((id) => !isDone(role, id));
    if (todo.length === 0 || ctx.signal.aborted) continue;
    const { decoder, scorer } = await openFor(role);
    try {
      for (let at = 0; at < todo.length && !ctx.signal.aborted; at += CHUNK) {
        await decodeChunk(todo.slice(at, at + CHUNK), role);
      }
    } finally {
      decoder.dispose();
    }

    async function decodeChunk(ids: number[], r: PolicyRole): Promise<void> {
      const sources = ids.map((id) => db.pairs.get(id)).filter((p): p is Pair => p !== null);
      const refs = new Map<number, ReferenceRewards>();
      for (const s of sources) {
        const [rChosen = 0, rRejected = 0] = await scorer.score(s.prompt, [s.chosen, s.rejected]);
        refs.set(s.id, { rChosen, rRejected });
      }
      const seed = callSeed(config.seed, r, sources[0]?.id ?? 0);
      const pending = new Map<number, DecodedResponse[]>();
      const started = performance.now();
      let lastCommit = started;
      const onOutput = (out: DecodedResponse) => {
        const list = [...(pending.get(out.key) ?? []), out];
        pending.set(out.key, list);
        const source = sources.find((s) => s.id === out.key);
        if (list.length < config.samples || source === undefined) return;
        const t = performance.now();
        const seconds = (t - lastCommit) / 1000;
        lastCommit = t;
        const tokens = list.reduce((n, o) => n + o.tokens, 0);
        totals.failures += commitPrompt(ctx, run, config, r, seed, source, refs.get(source.id) ?? { rChosen: 0, rRejected: 0 }, list);
        db.discovery.setRun(runId, { addTokens: tokens, addSeconds: seconds });
        totals.generated += list.length;
        totals.tokens += tokens;
        totals.seconds += seconds;
        totals.promptsDone++;
        report();
      };
      const prompts = sources.map((s) => ({ key: s.id, prompt: s.prompt }));
      const params = { mode: config.mode, role: r, k: config.k, temperature: config.temperature, maxNewTokens: config.maxNewTokens, samplesPerPrompt: config.samples, seed };
      try {
        await decoder.decode(prompts, params, { signal: ctx.signal, onOutput });
      } catch (err) {
        // A cancel rejects the call mid-batch: what was committed stays, the rest is decoded on resume.
        if (!ctx.signal.aborted) throw err;
      }
    }
  }
  report(true);
  return totals;
}
