// A REFORM round that crashes after each phase (a throwing phase hook, or a decoder that fails mid-discovery) and is
// run again: the round ends as an uninterrupted one does, and nothing is decoded, set aside, added or trained twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../../src-main/jobs/context';
import { openGuidedDecoder } from '../../../../src-main/jobs/policy/open-decoder';
import { classCheckFor } from '../../../../src-main/curation/failures/class-check';
import { measureAttack } from '../../../../src-main/jobs/reform/attack';
import { reformJobRunner, type PhaseHook } from '../../../../src-main/jobs/reform/reform-job';
import { discoveryConfig } from '../../../../src-main/jobs/reform/reform-round';
import { chooseBackend, preferredFromEnv } from '../../../../src-main/engine/backend';
import type { OpenGuidedDecoder } from '../../../../src-main/engine/decode/types';
import { ReformOptions, type ReformRound } from '../../../../src-main/shared/reform-dto';
import { openProject } from '../../../../src-main/store/project';
import type { ProjectDb } from '../../../../src-main/store/types';
import { makeStudio, type TestStudio } from '../../../support/studio';
import { reformProject } from './policies';

let t: TestStudio;
let db: ProjectDb;
let baseModelId: number;
let policies: Record<string, number>;
let reference: { round: ReformRound; outputs: string[] };

const CONFIG = ReformOptions.parse({ prompts: 6, maxNewTokens: 8, samples: 1, k: 3, seed: 2, epochs: 1, rounds: 1, budget: 3, approve: 'auto' });

/** Runs a fresh run's job in this process; `hook` may throw to simulate the crash. */
async function runJob(runId: number, jobId: string, hook?: PhaseHook, open: OpenGuidedDecoder = openGuidedDecoder) {
  if (db.jobs.get(jobId) === null) db.jobs.create({ id: jobId, kind: 'reform', params: { runId } });
  const ctx = createJobContext({ db, jobId, params: { runId }, signal: new AbortController().signal, send: () => undefined });
  return reformJobRunner(open, hook)(ctx);
}

function newRun(name: string): number {
  return db.reform.createRun({ name, config: CONFIG, baseModelId, policies }).id;
}

/** What the round decoded, in a comparable form: every output once, by role and source pair. */
function outputsOf(round: ReformRound): string[] {
  return db.discovery
    .outputs(round.discoveryRunId)
    .map((o) => `${o.role}:${o.sourcePairId}:${o.sample}:${o.response}:${o.isFailure}`)
    .sort();
}

beforeAll(async () => {
  t = makeStudio();
  const made = await reformProject(t, 'resume');
  baseModelId = made.baseModelId;
  await t.studio.close();
  db = openProject(made.path, { create: false });
  policies = Object.fromEntries(db.models.list({ kind: 'policy' }).map((m) => [String(m.config.role), m.id]));
  const runId = newRun('reference');
  await runJob(runId, 'reference');
  const [round] = db.reform.rounds(runId);
  if (round === undefined) throw new Error('no reference round');
  reference = { round, outputs: outputsOf(round) };
}, 600_000);

afterAll(async () => {
  db?.close();
  await t?.dispose();
});

describe('REFORM round resume', () => {
  it('the reference round measures the source model as its discovery saw it (same prompts, policies, seeds)', async () => {
    const { round } = reference;
    expect(round.phase).toBe('done');
    expect(Object.values(round.found ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(CONFIG.budget);
    const { tf } = await chooseBackend(preferredFromEnv(process.env));
    const base = db.models.get(baseModelId);
    const dir = `${db.info.artifactsDir}/${base?.artifactPath}`;
    const openFor = (role: 'aligned' | 'misaligned') =>
      openGuidedDecoder({ tf, policy: { kind: 'local', dir: `${db.info.artifactsDir}/policies/${role}` }, rewardModelDir: dir });
    const ctx = createJobContext({ db, jobId: 'reference', params: {}, signal: new AbortController().signal, send: () => undefined });
    const run = db.reform.getRun(round.runId);
    if (run === null) throw new Error('no run');
    const promptIds = db.discovery.getRun(round.discoveryRunId)?.promptIds ?? [];
    const again = await measureAttack(ctx, openFor, promptIds, discoveryConfig(run, 1, baseModelId), ['aligned', 'misaligned'], '', classCheckFor(db));
    // Every failure and, the project being the demo, the rule-confirmed ones alike.
    expect(round.attackBefore?.confirmed).toBeDefined();
    expect(again).toEqual(round.attackBefore);
  }, 120_000);

  const phases = ['discovering', 'discovered', 'added', 'training', 'trained'] as const;
  it.each(phases)('crashed after %s, the resumed round equals the uninterrupted one', async (phase) => {
    const runId = newRun(`crash-${phase}`);
    const crash: PhaseHook = (p) => {
      if (p === phase) throw new Error(`crash after ${phase}`);
    };
    await expect(runJob(runId, `crash-${phase}`, crash)).rejects.toThrow(`crash after ${phase}`);
    expect(db.reform.getRun(runId)?.status).toBe('failed');
    expect(db.reform.rounds(runId)[0]?.phase).toBe(phase === 'trained' ? 'training' : phase);
    await runJob(runId, `crash-${phase}`);
    expectLikeReference(runId);
  }, 300_000);

  it('crashed mid-discovery (after the aligned role committed), resumes without decoding a prompt twice', async () => {
    const runId = newRun('crash-decoding');
    let opened = 0;
    const failing: OpenGuidedDecoder = async (o) => {
      if (++opened === 2) throw new Error('decoder died');
      return openGuidedDecoder(o);
    };
    await expect(runJob(runId, 'crash-decoding', undefined, failing)).rejects.toThrow('decoder died');
    const [round] = db.reform.rounds(runId);
    expect(round?.phase).toBe('discovering');
    expect(db.discovery.outputs(round?.discoveryRunId ?? 0).every((o) => o.role === 'aligned')).toBe(true);
    await runJob(runId, 'crash-decoding');
    expectLikeReference(runId);
  }, 300_000);
});

function expectLikeReference(runId: number): void {
  const rounds = db.reform.rounds(runId);
  expect(rounds).toHaveLength(1);
  const [round] = rounds as [ReformRound];
  expect(db.reform.getRun(runId)).toMatchObject({ status: 'done', roundsDone: 1 });
  expect(round.phase).toBe('done');
  // The same outputs, each once; the same failures found, kept and added; one model for the round.
  expect(outputsOf(round)).toEqual(reference.outputs);
  expect(round.found).toEqual(reference.round.found);
  expect(round.setAside).toBe(reference.round.setAside);
  expect(round.added).toEqual(reference.round.added);
  expect(round.attackBefore).toEqual(reference.round.attackBefore);
  const failures = db.discovery.failures({ runId: round.discoveryRunId }, 0, 1000).rows;
  expect(failures.filter((f) => f.reviewStatus === 'approved').map((f) => f.pairId).sort()).toEqual([...(round.candidates ?? [])].sort());
  expect(failures.filter((f) => f.reviewStatus === 'excluded')).toHaveLength(round.setAside ?? -1);
  const models = db.models.list({ kind: 'reward' }).filter((m) => m.config['reformRunId'] === runId);
  expect(models.map((m) => [m.id, m.status])).toEqual([[round.modelId, 'ready']]);
  const logs = db.reviewLog.list({ limit: 1000 }).filter((e) => (e.payload as { runId?: number } | null)?.runId === runId);
  expect(logs.map((e) => e.action).sort()).toEqual(['reform.auto-approve', 'reform.over-budget']);
}
