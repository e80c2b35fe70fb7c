// Job (child process, kind `decode`): runs or resumes a discovery run with the run's policies and reward model.
// The decoder factory is passed in (the engine's openGuidedDecoder in the app), so the job owns only the wiring:
// models → sources, the backend, the run's status.
import { jobParams } from '../../shared/job-params';
import { join } from 'node:path';
import type { OpenGuidedDecoder, PolicySource } from '../../engine/decode/types';
import { endpointKey } from '../../llm/endpoint-key';
import type { SecretStore } from '../../llm/secret-store';
import type { PolicyRole } from '../../shared/discovery-dto';
import type { ModelRecord, ProjectDb } from '../../store/types';
import type { JobRunner } from '../context';
import { runDiscovery } from './discover-run';

function modelOf(db: ProjectDb, id: number | null | undefined, what: string): ModelRecord {
  const m = id === null || id === undefined ? null : db.models.get(id);
  if (m === null) throw new Error(`the ${what} of this discovery run (model ${String(id)}) no longer exists`);
  return m;
}

/** A policy model is a local HF folder, or (config.endpoint) an OpenAI-compatible completions server. */
export function policySource(db: ProjectDb, model: ModelRecord, secrets: SecretStore): PolicySource {
  const endpoint = model.config.endpoint;
  if (typeof endpoint === 'object' && endpoint !== null) {
    const e = endpoint as Record<string, unknown>;
    const baseUrl = String(e.baseUrl);
    // policy.setEndpoint keeps the key in the user's secret store (the host hands it to the job); the project holds
    // only its reference.
    const apiKey = typeof e.keyRef === 'string' ? endpointKey(secrets, e.keyRef, baseUrl) : e.apiKey;
    return {
      kind: 'endpoint',
      baseUrl,
      model: String(e.model),
      ...(typeof apiKey === 'string' ? { apiKey } : {}),
      topLogprobs: typeof e.topLogprobs === 'number' ? e.topLogprobs : 5,
    };
  }
  if (model.artifactPath === null) throw new Error(`policy model ${model.id} (${model.name}) has no saved weights`);
  return { kind: 'local', dir: join(db.info.artifactsDir, model.artifactPath) };
}

export function discoverJobRunner(open: OpenGuidedDecoder): JobRunner<'decode'> {
  return async (ctx) => {
    const { db } = ctx;
    const { runId } = jobParams('decode', ctx.params);
    const run = db.discovery.getRun(runId);
    if (run === null) throw new Error(`no discovery run ${runId}`);
    db.discovery.setRun(runId, { status: 'running', jobId: ctx.jobId });
    try {
      const rm = modelOf(db, run.rewardModelId, 'reward model');
      if (rm.artifactPath === null) throw new Error(`reward model ${rm.id} (${rm.name}) has no saved weights`);
      const rewardModelDir = join(db.info.artifactsDir, rm.artifactPath);
      const { tf } = await ctx.backend();
      const openFor = (role: PolicyRole) =>
        open({ tf, policy: policySource(db, modelOf(db, run.policies[role], `${role} policy`), ctx.secrets), rewardModelDir });
      const totals = await runDiscovery(ctx, runId, openFor);
      db.discovery.setRun(runId, { status: ctx.signal.aborted ? 'cancelled' : 'done' });
      return { runId, ...totals };
    } catch (err) {
      db.discovery.setRun(runId, { status: 'failed' });
      throw err;
    }
  };
}
