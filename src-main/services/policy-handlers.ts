// Handlers of the policy-model methods: start a policy-train job, register a completions endpoint as a policy (its
// key in the user's secret store), list and remove policies.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { storeEndpointKey } from '../llm/endpoint-key';
import type { SecretStore } from '../llm/secret-store';
import { PolicyRole } from '../shared/discovery-dto';
import { ErrorCode, StudioError } from '../shared/errors';
import { PolicyMetrics, type PolicySummary } from '../shared/policy-dto';
import type { ModelRecord, ProjectDb } from '../store/types';
import type { HandlerTable } from './handler-types';

type PolicyMethods = 'policy.train' | 'policy.list' | 'policy.setEndpoint' | 'policy.remove';

/** A removed policy keeps its row (discovery runs name it) but is listed and picked no more. */
const REMOVED = 'removed';

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** An endpoint policy's `config.endpoint` (base URL, model, top-k, key reference); null for a local policy. */
function endpointOf(m: ModelRecord): Record<string, unknown> | null {
  const e = m.config.endpoint;
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : null;
}

export function policySummary(m: ModelRecord): PolicySummary {
  const c = m.config;
  const e = endpointOf(m);
  const role = PolicyRole.safeParse(c.role);
  const metrics = PolicyMetrics.safeParse(m.metrics?.policy);
  const initFrom = text(c.initFrom);
  return {
    id: m.id,
    name: m.name,
    role: role.success ? role.data : null,
    source: e ? 'endpoint' : initFrom ? 'fine-tuned' : 'trained',
    status: m.status,
    preset: m.preset,
    createdAt: m.createdAt,
    steps: typeof c.steps === 'number' ? c.steps : null,
    initFrom,
    endpoint: e
      ? {
          baseUrl: String(e.baseUrl),
          model: String(e.model),
          topLogprobs: typeof e.topLogprobs === 'number' ? e.topLogprobs : 5,
          hasApiKey: typeof e.keyRef === 'string',
        }
      : null,
    metrics: metrics.success ? metrics.data : null,
  };
}

function policyRecord(db: ProjectDb, id: number): ModelRecord {
  const m = db.models.get(id);
  if (m === null || m.kind !== 'policy' || m.status === REMOVED) throw new StudioError(ErrorCode.NotFound, `no policy model ${id}`, { field: 'id' });
  return m;
}

const stamp = (): string => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** The handlers, over the studio's secret store (safeStorage in the desktop app, a 0600 file in Node) unless one is given. */
export function policyHandlers(store?: () => SecretStore): Pick<HandlerTable, PolicyMethods> {
  const secrets = (ctx: { deps: { secrets: SecretStore } }): SecretStore => store?.() ?? ctx.deps.secrets;
  return {
    'policy.train': async (p, ctx) => {
      const db = ctx.project();
      if (p.initFrom && !(await stat(p.initFrom).catch(() => null))?.isDirectory()) {
        throw new StudioError(ErrorCode.FileNotFound, `no model folder at ${p.initFrom}`, { path: p.initFrom, field: 'initFrom' });
      }
      const preset = p.initFrom ? null : p.preset;
      const config = {
        role: p.role,
        steps: p.steps,
        seed: p.seed,
        // Which vocabulary the policy speaks: its own folder's, or one built from this project's training texts.
        tokenizer: p.initFrom ? 'init-from' : 'project',
        ...(preset ? { preset } : {}),
        ...(p.initFrom ? { initFrom: p.initFrom } : {}),
      };
      const name = p.name ?? `${p.role}-${preset ?? 'init'}-${stamp()}`;
      const model = db.models.create({ name, kind: 'policy', preset, config, status: 'queued' });
      const artifactPath = join('models', String(model.id));
      db.models.setStatus(model.id, 'queued', artifactPath);
      return ctx.jobs().start('policy-train', { ...p, modelId: model.id, modelDir: join(db.info.artifactsDir, artifactPath) });
    },

    'policy.list': (_p, ctx) =>
      ctx
        .project()
        .models.list({ kind: 'policy' })
        .filter((m) => m.status !== REMOVED)
        .map(policySummary),

    'policy.setEndpoint': (p, ctx) => {
      const db = ctx.project();
      const keyRef = p.apiKey === undefined ? undefined : storeEndpointKey(secrets(ctx), p.baseUrl, p.apiKey);
      const endpoint = { baseUrl: p.baseUrl, model: p.model, topLogprobs: p.topLogprobs, ...(keyRef ? { keyRef } : {}) };
      const name = p.name ?? `${p.role}-${p.model}`;
      return policySummary(db.models.create({ name, kind: 'policy', config: { role: p.role, endpoint }, status: 'ready' }));
    },

    'policy.remove': (p, ctx) => {
      const db = ctx.project();
      const m = policyRecord(db, p.id);
      // A job still writing the model would mark it ready again: it has to stop first.
      if (m.status === 'queued' || m.status === 'training') {
        throw new StudioError(ErrorCode.InvalidRequest, `policy ${m.id} (${m.name}) is ${m.status}: cancel its job first`, { field: 'id' });
      }
      const keyRef = text(endpointOf(m)?.keyRef);
      if (keyRef !== null) secrets(ctx).delete(keyRef);
      return policySummary(db.models.setStatus(m.id, REMOVED));
    },
  };
}
